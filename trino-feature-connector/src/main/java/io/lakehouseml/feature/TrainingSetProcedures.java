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
import com.google.common.hash.Hashing;
import com.google.inject.Inject;
import io.lakehouseml.feature.EntityAndServiceProcedures.FeatureReference;
import io.lakehouseml.feature.FeatureViewDefinition.ColumnDefinition;
import io.lakehouseml.feature.FeatureViewDefinition.SourceTable;
import io.lakehouseml.feature.TrainingSetDefinition.PinnedSource;
import io.lakehouseml.feature.TrainingSetQuery.ViewPart;
import io.trino.spi.TrinoException;
import io.trino.spi.catalog.CatalogName;
import io.trino.spi.connector.ConnectorSession;
import io.trino.spi.procedure.Procedure;
import io.trino.spi.procedure.Procedure.Argument;
import io.trino.spi.type.ArrayType;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.types.Types.NestedField;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static io.lakehouseml.feature.FeatureStoreErrorCode.FEATURE_STORE_INVALID_DEFINITION;
import static io.lakehouseml.feature.FeatureStoreErrorCode.FEATURE_STORE_NOT_FOUND;
import static io.trino.spi.type.BooleanType.BOOLEAN;
import static io.trino.spi.type.VarcharType.VARCHAR;
import static java.lang.String.format;
import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

/**
 * {@code create_training_set}, {@code drop_training_set} and {@code register_materialization} in
 * {@code feature_store.system}.
 */
public class TrainingSetProcedures
{
    private final FeatureRegistry registry;
    private final String sourceCatalog;
    private final String catalogName;

    @Inject
    public TrainingSetProcedures(FeatureRegistry registry, FeatureStoreConfig config, CatalogName catalogName)
    {
        this.registry = requireNonNull(registry, "registry is null");
        this.sourceCatalog = config.getSourceCatalog();
        this.catalogName = catalogName.toString();
    }

    public List<Procedure> procedures()
    {
        return ImmutableList.of(
                new Procedure(
                        "system",
                        "create_training_set",
                        ImmutableList.of(
                                new Argument("SCHEMA_NAME", VARCHAR),
                                new Argument("NAME", VARCHAR),
                                new Argument("SPINE_TABLE", VARCHAR),
                                new Argument("SPINE_TIMESTAMP_COLUMN", VARCHAR),
                                new Argument("FEATURES", new ArrayType(VARCHAR)),
                                new Argument("RESPECT_CREATED_TIMESTAMP", BOOLEAN, false, true)),
                        ProcedureMethods.bind(this, "createTrainingSet", ConnectorSession.class, String.class, String.class, String.class, String.class, List.class, Boolean.class)),
                new Procedure(
                        "system",
                        "drop_training_set",
                        ImmutableList.of(
                                new Argument("SCHEMA_NAME", VARCHAR),
                                new Argument("NAME", VARCHAR)),
                        ProcedureMethods.bind(this, "dropTrainingSet", String.class, String.class)),
                new Procedure(
                        "system",
                        "register_materialization",
                        ImmutableList.of(
                                new Argument("SCHEMA_NAME", VARCHAR),
                                new Argument("NAME", VARCHAR),
                                new Argument("TABLE_NAME", VARCHAR)),
                        ProcedureMethods.bind(this, "registerMaterialization", ConnectorSession.class, String.class, String.class, String.class)));
    }

