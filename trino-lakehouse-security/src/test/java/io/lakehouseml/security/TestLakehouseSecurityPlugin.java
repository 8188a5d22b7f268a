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
import io.trino.spi.Plugin;
import io.trino.spi.security.PasswordAuthenticator;
import io.trino.spi.security.PasswordAuthenticatorFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static com.google.common.collect.MoreCollectors.onlyElement;
import static com.google.common.collect.Streams.stream;
import static io.lakehouseml.security.TestPasswordFileAuthenticator.assertAuthenticated;
import static io.lakehouseml.security.TestPasswordFileAuthenticator.assertDenied;
import static io.lakehouseml.security.TestPasswordFileFormat.ALICE_HASH;
import static io.lakehouseml.security.TestPasswordFileFormat.ALICE_PASSWORD;
import static io.lakehouseml.security.TestPasswordFileFormat.BOB_PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The plugin gives the {@code file} authenticator and it is made from the properties of Trino's own.
 */
final class TestLakehouseSecurityPlugin
{
    @TempDir
    private Path directory;

    @Test
    void testCreateAuthenticator()
            throws IOException
    {
        Path file = directory.resolve("password.db");
        Files.writeString(file, "alice:" + ALICE_HASH + "\n");

        Plugin plugin = new LakehouseSecurityPlugin();
        PasswordAuthenticatorFactory factory = stream(plugin.getPasswordAuthenticatorFactories()).collect(onlyElement());
        assertThat(factory.getName()).isEqualTo("file");
        assertThat(plugin.getConnectorFactories()).isEmpty();

        PasswordAuthenticator authenticator = factory.create(ImmutableMap.of(
                "file.password-file", file.toString(),
                "file.refresh-period", "1s",
                "file.auth-token-cache.max-size", "10"));
        assertThat(authenticator).isInstanceOf(PasswordFileAuthenticator.class);
        assertAuthenticated(authenticator, "alice", ALICE_PASSWORD);
        assertDenied(authenticator, "alice", BOB_PASSWORD);

        // the defaults
        assertAuthenticated(factory.create(ImmutableMap.of("file.password-file", file.toString())), "alice", ALICE_PASSWORD);
    }

    @Test
    void testInvalidConfiguration()
            throws IOException
    {
        PasswordAuthenticatorFactory factory = new PasswordFileAuthenticatorFactory();
        Path missing = directory.resolve("missing.db");
        assertThatThrownBy(() -> factory.create(ImmutableMap.of("file.password-file", missing.toString())))
                .hasMessageContaining("file does not exist: " + missing);
        assertThatThrownBy(() -> factory.create(ImmutableMap.of()))
                .hasMessageContaining("Invalid configuration property file.password-file: must not be null");
        Path file = directory.resolve("password.db");
        Files.writeString(file, "alice:" + ALICE_HASH + "\n");
        assertThatThrownBy(() -> factory.create(ImmutableMap.of("file.password-file", file.toString(), "file.unknown", "1")))
                .hasMessageContaining("Configuration property 'file.unknown' was not used");

        Files.writeString(file, "alice:" + ALICE_HASH + "\nbob\n");
        assertThatThrownBy(() -> factory.create(ImmutableMap.of("file.password-file", file.toString())))
                .hasMessageContaining("Password file %s is invalid: line 2: expected user:hash", file);
    }
}
