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
package io.lakehouseml.feature.procedure;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSet;
import com.google.common.hash.Hashing;
import com.google.inject.Inject;
import io.lakehouseml.feature.FeatureStoreConfig;
import io.lakehouseml.feature.iceberg.IcebergTypes;
import io.lakehouseml.feature.join.FeatureJoinSplitManager;
import io.lakehouseml.feature.lineage.LineageDataset;
import io.lakehouseml.feature.lineage.ProcedureLineage;
import io.lakehouseml.feature.registry.FeatureReference;
import io.lakehouseml.feature.registry.FeatureRegistry;
import io.lakehouseml.feature.registry.FeatureViewDefinition;
import io.lakehouseml.feature.registry.FeatureViewDefinition.ColumnDefinition;
import io.lakehouseml.feature.registry.FeatureViewDefinition.SourceTable;
import io.lakehouseml.feature.registry.RegistryNames;
import io.lakehouseml.feature.registry.TrainingSetDefinition;
import io.lakehouseml.feature.registry.TrainingSetDefinition.PinnedSource;
import io.lakehouseml.feature.security.SourceAccessControl;
import io.lakehouseml.feature.training.TrainingSetQuery;
import io.lakehouseml.feature.training.TrainingSetQuery.ViewPart;
import io.trino.spi.catalog.CatalogName;
import io.trino.spi.connector.CatalogSchemaTableName;
import io.trino.spi.connector.ConnectorSession;
import io.trino.spi.procedure.Procedure;
import io.trino.spi.procedure.Procedure.Argument;
import io.trino.spi.type.ArrayType;
import jakarta.inject.Provider;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.types.TypeUtil;
import org.apache.iceberg.types.Types.NestedField;
import org.apache.iceberg.types.Types.StructType;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import static io.lakehouseml.feature.FeatureStoreErrorCode.FEATURE_STORE_INVALID_DEFINITION;
import static io.lakehouseml.feature.iceberg.IcebergSnapshots.currentSnapshot;
import static io.trino.spi.type.BooleanType.BOOLEAN;
import static io.trino.spi.type.VarcharType.VARCHAR;
import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

/**
 * {@code CALL feature_store.system.create_training_set(schema_name, name, spine_table,
 * spine_timestamp_column, features, respect_created_timestamp)}: a spine joined point-in-time with
 * features, every source pinned to its current snapshot.
 */