    public void createTrainingSet(ConnectorSession session, String schemaName, String name, String spineTableName, String spineTimestampColumnName, List<?> featureNames, Boolean respectCreatedTimestamp)
    {
        String schema = RegistryNames.schemaName(schemaName);
        String trainingSetName = RegistryNames.identifier("name", name);
        SourceTable spine = RegistryNames.sourceTable("spine_table", spineTableName, sourceCatalog);
        String spineTimestampColumn = RegistryNames.identifier("spine_timestamp_column", spineTimestampColumnName);
        boolean respectCreated = respectCreatedTimestamp == null || respectCreatedTimestamp;
        List<String> references = featureReferences(schema, RegistryNames.names("features", featureNames, true));

        // the features by feature view, in the order they are named
        Map<String, List<String>> featuresByView = new LinkedHashMap<>();
        Map<String, FeatureViewDefinition> views = new HashMap<>();
        Set<String> features = new LinkedHashSet<>();
        for (String reference : references) {
            FeatureReference parsed = FeatureReference.parse(reference);
            for (String feature : parsed.resolve(view -> views.computeIfAbsent(view, _ -> registry.getExistingFeatureView(schema, view)))) {
                String qualified = parsed.view() + ":" + feature;
                if (!features.add(qualified)) {
                    throw invalid("Feature %s is named twice", qualified);
                }
                featuresByView.computeIfAbsent(parsed.view(), _ -> new ArrayList<>()).add(feature);
            }
        }

        Table spineTable = registry.loadSourceTable(spine);
        Snapshot spineSnapshot = currentSnapshot(spineTable, spine);
        Schema spineSchema = spineTable.schema();
        List<ColumnDefinition> spineColumns = new ArrayList<>();
        List<NestedField> fields = new ArrayList<>();
        for (NestedField field : spineSchema.columns()) {
            String column = field.name().toLowerCase(Locale.ROOT);
            if (column.startsWith(TrainingSetQuery.INTERNAL_PREFIX)) {
                throw invalid("Spine column '%s' uses the prefix %s, which training sets keep for themselves", column, TrainingSetQuery.INTERNAL_PREFIX);
            }
            spineColumns.add(new ColumnDefinition(column, IcebergTypes.columnType(field, spine)));
            fields.add(NestedField.optional(fields.size() + 1, column, field.type(), field.doc()));
        }
        NestedField timestampField = spineSchema.caseInsensitiveFindField(spineTimestampColumn);
        if (timestampField == null || spineColumns.stream().noneMatch(column -> column.name().equals(spineTimestampColumn))) {
            throw invalid("spine_timestamp_column '%s' does not exist in %s; its columns are %s", spineTimestampColumn, spine, spineColumns.stream().map(ColumnDefinition::name).toList());
        }
        if (!IcebergTypes.isTimestamp(timestampField.type())) {
            throw invalid("spine_timestamp_column '%s' of %s has type %s; it must be a timestamp or a timestamp with time zone", spineTimestampColumn, spine, IcebergTypes.typeName(timestampField.type()));
        }

        Map<String, String> owners = new HashMap<>();
        spineColumns.forEach(column -> owners.put(column.name(), "the spine column"));
        List<ViewPart> parts = new ArrayList<>();
        List<PinnedSource> sources = new ArrayList<>();
        sources.add(new PinnedSource("spine", spine, spineSnapshot.snapshotId(), Instant.ofEpochMilli(spineSnapshot.timestampMillis())));
        List<ColumnDefinition> columns = new ArrayList<>(spineColumns);
        for (Map.Entry<String, List<String>> entry : featuresByView.entrySet()) {
            FeatureViewDefinition view = views.get(entry.getKey());
            Table sourceTable = registry.loadSourceTable(view.sourceTable());
            Snapshot snapshot = currentSnapshot(sourceTable, view.sourceTable());
            for (String feature : entry.getValue()) {
                String owner = owners.putIfAbsent(feature, "feature " + view.name() + ":" + feature);
                if (owner != null) {
                    throw invalid("Feature %s:%s would be a column named like %s; every column of a training set needs its own name", view.name(), feature, owner);
                }
                NestedField field = sourceTable.schema().caseInsensitiveFindField(feature);
                if (field == null) {
                    throw invalid("Feature %s:%s is no longer a column of %s", view.name(), feature, view.sourceTable());
                }
                columns.add(view.column(feature));
                fields.add(NestedField.optional(fields.size() + 1, feature, field.type(), field.doc()));
            }
            parts.add(new ViewPart(view, entry.getValue(), snapshot.snapshotId()));
            sources.add(new PinnedSource(view.name(), view.sourceTable(), snapshot.snapshotId(), Instant.ofEpochMilli(snapshot.timestampMillis())));
        }

        String sql = TrainingSetQuery.sql(catalogName, spine, spineSnapshot.snapshotId(), spineColumns, spineTimestampColumn, parts, respectCreated);
        TrainingSetDefinition definition = new TrainingSetDefinition(
                schema,
                trainingSetName,
                spine,
                spineTimestampColumn,
                ImmutableList.copyOf(features),
                respectCreated,
                sources,
                columns,
                sql,
                Hashing.sha256().hashString(sql, UTF_8).toString(),
                session.getUser(),
                Instant.now());
        registry.createTrainingSet(definition, new Schema(fields));
    }

