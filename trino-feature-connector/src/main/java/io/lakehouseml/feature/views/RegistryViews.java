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
package io.lakehouseml.feature.views;

import com.google.common.collect.ImmutableList;
import com.google.inject.Inject;
import io.lakehouseml.feature.FeatureStoreConfig;
import io.lakehouseml.feature.iceberg.IcebergTypes;
import io.lakehouseml.feature.quality.FeatureHealth;
import io.lakehouseml.feature.quality.FeatureQuality;
import io.lakehouseml.feature.registry.ExpectationDefinition;
import io.lakehouseml.feature.registry.FeatureRegistry;
import io.lakehouseml.feature.registry.FeatureViewDefinition;
import io.lakehouseml.feature.registry.FeatureViewDefinition.ColumnDefinition;
import io.lakehouseml.feature.registry.FeatureViewDefinition.SourceTable;
import io.lakehouseml.feature.registry.RegistryView;
import io.lakehouseml.feature.registry.TrainingSetDefinition;
import io.lakehouseml.feature.registry.TrainingSetDefinition.PinnedSource;
import io.lakehouseml.feature.security.SourceAccessControl;
import io.lakehouseml.feature.training.TrainingSetFingerprint;
import io.trino.spi.connector.ConnectorSession;
import io.trino.spi.connector.ConnectorViewDefinition;
import io.trino.spi.connector.ConnectorViewDefinition.ViewColumn;
import io.trino.spi.type.Type;
import io.trino.spi.type.TypeManager;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.types.Types.NestedField;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import static com.google.common.collect.ImmutableList.toImmutableList;
import static com.google.common.collect.ImmutableMap.toImmutableMap;
import static io.lakehouseml.feature.FeatureStoreErrorCode.FEATURE_STORE_INVALID_ARGUMENT;
import static io.lakehouseml.feature.FeatureStoreErrorCode.FEATURE_STORE_SNAPSHOT_NOT_FOUND;
import static io.lakehouseml.feature.iceberg.IcebergSnapshots.resolveVersion;
import static io.lakehouseml.feature.iceberg.IcebergSnapshots.schemaOf;
import static io.lakehouseml.feature.iceberg.IcebergSnapshots.snapshotOf;
import static java.lang.String.format;
import static java.util.Objects.requireNonNull;

/**
 * The views of the registry as Trino runs them: each feature view reads its source table and each
 * training set its pinned snapshots, with the permissions of the user who queries them; beside
 * them their companions, {@code "<name>$<companion>"}, some of them at a version of the source
 * table, {@code "<name>$<companion>@<version>"}.
 */
public class RegistryViews
{
    private final FeatureRegistry registry;
    private final TypeManager typeManager;
    private final SourceAccessControl sourceAccess;
    private final String sourceCatalog;

    @Inject
    public RegistryViews(FeatureRegistry registry, TypeManager typeManager, SourceAccessControl sourceAccess, FeatureStoreConfig config)
    {
        this.sourceCatalog = config.getSourceCatalog();
        this.registry = requireNonNull(registry, "registry is null");
        this.typeManager = requireNonNull(typeManager, "typeManager is null");
        this.sourceAccess = requireNonNull(sourceAccess, "sourceAccess is null");
    }

    /**
     * The view of a feature view or training set, or of one of their companions, as the session's
     * user reads it; empty for a name the registry does not know.
     */
    public Optional<ConnectorViewDefinition> getView(ConnectorSession session, String schema, String tableName)
    {
        if (tableName.indexOf('$') < 0) {
            return registry.getView(schema, tableName).map(view -> switch (view) {
                case FeatureViewDefinition featureView -> toView(featureView);
                case TrainingSetDefinition trainingSet -> toView(trainingSet, trainingSetSql(session, trainingSet));
            });
        }
        Optional<CompanionName> companionName = CompanionName.parse(tableName);
        if (companionName.isEmpty()) {
            return Optional.empty();
        }
        String name = companionName.get().name();
        Optional<String> version = companionName.get().version();
        return switch (companionName.get().companion()) {
            case FINGERPRINT -> registry.getTrainingSet(schema, name).map(trainingSet -> toFingerprintView(trainingSet, trainingSetSql(session, trainingSet)));
            case LATEST -> registry.getFeatureView(schema, name).map(this::toLatestView);
            case HISTORY -> registry.getFeatureView(schema, name).map(this::toHistoryView);
            case STATISTICS -> registry.getFeatureView(schema, name).map(view -> toStatisticsView(view, version));
            case DRIFT -> registry.getFeatureView(schema, name).map(view -> toDriftView(view, version));
            case VIOLATIONS -> registry.getFeatureView(schema, name).map(view -> toViolationsView(view, version));
        };
    }

