/*
 * Licensed under the Apache License, Version 2.0 (the "License");
 * you may not use this file except in compliance with the License.
 * You may obtain a copy of the License at
 *
 *     http://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing, software
 * distributed under the License is distributed on an "AS IS" BASIS,
 * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
 * See the License for the specific language governing permissions and
 * limitations under the License.
 */
package io.lakehouseml.feature.lineage;

import com.google.common.collect.ImmutableMap;
import io.airlift.units.Duration;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.airlift.configuration.testing.ConfigAssertions.assertFullMapping;
import static io.airlift.configuration.testing.ConfigAssertions.assertRecordedDefaults;
import static io.airlift.configuration.testing.ConfigAssertions.recordDefaults;
import static java.util.concurrent.TimeUnit.MINUTES;
import static java.util.concurrent.TimeUnit.SECONDS;

final class TestLineageConfig
{
    @Test
    void testDefaults()
    {
        assertRecordedDefaults(recordDefaults(LineageConfig.class)
                .setSpoolDirectory(null)
                .setCommitInterval(new Duration(10, SECONDS))
                .setTable("lineage.query_runs")
                .setIcebergCatalogs("iceberg")
                .setMaxQueryLength(65_536)
                .setOpenLineageNamespace("trino://lakehouse"));
    }

    @Test
    void testExplicitPropertyMappings()
    {
        Map<String, String> properties = ImmutableMap.<String, String>builder()
                .put("lineage.spool-directory", "/var/lib/trino/lineage")
                .put("lineage.commit-interval", "1m")
                .put("lineage.table", "audit.runs")
                .put("lineage.iceberg-catalogs", "iceberg, lake")
                .put("lineage.max-query-length", "1000")
                .put("lineage.openlineage-namespace", "trino://coordinator:8080")
                .buildOrThrow();

        LineageConfig expected = new LineageConfig()
                .setSpoolDirectory("/var/lib/trino/lineage")
                .setCommitInterval(new Duration(1, MINUTES))
                .setTable("audit.runs")
                .setIcebergCatalogs("iceberg,lake")
                .setMaxQueryLength(1000)
                .setOpenLineageNamespace("trino://coordinator:8080");

        assertFullMapping(properties, expected);
    }
}
