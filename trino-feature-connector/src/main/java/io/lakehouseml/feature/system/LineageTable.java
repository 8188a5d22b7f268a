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
package io.lakehouseml.feature.system;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import com.google.inject.Inject;
import io.airlift.slice.Slice;
import io.lakehouseml.feature.FeatureStoreConfig;
import io.lakehouseml.feature.lineage.LineageGraph;
import io.lakehouseml.feature.lineage.LineageGraph.Direction;
import io.lakehouseml.feature.lineage.LineageGraph.Step;
import io.lakehouseml.feature.lineage.ProcedureLineage;
import io.lakehouseml.feature.lineage.QueryRunsTable;
import io.lakehouseml.feature.security.SourceAccessControl;
import io.trino.spi.connector.CatalogSchemaTableName;
import io.trino.spi.connector.ConnectorSession;
import io.trino.spi.predicate.Domain;
import io.trino.spi.predicate.TupleDomain;
import io.trino.spi.type.Type;
import org.apache.iceberg.catalog.TableIdentifier;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static io.airlift.slice.Slices.utf8Slice;
import static io.lakehouseml.feature.FeatureStoreErrorCode.FEATURE_STORE_INVALID_ARGUMENT;
import static io.lakehouseml.feature.registry.FeatureRegistry.access;
import static io.trino.spi.type.BigintType.BIGINT;
import static io.trino.spi.type.DateTimeEncoding.packDateTimeWithZone;
import static io.trino.spi.type.IntegerType.INTEGER;
import static io.trino.spi.type.TimeZoneKey.UTC_KEY;
import static io.trino.spi.type.TimestampWithTimeZoneType.TIMESTAMP_TZ_MICROS;
import static io.trino.spi.type.TimestampWithTimeZoneType.TIMESTAMP_TZ_MILLIS;
import static io.trino.spi.type.VarcharType.VARCHAR;
import static java.util.Objects.requireNonNull;

/**
 * {@code feature_store.system.lineage}: walks the lineage table from a table, training set or
 * model ({@code start_dataset}, as {@code catalog.schema.name}), upstream to what it was made from
 * or downstream to what was made from it: one row per run and pair of tables it read and wrote,
 * with the number of runs from the start ({@code depth}) and the snapshots read and written.
 */
public class LineageTable
        extends ListingTable<Object[]>
{
    private static final int START_DATASET = 0;
    private static final int DIRECTION = 1;
    private static final int MAX_DEPTH = 100;

    // the columns of the lineage table the walk reads, as the engine types them
    private static final Map<String, Type> COLUMNS_READ = ImmutableMap.<String, Type>builder()
            .put("run_id", VARCHAR)
            .put("run_kind", VARCHAR)
            .put("operation", VARCHAR)
            .put("user_name", VARCHAR)
            .put("ended_at", TIMESTAMP_TZ_MICROS)
            .put("direction", VARCHAR)
            .put("catalog_name", VARCHAR)
            .put("schema_name", VARCHAR)
            .put("table_name", VARCHAR)
            .put("snapshot_id", BIGINT)
            .buildOrThrow();

    private final ProcedureLineage lineage;
    private final SourceAccessControl sourceAccess;
    private final String sourceCatalog;

    @Inject
    public LineageTable(ProcedureLineage lineage, SourceAccessControl sourceAccess, FeatureStoreConfig config)
    {
        super("lineage", ImmutableList.of(
                column("start_dataset", VARCHAR),
                column("direction", VARCHAR),
                column("depth", INTEGER),
                column("run_id", VARCHAR),
                column("run_kind", VARCHAR),
                column("operation", VARCHAR),
                column("user_name", VARCHAR),
                column("ended_at", TIMESTAMP_TZ_MILLIS),
                column("input_dataset", VARCHAR),
                column("input_snapshot_id", BIGINT),
                column("output_dataset", VARCHAR),
                column("output_snapshot_id", BIGINT)));
        this.lineage = requireNonNull(lineage, "lineage is null");
        this.sourceAccess = requireNonNull(sourceAccess, "sourceAccess is null");
        this.sourceCatalog = config.getSourceCatalog();
    }

    @Override
    protected List<Object[]> rows(ConnectorSession session)
    {
        return rows(session, TupleDomain.all());
    }

    @Override
    protected List<Object[]> rows(ConnectorSession session, TupleDomain<Integer> constraint)
    {
        Map<Integer, Domain> domains = constraint.getDomains().orElse(Map.of());
        List<String> starts = values(domains.get(START_DATASET));
        if (starts.isEmpty()) {
            throw FEATURE_STORE_INVALID_ARGUMENT.error("feature_store.system.lineage walks from a table, training set or model: add WHERE start_dataset = 'catalog.schema.name'");
        }
        QueryRunsTable table = lineage.table()
                .orElseThrow(() -> FEATURE_STORE_INVALID_ARGUMENT.error("This catalog records no lineage: set feature-store.lineage-table to the table of the query lineage listener"));
        // the walk reads the table's files itself: only for users the server's rules let read it as stored
        TableIdentifier identifier = table.identifier();
        sourceAccess.checkCanReadFiles(session, new CatalogSchemaTableName(sourceCatalog, identifier.namespace().toString(), identifier.name()), COLUMNS_READ, "feature_store.system.lineage");
        LineageGraph graph = access("read the lineage table " + table.identifier(), () -> LineageGraph.read(table.loadOrCreate()));
        List<Object[]> rows = new ArrayList<>();
        for (String start : starts) {
            for (Direction direction : Direction.values()) {
                String name = direction.name().toLowerCase(Locale.ROOT);
                Domain directions = domains.get(DIRECTION);
                if (directions != null && !directions.includesNullableValue(utf8Slice(name))) {
                    continue;
                }
                for (Step step : graph.walk(start.toLowerCase(Locale.ROOT), direction, MAX_DEPTH)) {
                    rows.add(new Object[] {
                            start,
                            name,
                            step.depth(),
                            step.edge().runId(),
                            step.edge().runKind(),
                            step.edge().operation().orElse(null),
                            step.edge().userName().orElse(null),
                            step.edge().endedAtMicros() == null ? null : packDateTimeWithZone(step.edge().endedAtMicros() / 1000, UTC_KEY),
                            step.edge().input(),
                            step.edge().inputSnapshotId().orElse(null),
                            step.edge().output(),
                            step.edge().outputSnapshotId().orElse(null),
                    });
                }
            }
        }
        return rows;
    }

    /**
     * The values a condition on a varchar column allows, when it allows only some.
     */
    private static List<String> values(Domain domain)
    {
        if (domain == null || !domain.getValues().isDiscreteSet()) {
            return ImmutableList.of();
        }
        return domain.getValues().getDiscreteSet().stream()
                .map(value -> ((Slice) value).toStringUtf8())
                .toList();
    }

    @Override
    protected Object[] toRow(Object[] row)
    {
        return row;
    }
}