    /**
     * The companion of a table of the source catalog, in the {@code system} schema:
     * {@code "<schema>.<table>$violations"} or {@code "<schema>.<table>$violations@<version>"},
     * which checks the expectations added to the table with {@code table_name}; empty for any
     * other name.
     */
    public Optional<ConnectorViewDefinition> getTableView(String tableName)
    {
        Optional<CompanionName> companionName = CompanionName.parse(tableName).filter(parsed -> parsed.companion() == Companion.VIOLATIONS);
        int dot = tableName.indexOf('.');
        if (companionName.isEmpty() || dot < 0 || dot > companionName.get().name().length()) {
            return Optional.empty();
        }
        Optional<String> version = companionName.get().version();
        SourceTable source = new SourceTable(sourceCatalog, tableName.substring(0, dot), companionName.get().name().substring(dot + 1));
        Table table = registry.loadSourceTable(source);
        Optional<Long> snapshotId = snapshotOf(table, source, version);
        Schema schema = snapshotId.map(id -> schemaOf(table, id)).orElseGet(table::schema);
        Map<String, String> columnTypes = schema.columns().stream().collect(toImmutableMap(NestedField::name, field -> IcebergTypes.typeName(field.type())));
        return Optional.of(violationsView(
                FeatureQuality.violationsSql(source, columnTypes, registry.listTableExpectations(Optional.of(source)), snapshotId),
                format("Violated expectations of table %s", source)));
    }

    /**
     * The view as the engine lists it.
     */
    public ConnectorViewDefinition toView(RegistryView view)
    {
        return switch (view) {
            case FeatureViewDefinition featureView -> toView(featureView);
            case TrainingSetDefinition trainingSet -> toView(trainingSet, trainingSet.sql());
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
                LatestValuesQuery.sql(definition),
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
                FeatureHealth.statisticsSql(definition, snapshotOf(table, definition.sourceTable(), version)),
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
                throw FEATURE_STORE_INVALID_ARGUMENT.error("A drift between two versions is written '@<from>..<to>', not '@%s'", version.get());
            }
            baseId = Optional.of(resolveVersion(table, definition.sourceTable(), versions[0]));
            snapshotId = resolveVersion(table, definition.sourceTable(), versions[1]);
        }
        else {
            snapshotId = snapshotOf(table, definition.sourceTable(), version)
                    .orElseThrow(() -> FEATURE_STORE_SNAPSHOT_NOT_FOUND.error("%s has no snapshot yet: there is no drift to show", definition.sourceTable()));
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
        return violationsView(
                FeatureQuality.violationsSql(definition, expectations, snapshotOf(table, definition.sourceTable(), version)),
                format("Violated expectations of feature view %s.%s", definition.schema(), definition.name()));
    }

    private ConnectorViewDefinition violationsView(String sql, String comment)
    {
        return view(
                sql,
                ImmutableList.of(
                        column("expectation_name", "varchar"),
                        column("kind", "varchar"),
                        column("column_name", "varchar"),
                        column("snapshot_id", "bigint"),
                        column("total_rows", "bigint"),
                        column("failing_rows", "bigint"),
                        column("observed", "varchar"),
                        column("expected", "varchar")),
                comment);
    }

    private ConnectorViewDefinition toFingerprintView(TrainingSetDefinition definition, String trainingSetSql)
    {
        return view(
                TrainingSetFingerprint.sql(definition, trainingSetSql, registry.listMaterializations(Optional.of(definition.schema()), Optional.of(definition.name()))),
                ImmutableList.of(column("source", "varchar"), column("snapshot_id", "bigint"), column("row_count", "bigint"), column("content_fingerprint", "varchar")),
                format("Content fingerprint of training set %s.%s and of the tables that materialize it", definition.schema(), definition.name()));
    }

