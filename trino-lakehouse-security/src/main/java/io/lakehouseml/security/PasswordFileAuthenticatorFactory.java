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

import com.google.inject.Injector;
import io.airlift.bootstrap.Bootstrap;
import io.trino.spi.classloader.ThreadContextClassLoader;
import io.trino.spi.security.PasswordAuthenticator;
import io.trino.spi.security.PasswordAuthenticatorFactory;

import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * The {@code file} password authenticator: the name and the properties of Trino's own, so an
 * {@code etc/password-authenticator.properties} written for Trino works unchanged.
 */
public class PasswordFileAuthenticatorFactory
        implements PasswordAuthenticatorFactory
{
    public static final String AUTHENTICATOR_NAME = "file";

    @Override
    public String getName()
    {
        return AUTHENTICATOR_NAME;
    }

    @Override
    public PasswordAuthenticator create(Map<String, String> config)
    {
        requireNonNull(config, "config is null");

        ClassLoader classLoader = PasswordFileAuthenticatorFactory.class.getClassLoader();
        try (ThreadContextClassLoader _ = new ThreadContextClassLoader(classLoader)) {
            Bootstrap app = new Bootstrap(
                    "io.lakehouseml.bootstrap.password-authenticator." + AUTHENTICATOR_NAME,
                    new PasswordFileModule());

            Injector injector = app
                    .doNotInitializeLogging()
                    .disableSystemProperties()
                    .setRequiredConfigurationProperties(config)
                    .initialize();

            return injector.getInstance(PasswordFileAuthenticator.class);
        }
    }
}
