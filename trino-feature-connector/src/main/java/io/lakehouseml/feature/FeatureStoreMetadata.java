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
package io.lakehouseml.feature;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableSet;
import com.google.inject.Inject;
import io.lakehouseml.feature.FeatureViewDefinition.ColumnDefinition;
import io.lakehouseml.feature.FeatureViewDefinition.SourceTable;
import io.lakehouseml.feature.TrainingSetDefinition.PinnedSource;
import io.trino.spi.TrinoException;
import io.trino.spi.connector.ConnectorMetadata;
import io.trino.spi.connector.ConnectorSession;
import io.trino.spi.connector.ConnectorTableHandle;
import io.trino.spi.connector.ConnectorTableVersion;
import io.trino.spi.connector.ConnectorViewDefinition;
import io.trino.spi.connector.ConnectorViewDefinition.ViewColumn;
import io.trino.spi.connector.SchemaTableName;
import io.trino.spi.connector.SystemTable;
import io.trino.spi.type.TypeManager;
import org.apache.iceberg.Table;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.StringJoiner;
import java.util.function.BiFunction;

import static com.google.common.collect.ImmutableList.toImmutableList;
import static com.google.common.collect.ImmutableMap.toImmutableMap;
import static io.lakehouseml.feature.FeatureStoreErrorCode.FEATURE_STORE_INVALID_ARGUMENT;
import static io.lakehouseml.feature.FeatureStoreErrorCode.FEATURE_STORE_SNAPSHOT_NOT_FOUND;
import static io.lakehouseml.feature.FeatureViewDefinition.quote;
import static io.lakehouseml.feature.FeatureViewDefinition.stringLiteral;
import static java.lang.String.format;
import static java.util.Objects.requireNonNull;

/**
 * Schemas are the registry's schemas; each feature view is a view over its source table through the
 * Iceberg catalog of Trino, run with the permissions of the user who queries it.
 */
