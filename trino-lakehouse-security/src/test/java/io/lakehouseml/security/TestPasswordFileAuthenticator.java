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
import io.trino.spi.TrinoException;
import io.trino.spi.security.AccessDeniedException;
import io.trino.spi.security.BasicPrincipal;
import io.trino.spi.security.Identity;
import io.trino.spi.security.PasswordAuthenticator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static io.lakehouseml.security.TestPasswordFileFormat.ALICE_HASH;
import static io.lakehouseml.security.TestPasswordFileFormat.ALICE_PASSWORD;
import static io.lakehouseml.security.TestPasswordFileFormat.BOB_HASH;
import static io.lakehouseml.security.TestPasswordFileFormat.BOB_PASSWORD;
import static io.lakehouseml.security.TestPasswordFileFormat.CAROL_HASH;
import static io.lakehouseml.security.TestPasswordFileFormat.CAROL_PASSWORD;
import static io.trino.spi.StandardErrorCode.CONFIGURATION_INVALID;
import static io.trino.spi.StandardErrorCode.CONFIGURATION_UNAVAILABLE;
import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

final class TestPasswordFileAuthenticator
{
    private static final Duration REFRESH_PERIOD = new Duration(5, SECONDS);

    @TempDir
    private Path directory;

    private final TestingTicker ticker = new TestingTicker();

    @Test
    void testAuthenticate()
            throws IOException
    {
        PasswordFileAuthenticator authenticator = authenticator(
                "# lakehouse users",
                "alice:" + ALICE_HASH,
                "",
                "carol:" + CAROL_HASH);

        assertAuthenticated(authenticator, "alice", ALICE_PASSWORD);
        assertAuthenticated(authenticator, "carol", CAROL_PASSWORD);

        assertDenied(authenticator, "alice", CAROL_PASSWORD);
        assertDenied(authenticator, "alice", ALICE_PASSWORD + " ");
        assertDenied(authenticator, "alice", "");
        assertDenied(authenticator, "carol", ALICE_PASSWORD);
        // user names are matched exactly
        assertDenied(authenticator, "Alice", ALICE_PASSWORD);
        assertDenied(authenticator, "alice ", ALICE_PASSWORD);
        // unknown users, and the comment's text
        assertDenied(authenticator, "bob", BOB_PASSWORD);
        assertDenied(authenticator, "# lakehouse users", ALICE_PASSWORD);
    }

    @Test
    void testReloadAfterRefreshPeriod()
            throws IOException
    {
        Path file = writeFile("alice:" + ALICE_HASH);
        PasswordFileAuthenticator authenticator = new PasswordFileAuthenticator(file, REFRESH_PERIOD, 1000, ticker);
        assertAuthenticated(authenticator, "alice", ALICE_PASSWORD);

        // alice's password changes, bob comes: the file is read again once the period has passed
        writeFile("alice:" + BOB_HASH, "bob:" + CAROL_HASH);
        ticker.advance(4999, MILLISECONDS);
        assertAuthenticated(authenticator, "alice", ALICE_PASSWORD);
        assertDenied(authenticator, "bob", CAROL_PASSWORD);

        ticker.advance(1, MILLISECONDS);
        // the old password was verified before, and is forgotten with the old file
        assertDenied(authenticator, "alice", ALICE_PASSWORD);
        assertAuthenticated(authenticator, "alice", BOB_PASSWORD);
        assertAuthenticated(authenticator, "bob", CAROL_PASSWORD);

        // bob is removed
        writeFile("alice:" + BOB_HASH);
        ticker.advance(5, SECONDS);
        assertDenied(authenticator, "bob", CAROL_PASSWORD);
    }

    @Test
    void testUnchangedFileKeepsVerifications()
            throws IOException
    {
        Path file = writeFile("carol:" + CAROL_HASH);
        PasswordFileAuthenticator authenticator = new PasswordFileAuthenticator(file, REFRESH_PERIOD, 1000, ticker);
        authenticator.createAuthenticatedIdentity("carol", CAROL_PASSWORD);
        PasswordStore store = authenticator.currentStore();
        assertThat(store.verifiedCount()).isEqualTo(1);

        // rewritten with the same content
        writeFile("carol:" + CAROL_HASH);
        ticker.advance(1, SECONDS);
        assertThat(authenticator.currentStore()).isSameAs(store);
        ticker.advance(1, MILLISECONDS);
        assertThat(authenticator.currentStore()).isSameAs(store);

        writeFile("carol:" + CAROL_HASH, "alice:" + ALICE_HASH);
        ticker.advance(5, SECONDS);
        assertThat(authenticator.currentStore()).isNotSameAs(store);
        assertThat(authenticator.currentStore().verifiedCount()).isZero();
    }

