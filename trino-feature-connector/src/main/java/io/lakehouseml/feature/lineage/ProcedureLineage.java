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
import io.airlift.log.Logger;
import io.lakehouseml.feature.FeatureStoreConfig;
import io.lakehouseml.feature.iceberg.IcebergCatalogFactory;
import io.lakehouseml.feature.registry.FeatureViewDefinition.ColumnDefinition;
import io.lakehouseml.feature.registry.FeatureViewDefinition.SourceTable;
import io.trino.spi.catalog.CatalogName;
import io.trino.spi.connector.ConnectorSession;
import org.apache.iceberg.catalog.TableIdentifier;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static com.google.common.collect.ImmutableList.toImmutableList;
import static java.util.Objects.requireNonNull;

/**
 * The lineage of the connector's procedures, which Trino's event listeners never see: each call
 * that makes a training set, a model version, a materialization or a publication is recorded as a
 * run of kind {@code procedure} in the lineage table the query lineage listener writes
 * ({@code feature-store.lineage-table}), with what it read and what it made. Training sets and
 * models are named as objects of the feature store catalog ({@code feature_store.<schema>.<name>}).
 * A call has taken effect when it is recorded, so a failure to record is logged, never reported to
 * the caller.
 */
public class ProcedureLineage
{
    private static final Logger log = Logger.get(ProcedureLineage.class);

    private final Optional<QueryRunsTable> table;
    private final String catalogName;

    @Inject
    public ProcedureLineage(IcebergCatalogFactory catalogFactory, FeatureStoreConfig config, CatalogName catalogName)
    {
        this.table = config.getLineageTable()
                .map(name -> new QueryRunsTable(catalogFactory.catalog(), TableIdentifier.parse(name), new OpenLineageEvents(config.getOpenLineageNamespace())));
        this.catalogName = catalogName.toString();
    }

    /**
     * A training set or a model: an object of this catalog, with no snapshot of its own.
     */
    public LineageDataset registryObject(String schema, String name, List<ColumnDefinition> columns)
    {
        return new LineageDataset(catalogName, schema, name, columns.stream().map(ColumnDefinition::name).collect(toImmutableList()), Optional.empty());
    }

    public static LineageDataset table(SourceTable table, List<String> columns, long snapshotId)
    {
        return new LineageDataset(table.catalog(), table.schema(), table.table(), columns, Optional.of(snapshotId));
    }

    /**
     * Records the run of the call the session belongs to.
     *
     * @param description what the call made, in words, kept as the run's query text
     */
    public void record(ConnectorSession session, String operation, String description, List<LineageDataset> inputs, List<LineageDataset> outputs)
    {
        requireNonNull(session, "session is null");
        if (table.isEmpty()) {
            return;
        }
        LineageRun run = new LineageRun(
                session.getQueryId(),
                LineageRun.RUN_KIND_PROCEDURE,
                Optional.of(operation),
                Optional.of(session.getUser()),
                Optional.of(description),
                Optional.of(session.getStart()),
                Instant.now(),
                ImmutableList.copyOf(inputs),
                ImmutableList.copyOf(outputs));
        try {
            table.get().append(ImmutableList.of(run));
        }
        catch (RuntimeException e) {
            log.warn(e, "Cannot record the lineage of %s (query %s) in %s", operation, session.getQueryId(), table.get().identifier());
        }
    }

    /**
     * The table every run is recorded in, when recording is enabled.
     */
    public Optional<QueryRunsTable> table()
    {
        return table;
    }
}
