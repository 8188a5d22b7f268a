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

import com.google.common.cache.Cache;
import com.google.common.cache.CacheBuilder;
import com.google.common.collect.ImmutableMap;
import com.google.common.hash.HashCode;
import com.google.common.hash.HashFunction;
import com.google.common.hash.Hashing;

import java.security.SecureRandom;
import java.util.Map;

import static com.google.common.base.Preconditions.checkArgument;
import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

/**
 * The users of one read of the password file, and the credentials that were verified against it.
 * A bcrypt verification takes tens of milliseconds by design, so a verified user and password are
 * remembered, at most {@code cacheMaxSize} of them, the least recently used forgotten first. Only
 * successes are remembered. The password is remembered as an HMAC-SHA256 digest under a key drawn for
 * this store, not as text. A new read of the file makes a new store, which forgets them all.
 */
final class PasswordStore
{
    private static final int DIGEST_KEY_BYTES = 32;

    private final Map<String, HashedPassword> users;
    private final HashFunction passwordDigest;
    private final Cache<VerifiedCredential, Boolean> verified;

    PasswordStore(Map<String, HashedPassword> users, int cacheMaxSize)
    {
        checkArgument(cacheMaxSize >= 0, "cacheMaxSize is negative");
        this.users = ImmutableMap.copyOf(requireNonNull(users, "users is null"));
        byte[] digestKey = new byte[DIGEST_KEY_BYTES];
        new SecureRandom().nextBytes(digestKey);
        this.passwordDigest = Hashing.hmacSha256(digestKey);
        this.verified = CacheBuilder.newBuilder()
                .maximumSize(cacheMaxSize)
                .build();
    }

    /**
     * Whether the user is in the file and the password matches its hash. An empty password matches
     * nothing, whatever the hash.
     */
    boolean authenticate(String user, String password)
    {
        requireNonNull(user, "user is null");
        requireNonNull(password, "password is null");
        HashedPassword hashed = users.get(user);
        if (hashed == null || password.isEmpty()) {
            return false;
        }
        VerifiedCredential credential = new VerifiedCredential(user, passwordDigest.hashString(password, UTF_8));
        if (verified.getIfPresent(credential) != null) {
            return true;
        }
        if (!hashed.matches(password)) {
            return false;
        }
        verified.put(credential, true);
        return true;
    }

    int userCount()
    {
        return users.size();
    }

    long verifiedCount()
    {
        verified.cleanUp();
        return verified.size();
    }

    private record VerifiedCredential(String user, HashCode passwordDigest)
    {
        private VerifiedCredential
        {
            requireNonNull(user, "user is null");
            requireNonNull(passwordDigest, "passwordDigest is null");
        }
    }
}
