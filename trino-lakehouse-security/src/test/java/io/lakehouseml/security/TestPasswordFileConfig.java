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
package io.lakehouseml.security;

import com.google.common.collect.ImmutableMap;
import io.airlift.units.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static io.airlift.configuration.testing.ConfigAssertions.assertFullMapping;
import static io.airlift.configuration.testing.ConfigAssertions.assertRecordedDefaults;
import static io.airlift.configuration.testing.ConfigAssertions.recordDefaults;
import static java.util.concurrent.TimeUnit.MINUTES;
import static java.util.concurrent.TimeUnit.SECONDS;

final class TestPasswordFileConfig
{
    @Test
    void testDefaults()
    {
        assertRecordedDefaults(recordDefaults(PasswordFileConfig.class)
                .setPasswordFile(null)
                .setRefreshPeriod(new Duration(5, SECONDS))
                .setAuthTokenCacheMaxSize(1000));
    }

    @Test
    void testExplicitPropertyMappings(@TempDir Path directory)
            throws IOException
    {
        // the file must exist
        Path passwordFile = Files.createFile(directory.resolve("password.db"));
        Map<String, String> properties = ImmutableMap.<String, String>builder()
                .put("file.password-file", passwordFile.toString())
                .put("file.refresh-period", "1m")
                .put("file.auth-token-cache.max-size", "10")
                .buildOrThrow();

        PasswordFileConfig expected = new PasswordFileConfig()
                .setPasswordFile(passwordFile.toFile())
                .setRefreshPeriod(new Duration(1, MINUTES))
                .setAuthTokenCacheMaxSize(10);

        assertFullMapping(properties, expected);
    }
}
