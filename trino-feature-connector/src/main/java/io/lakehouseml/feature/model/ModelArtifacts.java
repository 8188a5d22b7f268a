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
package io.lakehouseml.feature.model;

import com.google.common.collect.ImmutableList;
import com.google.inject.Inject;
import io.lakehouseml.feature.registry.ModelVersionDefinition.ArtifactFile;
import io.trino.filesystem.FileEntry;
import io.trino.filesystem.FileIterator;
import io.trino.filesystem.Location;
import io.trino.filesystem.TrinoFileSystem;
import io.trino.filesystem.TrinoFileSystemFactory;
import io.trino.filesystem.TrinoInputFile;
import io.trino.spi.TrinoException;
import io.trino.spi.connector.ConnectorSession;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import static com.google.common.collect.ImmutableList.toImmutableList;
import static io.lakehouseml.feature.FeatureStoreErrorCode.FEATURE_STORE_INVALID_ARGUMENT;
import static io.lakehouseml.feature.FeatureStoreErrorCode.FEATURE_STORE_NOT_FOUND;
import static io.lakehouseml.feature.FeatureStoreErrorCode.FEATURE_STORE_SOURCE_ERROR;
import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

/**
 * Reads model artefacts through the catalog's file systems and checksums them: a file, or every
 * file under a prefix. Only locations under the configured roots are read, so that registering a
 * model is no way to learn anything of other files the coordinator can reach.
 */
public class ModelArtifacts
{
    private static final int BUFFER_SIZE = 1 << 20;

    private final TrinoFileSystemFactory fileSystemFactory;
    private final List<String> roots;

    @Inject
    public ModelArtifacts(TrinoFileSystemFactory fileSystemFactory, ModelRegistryConfig config)
    {
        this.fileSystemFactory = requireNonNull(fileSystemFactory, "fileSystemFactory is null");
        this.roots = config.getArtifactRoots().stream()
                .map(root -> root.endsWith("/") ? root : root + "/")
                .collect(toImmutableList());
    }

    /**
     * The checksum of an artefact as it is now.
     *
     * @throws TrinoException when the location is not under a root, is malformed, or has no file
     */
    public Checksum checksum(ConnectorSession session, String uri)
    {
        Location location = checkedLocation(uri);
        TrinoFileSystem fileSystem = fileSystemFactory.create(session);
        try {
            if (!uri.endsWith("/")) {
                TrinoInputFile file = fileSystem.newInputFile(location);
                if (file.exists()) {
                    return new Checksum(sha256(file), file.length(), ImmutableList.of());
                }
            }
            return prefixChecksum(fileSystem, location)
                    .orElseThrow(() -> FEATURE_STORE_NOT_FOUND.error("Model artifact %s does not exist: no file has that location, and no file is under it", uri));
        }
        catch (TrinoException e) {
            throw e;
        }
        catch (IOException | RuntimeException e) {
            throw FEATURE_STORE_SOURCE_ERROR.error("Cannot read model artifact %s: %s", uri, e.getMessage());
        }
    }

    /**
     * Every file under a prefix, by relative path; empty when there is none.
     */
    private static Optional<Checksum> prefixChecksum(TrinoFileSystem fileSystem, Location prefix)
            throws IOException
    {
        String directory = prefix.path().endsWith("/") || prefix.path().isEmpty() ? prefix.path() : prefix.path() + "/";
        List<FileEntry> entries = new ArrayList<>();
        FileIterator iterator = fileSystem.listFiles(prefix);
        while (iterator.hasNext()) {
            FileEntry entry = iterator.next();
            // object stores may hold empty objects that stand for directories
            if (!entry.location().path().endsWith("/")) {
                entries.add(entry);
            }
        }
        if (entries.isEmpty()) {
            return Optional.empty();
        }
        entries.sort(Comparator.comparing(entry -> entry.location().path()));
        ImmutableList.Builder<ArtifactFile> files = ImmutableList.builder();
        StringBuilder listing = new StringBuilder();
        long size = 0;
        for (FileEntry entry : entries) {
            String path = entry.location().path();
            String relative = path.startsWith(directory) ? path.substring(directory.length()) : path;
            TrinoInputFile file = fileSystem.newInputFile(entry.location());
            String sha256 = sha256(file);
            files.add(new ArtifactFile(relative, entry.length(), sha256));
            // the lines sha256sum prints for the files
            listing.append(sha256).append("  ").append(relative).append('\n');
            size += entry.length();
        }
        return Optional.of(new Checksum(HexFormat.of().formatHex(digest().digest(listing.toString().getBytes(UTF_8))), size, files.build()));
    }

    private Location checkedLocation(String uri)
    {
        if (!uri.contains("://")) {
            throw FEATURE_STORE_INVALID_ARGUMENT.error("artifact_uri must name its file system, such as s3://bucket/models/churn/1/ or file:///data/models/churn/1/model.onnx, not '%s'", uri);
        }
        Location location;
        try {
            location = Location.of(uri);
        }
        catch (IllegalArgumentException e) {
            throw FEATURE_STORE_INVALID_ARGUMENT.error("artifact_uri is not a location: '%s' (%s)", uri, e.getMessage());
        }
        for (String segment : location.path().split("/", -1)) {
            if (segment.equals(".") || segment.equals("..")) {
                throw FEATURE_STORE_INVALID_ARGUMENT.error("artifact_uri must not hold '.' or '..' segments: '%s'", uri);
            }
        }
        if (roots.stream().noneMatch(root -> uri.startsWith(root) && uri.length() > root.length())) {
            throw FEATURE_STORE_INVALID_ARGUMENT.error(
                    "Model artifact %s is not under a location this catalog reads artefacts from (feature-store.model-artifact-roots: %s)",
                    uri,
                    roots.isEmpty() ? "none" : String.join(", ", roots));
        }
        return location;
    }

    private static String sha256(TrinoInputFile file)
            throws IOException
    {
        MessageDigest digest = digest();
        byte[] buffer = new byte[BUFFER_SIZE];
        try (InputStream input = file.newStream()) {
            for (int read = input.read(buffer); read >= 0; read = input.read(buffer)) {
                digest.update(buffer, 0, read);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static MessageDigest digest()
    {
        try {
            return MessageDigest.getInstance("SHA-256");
        }
        catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    /**
     * @param files the files under a prefix, by relative path; empty for a single file
     */
    public record Checksum(String sha256, long size, List<ArtifactFile> files)
    {
        public Checksum
        {
            requireNonNull(sha256, "sha256 is null");
            files = ImmutableList.copyOf(files);
        }
    }
}
