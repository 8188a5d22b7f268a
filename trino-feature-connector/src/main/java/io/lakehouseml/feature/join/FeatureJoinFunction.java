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
package io.lakehouseml.feature.join;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSet;
import com.google.inject.Inject;
import io.airlift.slice.Slice;
import io.lakehouseml.feature.FeatureStoreConfig;
import io.lakehouseml.feature.iceberg.IcebergTypes;
import io.lakehouseml.feature.join.FeatureJoinHandle.ColumnSpec;
import io.lakehouseml.feature.registry.FeatureReference;
import io.lakehouseml.feature.registry.FeatureRegistry;
import io.lakehouseml.feature.registry.FeatureViewDefinition;
import io.lakehouseml.feature.registry.FeatureViewDefinition.SourceTable;
import io.lakehouseml.feature.registry.RegistryNames;
import io.lakehouseml.feature.security.SourceAccessControl;
import io.trino.spi.block.Block;
import io.trino.spi.catalog.CatalogName;
import io.trino.spi.connector.CatalogSchemaTableName;
import io.trino.spi.connector.ConnectorAccessControl;
import io.trino.spi.connector.ConnectorSession;
import io.trino.spi.connector.ConnectorTransactionHandle;
import io.trino.spi.function.table.AbstractConnectorTableFunction;
import io.trino.spi.function.table.Argument;
import io.trino.spi.function.table.Descriptor;
import io.trino.spi.function.table.ScalarArgument;
import io.trino.spi.function.table.ScalarArgumentSpecification;
import io.trino.spi.function.table.TableFunctionAnalysis;
import io.trino.spi.type.ArrayType;
import io.trino.spi.type.Type;
import io.trino.spi.type.TypeManager;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.types.Types.NestedField;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static io.lakehouseml.feature.FeatureStoreErrorCode.FEATURE_STORE_INVALID_ARGUMENT;
import static io.lakehouseml.feature.iceberg.IcebergSnapshots.currentSnapshot;
import static io.trino.spi.function.table.ReturnTypeSpecification.GenericTable.GENERIC_TABLE;
import static io.trino.spi.type.BooleanType.BOOLEAN;
import static io.trino.spi.type.VarcharType.VARCHAR;
import static java.util.Objects.requireNonNull;

/**
 * The point-in-time join of a spine table with registered features, reading the Iceberg data files
 * itself: each split takes one bucket of the entities, reads their spine and feature rows, and
 * sweeps them entity by entity; no engine exchange or sort of the rows.
 */
