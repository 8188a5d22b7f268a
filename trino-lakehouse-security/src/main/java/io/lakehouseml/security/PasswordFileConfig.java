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

import io.airlift.configuration.Config;
import io.airlift.configuration.ConfigDescription;
import io.airlift.configuration.validation.FileExists;
import io.airlift.units.Duration;
import io.airlift.units.MinDuration;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import java.io.File;

import static java.util.concurrent.TimeUnit.SECONDS;

public class PasswordFileConfig
{
    private File passwordFile;
    private Duration refreshPeriod = new Duration(5, SECONDS);
    private int authTokenCacheMaxSize = 1000;

    @NotNull
    @FileExists
    public File getPasswordFile()
    {
        return passwordFile;
    }

    @Config("file.password-file")
    @ConfigDescription("Path of the password file: one user:hash line per user, the hash bcrypt or PBKDF2")
    public PasswordFileConfig setPasswordFile(File passwordFile)
    {
        this.passwordFile = passwordFile;
        return this;
    }

    @NotNull
    @MinDuration("1ms")
    public Duration getRefreshPeriod()
    {
        return refreshPeriod;
    }

    @Config("file.refresh-period")
    @ConfigDescription("How long a read of the password file is used before the file is checked for changes")
    public PasswordFileConfig setRefreshPeriod(Duration refreshPeriod)
    {
        this.refreshPeriod = refreshPeriod;
        return this;
    }

    @Min(0)
    public int getAuthTokenCacheMaxSize()
    {
        return authTokenCacheMaxSize;
    }

    @Config("file.auth-token-cache.max-size")
    @ConfigDescription("Maximum number of successful password verifications remembered until the file changes")
    public PasswordFileConfig setAuthTokenCacheMaxSize(int authTokenCacheMaxSize)
    {
        this.authTokenCacheMaxSize = authTokenCacheMaxSize;
        return this;
    }
}