public class FeatureStoreMetadata
        implements ConnectorMetadata
{
    private final FeatureRegistry registry;
    // the views every feature view has beside it, by the suffix of their names
    private final Map<String, BiFunction<FeatureViewDefinition, Optional<String>, ConnectorViewDefinition>> companions = ImmutableMap.of(
            "$latest", (view, _) -> toLatestView(view),
            "$history", (view, _) -> toHistoryView(view),
            "$statistics", this::toStatisticsView,
            "$drift", this::toDriftView,
            "$violations", this::toViolationsView);
    // the companions that read a version of the source table named after an '@'
    private static final Set<String> VERSIONED_COMPANIONS = ImmutableSet.of("$statistics", "$drift", "$violations");
    private final TypeManager typeManager;

    @Inject
    public FeatureStoreMetadata(FeatureRegistry registry, TypeManager typeManager)
    {
        this.registry = requireNonNull(registry, "registry is null");
        this.typeManager = requireNonNull(typeManager, "typeManager is null");
    }

    @Override
    public List<String> listSchemaNames(ConnectorSession session)
    {
        return ImmutableList.<String>builder()
                .addAll(registry.listSchemas())
                .add(RegistryTables.SCHEMA)
                .build();
    }

    @Override
    public boolean schemaExists(ConnectorSession session, String schemaName)
    {
        return schemaName.equals(RegistryTables.SCHEMA) || registry.listSchemas().contains(schemaName);
    }

    @Override
    public List<SchemaTableName> listTables(ConnectorSession session, Optional<String> schemaName)
    {
        return listViews(session, schemaName);
    }

    /**
     * The feature store has views and system tables only: no table handles.
     */
    @Override
    public ConnectorTableHandle getTableHandle(ConnectorSession session, SchemaTableName tableName, Optional<ConnectorTableVersion> startVersion, Optional<ConnectorTableVersion> endVersion)
    {
        return null;
    }

    @Override
    public List<SchemaTableName> listViews(ConnectorSession session, Optional<String> schemaName)
    {
        if (schemaName.isPresent() && schemaName.get().equals(RegistryTables.SCHEMA)) {
            return ImmutableList.of();
        }
        return registry.listViews(schemaName).stream()
                .map(view -> new SchemaTableName(view.schema(), view.name()))
                .collect(toImmutableList());
    }

    @Override
    public Map<SchemaTableName, ConnectorViewDefinition> getViews(ConnectorSession session, Optional<String> schemaName)
    {
        if (schemaName.isPresent() && schemaName.get().equals(RegistryTables.SCHEMA)) {
            return ImmutableMap.of();
        }
        return registry.listViews(schemaName).stream()
                .collect(toImmutableMap(view -> new SchemaTableName(view.schema(), view.name()), this::toView));
    }

    @Override
    public Optional<ConnectorViewDefinition> getView(ConnectorSession session, SchemaTableName viewName)
    {
        if (viewName.getSchemaName().equals(RegistryTables.SCHEMA)) {
            return Optional.empty();
        }
        String tableName = viewName.getTableName();
        int dollar = tableName.indexOf('$');
        if (dollar >= 0) {
            // "<name>$<companion>" or "<name>$<companion>@<version>"
            String name = tableName.substring(0, dollar);
            int at = tableName.indexOf('@', dollar);
            String suffix = at < 0 ? tableName.substring(dollar) : tableName.substring(dollar, at);
            Optional<String> version = at < 0 ? Optional.empty() : Optional.of(tableName.substring(at + 1));
            boolean known = companions.containsKey(suffix) || suffix.equals("$fingerprint");
            if (version.isPresent() && known && !VERSIONED_COMPANIONS.contains(suffix)) {
                throw new TrinoException(FEATURE_STORE_INVALID_ARGUMENT, format("\"%s%s\" does not read a version of its source table: remove '@%s'", name, suffix, version.get()));
            }
            // the training sets' companion
            if (suffix.equals("$fingerprint")) {
                return registry.getTrainingSet(viewName.getSchemaName(), name).map(trainingSet -> {
                    checkSnapshots(trainingSet);
                    return toFingerprintView(trainingSet);
                });
            }
            BiFunction<FeatureViewDefinition, Optional<String>, ConnectorViewDefinition> companion = companions.get(suffix);
            if (companion == null) {
                return Optional.empty();
            }
            return registry.getFeatureView(viewName.getSchemaName(), name).map(view -> companion.apply(view, version));
        }
        return registry.getView(viewName.getSchemaName(), viewName.getTableName()).map(view -> {
            if (view instanceof TrainingSetDefinition trainingSet) {
                checkSnapshots(trainingSet);
            }
            return toView(view);
        });
    }

    /**
     * A training set reads every source at its pinned snapshot; once one is gone, its rows cannot be reproduced.
     */
    private void checkSnapshots(TrainingSetDefinition trainingSet)
    {
        for (PinnedSource source : trainingSet.sources()) {
            if (registry.loadSourceTable(source.table()).snapshot(source.snapshotId()) == null) {
                throw new TrinoException(FEATURE_STORE_SNAPSHOT_NOT_FOUND, format(
                        "Training set %s.%s reads %s at snapshot %s (committed %s), which no longer exists (expired or rolled back); the training set cannot be reproduced",
                        trainingSet.schema(),
                        trainingSet.name(),
                        source.table(),
                        source.snapshotId(),
                        source.committedAt()));
            }
        }
    }

    @Override
    public Optional<SystemTable> getSystemTable(ConnectorSession session, SchemaTableName tableName)
    {
        return RegistryTables.get(registry, tableName);
    }

    private ConnectorViewDefinition toView(RegistryView view)
    {
        return switch (view) {
            case FeatureViewDefinition featureView -> toView(featureView);
            case TrainingSetDefinition trainingSet -> toView(trainingSet);
        };
    }

    private ConnectorViewDefinition toView(FeatureViewDefinition definition)
    {
        return view(definition.sql(), featureViewColumns(definition), format("Feature view over %s", definition.sourceTable()));
    }

    /**
     * The columns of a feature view, each with its role as comment.
     */
    private List<ViewColumn> featureViewColumns(FeatureViewDefinition definition)
    {
        return definition.columns().stream()
                .map(column -> new ViewColumn(column.name(), typeManager.fromSqlType(column.type()).getTypeId(), Optional.of(role(definition, column))))
                .collect(toImmutableList());
    }

    private ConnectorViewDefinition toLatestView(FeatureViewDefinition definition)
    {
        return view(
                definition.latestSql(),
                featureViewColumns(definition),
                format("Latest values of feature view %s.%s", definition.schema(), definition.name()));
    }

    private ConnectorViewDefinition toHistoryView(FeatureViewDefinition definition)
    {
        return view(
                FeatureHealth.historySql(definition),
                ImmutableList.of(
                        column("committed_at", "timestamp(3) with time zone"),
                        column("snapshot_id", "bigint"),
                        column("parent_id", "bigint"),
                        column("operation", "varchar"),
                        column("total_rows", "bigint"),
                        column("added_rows", "bigint"),
                        column("deleted_rows", "bigint")),
                format("Snapshots of %s, the source of feature view %s.%s", definition.sourceTable(), definition.schema(), definition.name()));
    }

    private ConnectorViewDefinition toStatisticsView(FeatureViewDefinition definition, Optional<String> version)
    {
        Table table = registry.loadSourceTable(definition.sourceTable());
        return view(
                FeatureHealth.statisticsSql(definition, FeatureQuality.snapshotOf(table, definition.sourceTable(), version)),
                ImmutableList.of(
                        column("feature", "varchar"),
                        column("total_rows", "bigint"),
                        column("null_rows", "bigint"),
                        column("null_rate", "double"),
                        column("min", "varchar"),
                        column("max", "varchar"),
                        column("mean", "double"),
                        column("distinct_estimate", "bigint")),
                format("Statistics of the features of %s.%s", definition.schema(), definition.name()));
    }

    /**
     * The drift of the last commit of the current snapshot ({@code $drift}) or of a version
     * ({@code $drift@<version>}), or from one version to another ({@code $drift@<from>..<to>}).
     */
    private ConnectorViewDefinition toDriftView(FeatureViewDefinition definition, Optional<String> version)
    {
        Table table = registry.loadSourceTable(definition.sourceTable());
        long snapshotId;
        Optional<Long> baseId;
        if (version.isPresent() && version.get().contains("..")) {
            String[] versions = version.get().split("\\.\\.", -1);
            if (versions.length != 2) {
                throw new TrinoException(FEATURE_STORE_INVALID_ARGUMENT, format("A drift between two versions is written '@<from>..<to>', not '@%s'", version.get()));
            }
            baseId = Optional.of(FeatureQuality.resolveVersion(table, definition.sourceTable(), versions[0]));
            snapshotId = FeatureQuality.resolveVersion(table, definition.sourceTable(), versions[1]);
        }
        else {
            snapshotId = FeatureQuality.snapshotOf(table, definition.sourceTable(), version)
                    .orElseThrow(() -> new TrinoException(FEATURE_STORE_SNAPSHOT_NOT_FOUND, format("%s has no snapshot yet: there is no drift to show", definition.sourceTable())));
            baseId = Optional.ofNullable(table.snapshot(snapshotId).parentId());
        }
        List<ViewColumn> columns = ImmutableList.<ViewColumn>builder()
                .add(column("feature", "varchar"), column("snapshot_id", "bigint"), column("parent_id", "bigint"))
                .add(column("total_rows_before", "bigint"), column("total_rows_after", "bigint"))
                .add(column("null_rate_before", "double"), column("null_rate_after", "double"), column("null_rate_change", "double"))
                .add(column("mean_before", "double"), column("mean_after", "double"), column("mean_change", "double"))
                .add(column("min_before", "varchar"), column("min_after", "varchar"), column("max_before", "varchar"), column("max_after", "varchar"))
                .add(column("distinct_before", "bigint"), column("distinct_after", "bigint"))
                .build();
        return view(
                FeatureHealth.driftSql(definition, snapshotId, baseId),
                columns,
                format("Drift of the features of %s.%s between two snapshots of %s", definition.schema(), definition.name(), definition.sourceTable()));
    }

    /**
     * Every expectation of the feature view that the source table's current snapshot, or a version
     * ({@code $violations@<version>}, such as the branch of a write being audited), does not meet.
     */
    private ConnectorViewDefinition toViolationsView(FeatureViewDefinition definition, Optional<String> version)
    {
        Table table = registry.loadSourceTable(definition.sourceTable());
        List<ExpectationDefinition> expectations = registry.listExpectations(Optional.of(definition.schema()), Optional.of(definition.name()));
        return view(
                FeatureQuality.violationsSql(definition, expectations, FeatureQuality.snapshotOf(table, definition.sourceTable(), version)),
                ImmutableList.of(
                        column("expectation_name", "varchar"),
                        column("kind", "varchar"),
                        column("column_name", "varchar"),
                        column("snapshot_id", "bigint"),
                        column("total_rows", "bigint"),
                        column("failing_rows", "bigint"),
                        column("observed", "varchar"),
                        column("expected", "varchar")),
                format("Violated expectations of feature view %s.%s", definition.schema(), definition.name()));
    }

    /**
     * The number of rows of a training set and an order-independent checksum of their values, to
     * log with a training run and compare with a later one; and the same for every table that
     * materializes it, at its recorded snapshot.
     */
    private ConnectorViewDefinition toFingerprintView(TrainingSetDefinition definition)
    {
        StringJoiner values = new StringJoiner(", ", "ROW(", ")");
        for (ColumnDefinition column : definition.columns()) {
            // maps cannot be hashed as they are; their JSON text can
            values.add(column.type().startsWith("map(") ? format("json_format(CAST(%s AS json))", quote(column.name())) : quote(column.name()));
        }
        StringJoiner sql = new StringJoiner("\nUNION ALL\n");
        sql.add(format(
                "SELECT CAST('training set' AS varchar) AS source, CAST(NULL AS bigint) AS snapshot_id, count(*) AS row_count, lower(to_hex(checksum(%s))) AS content_fingerprint FROM (%s)",
                values,
                definition.sql()));
        for (MaterializationDefinition materialization : registry.listMaterializations(Optional.of(definition.schema()), Optional.of(definition.name()))) {
            SourceTable table = materialization.table();
            sql.add(format(
                    "SELECT CAST(%s AS varchar), BIGINT '%d', count(*), lower(to_hex(checksum(%s))) FROM %s.%s.%s FOR VERSION AS OF %2$d",
                    stringLiteral(table.toString()),
                    materialization.snapshotId(),
                    values,
                    quote(table.catalog()),
                    quote(table.schema()),
                    quote(table.table())));
        }
        return view(
                sql.toString(),
                ImmutableList.of(column("source", "varchar"), column("snapshot_id", "bigint"), column("row_count", "bigint"), column("content_fingerprint", "varchar")),
                format("Content fingerprint of training set %s.%s and of the tables that materialize it", definition.schema(), definition.name()));
    }

    private ViewColumn column(String name, String type)
    {
        return new ViewColumn(name, typeManager.fromSqlType(type).getTypeId(), Optional.empty());
    }

    private ConnectorViewDefinition toView(TrainingSetDefinition definition)
    {
        return view(
                definition.sql(),
                definition.columns().stream()
                        .map(column -> new ViewColumn(column.name(), typeManager.fromSqlType(column.type()).getTypeId(), Optional.empty()))
                        .collect(toImmutableList()),
                format("Training set over %s with %s, pinned to snapshots (fingerprint %s)", definition.spineTable(), definition.features(), definition.fingerprint()));
    }

    /**
     * A view that runs with the permissions of the user who queries it.
     */
    private static ConnectorViewDefinition view(String sql, List<ViewColumn> columns, String comment)
    {
        return new ConnectorViewDefinition(sql, Optional.empty(), Optional.empty(), columns, Optional.of(comment), Optional.empty(), true, ImmutableList.of());
    }

    private static String role(FeatureViewDefinition definition, ColumnDefinition column)
    {
        if (definition.entityColumns().contains(column.name())) {
            return "entity key";
        }
        if (definition.timestampColumn().equals(column.name())) {
            return "event timestamp";
        }
        if (definition.createdTimestampColumn().map(column.name()::equals).orElse(false)) {
            return "created timestamp";
        }
        return "feature";
    }
}
