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

import io.airlift.configuration.Config;
import io.airlift.configuration.ConfigDescription;
import io.airlift.units.Duration;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotNull;

import java.io.File;
import java.util.Optional;

/**
 * How the connector authorizes what it reads and changes in the source catalog by itself, outside
 * the engine's own checks: its reads of data files, and the tables its procedures look at and write.
 */
public class FeatureStoreSecurityConfig
{
    public enum SecurityMode
    {
        /**
         * The server has no access control: every user may read every table.
         */
        ALLOW_ALL,
        /**
         * The server runs Trino's file-based access control: the connector evaluates the same rules file.
         */
        FILE,
        /**
         * The server's access control cannot be evaluated here (OPA, Ranger, any other): the
         * connector reads no data files itself, only the engine reads data.
         */
        ENGINE,
    }

    private SecurityMode mode = SecurityMode.ENGINE;
    private File configFile;
    private Duration refreshPeriod;

    @NotNull
    public SecurityMode getMode()
    {
        return mode;
    }

    @Config("feature-store.security")
    @ConfigDescription("How the connector authorizes its own reads of the source catalog: ALLOW_ALL, FILE or ENGINE (the connector reads no data files itself)")
    public FeatureStoreSecurityConfig setMode(SecurityMode mode)
    {
        this.mode = mode;
        return this;
    }

    public Optional<File> getConfigFile()
    {
        return Optional.ofNullable(configFile);
    }

    @Config("feature-store.security.config-file")
    @ConfigDescription("The rules file of the server's file-based access control (security.config-file), for feature-store.security=FILE")
    public FeatureStoreSecurityConfig setConfigFile(File configFile)
    {
        this.configFile = configFile;
        return this;
    }

    public Optional<Duration> getRefreshPeriod()
    {
        return Optional.ofNullable(refreshPeriod);
    }

    @Config("feature-store.security.refresh-period")
    @ConfigDescription("How often the rules file is read again (security.refresh-period of the server)")
    public FeatureStoreSecurityConfig setRefreshPeriod(Duration refreshPeriod)
    {
        this.refreshPeriod = refreshPeriod;
        return this;
    }

    @AssertTrue(message = "feature-store.security.config-file is required when feature-store.security=FILE, and allowed only then")
    public boolean isConfigFileGivenForFileMode()
    {
        return (mode == SecurityMode.FILE) == (configFile != null);
    }
}