    private ViewColumn column(String name, String type)
    {
        return new ViewColumn(name, typeManager.fromSqlType(type).getTypeId(), Optional.empty());
    }

    private ConnectorViewDefinition toView(TrainingSetDefinition definition, String sql)
    {
        return view(
                sql,
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

    /**
     * The query a training set is read with: from the data files by {@code point_in_time_features}
     * when the reader may read every column of every source as it is stored (no mask, no row
     * filter), otherwise through the engine, which applies the reader's masks and filters. Both
     * return the same rows where both may run.
     */
    private String trainingSetSql(ConnectorSession session, TrainingSetDefinition trainingSet)
    {
        boolean files = trainingSet.filesSql().isPresent();
        for (PinnedSource source : trainingSet.sources()) {
            Table table = registry.loadSourceTable(source.table());
            checkSnapshot(trainingSet, source, table);
            files = files && sourceAccess.canReadFiles(session, source.table().catalogSchemaTableName(), columnTypes(table, source));
        }
        return files ? trainingSet.filesSql().get() : trainingSet.sql();
    }

    /**
     * Every column of a source at its pinned snapshot, with its Trino type.
     */
    private Map<String, Type> columnTypes(Table table, PinnedSource source)
    {
        Map<String, Type> columns = new LinkedHashMap<>();
        for (NestedField field : schemaOf(table, source.snapshotId()).columns()) {
            columns.put(field.name().toLowerCase(Locale.ROOT), typeManager.fromSqlType(IcebergTypes.columnType(field, source.table())));
        }
        return columns;
    }

    /**
     * A training set reads every source at its pinned snapshot; once one is gone, its rows cannot be reproduced.
     */
    private static void checkSnapshot(TrainingSetDefinition trainingSet, PinnedSource source, Table table)
    {
        if (table.snapshot(source.snapshotId()) == null) {
            throw FEATURE_STORE_SNAPSHOT_NOT_FOUND.error(
                    "Training set %s.%s reads %s at snapshot %s (committed %s), which no longer exists (expired or rolled back); the training set cannot be reproduced",
                    trainingSet.schema(),
                    trainingSet.name(),
                    source.table(),
                    source.snapshotId(),
                    source.committedAt());
        }
    }

    /**
     * The views beside a feature view or training set, by the suffix of their names.
     */
    private enum Companion
    {
        LATEST("$latest", false),
        HISTORY("$history", false),
        STATISTICS("$statistics", true),
        DRIFT("$drift", true),
        VIOLATIONS("$violations", true),
        // of training sets
        FINGERPRINT("$fingerprint", false);

        private final String suffix;
        private final boolean readsVersions;

        Companion(String suffix, boolean readsVersions)
        {
            this.suffix = suffix;
            this.readsVersions = readsVersions;
        }

        static Optional<Companion> of(String suffix)
        {
            return Arrays.stream(values()).filter(companion -> companion.suffix.equals(suffix)).findFirst();
        }

        /**
         * Whether the companion reads a version of the source table named after an '@'.
         */
        boolean readsVersions()
        {
            return readsVersions;
        }
    }

    /**
     * A companion's table name, {@code "<name>$<companion>"} or {@code "<name>$<companion>@<version>"}.
     */
    private record CompanionName(String name, Companion companion, Optional<String> version)
    {
        /**
         * The parts of a table name; empty for a name without a known companion, refused for a
         * version given to a companion that reads none.
         */
        static Optional<CompanionName> parse(String tableName)
        {
            int dollar = tableName.indexOf('$');
            if (dollar < 0) {
                return Optional.empty();
            }
            String name = tableName.substring(0, dollar);
            int at = tableName.indexOf('@', dollar);
            String suffix = at < 0 ? tableName.substring(dollar) : tableName.substring(dollar, at);
            Optional<String> version = at < 0 ? Optional.empty() : Optional.of(tableName.substring(at + 1));
            Optional<Companion> companion = Companion.of(suffix);
            if (companion.isPresent() && version.isPresent() && !companion.get().readsVersions()) {
                throw FEATURE_STORE_INVALID_ARGUMENT.error("\"%s%s\" does not read a version of its source table: remove '@%s'", name, suffix, version.get());
            }
            return companion.map(value -> new CompanionName(name, value, version));
        }
    }
}
