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
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

final class TestPasswordFileFormat
{
    static final String ALICE_HASH = "1000:a3f1c2d4e5b60718293a4b5c6d7e8f90:a01f5ca079f0b64778d8703c91b2d2ce5749445a74037dcbec020e79dddd1e44";
    static final String ALICE_PASSWORD = "correct horse battery staple";
    static final String BOB_HASH = "4096:73616c74:4b007901b765489abead49d926f721d065a429c1";
    static final String BOB_PASSWORD = "password";
    static final String CAROL_HASH = "$2a$08$cfcvVd2aQ8CMvoMpP2EBfeodLEkkFJ9umNEfPD18.hUF62qqlC/V.";
    static final String CAROL_PASSWORD = "a";

    @Test
    void testUsers()
    {
        Map<String, HashedPassword> users = PasswordFileFormat.parse(ImmutableList.of(
                "alice:" + ALICE_HASH,
                "bob:" + BOB_HASH,
                "carol:" + CAROL_HASH));
        assertThat(users).containsOnlyKeys("alice", "bob", "carol");
        assertThat(users.get("alice").matches(ALICE_PASSWORD)).isTrue();
        assertThat(users.get("bob").matches(BOB_PASSWORD)).isTrue();
        assertThat(users.get("carol").matches(CAROL_PASSWORD)).isTrue();
        assertThat(users.get("alice").matches(BOB_PASSWORD)).isFalse();
    }

    @Test
    void testCommentsAndBlankLines()
    {
        Map<String, HashedPassword> users = PasswordFileFormat.parse(ImmutableList.of(
                "# users of the lakehouse",
                "",
                "   ",
                "\t# indented comment: with a colon",
                "  alice:" + ALICE_HASH + "  ",
                "#bob:" + BOB_HASH,
                ""));
        assertThat(users).containsOnlyKeys("alice");
        assertThat(users.get("alice").matches(ALICE_PASSWORD)).isTrue();

        assertThat(PasswordFileFormat.parse(ImmutableList.of())).isEmpty();
        assertThat(PasswordFileFormat.parse(ImmutableList.of("# nobody yet"))).isEmpty();
    }

    @Test
    void testUserNamesAreExact()
    {
        Map<String, HashedPassword> users = PasswordFileFormat.parse(ImmutableList.of(
                "alice:" + ALICE_HASH,
                "Alice:" + BOB_HASH,
                "alice@example.com:" + CAROL_HASH));
        assertThat(users).containsOnlyKeys("alice", "Alice", "alice@example.com");
        assertThat(users.get("Alice").matches(BOB_PASSWORD)).isTrue();
    }

    @Test
    void testInvalidLines()
    {
        assertInvalid(ImmutableList.of("# users", "alice:" + ALICE_HASH, "bob"), 3, "expected user:hash");
        assertInvalid(ImmutableList.of(":" + ALICE_HASH), 1, "the user name is empty");
        assertInvalid(ImmutableList.of("alice :" + ALICE_HASH), 1, "the user name 'alice ' contains whitespace or a control character");
        assertInvalid(ImmutableList.of("al ice:" + ALICE_HASH), 1, "the user name 'al ice' contains whitespace or a control character");
        assertInvalid(ImmutableList.of("", "carol: " + CAROL_HASH), 2, "the hash is neither bcrypt ($2y$, $2a$ or $2b$) nor PBKDF2 (iterations:salt:hash)");
        assertInvalid(ImmutableList.of("alice:" + ALICE_HASH, "bob:" + BOB_HASH, "", "alice:" + CAROL_HASH), 4, "user alice is on line 1 already");
        assertInvalid(ImmutableList.of("alice: " + ALICE_HASH), 1, "the PBKDF2 iteration count is not a positive number");
        assertInvalid(ImmutableList.of("alice:plaintext-password"), 1, "the hash is neither bcrypt ($2y$, $2a$ or $2b$) nor PBKDF2 (iterations:salt:hash)");
        assertInvalid(ImmutableList.of("bob:" + BOB_HASH, "carol:$2b$07$UPsAWKk2z4MslJ5Lk.cZCuabyQkv2UCSSVBYPZzYYSDZx./3GCKSK"), 2, "the bcrypt cost is 7, below the minimum of 8");
        assertInvalid(ImmutableList.of("carol:" + CAROL_HASH.substring(0, 40)), 1, "a bcrypt hash is $2y$, $2a$ or $2b$, a two-digit cost, $ and 53 characters of salt and hash");
    }

    @Test
    void testErrorNeverQuotesHash()
    {
        String truncated = ALICE_HASH.substring(0, ALICE_HASH.length() - 1);
        assertThatThrownBy(() -> PasswordFileFormat.parse(ImmutableList.of("alice:" + truncated)))
                .isInstanceOfSatisfying(InvalidPasswordFileException.class, e -> assertThat(e.getLineNumber()).isEqualTo(1))
                .hasMessage("line 1: the PBKDF2 hash is not hexadecimal")
                .message().doesNotContain("a01f5ca0");
    }

    @Test
    void testUserOf()
    {
        assertThat(PasswordFileFormat.userOf("alice:" + ALICE_HASH)).contains("alice");
        assertThat(PasswordFileFormat.userOf("  alice:anything")).contains("alice");
        assertThat(PasswordFileFormat.userOf("# alice:" + ALICE_HASH)).isEqualTo(Optional.empty());
        assertThat(PasswordFileFormat.userOf("")).isEqualTo(Optional.empty());
        assertThat(PasswordFileFormat.userOf("alice")).isEqualTo(Optional.empty());
    }

    @Test
    void testCheckUserName()
    {
        for (String valid : ImmutableList.of("alice", "Alice", "alice@example.com", "alice.b-c_d", "ålice", "a#b")) {
            PasswordFileFormat.checkUserName(valid);
        }
        assertInvalidUser("", "the user name is empty");
        assertInvalidUser("a:b", "the user name a:b contains a colon");
        assertInvalidUser("#alice", "the user name #alice starts with #, which makes the line a comment");
        assertInvalidUser("a b", "the user name 'a b' contains whitespace or a control character");
        assertInvalidUser("a\tb", "the user name 'a\tb' contains whitespace or a control character");
        assertInvalidUser("a\u00a0b", "the user name 'a\u00a0b' contains whitespace or a control character");
        assertInvalidUser("a\u0000b", "the user name 'a\u0000b' contains whitespace or a control character");
    }

    private static void assertInvalid(List<String> lines, int lineNumber, String reason)
    {
        assertThatThrownBy(() -> PasswordFileFormat.parse(lines))
                .isInstanceOfSatisfying(InvalidPasswordFileException.class, e -> assertThat(e.getLineNumber()).isEqualTo(lineNumber))
                .hasMessage("line " + lineNumber + ": " + reason);
    }

    private static void assertInvalidUser(String user, String message)
    {
        assertThatThrownBy(() -> PasswordFileFormat.checkUserName(user))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(message);
    }
}
