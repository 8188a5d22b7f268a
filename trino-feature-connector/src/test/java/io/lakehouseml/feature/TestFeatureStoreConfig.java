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
package io.lakehouseml.feature;

import com.google.common.collect.ImmutableMap;
import io.airlift.units.DataSize;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.airlift.configuration.testing.ConfigAssertions.assertFullMapping;
import static io.airlift.configuration.testing.ConfigAssertions.assertRecordedDefaults;
import static io.airlift.configuration.testing.ConfigAssertions.recordDefaults;
import static io.airlift.units.DataSize.Unit.GIGABYTE;

final class TestFeatureStoreConfig
{
    @Test
    void testDefaults()
    {
        assertRecordedDefaults(recordDefaults(FeatureStoreConfig.class)
                .setRegistryNamespace("feature_store")
                .setSourceCatalog("iceberg")
                .setLineageTable(null)
                .setLineageSpoolDirectory(null)
                .setOpenLineageNamespace("trino://lakehouse")
                .setPointInTimeMaxMemoryPerNode(DataSize.ofBytes(Runtime.getRuntime().maxMemory() / 4).succinct()));
    }

    @Test
    void testExplicitPropertyMappings()
    {
        Map<String, String> properties = ImmutableMap.<String, String>builder()
                .put("feature-store.registry-namespace", "ml_registry")
                .put("feature-store.source-catalog", "lakehouse")
                .put("feature-store.lineage-table", "audit.runs")
                .put("feature-store.lineage-spool-directory", "/var/lakehouse/lineage-spool")
                .put("feature-store.openlineage-namespace", "trino://prod")
                .put("feature-store.point-in-time.max-memory-per-node", "3GB")
                .buildOrThrow();

        FeatureStoreConfig expected = new FeatureStoreConfig()
                .setRegistryNamespace("ml_registry")
                .setSourceCatalog("lakehouse")
                .setLineageTable("audit.runs")
                .setLineageSpoolDirectory("/var/lakehouse/lineage-spool")
                .setOpenLineageNamespace("trino://prod")
                .setPointInTimeMaxMemoryPerNode(DataSize.of(3, GIGABYTE));

        assertFullMapping(properties, expected);
    }
}
