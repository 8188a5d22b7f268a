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

import at.favre.lib.crypto.bcrypt.BCrypt;
import at.favre.lib.crypto.bcrypt.IllegalBCryptFormatException;
import at.favre.lib.crypto.bcrypt.LongPasswordStrategies;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static at.favre.lib.crypto.bcrypt.BCrypt.Version.VERSION_2A;
import static java.lang.Integer.parseInt;
import static java.lang.String.format;
import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

/**
 * A bcrypt hash in the modular crypt format: {@code $2y$}, a two-digit cost, {@code $}, then 22
 * characters of salt and 31 of hash in bcrypt's base 64. The versions 2a, 2b and 2y derive the same
 * hash from every password; 2x, which marks hashes of a broken implementation, is refused. A password
 * longer than bcrypt's 72 bytes counts by its first 72 bytes, as in OpenBSD, libxcrypt and htpasswd.
 */
final class BcryptPassword
        implements HashedPassword
{
    static final int MIN_COST = 8;
    // the largest cost bcrypt defines
    static final int MAX_COST = 31;

    private static final Pattern FORMAT = Pattern.compile("\\$2[aby]\\$([0-9]{2})\\$[./A-Za-z0-9]{53}");
    // 2a computes the hash of 2b and 2y; the verifier is stateless and compares in constant time
    private static final BCrypt.Verifyer VERIFIER = BCrypt.verifyer(VERSION_2A, LongPasswordStrategies.truncate(VERSION_2A));

    private final BCrypt.HashData hash;

    private BcryptPassword(BCrypt.HashData hash)
    {
        this.hash = requireNonNull(hash, "hash is null");
    }

    /**
     * @throws IllegalArgumentException if the hash is not a bcrypt hash of a version, a cost and a length this accepts
     */
    static BcryptPassword parse(String hash)
    {
        Matcher matcher = FORMAT.matcher(hash);
        if (!matcher.matches()) {
            throw new IllegalArgumentException("a bcrypt hash is $2y$, $2a$ or $2b$, a two-digit cost, $ and 53 characters of salt and hash");
        }
        int cost = parseInt(matcher.group(1));
        if (cost < MIN_COST) {
            throw new IllegalArgumentException(format("the bcrypt cost is %s, below the minimum of %s", cost, MIN_COST));
        }
        if (cost > MAX_COST) {
            throw new IllegalArgumentException(format("the bcrypt cost is %s, above the maximum of %s", cost, MAX_COST));
        }
        try {
            return new BcryptPassword(VERSION_2A.parser.parse(hash.getBytes(US_ASCII)));
        }
        catch (IllegalBCryptFormatException _) {
            // the pattern admits only what the parser reads
            throw new IllegalArgumentException("the bcrypt hash cannot be decoded");
        }
    }

    int cost()
    {
        return hash.cost;
    }

    @Override
    public boolean matches(String password)
    {
        return VERIFIER.verify(password.getBytes(UTF_8), hash).verified;
    }

    @Override
    public String toString()
    {
        // never the salt or the hash
        return "bcrypt, cost " + hash.cost;
    }
}
