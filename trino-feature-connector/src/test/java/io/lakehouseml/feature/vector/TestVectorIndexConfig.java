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
package io.lakehouseml.feature.vector;

import com.google.common.collect.ImmutableMap;
import io.airlift.units.DataSize;
import io.airlift.units.Duration;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;

import static io.airlift.configuration.testing.ConfigAssertions.assertFullMapping;
import static io.airlift.configuration.testing.ConfigAssertions.assertRecordedDefaults;
import static io.airlift.configuration.testing.ConfigAssertions.recordDefaults;
import static io.airlift.units.DataSize.Unit.GIGABYTE;
import static io.airlift.units.DataSize.Unit.MEGABYTE;
import static java.util.concurrent.TimeUnit.MINUTES;
import static java.util.concurrent.TimeUnit.SECONDS;

final class TestVectorIndexConfig
{
    @Test
    void testDefaults()
    {
        assertRecordedDefaults(recordDefaults(VectorIndexConfig.class)
                .setCacheSize(DataSize.of(4, GIGABYTE))
                .setCacheDirectory(Path.of(System.getProperty("java.io.tmpdir"), "feature-store-vector-index"))
                .setBuildThreads(Runtime.getRuntime().availableProcessors())
                .setCleanupInterval(new Duration(5, MINUTES)));
    }

    @Test
    void testExplicitPropertyMappings()
    {
        Map<String, String> properties = ImmutableMap.<String, String>builder()
                .put("feature-store.vector-index.cache-size", "512MB")
                .put("feature-store.vector-index.cache-directory", "/var/cache/vector-index")
                .put("feature-store.vector-index.build-threads", "3")
                .put("feature-store.vector-index.cleanup-interval", "30s")
                .buildOrThrow();

        VectorIndexConfig expected = new VectorIndexConfig()
                .setCacheSize(DataSize.of(512, MEGABYTE))
                .setCacheDirectory(Path.of("/var/cache/vector-index"))
                .setBuildThreads(3)
                .setCleanupInterval(new Duration(30, SECONDS));

        assertFullMapping(properties, expected);
    }
}
