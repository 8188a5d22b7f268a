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
import io.airlift.bootstrap.LifeCycleManager;
import io.airlift.log.Logger;
import io.lakehouseml.feature.FeatureStoreConnectorFactory;
import io.lakehouseml.feature.registry.RegistryNames;
import io.lakehouseml.feature.vector.VectorSearchFunction;
import io.trino.spi.eventlistener.EventListener;
import io.trino.spi.eventlistener.OutputColumnMetadata;
import io.trino.spi.eventlistener.QueryCompletedEvent;
import io.trino.spi.eventlistener.QueryInputMetadata;
import io.trino.spi.eventlistener.QueryOutputMetadata;

import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

import static com.google.common.collect.ImmutableList.toImmutableList;
import static java.util.Objects.requireNonNull;

/**
 * Records every successful query that wrote a table (INSERT, CREATE TABLE AS, MERGE, UPDATE,
 * DELETE, ...) with the tables and columns it read and wrote. Trino calls {@link #queryCompleted}
 * on the thread that completes the query, so it only appends the run to the local
 * {@link LineageSpool} and returns; {@link LineageCommitter} commits the spool to the lineage
 * table. Nothing it does fails a query: its own failures are logged.
 */
public final class LineageEventListener
        implements EventListener
{
    private static final Logger log = Logger.get(LineageEventListener.class);

    private final LifeCycleManager lifeCycleManager;
    private final LineageSpool spool;
    private final LineageCommitter committer;
    private final int maxQueryLength;

    @Inject
    public LineageEventListener(LifeCycleManager lifeCycleManager, LineageSpool spool, LineageCommitter committer, LineageConfig config)
    {
        this.lifeCycleManager = requireNonNull(lifeCycleManager, "lifeCycleManager is null");
        this.spool = requireNonNull(spool, "spool is null");
        this.committer = requireNonNull(committer, "committer is null");
        this.maxQueryLength = config.getMaxQueryLength();
        try {
            ConnectorReads.removeStale(spool.directory(), Duration.ofDays(1));
        }
        catch (IOException | RuntimeException e) {
            log.warn(e, "Cannot remove what queries that never completed left in %s", spool.directory());
        }
    }

    @Override
    public void queryCompleted(QueryCompletedEvent event)
    {
        try {
            // taken for every query, so that nothing is left behind by the ones that wrote nothing
            List<LineageDataset> connectorReads = ConnectorReads.take(spool.directory(), event.getMetadata().getQueryId());
            Optional<LineageRun> run = toRun(event, maxQueryLength, connectorReads);
            if (run.isPresent()) {
                spool.append(run.get());
            }
        }
        catch (IOException | RuntimeException e) {
            log.error(e, "Cannot spool the lineage of query %s", event.getMetadata().getQueryId());
        }
    }

    /**
     * Commits what is spooled now, rather than at the next commit interval.
     */
    public int commit()
            throws IOException
    {
        return committer.commit();
    }

    @Override
    public void shutdown()
    {
        try {
            lifeCycleManager.stop();
            spool.close();
        }
        catch (IOException | RuntimeException e) {
            log.warn(e, "Cannot stop the lineage event listener cleanly");
        }
    }

    /**
     * The run of a query that completed successfully and wrote a table; empty for other queries.
     * The columns read are sorted by name (Trino reports them in no fixed order), the columns
     * written are in the order of the table.
     */
    public static Optional<LineageRun> toRun(QueryCompletedEvent event, int maxQueryLength)
    {
        return toRun(event, maxQueryLength, ImmutableList.of());
    }

    /**
     * The same, with the tables the connector's table functions read in the query (which the
     * engine does not report) among its inputs.
     */
    public static Optional<LineageRun> toRun(QueryCompletedEvent event, int maxQueryLength, List<LineageDataset> connectorReads)
    {
        if (event.getFailureInfo().isPresent() || event.getIoMetadata().getOutput().isEmpty()) {
            return Optional.empty();
        }
        QueryOutputMetadata output = event.getIoMetadata().getOutput().get();
        ImmutableList.Builder<LineageDataset> inputs = ImmutableList.builder();
        for (QueryInputMetadata input : event.getIoMetadata().getInputs()) {
            if (isVectorSearch(input)) {
                // the engine reads a vector_search call as a table; the table it searches is among the connector's reads
                continue;
            }
            inputs.add(new LineageDataset(
                    input.getCatalogName(),
                    input.getSchema(),
                    input.getTable(),
                    input.getColumns().stream().map(QueryInputMetadata.Column::name).sorted().collect(toImmutableList()),
                    snapshotRead(input.getConnectorInfo())));
        }
        inputs.addAll(connectorReads);
        LineageDataset written = new LineageDataset(
                output.getCatalogName(),
                output.getSchema(),
                output.getTable(),
                output.getColumns().orElse(ImmutableList.of()).stream().map(OutputColumnMetadata::getColumnName).collect(toImmutableList()),
                Optional.empty());
        String query = event.getMetadata().getQuery();
        return Optional.of(new LineageRun(
                event.getMetadata().getQueryId(),
                LineageRun.RUN_KIND_QUERY,
                event.getMetadata().getUpdateType().map(LineageEventListener::operation),
                Optional.of(event.getContext().getUser()),
                Optional.of(query.length() > maxQueryLength ? query.substring(0, maxQueryLength) : query),
                Optional.of(event.getExecutionStartTime()),
                event.getEndTime(),
                inputs.build(),
                List.of(written)));
    }

    private static boolean isVectorSearch(QueryInputMetadata input)
    {
        return input.getConnectorName().equals(Optional.of(FeatureStoreConnectorFactory.CONNECTOR_NAME))
                && input.getSchema().equals(RegistryNames.SYSTEM_SCHEMA)
                && input.getTable().equals(VectorSearchFunction.NAME);
    }

    private static String operation(String updateType)
    {
        // Trino reports CREATE TABLE AS SELECT with the update type of CREATE TABLE
        return updateType.equals("CREATE TABLE") ? "CREATE TABLE AS" : updateType;
    }

    /**
     * The snapshot the Iceberg connector read: its connector information (IcebergInputInfo, a
     * record of the Iceberg plugin's class loader) has a {@code snapshotId} component.
     */
    static Optional<Long> snapshotRead(Optional<Object> connectorInfo)
    {
        if (connectorInfo.isEmpty() || !connectorInfo.get().getClass().isRecord()) {
            return Optional.empty();
        }
        Object info = connectorInfo.get();
        for (RecordComponent component : info.getClass().getRecordComponents()) {
            if (!component.getName().equals("snapshotId")) {
                continue;
            }
            try {
                Object value = component.getAccessor().invoke(info);
                if (value instanceof OptionalLong snapshotId && snapshotId.isPresent()) {
                    return Optional.of(snapshotId.getAsLong());
                }
                if (value instanceof Long snapshotId) {
                    return Optional.of(snapshotId);
                }
            }
            catch (ReflectiveOperationException | RuntimeException e) {
                log.debug(e, "Cannot read the snapshot id of %s", info);
            }
        }
        return Optional.empty();
    }
}
