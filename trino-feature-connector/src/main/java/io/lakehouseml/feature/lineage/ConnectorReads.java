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
package io.lakehouseml.feature.lineage;

import com.google.common.collect.ImmutableList;
import com.google.inject.Inject;
import io.airlift.json.JsonCodec;
import io.airlift.json.JsonCodecFactory;
import io.airlift.log.Logger;
import io.lakehouseml.feature.FeatureStoreConfig;
import io.lakehouseml.feature.registry.FeatureViewDefinition.SourceTable;
import io.trino.spi.connector.ConnectorSession;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

import static java.nio.charset.StandardCharsets.UTF_8;

/**
 * The tables the connector's table functions read, handed to the query lineage listener of the
 * same coordinator. The engine reports to the listener only the tables it scans itself, so a query
 * that wrote a table from {@code point_in_time_features} or {@code vector_search} (or from a
 * training set that reads through them) would be recorded without what they read.
 * <p>
 * When a table function is analyzed, the tables and snapshots it will read are written to one
 * small file under {@code <spool directory>/connector-reads/<query id>/}; when the query completes,
 * the listener takes them into the run's inputs and deletes them, whether the query wrote a table
 * or not. The listener and the connector share nothing but that directory: Trino loads a catalog's
 * connector in a class loader of its own.
 */
public class ConnectorReads
{
    private static final Logger log = Logger.get(ConnectorReads.class);
    private static final String DIRECTORY = "connector-reads";
    private static final JsonCodec<List<LineageDataset>> CODEC = new JsonCodecFactory().listJsonCodec(LineageDataset.class);

    private final Optional<Path> directory;

    @Inject
    public ConnectorReads(FeatureStoreConfig config)
    {
        this.directory = config.getLineageSpoolDirectory().map(spool -> Path.of(spool).resolve(DIRECTORY));
    }

    /**
     * Leaves what a table function of the session's query reads for the listener; a failure is
     * logged and never fails the query.
     */
    public void record(ConnectorSession session, List<LineageDataset> reads)
    {
        if (directory.isEmpty()) {
            return;
        }
        try {
            Path query = Files.createDirectories(directory.get().resolve(session.getQueryId()));
            Files.writeString(query.resolve(UUID.randomUUID() + ".json"), CODEC.toJson(reads), UTF_8);
        }
        catch (IOException | RuntimeException e) {
            log.warn(e, "Cannot leave the tables query %s reads for the lineage listener in %s", session.getQueryId(), directory.get());
        }
    }

    /**
     * A table read at a snapshot, with the columns read, in the order of their names.
     */
    public static LineageDataset read(SourceTable table, long snapshotId, Stream<String> columns)
    {
        return new LineageDataset(table.catalog(), table.schema(), table.table(), columns.distinct().sorted().toList(), Optional.of(snapshotId));
    }

    /**
     * What the table functions of a query read, as the connector left it under the spool
     * directory; the files are deleted.
     */
    public static List<LineageDataset> take(Path spoolDirectory, String queryId)
            throws IOException
    {
        Path query = spoolDirectory.resolve(DIRECTORY).resolve(queryId);
        if (!Files.isDirectory(query)) {
            return ImmutableList.of();
        }
        ImmutableList.Builder<LineageDataset> reads = ImmutableList.builder();
        try (Stream<Path> files = Files.list(query)) {
            for (Path file : files.toList()) {
                try {
                    reads.addAll(CODEC.fromJson(Files.readString(file, UTF_8)));
                }
                catch (IllegalArgumentException e) {
                    log.warn(e, "Skipping %s: it is not a list of tables read", file);
                }
                Files.deleteIfExists(file);
            }
        }
        Files.deleteIfExists(query);
        return reads.build().stream().distinct().toList();
    }

    /**
     * Deletes what queries that never completed on this coordinator left (it stopped while they
     * ran): the folders older than the given age.
     */
    public static void removeStale(Path spoolDirectory, Duration age)
            throws IOException
    {
        Path reads = spoolDirectory.resolve(DIRECTORY);
        if (!Files.isDirectory(reads)) {
            return;
        }
        Instant before = Instant.now().minus(age);
        try (Stream<Path> queries = Files.list(reads)) {
            for (Path query : queries.toList()) {
                if (Files.getLastModifiedTime(query).toInstant().isBefore(before)) {
                    try (Stream<Path> files = Files.list(query)) {
                        for (Path file : files.toList()) {
                            Files.deleteIfExists(file);
                        }
                    }
                    Files.deleteIfExists(query);
                }
            }
        }
    }
}