    public void dropTrainingSet(String schemaName, String name)
    {
        registry.dropTrainingSet(RegistryNames.schemaName(schemaName), RegistryNames.identifier("name", name));
    }

    /**
     * Records an Iceberg table that holds the rows of a training set (made with
     * {@code CREATE TABLE ... AS SELECT * FROM} the training set) at its current snapshot.
     */
    public void registerMaterialization(ConnectorSession session, String schemaName, String name, String tableName)
    {
        String schema = RegistryNames.schemaName(schemaName);
        String trainingSetName = RegistryNames.identifier("name", name);
        TrainingSetDefinition trainingSet = registry.getTrainingSet(schema, trainingSetName)
                .orElseThrow(() -> new TrinoException(FEATURE_STORE_NOT_FOUND, format("Training set %s.%s does not exist", schema, trainingSetName)));
        SourceTable tableReference = RegistryNames.sourceTable("table_name", tableName, sourceCatalog);
        Table table = registry.loadSourceTable(tableReference);
        List<ColumnDefinition> columns = table.schema().columns().stream()
                .map(field -> new ColumnDefinition(field.name(), IcebergTypes.columnType(field, tableReference)))
                .toList();
        if (!columns.equals(trainingSet.columns())) {
            throw invalid(
                    "%s does not have the columns of training set %s.%s: it has %s, the training set has %s",
                    tableReference,
                    schema,
                    trainingSetName,
                    columns.stream().map(column -> column.name() + " " + column.type()).toList(),
                    trainingSet.columns().stream().map(column -> column.name() + " " + column.type()).toList());
        }
        Snapshot snapshot = currentSnapshot(table, tableReference);
        registry.createMaterialization(new MaterializationDefinition(
                schema,
                trainingSetName,
                tableReference,
                snapshot.snapshotId(),
                Instant.ofEpochMilli(snapshot.timestampMillis()),
                Optional.ofNullable(snapshot.summary().get("total-records")).map(Long::parseLong),
                session.getUser(),
                Instant.now()));
    }

    /**
     * The features as {@code view:feature} or {@code view:*}; a single name without a colon is a feature service.
     */
    private List<String> featureReferences(String schema, List<String> features)
    {
        if (features.size() == 1 && !features.getFirst().contains(":")) {
            return registry.getFeatureService(schema, features.getFirst())
                    .orElseThrow(() -> invalid("features: '%s' is neither 'view:feature' nor a feature service of schema %s", features.getFirst(), schema))
                    .features();
        }
        return features;
    }

    private static Snapshot currentSnapshot(Table table, SourceTable name)
    {
        Snapshot snapshot = table.currentSnapshot();
        if (snapshot == null) {
            throw invalid("%s has no snapshot yet (it was never written), so a training set cannot pin it", name);
        }
        return snapshot;
    }

    private static TrinoException invalid(String message, Object... arguments)
    {
        return new TrinoException(FEATURE_STORE_INVALID_DEFINITION, format(message, arguments));
    }
}
