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

import com.google.common.base.Ticker;
import com.google.common.hash.HashCode;
import com.google.common.hash.Hashing;
import com.google.errorprone.annotations.concurrent.GuardedBy;
import com.google.inject.Inject;
import io.airlift.log.Logger;
import io.airlift.units.Duration;
import io.trino.spi.TrinoException;
import io.trino.spi.security.AccessDeniedException;
import io.trino.spi.security.BasicPrincipal;
import io.trino.spi.security.Identity;
import io.trino.spi.security.PasswordAuthenticator;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.Principal;
import java.util.Map;
import java.util.Optional;

import static com.google.common.collect.ImmutableList.toImmutableList;
import static io.trino.spi.StandardErrorCode.CONFIGURATION_INVALID;
import static io.trino.spi.StandardErrorCode.CONFIGURATION_UNAVAILABLE;
import static java.lang.String.format;
import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;
import static java.util.concurrent.TimeUnit.NANOSECONDS;

/**
 * Authenticates users against a password file ({@link PasswordFileFormat}).
 *
 * <p>The file is read when the authenticator is made, and a file that cannot be read or has an
 * invalid line fails the server's start. After that, the first authentication once the refresh period
 * has passed since the last check reads the file again; when its content changed, a new
 * {@link PasswordStore} replaces the old one, with its remembered verifications. A file that became
 * unreadable or invalid fails every authentication, with the reason, until it is fixed: the server
 * never goes on with users the file no longer has.
 */
public class PasswordFileAuthenticator
        implements PasswordAuthenticator
{
    private static final Logger log = Logger.get(PasswordFileAuthenticator.class);

    private final Path passwordFile;
    private final long refreshPeriodNanos;
    private final int cacheMaxSize;
    private final Ticker ticker;

    // null after a read that failed: every authentication reads the file again
    @GuardedBy("this")
    private PasswordStore store;
    @GuardedBy("this")
    private HashCode storeContent;
    @GuardedBy("this")
    private long lastCheckNanos;

    @Inject
    public PasswordFileAuthenticator(PasswordFileConfig config)
    {
        this(config.getPasswordFile().toPath(), config.getRefreshPeriod(), config.getAuthTokenCacheMaxSize(), Ticker.systemTicker());
    }

    PasswordFileAuthenticator(Path passwordFile, Duration refreshPeriod, int cacheMaxSize, Ticker ticker)
    {
        this.passwordFile = requireNonNull(passwordFile, "passwordFile is null");
        this.refreshPeriodNanos = requireNonNull(refreshPeriod, "refreshPeriod is null").roundTo(NANOSECONDS);
        this.cacheMaxSize = cacheMaxSize;
        this.ticker = requireNonNull(ticker, "ticker is null");
        synchronized (this) {
            refresh(ticker.read());
        }
    }

    @Override
    public Optional<Identity> createAuthenticatedIdentity(String user, String password)
    {
        Principal principal = authenticate(user, password);
        return Optional.of(Identity.forUser(user)
                .withPrincipal(principal)
                .build());
    }

    /**
     * The SPI still requires it; the server asks {@link #createAuthenticatedIdentity} first.
     */
    @Deprecated
    @Override
    public Principal createAuthenticatedPrincipal(String user, String password)
    {
        return authenticate(user, password);
    }

    private Principal authenticate(String user, String password)
    {
        requireNonNull(user, "user is null");
        requireNonNull(password, "password is null");
        if (!currentStore().authenticate(user, password)) {
            throw new AccessDeniedException("Invalid credentials");
        }
        return new BasicPrincipal(user);
    }

    synchronized PasswordStore currentStore()
    {
        long now = ticker.read();
        if (store == null || now - lastCheckNanos >= refreshPeriodNanos) {
            refresh(now);
        }
        return store;
    }

    @GuardedBy("this")
    private void refresh(long now)
    {
        try {
            byte[] content = readPasswordFile();
            HashCode contentHash = Hashing.sha256().hashBytes(content);
            if (!contentHash.equals(storeContent)) {
                boolean reload = store != null;
                store = new PasswordStore(parse(content), cacheMaxSize);
                storeContent = contentHash;
                if (reload) {
                    log.info("Password file %s changed: %s users", passwordFile, store.userCount());
                }
            }
            lastCheckNanos = now;
        }
        catch (RuntimeException e) {
            if (store != null) {
                log.error("Password authentication fails until the password file is fixed: %s", e.getMessage());
            }
            store = null;
            storeContent = null;
            throw e;
        }
    }

    private byte[] readPasswordFile()
    {
        try {
            return Files.readAllBytes(passwordFile);
        }
        catch (NoSuchFileException _) {
            throw new TrinoException(CONFIGURATION_UNAVAILABLE, format("Password file %s does not exist", passwordFile));
        }
        catch (IOException e) {
            throw new TrinoException(CONFIGURATION_UNAVAILABLE, format("Password file %s cannot be read: %s", passwordFile, e.getMessage()), e);
        }
    }

    private Map<String, HashedPassword> parse(byte[] content)
    {
        String text;
        try {
            text = UTF_8.newDecoder().decode(ByteBuffer.wrap(content)).toString();
        }
        catch (CharacterCodingException _) {
            throw new TrinoException(CONFIGURATION_INVALID, format("Password file %s is not UTF-8 text", passwordFile));
        }
        try {
            return PasswordFileFormat.parse(text.lines().collect(toImmutableList()));
        }
        catch (InvalidPasswordFileException e) {
            throw new TrinoException(CONFIGURATION_INVALID, format("Password file %s is invalid: %s", passwordFile, e.getMessage()), e);
        }
    }
}
