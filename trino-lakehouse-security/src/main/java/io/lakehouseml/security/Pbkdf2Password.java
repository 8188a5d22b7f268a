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

import com.google.common.base.Splitter;

import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;

import static java.lang.String.format;
import static java.util.Objects.requireNonNull;

/**
 * A PBKDF2 hash in the form of Trino's file authenticator: {@code iterations:salt:hash}, the salt and
 * the hash in hexadecimal. The hash is PBKDF2 with HMAC-SHA1 ({@code PBKDF2WithHmacSHA1}, as Trino
 * computes it) of the password's UTF-8 bytes and the salt, as long as the stored hash. The stored and
 * the computed hash are compared in time that does not depend on where they differ.
 */
final class Pbkdf2Password
        implements HashedPassword
{
    static final String ALGORITHM = "PBKDF2WithHmacSHA1";
    static final int MIN_ITERATIONS = 1000;
    // Trino accepts any length; a hash of a few bytes would let a random password in
    static final int MIN_HASH_BYTES = 16;

    private static final Splitter PARTS = Splitter.on(':');
    private static final Pattern ITERATIONS = Pattern.compile("[0-9]{1,10}");

    private final int iterations;
    private final byte[] salt;
    private final byte[] hash;

    private Pbkdf2Password(int iterations, byte[] salt, byte[] hash)
    {
        this.iterations = iterations;
        this.salt = requireNonNull(salt, "salt is null").clone();
        this.hash = requireNonNull(hash, "hash is null").clone();
    }

    /**
     * @throws IllegalArgumentException if the value is not {@code iterations:salt:hash} with enough iterations and hash bytes
     */
    static Pbkdf2Password parse(String value)
    {
        List<String> parts = PARTS.splitToList(value);
        if (parts.size() != 3) {
            throw new IllegalArgumentException("a PBKDF2 hash is iterations:salt:hash, the salt and the hash in hexadecimal");
        }
        int iterations = parseIterations(parts.get(0));
        if (iterations < MIN_ITERATIONS) {
            throw new IllegalArgumentException(format("the PBKDF2 iteration count is %s, below the minimum of %s", iterations, MIN_ITERATIONS));
        }
        byte[] salt = parseHex(parts.get(1), "salt");
        if (salt.length == 0) {
            throw new IllegalArgumentException("the PBKDF2 salt is empty");
        }
        byte[] hash = parseHex(parts.get(2), "hash");
        if (hash.length < MIN_HASH_BYTES) {
            throw new IllegalArgumentException(format("the PBKDF2 hash has %s bytes, fewer than the minimum of %s", hash.length, MIN_HASH_BYTES));
        }
        return new Pbkdf2Password(iterations, salt, hash);
    }

    private static int parseIterations(String value)
    {
        if (ITERATIONS.matcher(value).matches()) {
            long iterations = Long.parseLong(value);
            if (iterations <= Integer.MAX_VALUE) {
                return (int) iterations;
            }
        }
        throw new IllegalArgumentException("the PBKDF2 iteration count is not a positive number");
    }

    private static byte[] parseHex(String value, String part)
    {
        try {
            return HexFormat.of().parseHex(value);
        }
        catch (IllegalArgumentException _) {
            throw new IllegalArgumentException(format("the PBKDF2 %s is not hexadecimal", part));
        }
    }

    int iterations()
    {
        return iterations;
    }

    @Override
    public boolean matches(String password)
    {
        PBEKeySpec key = new PBEKeySpec(password.toCharArray(), salt, iterations, hash.length * Byte.SIZE);
        try {
            byte[] derived = SecretKeyFactory.getInstance(ALGORITHM).generateSecret(key).getEncoded();
            return MessageDigest.isEqual(hash, derived);
        }
        catch (GeneralSecurityException _) {
            // the JDK has the algorithm; a password it cannot derive from matches nothing
            return false;
        }
        finally {
            key.clearPassword();
        }
    }

    @Override
    public String toString()
    {
        // never the salt or the hash
        return "PBKDF2, " + iterations + " iterations";
    }
}
