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
import com.google.common.util.concurrent.ThreadFactoryBuilder;
import com.google.inject.Inject;
import io.airlift.log.Logger;
import io.lakehouseml.feature.iceberg.IcebergCatalogConfig;
import io.lakehouseml.feature.iceberg.IcebergCatalogFactory;
import io.lakehouseml.feature.iceberg.IcebergCatalogFactory.RegistryCatalog;
import io.trino.filesystem.TrinoFileSystemFactory;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;

import static com.google.common.collect.ImmutableList.toImmutableList;
import static java.util.Objects.requireNonNull;
import static java.util.concurrent.Executors.newSingleThreadScheduledExecutor;
import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static java.util.concurrent.TimeUnit.SECONDS;

/**
 * Commits the spooled runs to the lineage table on a thread of its own, every commit interval:
 * it closes the spool's segment, finds the snapshot each run wrote (Trino's Iceberg connector
 * records the query id as {@code trino_query_id} in the summary of every snapshot it commits),
 * appends the runs that the table does not hold yet, and only then deletes the segments. A failed
 * commit leaves the segments in place for the next round; the Iceberg catalog is opened on the
 * first round, and again after a round that could not open it.
 */
public final class LineageCommitter
{
    private static final Logger log = Logger.get(LineageCommitter.class);
    private static final String TRINO_QUERY_ID = "trino_query_id";

    private final LineageConfig config;
    private final IcebergCatalogConfig catalogConfig;
    private final TrinoFileSystemFactory fileSystemFactory;
    private final LineageSpool spool;
    private final ScheduledExecutorService executor = newSingleThreadScheduledExecutor(
            new ThreadFactoryBuilder().setNameFormat("lineage-committer-%s").setDaemon(true).build());
    private IcebergCatalogFactory catalogFactory;

    @Inject
    public LineageCommitter(LineageConfig config, IcebergCatalogConfig catalogConfig, TrinoFileSystemFactory fileSystemFactory, LineageSpool spool)
    {
        this.config = requireNonNull(config, "config is null");
        this.catalogConfig = requireNonNull(catalogConfig, "catalogConfig is null");
        this.fileSystemFactory = requireNonNull(fileSystemFactory, "fileSystemFactory is null");
        this.spool = requireNonNull(spool, "spool is null");
    }

    @PostConstruct
    public void start()
    {
        long interval = config.getCommitInterval().toMillis();
        executor.scheduleWithFixedDelay(this::commitQuietly, interval, interval, MILLISECONDS);
    }

    /**
     * Stops committing; what is spooled and not committed yet is committed by the next process
     * on the same spool directory.
     */
    @PreDestroy
    public void stop()
            throws IOException, InterruptedException
    {
        executor.shutdown();
        if (!executor.awaitTermination(30, SECONDS)) {
            executor.shutdownNow();
        }
        synchronized (this) {
            if (catalogFactory != null) {
                catalogFactory.shutdown();
                catalogFactory = null;
            }
        }
    }

    private void commitQuietly()
    {
        try {
            commit();
        }
        catch (Throwable e) {
            log.warn(e, "Cannot commit the spooled runs to the lineage table %s now; they stay in %s and are committed in a later round", config.getTable(), spool.directory());
        }
    }

    /**
     * Commits every closed segment of the spool; returns the number of runs added to the table.
     */
    public synchronized int commit()
            throws IOException
    {
        List<Path> segments = spool.closeSegments();
        if (segments.isEmpty()) {
            return 0;
        }
        ImmutableList.Builder<LineageRun> spooled = ImmutableList.builder();
        for (Path segment : segments) {
            spooled.addAll(spool.read(segment));
        }
        List<LineageRun> runs = spooled.build();
        int added = 0;
        if (!runs.isEmpty()) {
            RegistryCatalog catalog = catalog();
            QueryRunsTable table = new QueryRunsTable(catalog, TableIdentifier.parse(config.getTable()), new OpenLineageEvents(config.getOpenLineageNamespace()));
            List<LineageRun> resolved = runs.stream()
                    .map(run -> run.withOutputs(output -> output.snapshotId().isPresent() ? output : output.withSnapshotId(writtenSnapshot(catalog, run.runId(), output))))
                    .collect(toImmutableList());
            added = table.append(resolved);
        }
        spool.delete(segments);
        return added;
    }

    private RegistryCatalog catalog()
    {
        if (catalogFactory == null) {
            catalogFactory = new IcebergCatalogFactory(catalogConfig, fileSystemFactory);
        }
        return catalogFactory.catalog();
    }

    /**
     * The newest snapshot of the table that the query committed, when the table is in the
     * Iceberg catalog and the snapshot is still there.
     */
    private Optional<Long> writtenSnapshot(RegistryCatalog catalog, String queryId, LineageDataset output)
    {
        Set<String> icebergCatalogs = config.getIcebergCatalogs();
        if (!icebergCatalogs.contains(output.catalogName())) {
            return Optional.empty();
        }
        Table table;
        try {
            table = catalog.tables().loadTable(TableIdentifier.of(output.schemaName(), output.tableName()));
        }
        catch (RuntimeException e) {
            log.debug(e, "Cannot load %s to find the snapshot query %s wrote", output.qualifiedName(), queryId);
            return Optional.empty();
        }
        ImmutableList.Builder<Snapshot> written = ImmutableList.builder();
        for (Snapshot snapshot : table.snapshots()) {
            if (queryId.equals(snapshot.summary().get(TRINO_QUERY_ID))) {
                written.add(snapshot);
            }
        }
        return written.build().stream()
                .max(Comparator.comparingLong(Snapshot::sequenceNumber).thenComparingLong(Snapshot::timestampMillis))
                .map(Snapshot::snapshotId);
    }
}