public class FeatureJoinFunction
        extends AbstractConnectorTableFunction
{
    public static final String NAME = "point_in_time_features";
    private static final String SCHEMA_NAME = "SCHEMA_NAME";
    private static final String SPINE_TABLE = "SPINE_TABLE";
    private static final String SPINE_TIMESTAMP_COLUMN = "SPINE_TIMESTAMP_COLUMN";
    private static final String FEATURES = "FEATURES";
    private static final String RESPECT_CREATED_TIMESTAMP = "RESPECT_CREATED_TIMESTAMP";

    private final FeatureRegistry registry;
    private final TypeManager typeManager;
    private final String sourceCatalog;
    private final String catalogName;
    private final SourceAccessControl sourceAccess;

    @Inject
    public FeatureJoinFunction(FeatureRegistry registry, TypeManager typeManager, FeatureStoreConfig config, CatalogName catalogName, SourceAccessControl sourceAccess)
    {
        super("system",
                NAME,
                ImmutableList.of(
                        ScalarArgumentSpecification.builder().name(SCHEMA_NAME).type(VARCHAR).build(),
                        ScalarArgumentSpecification.builder().name(SPINE_TABLE).type(VARCHAR).build(),
                        ScalarArgumentSpecification.builder().name(SPINE_TIMESTAMP_COLUMN).type(VARCHAR).build(),
                        ScalarArgumentSpecification.builder().name(FEATURES).type(new ArrayType(VARCHAR)).build(),
                        ScalarArgumentSpecification.builder().name(RESPECT_CREATED_TIMESTAMP).type(BOOLEAN).defaultValue(true).build()),
                GENERIC_TABLE,
                "Point-in-time-correct join of a spine table with registered features, read from the Iceberg files");
        this.registry = requireNonNull(registry, "registry is null");
        this.typeManager = requireNonNull(typeManager, "typeManager is null");
        this.sourceCatalog = config.getSourceCatalog();
        this.catalogName = catalogName.toString();
        this.sourceAccess = requireNonNull(sourceAccess, "sourceAccess is null");
    }

    @Override
    public TableFunctionAnalysis analyze(ConnectorSession session, ConnectorTransactionHandle transaction, Map<String, Argument> arguments, ConnectorAccessControl accessControl)
    {
        String schema = RegistryNames.schemaName(string(arguments, SCHEMA_NAME));
        SourceTable spine = RegistryNames.sourceTable("spine_table", string(arguments, SPINE_TABLE), sourceCatalog);
        String spineTimestampColumn = RegistryNames.columnName("spine_timestamp_column", string(arguments, SPINE_TIMESTAMP_COLUMN));
        Object respectCreated = ((ScalarArgument) arguments.get(RESPECT_CREATED_TIMESTAMP)).getValue();
        if (respectCreated == null) {
            throw FEATURE_STORE_INVALID_ARGUMENT.error("respect_created_timestamp must be true or false, not NULL");
        }
        Set<String> features = new LinkedHashSet<>();
        FeatureViewDefinition featureView = featureView(schema, featureReferences(arguments), features);
        CatalogSchemaTableName featureViewName = new CatalogSchemaTableName(catalogName, featureView.schema(), featureView.name());
        // nothing of a table the user may not read is looked at, not even its columns
        sourceAccess.checkCanSelect(session, featureViewName, features);
        sourceAccess.checkCanSelect(session, spine.catalogSchemaTableName(), ImmutableSet.of());
        sourceAccess.checkCanSelect(session, featureView.sourceTable().catalogSchemaTableName(), ImmutableSet.of());

        Table spineTable = registry.loadSourceTable(spine);
        Snapshot spineSnapshot = currentSnapshot(spineTable, spine);
        List<ColumnSpec> spineColumns = new ArrayList<>();
        for (NestedField field : spineTable.schema().columns()) {
            spineColumns.add(column(field, spine));
        }
        int spineTimestamp = indexOf(spineColumns, spineTimestampColumn, "spine_timestamp_column", spine);
        if (!IcebergTypes.isTimestamp(spineTable.schema().findField(spineColumns.get(spineTimestamp).fieldId()).type())) {
            throw FEATURE_STORE_INVALID_ARGUMENT.error("spine_timestamp_column '%s' of %s must be a timestamp or a timestamp with time zone", spineTimestampColumn, spine);
        }

        Table featureTable = registry.loadSourceTable(featureView.sourceTable());
        Snapshot featureSnapshot = currentSnapshot(featureTable, featureView.sourceTable());
        List<Integer> spineKeys = new ArrayList<>();
        List<ColumnSpec> featureColumns = featureColumns(featureView, featureTable.schema(), features, spine, spineColumns, spineKeys);

        // the files are read here, not by the engine: the rights, masks and filters of every column read are checked here
        sourceAccess.checkCanReadFiles(session, spine.catalogSchemaTableName(), types(spineColumns), NAME);
        sourceAccess.checkCanReadFiles(session, featureView.sourceTable().catalogSchemaTableName(), types(featureColumns), NAME);
        sourceAccess.checkCanReadFiles(session, featureViewName, types(featureColumns.subList(featureColumns.size() - features.size(), featureColumns.size())), NAME);

        return TableFunctionAnalysis.builder()
                .returnedType(outputType(featureView, spineColumns, featureColumns.subList(featureColumns.size() - features.size(), featureColumns.size())))
                .handle(new FeatureJoinHandle(
                        spine,
                        spineSnapshot.snapshotId(),
                        spineColumns,
                        spineKeys,
                        spineTimestamp,
                        featureView.sourceTable(),
                        featureSnapshot.snapshotId(),
                        featureColumns,
                        featureView.entityColumns().size(),
                        featureView.createdTimestampColumn().isPresent(),
                        featureView.ttl().map(PointInTimeJoinFunction::ttlMicros),
                        (boolean) respectCreated))
                .build();
    }

    private static List<String> featureReferences(Map<String, Argument> arguments)
    {
        Block block = (Block) ((ScalarArgument) arguments.get(FEATURES)).getValue();
        List<String> references = new ArrayList<>();
        for (int position = 0; block != null && position < block.getPositionCount(); position++) {
            references.add(block.isNull(position) ? null : VARCHAR.getSlice(block, position).toStringUtf8());
        }
        return RegistryNames.featureReferences("features", references);
    }

    /**
     * The one feature view the references name.
     *
     * @param features receives the features named, in order
     */
    private FeatureViewDefinition featureView(String schema, List<String> references, Set<String> features)
    {
        FeatureViewDefinition view = null;
        for (String reference : references) {
            FeatureReference parsed = FeatureReference.parse(reference);
            FeatureViewDefinition referenced = registry.getExistingFeatureView(schema, parsed.view());
            if (view != null && !view.name().equals(referenced.name())) {
                throw FEATURE_STORE_INVALID_ARGUMENT.error("point_in_time_features reads the features of one feature view per call; nest calls for %s and %s", view.name(), referenced.name());
            }
            view = referenced;
            for (String feature : parsed.resolve(_ -> referenced)) {
                if (!features.add(feature)) {
                    throw FEATURE_STORE_INVALID_ARGUMENT.error("Feature %s:%s is named twice", referenced.name(), feature);
                }
            }
        }
        return requireNonNull(view, "view is null");
    }

    /**
     * The columns read from the feature table: the entity columns, the event timestamp, the created
     * timestamp if the view has one, then the features.
     *
     * @param spineKeys receives the spine column of each entity column
     */
    private List<ColumnSpec> featureColumns(FeatureViewDefinition featureView, Schema featureSchema, Set<String> features, SourceTable spine, List<ColumnSpec> spineColumns, List<Integer> spineKeys)
    {
        List<ColumnSpec> featureColumns = new ArrayList<>();
        for (String key : featureView.entityColumns()) {
            ColumnSpec column = column(field(featureSchema, key, featureView), featureView.sourceTable());
            int spineKey = indexOf(spineColumns, key, "entity column", spine);
            if (!spineColumns.get(spineKey).type().equals(column.type())) {
                throw FEATURE_STORE_INVALID_ARGUMENT.error("Entity column '%s' is %s in the spine %s and %s in %s", key, spineColumns.get(spineKey).type(), spine, column.type(), featureView.sourceTable());
            }
            spineKeys.add(spineKey);
            featureColumns.add(column);
        }
        featureColumns.add(column(field(featureSchema, featureView.timestampColumn(), featureView), featureView.sourceTable()));
        featureView.createdTimestampColumn().ifPresent(created -> featureColumns.add(column(field(featureSchema, created, featureView), featureView.sourceTable())));
        for (String feature : features) {
            featureColumns.add(column(field(featureSchema, feature, featureView), featureView.sourceTable()));
        }
        return featureColumns;
    }

    /**
     * Every spine column, then the features.
     */
    private static Descriptor outputType(FeatureViewDefinition featureView, List<ColumnSpec> spineColumns, List<ColumnSpec> features)
    {
        ImmutableList.Builder<Descriptor.Field> output = ImmutableList.builder();
        spineColumns.forEach(column -> output.add(new Descriptor.Field(column.name(), Optional.of(column.type()))));
        for (ColumnSpec column : features) {
            if (spineColumns.stream().anyMatch(spineColumn -> spineColumn.name().equals(column.name()))) {
                throw FEATURE_STORE_INVALID_ARGUMENT.error("Feature %s:%s is named like a spine column; every output column needs its own name", featureView.name(), column.name());
            }
            output.add(new Descriptor.Field(column.name(), Optional.of(column.type())));
        }
        return new Descriptor(output.build());
    }

    private ColumnSpec column(NestedField field, SourceTable table)
    {
        Type type = typeManager.fromSqlType(IcebergTypes.columnType(field, table));
        return new ColumnSpec(field.fieldId(), field.name().toLowerCase(Locale.ROOT), type);
    }

    private static NestedField field(Schema schema, String name, FeatureViewDefinition view)
    {
        NestedField field = schema.caseInsensitiveFindField(name);
        if (field == null) {
            throw FEATURE_STORE_INVALID_ARGUMENT.error("Column '%s' of feature view %s is no longer a column of %s", name, view.name(), view.sourceTable());
        }
        return field;
    }

    private static int indexOf(List<ColumnSpec> columns, String name, String role, SourceTable table)
    {
        for (int index = 0; index < columns.size(); index++) {
            if (columns.get(index).name().equals(name)) {
                return index;
            }
        }
        throw FEATURE_STORE_INVALID_ARGUMENT.error("%s '%s' is not a column of %s; its columns are %s", role, name, table, columns.stream().map(ColumnSpec::name).toList());
    }

    private static Map<String, Type> types(List<ColumnSpec> columns)
    {
        Map<String, Type> types = new LinkedHashMap<>();
        columns.forEach(column -> types.put(column.name(), column.type()));
        return types;
    }

    private static String string(Map<String, Argument> arguments, String name)
    {
        Object value = ((ScalarArgument) arguments.get(name)).getValue();
        if (value == null) {
            throw FEATURE_STORE_INVALID_ARGUMENT.error("%s must not be NULL", name.toLowerCase(Locale.ROOT));
        }
        return ((Slice) value).toStringUtf8();
    }
}