    @Test
    void testVerificationCacheBound()
    {
        ImmutableMap<String, HashedPassword> users = ImmutableMap.of(
                "alice", HashedPassword.parse(ALICE_HASH),
                "bob", HashedPassword.parse(BOB_HASH),
                "carol", HashedPassword.parse(CAROL_HASH));

        PasswordStore store = new PasswordStore(users, 2);
        assertThat(store.authenticate("alice", ALICE_PASSWORD)).isTrue();
        assertThat(store.authenticate("bob", BOB_PASSWORD)).isTrue();
        assertThat(store.authenticate("carol", CAROL_PASSWORD)).isTrue();
        assertThat(store.verifiedCount()).isEqualTo(2);
        // a failure is not remembered, and a remembered success is one
        assertThat(store.authenticate("carol", ALICE_PASSWORD)).isFalse();
        assertThat(store.authenticate("carol", CAROL_PASSWORD)).isTrue();
        assertThat(store.verifiedCount()).isEqualTo(2);

        PasswordStore uncached = new PasswordStore(users, 0);
        assertThat(uncached.authenticate("alice", ALICE_PASSWORD)).isTrue();
        assertThat(uncached.authenticate("alice", ALICE_PASSWORD)).isTrue();
        assertThat(uncached.verifiedCount()).isZero();
    }

    @Test
    void testInvalidFileAtStart()
            throws IOException
    {
        Path file = writeFile("alice:" + ALICE_HASH, "bob:" + BOB_HASH.substring(1));
        assertThatThrownBy(() -> new PasswordFileAuthenticator(file, REFRESH_PERIOD, 1000, ticker))
                .isInstanceOfSatisfying(TrinoException.class, e -> assertThat(e.getErrorCode()).isEqualTo(CONFIGURATION_INVALID.toErrorCode()))
                .hasMessage("Password file %s is invalid: line 2: the PBKDF2 iteration count is 96, below the minimum of 1000", file);

        Path missing = directory.resolve("missing.db");
        assertThatThrownBy(() -> new PasswordFileAuthenticator(missing, REFRESH_PERIOD, 1000, ticker))
                .isInstanceOfSatisfying(TrinoException.class, e -> assertThat(e.getErrorCode()).isEqualTo(CONFIGURATION_UNAVAILABLE.toErrorCode()))
                .hasMessage("Password file %s does not exist", missing);

        Files.write(file, new byte[] {'a', 'l', 'i', 'c', 'e', ':', (byte) 0xFF});
        assertThatThrownBy(() -> new PasswordFileAuthenticator(file, REFRESH_PERIOD, 1000, ticker))
                .isInstanceOf(TrinoException.class)
                .hasMessage("Password file %s is not UTF-8 text", file);
    }

    @Test
    void testInvalidFileFailsUntilFixed()
            throws IOException
    {
        Path file = writeFile("alice:" + ALICE_HASH);
        PasswordFileAuthenticator authenticator = new PasswordFileAuthenticator(file, REFRESH_PERIOD, 1000, ticker);
        assertAuthenticated(authenticator, "alice", ALICE_PASSWORD);

        // an edit that breaks the file: alice, verified before, is not let in
        writeFile("alice:" + ALICE_HASH, "bob");
        ticker.advance(5, SECONDS);
        assertThatThrownBy(() -> authenticator.createAuthenticatedIdentity("alice", ALICE_PASSWORD))
                .isInstanceOf(TrinoException.class)
                .hasMessage("Password file %s is invalid: line 2: expected user:hash", file);
        assertThatThrownBy(() -> authenticator.createAuthenticatedIdentity("alice", ALICE_PASSWORD))
                .isInstanceOf(TrinoException.class)
                .hasMessage("Password file %s is invalid: line 2: expected user:hash", file);

        // fixed: read at once, without waiting for the period
        writeFile("alice:" + ALICE_HASH, "bob:" + BOB_HASH);
        assertAuthenticated(authenticator, "bob", BOB_PASSWORD);

        Files.delete(file);
        ticker.advance(5, SECONDS);
        assertThatThrownBy(() -> authenticator.createAuthenticatedIdentity("bob", BOB_PASSWORD))
                .isInstanceOf(TrinoException.class)
                .hasMessage("Password file %s does not exist", file);
    }

    private PasswordFileAuthenticator authenticator(String... lines)
            throws IOException
    {
        return new PasswordFileAuthenticator(writeFile(lines), REFRESH_PERIOD, 1000, ticker);
    }

    private Path writeFile(String... lines)
            throws IOException
    {
        Path file = directory.resolve("password.db");
        Files.writeString(file, String.join("\n", lines) + "\n", UTF_8);
        return file;
    }

    @Test
    @SuppressWarnings("deprecation")
    void testPrincipal()
            throws IOException
    {
        // what the server asks of an authenticator that gives no identity
        PasswordFileAuthenticator authenticator = authenticator("alice:" + ALICE_HASH);
        assertThat(authenticator.createAuthenticatedPrincipal("alice", ALICE_PASSWORD)).isEqualTo(new BasicPrincipal("alice"));
        assertThatThrownBy(() -> authenticator.createAuthenticatedPrincipal("alice", BOB_PASSWORD))
                .isInstanceOf(AccessDeniedException.class)
                .hasMessage("Access Denied: Invalid credentials");
    }

    static void assertAuthenticated(PasswordAuthenticator authenticator, String user, String password)
    {
        Identity identity = authenticator.createAuthenticatedIdentity(user, password).orElseThrow();
        assertThat(identity.getUser()).isEqualTo(user);
        assertThat(identity.getPrincipal()).contains(new BasicPrincipal(user));
    }

    static void assertDenied(PasswordAuthenticator authenticator, String user, String password)
    {
        assertThatThrownBy(() -> authenticator.createAuthenticatedIdentity(user, password))
                .isInstanceOf(AccessDeniedException.class)
                .hasMessage("Access Denied: Invalid credentials");
    }
}
