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
package io.lakehouseml.feature.security;

import com.google.common.collect.ImmutableMap;
import io.airlift.units.Duration;
import io.lakehouseml.feature.security.FeatureStoreSecurityConfig.SecurityMode;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;

import static io.airlift.configuration.testing.ConfigAssertions.assertFullMapping;
import static io.airlift.configuration.testing.ConfigAssertions.assertRecordedDefaults;
import static io.airlift.configuration.testing.ConfigAssertions.recordDefaults;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

final class TestFeatureStoreSecurityConfig
{
    @Test
    void testDefaults()
    {
        assertRecordedDefaults(recordDefaults(FeatureStoreSecurityConfig.class)
                .setMode(SecurityMode.ENGINE)
                .setConfigFile(null)
                .setRefreshPeriod(null));
    }

    @Test
    void testExplicitPropertyMappings()
    {
        Map<String, String> properties = ImmutableMap.<String, String>builder()
                .put("feature-store.security", "FILE")
                .put("feature-store.security.config-file", "/etc/trino/rules.json")
                .put("feature-store.security.refresh-period", "10s")
                .buildOrThrow();

        FeatureStoreSecurityConfig expected = new FeatureStoreSecurityConfig()
                .setMode(SecurityMode.FILE)
                .setConfigFile(Path.of("/etc/trino/rules.json").toFile())
                .setRefreshPeriod(new Duration(10, SECONDS));

        assertFullMapping(properties, expected);
    }

    @Test
    void testRulesFileGoesWithFileMode()
    {
        assertThat(new FeatureStoreSecurityConfig().isConfigFileGivenForFileMode()).isTrue();
        assertThat(new FeatureStoreSecurityConfig().setMode(SecurityMode.FILE).isConfigFileGivenForFileMode()).isFalse();
        assertThat(new FeatureStoreSecurityConfig().setMode(SecurityMode.ALLOW_ALL).setConfigFile(Path.of("rules.json").toFile()).isConfigFileGivenForFileMode()).isFalse();
        assertThat(new FeatureStoreSecurityConfig().setMode(SecurityMode.FILE).setConfigFile(Path.of("rules.json").toFile()).isConfigFileGivenForFileMode()).isTrue();
    }
}
