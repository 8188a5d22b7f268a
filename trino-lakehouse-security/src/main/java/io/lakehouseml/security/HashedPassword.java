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

/**
 * The hash of one user's password, as a line of the password file gives it. Parsing checks all a
 * verification needs, so a file that loads never fails later on one of its hashes. Error messages
 * say what is wrong with a hash and never quote it.
 */
sealed interface HashedPassword
        permits BcryptPassword, Pbkdf2Password
{
    boolean matches(String password);

    /**
     * A hash that starts with {@code $} is read as bcrypt, any other with a colon as PBKDF2, as Trino reads them.
     *
     * @throws IllegalArgumentException if the hash is neither or is malformed
     */
    static HashedPassword parse(String hash)
    {
        if (hash.startsWith("$")) {
            return BcryptPassword.parse(hash);
        }
        if (hash.contains(":")) {
            return Pbkdf2Password.parse(hash);
        }
        throw new IllegalArgumentException("the hash is neither bcrypt ($2y$, $2a$ or $2b$) nor PBKDF2 (iterations:salt:hash)");
    }
}