public class CreateTrainingSetProcedure
        implements Provider<Procedure>
{
    private final FeatureRegistry registry;
    private final String sourceCatalog;
    private final String catalogName;
    private final SourceAccessControl sourceAccess;
    private final ProcedureLineage lineage;

    @Inject
    public CreateTrainingSetProcedure(FeatureRegistry registry, FeatureStoreConfig config, CatalogName catalogName, SourceAccessControl sourceAccess, ProcedureLineage lineage)
    {
        this.lineage = requireNonNull(lineage, "lineage is null");
        this.sourceAccess = requireNonNull(sourceAccess, "sourceAccess is null");
        this.registry = requireNonNull(registry, "registry is null");
        this.sourceCatalog = config.getSourceCatalog();
        this.catalogName = catalogName.toString();
    }

    @Override
    public Procedure get()
    {
        return new Procedure(
                "system",
                "create_training_set",
                ImmutableList.of(
                        new Argument("SCHEMA_NAME", VARCHAR),
                        new Argument("NAME", VARCHAR),
                        new Argument("SPINE_TABLE", VARCHAR),
                        new Argument("SPINE_TIMESTAMP_COLUMN", VARCHAR),
                        new Argument("FEATURES", new ArrayType(VARCHAR)),
                        new Argument("RESPECT_CREATED_TIMESTAMP", BOOLEAN, false, true)),
                ProcedureMethods.bind(this, "createTrainingSet", ConnectorSession.class, String.class, String.class, String.class, String.class, List.class, Boolean.class));
    }

    public void createTrainingSet(ConnectorSession session, String schemaName, String name, String spineTableName, String spineTimestampColumnName, List<?> featureNames, Boolean respectCreatedTimestamp)
    {
        String schema = RegistryNames.schemaName(schemaName);
        String trainingSetName = RegistryNames.identifier("name", name);
        SourceTable spine = RegistryNames.sourceTable("spine_table", spineTableName, sourceCatalog);
        String spineTimestampColumn = RegistryNames.columnName("spine_timestamp_column", spineTimestampColumnName);
        boolean respectCreated = respectCreatedTimestamp == null || respectCreatedTimestamp;
        List<String> features = new ArrayList<>();
        Map<FeatureViewDefinition, List<String>> featuresByView = featuresByView(schema, expandFeatureService(schema, RegistryNames.featureReferences("features", featureNames)), features);

        // the training set is read as its reader, by the engine; here the creator must be able to read what it pins
        sourceAccess.checkCanSelect(session, spine.catalogSchemaTableName(), ImmutableSet.of());
        featuresByView.forEach((view, viewFeatures) -> {
            sourceAccess.checkCanSelect(session, new CatalogSchemaTableName(catalogName, view.schema(), view.name()), ImmutableSet.copyOf(viewFeatures));
            sourceAccess.checkCanSelect(session, view.sourceTable().catalogSchemaTableName(), ImmutableSet.of());
        });
        Table spineTable = registry.loadSourceTable(spine);
        Snapshot spineSnapshot = currentSnapshot(spineTable, spine);
        Columns columns = spineColumns(spineTable.schema(), spine, spineTimestampColumn);
        List<ColumnDefinition> spineColumns = ImmutableList.copyOf(columns.definitions());
        List<PinnedSource> sources = new ArrayList<>();
        sources.add(new PinnedSource(PinnedSource.SPINE_ROLE, spine, spineSnapshot.snapshotId(), Instant.ofEpochMilli(spineSnapshot.timestampMillis()), Optional.empty()));
        List<ViewPart> parts = new ArrayList<>();
        boolean filesReadable = FeatureJoinSplitManager.canRead(spineTable, spine, spineSnapshot.snapshotId());
        for (Map.Entry<FeatureViewDefinition, List<String>> entry : featuresByView.entrySet()) {
            FeatureViewDefinition view = entry.getKey();
            Table sourceTable = registry.loadSourceTable(view.sourceTable());
            Snapshot snapshot = currentSnapshot(sourceTable, view.sourceTable());
            columns.addFeatures(view, entry.getValue(), sourceTable.schema());
            parts.add(new ViewPart(view, entry.getValue(), snapshot.snapshotId()));
            sources.add(new PinnedSource(view.name(), view.sourceTable(), snapshot.snapshotId(), Instant.ofEpochMilli(snapshot.timestampMillis()), Optional.of(view.version())));
            filesReadable &= FeatureJoinSplitManager.canRead(sourceTable, view.sourceTable(), snapshot.snapshotId());
        }

        String sql = TrainingSetQuery.sql(catalogName, spine, spineSnapshot.snapshotId(), spineColumns, spineTimestampColumn, parts, respectCreated);
        Optional<String> filesSql = filesReadable
                ? Optional.of(TrainingSetQuery.filesSql(catalogName, spine, spineSnapshot.snapshotId(), spineColumns, spineTimestampColumn, parts, respectCreated))
                : Optional.empty();
        TrainingSetDefinition definition = new TrainingSetDefinition(
                schema,
                trainingSetName,
                spine,
                spineTimestampColumn,
                features,
                respectCreated,
                sources,
                columns.definitions(),
                sql,
                Hashing.sha256().hashString(sql, UTF_8).toString(),
                session.getUser(),
                Instant.now(),
                filesSql);
        registry.createTrainingSet(definition, viewSchema(columns.fields()));

        List<LineageDataset> read = new ArrayList<>();
        read.add(ProcedureLineage.table(spine, spineColumns.stream().map(ColumnDefinition::name).toList(), spineSnapshot.snapshotId()));
        for (ViewPart part : parts) {
            FeatureViewDefinition view = part.view();
            List<String> viewColumns = ImmutableList.<String>builder()
                    .addAll(view.entityColumns())
                    .add(view.timestampColumn())
                    .addAll(view.createdTimestampColumn().stream().toList())
                    .addAll(part.features())
                    .build();
            read.add(ProcedureLineage.table(view.sourceTable(), viewColumns, part.snapshotId()));
        }
        lineage.record(
                session,
                "create_training_set",
                "create_training_set %s.%s: %s with %s".formatted(schema, trainingSetName, spine, String.join(", ", features)),
                read,
                ImmutableList.of(lineage.registryObject(schema, trainingSetName, definition.columns())));
    }

    /**
     * The schema of the training set's view: its columns come from several tables, so the field ids
     * of the columns and of their nested fields (of arrays, maps and rows) are assigned afresh.
     */
    private static Schema viewSchema(List<NestedField> columns)
    {
        AtomicInteger lastId = new AtomicInteger();
        return new Schema(TypeUtil.assignFreshIds(StructType.of(columns), lastId::incrementAndGet).asStructType().fields());
    }

    /**
     * The features as {@code view:feature} or {@code view:*}; a single name without a colon is a feature service.
     */
    private List<String> expandFeatureService(String schema, List<String> features)
    {
        if (features.size() == 1 && !features.getFirst().contains(":")) {
            return registry.getFeatureService(schema, features.getFirst())
                    .orElseThrow(() -> FEATURE_STORE_INVALID_DEFINITION.error("features: '%s' is neither 'view:feature' nor a feature service of schema %s", features.getFirst(), schema))
                    .features();
        }
        return features;
    }

    /**
     * The features by feature view, views and features in the order they are first named.
     *
     * @param features receives every feature as {@code view:feature}, in the order named
     */
    private Map<FeatureViewDefinition, List<String>> featuresByView(String schema, List<String> references, List<String> features)
    {
        Map<String, FeatureViewDefinition> views = new HashMap<>();
        Map<FeatureViewDefinition, List<String>> featuresByView = new LinkedHashMap<>();
        for (String reference : references) {
            FeatureReference parsed = FeatureReference.parse(reference);
            FeatureViewDefinition view = views.computeIfAbsent(parsed.viewReference(), _ -> registry.getExistingFeatureView(schema, parsed));
            for (String feature : parsed.resolve(_ -> view)) {
                String qualified = FeatureReference.qualified(parsed.view(), feature);
                if (features.contains(qualified)) {
                    throw FEATURE_STORE_INVALID_DEFINITION.error("Feature %s is named twice", qualified);
                }
                features.add(qualified);
                featuresByView.computeIfAbsent(view, _ -> new ArrayList<>()).add(feature);
            }
        }
        return featuresByView;
    }

    /**
     * Every column of the spine, which must have the timestamp column; the features follow.
     */
    private static Columns spineColumns(Schema spineSchema, SourceTable spine, String spineTimestampColumn)
    {
        Columns columns = new Columns();
        for (NestedField field : spineSchema.columns()) {
            String column = field.name().toLowerCase(Locale.ROOT);
            if (column.startsWith(TrainingSetQuery.INTERNAL_PREFIX)) {
                throw FEATURE_STORE_INVALID_DEFINITION.error("Spine column '%s' uses the prefix %s, which training sets keep for themselves", column, TrainingSetQuery.INTERNAL_PREFIX);
            }
            columns.addSpineColumn(new ColumnDefinition(column, IcebergTypes.columnType(field, spine)), field);
        }
        NestedField timestampField = spineSchema.caseInsensitiveFindField(spineTimestampColumn);
        if (timestampField == null || columns.definitions().stream().noneMatch(column -> column.name().equals(spineTimestampColumn))) {
            throw FEATURE_STORE_INVALID_DEFINITION.error("spine_timestamp_column '%s' does not exist in %s; its columns are %s", spineTimestampColumn, spine, columns.definitions().stream().map(ColumnDefinition::name).toList());
        }
        if (!IcebergTypes.isTimestamp(timestampField.type())) {
            throw FEATURE_STORE_INVALID_DEFINITION.error("spine_timestamp_column '%s' of %s has type %s; it must be a timestamp or a timestamp with time zone", spineTimestampColumn, spine, IcebergTypes.typeName(timestampField.type()));
        }
        return columns;
    }

    /**
     * The columns of a training set as they are collected: the spine's, then the features of each
     * view, each with a name of its own.
     */
    private static final class Columns
    {
        private final List<ColumnDefinition> definitions = new ArrayList<>();
        private final List<NestedField> fields = new ArrayList<>();
        private final Map<String, String> owners = new HashMap<>();

        void addFeatures(FeatureViewDefinition view, List<String> features, Schema sourceSchema)
        {
            for (String feature : features) {
                NestedField field = sourceSchema.caseInsensitiveFindField(feature);
                if (field == null) {
                    throw FEATURE_STORE_INVALID_DEFINITION.error("Feature %s is no longer a column of %s", FeatureReference.qualified(view.name(), feature), view.sourceTable());
                }
                String owner = owners.putIfAbsent(feature, "feature " + FeatureReference.qualified(view.name(), feature));
                if (owner != null) {
                    throw FEATURE_STORE_INVALID_DEFINITION.error("Feature %s would be a column named like %s; every column of a training set needs its own name", FeatureReference.qualified(view.name(), feature), owner);
                }
                add(view.column(feature), field);
            }
        }

        void addSpineColumn(ColumnDefinition column, NestedField field)
        {
            owners.put(column.name(), "the spine column");
            add(column, field);
        }

        private void add(ColumnDefinition column, NestedField field)
        {
            definitions.add(column);
            fields.add(NestedField.optional(fields.size() + 1, column.name(), field.type(), field.doc()));
        }

        List<ColumnDefinition> definitions()
        {
            return definitions;
        }

        List<NestedField> fields()
        {
            return fields;
        }
    }
}
