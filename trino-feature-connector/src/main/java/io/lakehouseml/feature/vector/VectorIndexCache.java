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
package io.lakehouseml.feature.vector;

import com.google.common.cache.Cache;
import com.google.common.cache.CacheBuilder;
import com.google.common.cache.RemovalNotification;
import com.google.common.hash.Hashing;
import com.google.common.util.concurrent.UncheckedExecutionException;
import com.google.inject.Inject;
import io.airlift.log.Logger;
import io.trino.filesystem.Location;
import io.trino.filesystem.TrinoFileSystem;
import io.trino.filesystem.TrinoInputStream;
import jakarta.annotation.PreDestroy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;

import static com.google.common.base.Throwables.throwIfUnchecked;
import static io.lakehouseml.feature.FeatureStoreErrorCode.FEATURE_STORE_SOURCE_ERROR;
import static java.lang.Math.toIntExact;
import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

/**
 * The index segments one node has loaded: each is mapped into memory, from where it is when the
 * table's storage is this node's file system, else from a copy in the node's cache directory made
 * on first use; up to the configured size, the least recently used are unloaded (the operating
 * system keeps what is mapped in its page cache, not the heap).
 */
public class VectorIndexCache
{
    private static final Logger log = Logger.get(VectorIndexCache.class);

    private final Path directory;
    private final Cache<String, LoadedSegment> segments;

    @Inject
    public VectorIndexCache(VectorIndexConfig config)
    {
        this.directory = config.getCacheDirectory();
        this.segments = CacheBuilder.newBuilder()
                // one part: the cache splits its weight among its parts, and would unload at once a segment larger than a part
                .concurrencyLevel(1)
                // weights are in kilobytes, so that segments of more than 2 GB can be weighed
                .maximumWeight(config.getCacheSize().toBytes() / 1024)
                .weigher((String _, LoadedSegment segment) -> toIntExact(Math.max(1, segment.sizeBytes() / 1024)))
                .removalListener(this::unloaded)
                .build();
    }

    /**
     * A segment, loaded from its location in the table's storage if this node has not loaded it yet.
     */
    public LoadedSegment segment(TrinoFileSystem fileSystem, String location)
    {
        try {
            return segments.get(location, () -> load(fileSystem, location));
        }
        catch (ExecutionException | UncheckedExecutionException e) {
            throwIfUnchecked(e.getCause());
            throw new RuntimeException(e.getCause());
        }
    }

    /**
     * The segments loaded now, for the size of the cache.
     */
    public long loadedBytes()
    {
        return segments.asMap().values().stream().mapToLong(LoadedSegment::sizeBytes).sum();
    }

    private LoadedSegment load(TrinoFileSystem fileSystem, String location)
    {
        Optional<Path> local = localPath(location);
        if (local.isPresent() && Files.isRegularFile(local.get())) {
            // a segment on this node's file system is mapped where it is
            try {
                return SegmentFile.open(local.get());
            }
            catch (IOException e) {
                throw FEATURE_STORE_SOURCE_ERROR.error("Cannot load vector index segment %s: %s", location, e.getMessage());
            }
        }
        Path file = localFile(location);
        try {
            Files.createDirectories(directory);
            if (!Files.exists(file)) {
                Path partial = Files.createTempFile(directory, "segment", ".partial");
                try (TrinoInputStream input = fileSystem.newInputFile(Location.of(location)).newStream();
                        OutputStream output = Files.newOutputStream(partial)) {
                    input.transferTo(output);
                }
                Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            }
            return SegmentFile.open(file);
        }
        catch (IOException e) {
            throw FEATURE_STORE_SOURCE_ERROR.error("Cannot load vector index segment %s: %s", location, e.getMessage());
        }
    }

    private static Optional<Path> localPath(String location)
    {
        for (String scheme : List.of("local://", "file://", "file:")) {
            if (location.startsWith(scheme) && location.startsWith("/", scheme.length())) {
                return Optional.of(Path.of(location.substring(scheme.length())));
            }
        }
        return Optional.empty();
    }

    private Path localFile(String location)
    {
        return directory.resolve(Hashing.sha256().hashString(location, UTF_8) + ".segment");
    }

    private void unloaded(RemovalNotification<String, LoadedSegment> notification)
    {
        // the mapping stays valid for searches that still hold the segment
        try {
            Files.deleteIfExists(localFile(requireNonNull(notification.getKey(), "key is null")));
        }
        catch (IOException e) {
            log.warn(e, "Cannot delete the cached vector index segment of %s", notification.getKey());
        }
    }

    @PreDestroy
    public void stop()
    {
        segments.invalidateAll();
    }
}
