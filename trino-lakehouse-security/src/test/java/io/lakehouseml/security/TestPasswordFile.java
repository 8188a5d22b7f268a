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

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static io.lakehouseml.security.PasswordFile.ERROR;
import static io.lakehouseml.security.PasswordFile.SUCCESS;
import static io.lakehouseml.security.PasswordFile.USAGE_ERROR;
import static io.lakehouseml.security.TestPasswordFileFormat.BOB_HASH;
import static io.lakehouseml.security.TestPasswordFileFormat.BOB_PASSWORD;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

final class TestPasswordFile
{
    @TempDir
    private Path directory;

    @Test
    void testAddReplaceRemove()
            throws IOException
    {
        Path file = directory.resolve("password.db");

        Result added = run("first secret", "add", file.toString(), "alice");
        assertThat(added.status()).isEqualTo(SUCCESS);
        assertThat(added.out()).isEqualTo("Added user alice to %s\n", file);
        assertThat(added.err()).isEmpty();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        List<String> lines = Files.readAllLines(file, UTF_8);
        assertThat(lines).hasSize(1);
        assertThat(lines.getFirst()).matches("alice:\\$2y\\$10\\$[./A-Za-z0-9]{53}");
        assertPasswords(file, ImmutableMap.of("alice", "first secret"));

        assertThat(run("Zweites Geheimnis: äöü", "add", file.toString(), "bob").status()).isEqualTo(SUCCESS);
        assertPasswords(file, ImmutableMap.of("alice", "first secret", "bob", "Zweites Geheimnis: äöü"));

        Result replaced = run("second secret", "add", file.toString(), "alice");
        assertThat(replaced.status()).isEqualTo(SUCCESS);
        assertThat(replaced.out()).isEqualTo("Changed the password of user alice in %s\n", file);
        assertThat(Files.readAllLines(file, UTF_8)).hasSize(2).first().asString().startsWith("alice:$2y$10$");
        assertPasswords(file, ImmutableMap.of("alice", "second secret", "bob", "Zweites Geheimnis: äöü"));
        assertThat(PasswordFileFormat.parse(Files.readAllLines(file, UTF_8)).get("alice").matches("first secret")).isFalse();

        Result removed = run("", "remove", file.toString(), "alice");
        assertThat(removed.status()).isEqualTo(SUCCESS);
        assertThat(removed.out()).isEqualTo("Removed user alice from %s\n", file);
        assertPasswords(file, ImmutableMap.of("bob", "Zweites Geheimnis: äöü"));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");

        Result removedAgain = run("", "remove", file.toString(), "alice");
        assertThat(removedAgain.status()).isEqualTo(ERROR);
        assertThat(removedAgain.err()).isEqualTo("User alice is not in %s\n", file);

        // no temporary file is left beside it
        try (Stream<Path> files = Files.list(directory)) {
            assertThat(files).containsExactly(file);
        }
    }

    @Test
    void testKeepsOtherLinesAndPermissions()
            throws IOException
    {
        Path file = directory.resolve("password.db");
        Files.writeString(file,
                """
                # lakehouse users
                bob:%s

                Alice:%s
                """.formatted(BOB_HASH, BOB_HASH));
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r-----"));

        assertThat(run("secret", "add", file.toString(), "alice").status()).isEqualTo(SUCCESS);
        assertThat(run("new secret", "add", file.toString(), "bob").status()).isEqualTo(SUCCESS);

        List<String> lines = Files.readAllLines(file, UTF_8);
        assertThat(lines).hasSize(5);
        assertThat(lines.get(0)).isEqualTo("# lakehouse users");
        assertThat(lines.get(1)).startsWith("bob:$2y$10$");
        assertThat(lines.get(2)).isEmpty();
        assertThat(lines.get(3)).isEqualTo("Alice:" + BOB_HASH);
        assertThat(lines.get(4)).startsWith("alice:$2y$10$");
        assertPasswords(file, ImmutableMap.of("bob", "new secret", "Alice", BOB_PASSWORD, "alice", "secret"));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-r-----");

        // a link to the file stays a link
        Path link = Files.createSymbolicLink(directory.resolve("link.db"), file);
        assertThat(run("", "remove", link.toString(), "Alice").status()).isEqualTo(SUCCESS);
        assertThat(Files.isSymbolicLink(link)).isTrue();
        assertPasswords(file, ImmutableMap.of("bob", "new secret", "alice", "secret"));
    }

