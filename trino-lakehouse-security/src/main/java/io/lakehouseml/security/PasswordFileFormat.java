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

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static java.lang.String.format;

/**
 * The password file of Trino's file authenticator: one {@code user:hash} line a user, the hash bcrypt
 * or PBKDF2 ({@link HashedPassword}). A line is read without its leading and trailing whitespace; an
 * empty line, or one that starts with {@code #}, says nothing. A user is everything before the first
 * colon, compared exactly (case-sensitive), and has one line. Used by the authenticator and by the
 * {@link PasswordFile} tool, so it does not depend on the SPI.
 */
final class PasswordFileFormat
{
    private PasswordFileFormat() {}

    /**
     * The users of the file and their hashes.
     *
     * @throws InvalidPasswordFileException naming the first line (from 1) that is not a valid user line
     */
    static Map<String, HashedPassword> parse(List<String> lines)
    {
        Map<String, HashedPassword> users = new HashMap<>();
        Map<String, Integer> userLines = new HashMap<>();
        for (int index = 0; index < lines.size(); index++) {
            int lineNumber = index + 1;
            String line = lines.get(index).strip();
            if (isEmptyOrComment(line)) {
                continue;
            }
            int separator = line.indexOf(':');
            if (separator < 0) {
                throw new InvalidPasswordFileException(lineNumber, "expected user:hash");
            }
            String user = line.substring(0, separator);
            try {
                checkUserName(user);
                HashedPassword password = HashedPassword.parse(line.substring(separator + 1));
                Integer firstLine = userLines.putIfAbsent(user, lineNumber);
                if (firstLine != null) {
                    throw new IllegalArgumentException(format("user %s is on line %s already", user, firstLine));
                }
                users.put(user, password);
            }
            catch (IllegalArgumentException e) {
                throw new InvalidPasswordFileException(lineNumber, e.getMessage());
            }
        }
        return ImmutableMap.copyOf(users);
    }

    /**
     * The user a line is for; empty for an empty line or a comment, and for a line without a colon.
     */
    static Optional<String> userOf(String line)
    {
        String content = line.strip();
        int separator = content.indexOf(':');
        if (isEmptyOrComment(content) || separator < 0) {
            return Optional.empty();
        }
        return Optional.of(content.substring(0, separator));
    }

    static String userLine(String user, String hash)
    {
        checkUserName(user);
        return user + ":" + hash;
    }

    /**
     * A user name is not empty and has no colon, whitespace or control character, and does not start
     * with {@code #}: all of these would make the line read another way.
     *
     * @throws IllegalArgumentException if the name is not one
     */
    static void checkUserName(String user)
    {
        if (user.isEmpty()) {
            throw new IllegalArgumentException("the user name is empty");
        }
        if (user.startsWith("#")) {
            throw new IllegalArgumentException(format("the user name %s starts with #, which makes the line a comment", user));
        }
        if (user.indexOf(':') >= 0) {
            throw new IllegalArgumentException(format("the user name %s contains a colon", user));
        }
        if (user.codePoints().anyMatch(character -> Character.isWhitespace(character) || Character.isSpaceChar(character) || Character.isISOControl(character))) {
            throw new IllegalArgumentException(format("the user name '%s' contains whitespace or a control character", user));
        }
    }

    private static boolean isEmptyOrComment(String strippedLine)
    {
        return strippedLine.isEmpty() || strippedLine.startsWith("#");
    }
}