    @Test
    void testBadUsage()
    {
        String file = directory.resolve("password.db").toString();
        for (List<String> arguments : ImmutableList.of(
                ImmutableList.<String>of(),
                ImmutableList.of("add"),
                ImmutableList.of("add", file),
                ImmutableList.of("add", file, "alice", "extra"),
                ImmutableList.of("change", file, "alice"))) {
            Result result = run("secret", arguments.toArray(String[]::new));
            assertThat(result.status()).as("%s", arguments).isEqualTo(USAGE_ERROR);
            assertThat(result.err()).as("%s", arguments).startsWith("Usage: PasswordFile add <password-file> <user>\n");
        }

        for (String user : ImmutableList.of("", "a:b", "a b", "#alice")) {
            Result result = run("secret", "add", file, user);
            assertThat(result.status()).as(user).isEqualTo(USAGE_ERROR);
            assertThat(result.err()).as(user).startsWith("Invalid user name: the user name ");
        }
        assertThat(Files.exists(Path.of(file))).isFalse();
    }

    @Test
    void testErrors()
            throws IOException
    {
        Path file = directory.resolve("password.db");

        Result noInput = run(null, "add", file.toString(), "alice");
        assertThat(noInput.status()).isEqualTo(ERROR);
        assertThat(noInput.err()).isEqualTo("No password: standard input is empty\n");

        Result empty = run("", "add", file.toString(), "alice");
        assertThat(empty.status()).isEqualTo(ERROR);
        assertThat(empty.err()).isEqualTo("The password is empty\n");

        Result tooLong = run("ü".repeat(37), "add", file.toString(), "alice");
        assertThat(tooLong.status()).isEqualTo(ERROR);
        assertThat(tooLong.err()).isEqualTo("The password is longer than 72 bytes, the most bcrypt uses\n");
        assertThat(Files.exists(file)).isFalse();

        Result missing = run("", "remove", file.toString(), "alice");
        assertThat(missing.status()).isEqualTo(ERROR);
        assertThat(missing.err()).isEqualTo("Password file %s does not exist\n", file);

        Path noDirectory = directory.resolve("missing").resolve("password.db");
        Result noParent = run("secret", "add", noDirectory.toString(), "alice");
        assertThat(noParent.status()).isEqualTo(ERROR);
        assertThat(noParent.err()).startsWith("Cannot update password file %s: no such file or directory: ".formatted(noDirectory));

        Files.write(file, new byte[] {'b', 'o', 'b', ':', (byte) 0xFF, '\n'});
        Result notText = run("secret", "add", file.toString(), "alice");
        assertThat(notText.status()).isEqualTo(ERROR);
        assertThat(notText.err()).isEqualTo("Cannot update password file %s: the file is not UTF-8 text\n", file);
    }

    private static void assertPasswords(Path file, Map<String, String> passwords)
            throws IOException
    {
        Map<String, HashedPassword> users = PasswordFileFormat.parse(Files.readAllLines(file, UTF_8));
        assertThat(users).containsOnlyKeys(passwords.keySet());
        passwords.forEach((user, password) -> assertThat(users.get(user).matches(password)).as(user).isTrue());
    }

    private static Result run(String password, String... arguments)
    {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = PasswordFile.run(
                ImmutableList.copyOf(arguments),
                _ -> password,
                new PrintStream(out, true, UTF_8),
                new PrintStream(err, true, UTF_8));
        return new Result(status, out.toString(UTF_8), err.toString(UTF_8));
    }

    private record Result(int status, String out, String err) {}
}
