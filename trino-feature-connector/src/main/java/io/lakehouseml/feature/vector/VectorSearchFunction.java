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
package io.lakehouseml.feature.vector;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSet;
import com.google.inject.Inject;
import io.lakehouseml.feature.FeatureStoreConfig;
import io.lakehouseml.feature.iceberg.IcebergSnapshots;
import io.lakehouseml.feature.iceberg.IcebergTypes;
import io.lakehouseml.feature.iceberg.ParquetFeatureReader;
import io.lakehouseml.feature.join.FeatureJoinHandle.ColumnSpec;
import io.lakehouseml.feature.lineage.ConnectorReads;
import io.lakehouseml.feature.registry.FeatureRegistry;
import io.lakehouseml.feature.registry.FeatureViewDefinition.SourceTable;
import io.lakehouseml.feature.registry.RegistryNames;
import io.lakehouseml.feature.security.SourceAccessControl;
import io.trino.spi.block.Block;
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
import io.trino.spi.type.VarcharType;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.types.Types.NestedField;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static com.google.common.collect.ImmutableList.toImmutableList;
import static io.lakehouseml.feature.FeatureStoreErrorCode.FEATURE_STORE_INVALID_ARGUMENT;
import static io.lakehouseml.feature.sql.ScalarArguments.optionalString;
import static io.lakehouseml.feature.sql.ScalarArguments.string;
import static io.trino.spi.function.table.ReturnTypeSpecification.GenericTable.GENERIC_TABLE;
import static io.trino.spi.type.BigintType.BIGINT;
import static io.trino.spi.type.IntegerType.INTEGER;
import static io.trino.spi.type.RealType.REAL;
import static io.trino.spi.type.SmallintType.SMALLINT;
import static io.trino.spi.type.TinyintType.TINYINT;
import static io.trino.spi.type.VarcharType.VARCHAR;
import static java.lang.Float.intBitsToFloat;
import static java.util.Objects.requireNonNull;

/**
 * {@code vector_search(table_name, column_name, query, k, version, filter_column, filter_values,
 * ef_search)}: the rows of an Iceberg table nearest to a query vector, with the table's columns and
 * their {@code distance}, through the column's vector index. The data files the index covers are
 * searched through its graph, the others exactly, each share of them in a split of its own; rows
 * deleted at the snapshot read are never returned. Each split returns its own k nearest rows, so a
 * query that reads several splits takes the k nearest with {@code ORDER BY distance LIMIT k}. The
 * engine reads a call as a table ({@link VectorSearchTableHandle}): only the columns a query uses
 * are read, and a call of one split orders and limits its rows itself.
 */
public class VectorSearchFunction
        extends AbstractConnectorTableFunction
{
    public static final String NAME = "vector_search";
    public static final String DISTANCE_COLUMN = "distance";
    public static final int MAX_K = 10_000;
    private static final String TABLE_NAME = "TABLE_NAME";
    private static final String COLUMN_NAME = "COLUMN_NAME";
    private static final String QUERY = "QUERY";
    private static final String K = "K";
    private static final String VERSION = "VERSION";
    private static final String FILTER_COLUMN = "FILTER_COLUMN";
    private static final String FILTER_VALUES = "FILTER_VALUES";
    private static final String EF_SEARCH = "EF_SEARCH";
    private static final int DEFAULT_EF_SEARCH = 100;
    private static final Set<Type> FILTER_TYPES = ImmutableSet.of(TINYINT, SMALLINT, INTEGER, BIGINT);

    private final FeatureRegistry registry;
    private final VectorIndexes indexes;
    private final TypeManager typeManager;
    private final String sourceCatalog;
    private final SourceAccessControl sourceAccess;
    private final ConnectorReads connectorReads;

    @Inject
    public VectorSearchFunction(FeatureRegistry registry, VectorIndexes indexes, TypeManager typeManager, FeatureStoreConfig config, SourceAccessControl sourceAccess, ConnectorReads connectorReads)
    {
        super("system",
                NAME,
                ImmutableList.of(
                        ScalarArgumentSpecification.builder().name(TABLE_NAME).type(VARCHAR).build(),
                        ScalarArgumentSpecification.builder().name(COLUMN_NAME).type(VARCHAR).build(),
                        ScalarArgumentSpecification.builder().name(QUERY).type(new ArrayType(REAL)).build(),
                        ScalarArgumentSpecification.builder().name(K).type(BIGINT).defaultValue(10L).build(),
                        ScalarArgumentSpecification.builder().name(VERSION).type(VARCHAR).defaultValue(null).build(),
                        ScalarArgumentSpecification.builder().name(FILTER_COLUMN).type(VARCHAR).defaultValue(null).build(),
                        ScalarArgumentSpecification.builder().name(FILTER_VALUES).type(new ArrayType(VARCHAR)).defaultValue(null).build(),
                        ScalarArgumentSpecification.builder().name(EF_SEARCH).type(BIGINT).defaultValue(null).build()),
                GENERIC_TABLE,
                "The rows of an Iceberg table nearest to a vector, through the column's vector index");
        this.registry = requireNonNull(registry, "registry is null");
        this.indexes = requireNonNull(indexes, "indexes is null");
        this.typeManager = requireNonNull(typeManager, "typeManager is null");
        this.sourceCatalog = config.getSourceCatalog();
        this.sourceAccess = requireNonNull(sourceAccess, "sourceAccess is null");
        this.connectorReads = requireNonNull(connectorReads, "connectorReads is null");
    }

    @Override
    public TableFunctionAnalysis analyze(ConnectorSession session, ConnectorTransactionHandle transaction, Map<String, Argument> arguments, ConnectorAccessControl accessControl)
    {
        SourceTable name = RegistryNames.sourceTable("table_name", string(arguments, TABLE_NAME), sourceCatalog);
        String column = RegistryNames.columnName("column_name", string(arguments, COLUMN_NAME));
        float[] query = query(arguments);
        int k = bounded(arguments, K, 10, 1, MAX_K);
        int efSearch = bounded(arguments, EF_SEARCH, Math.max(k, DEFAULT_EF_SEARCH), 1, 100 * MAX_K);
        Optional<String> version = optionalString(arguments, VERSION);
        // nothing of a table the user may not read is looked at
        sourceAccess.checkCanSelect(session, name.catalogSchemaTableName(), ImmutableSet.of());

        VectorIndexDefinition index = indexes.existingIndex(name, column);
        Table table = registry.loadSourceTable(name);
        VectorIndexes.checkSameTable(index, table);
        long snapshotId = version.map(value -> IcebergSnapshots.resolveVersion(table, name, value))
                .orElseGet(() -> IcebergSnapshots.currentSnapshot(table, name).snapshotId());
        Schema schema = version.isEmpty() ? table.schema() : IcebergSnapshots.schemaOf(table, snapshotId);
        NestedField vectorField = VectorIndexes.fieldById(schema, index);
        if (query.length != index.dimension()) {
            throw FEATURE_STORE_INVALID_ARGUMENT.error("query has %s dimensions; the vectors of %s.%s have %s", query.length, name, column, index.dimension());
        }
        index.vectorMetric().rejection(query, 0, query.length).ifPresent(problem -> {
            throw FEATURE_STORE_INVALID_ARGUMENT.error("query %s", problem);
        });

        List<ColumnSpec> columns = new ArrayList<>();
        int vectorColumn = -1;
        for (NestedField field : schema.columns()) {
            String fieldName = field.name().toLowerCase(Locale.ROOT);
            if (fieldName.equals(DISTANCE_COLUMN)) {
                throw FEATURE_STORE_INVALID_ARGUMENT.error("%s has a column named %s, the name of the column vector_search adds", name, DISTANCE_COLUMN);
            }
            if (field.fieldId() == vectorField.fieldId()) {
                vectorColumn = columns.size();
            }
            columns.add(new ColumnSpec(field.fieldId(), fieldName, typeManager.fromSqlType(IcebergTypes.columnType(field, name))));
        }
        Optional<ColumnSpec> filterColumn = optionalString(arguments, FILTER_COLUMN).map(filter -> filterColumn(columns, name, RegistryNames.columnName("filter_column", filter)));
        List<String> filterValues = filterValues(arguments, filterColumn);

        Map<String, Type> types = new LinkedHashMap<>();
        columns.forEach(spec -> types.put(spec.name(), spec.type()));
        // the files are read here, not by the engine: the rights, masks and filters of every column are checked here
        sourceAccess.checkCanSelect(session, name.catalogSchemaTableName(), types.keySet());
        sourceAccess.checkCanReadFiles(session, name.catalogSchemaTableName(), types, NAME);
        // the engine does not see what a table function reads: the query's lineage gets it from here
        connectorReads.record(session, ImmutableList.of(ConnectorReads.read(name, snapshotId, columns.stream().map(ColumnSpec::name))));

        VectorSearchHandle handle = new VectorSearchHandle(
                name,
                index.tableUuid(),
                index.name(),
                snapshotId,
                columns,
                vectorColumn,
                index.metric(),
                query,
                k,
                efSearch,
                filterColumn,
                filterValues,
                ParquetFeatureReader.identityPartitionFields(table));
        // the columns of the table the engine reads the call as (FeatureStoreMetadata.applyTableFunction)
        List<Descriptor.Field> output = handle.resultColumns().stream()
                .map(result -> new Descriptor.Field(result.name(), Optional.of(result.type())))
                .collect(toImmutableList());
        return TableFunctionAnalysis.builder()
                .returnedType(new Descriptor(output))
                .handle(handle)
                .build();
    }

    private static ColumnSpec filterColumn(List<ColumnSpec> columns, SourceTable name, String filter)
    {
        ColumnSpec column = columns.stream()
                .filter(spec -> spec.name().equals(filter))
                .findFirst()
                .orElseThrow(() -> FEATURE_STORE_INVALID_ARGUMENT.error("filter_column '%s' is not a column of %s", filter, name));
        if (!(column.type() instanceof VarcharType) && !FILTER_TYPES.contains(column.type())) {
            throw FEATURE_STORE_INVALID_ARGUMENT.error("filter_column %s is %s; vector_search filters varchar and integer columns", filter, column.type());
        }
        return column;
    }

    private static List<String> filterValues(Map<String, Argument> arguments, Optional<ColumnSpec> filterColumn)
    {
        Block block = (Block) ((ScalarArgument) arguments.get(FILTER_VALUES)).getValue();
        if (filterColumn.isEmpty()) {
            if (block != null) {
                throw FEATURE_STORE_INVALID_ARGUMENT.error("filter_values needs a filter_column");
            }
            return ImmutableList.of();
        }
        if (block == null) {
            throw FEATURE_STORE_INVALID_ARGUMENT.error("filter_column needs filter_values: the values a row may have");
        }
        ImmutableList.Builder<String> values = ImmutableList.builder();
        for (int position = 0; position < block.getPositionCount(); position++) {
            if (block.isNull(position)) {
                throw FEATURE_STORE_INVALID_ARGUMENT.error("filter_values must not contain NULL");
            }
            String value = VARCHAR.getSlice(block, position).toStringUtf8();
            if (FILTER_TYPES.contains(filterColumn.get().type())) {
                try {
                    Long.parseLong(value.trim());
                }
                catch (NumberFormatException e) {
                    throw FEATURE_STORE_INVALID_ARGUMENT.error("filter_values must be integers for filter_column %s, not '%s'", filterColumn.get().name(), value);
                }
            }
            values.add(value);
        }
        return values.build();
    }

    private static float[] query(Map<String, Argument> arguments)
    {
        Block block = (Block) ((ScalarArgument) arguments.get(QUERY)).getValue();
        if (block == null) {
            throw FEATURE_STORE_INVALID_ARGUMENT.error("query must not be NULL");
        }
        if (block.getPositionCount() == 0) {
            throw FEATURE_STORE_INVALID_ARGUMENT.error("query must not be empty");
        }
        float[] query = new float[block.getPositionCount()];
        for (int position = 0; position < query.length; position++) {
            if (block.isNull(position)) {
                throw FEATURE_STORE_INVALID_ARGUMENT.error("query must not contain NULL");
            }
            query[position] = intBitsToFloat(REAL.getInt(block, position));
            if (!Float.isFinite(query[position])) {
                throw FEATURE_STORE_INVALID_ARGUMENT.error("query must hold finite numbers, not %s", query[position]);
            }
        }
        return query;
    }

    private static int bounded(Map<String, Argument> arguments, String argument, int defaultValue, int min, int max)
    {
        Long value = (Long) ((ScalarArgument) arguments.get(argument)).getValue();
        if (value == null) {
            if (argument.equals(K)) {
                throw FEATURE_STORE_INVALID_ARGUMENT.error("k must not be NULL");
            }
            return defaultValue;
        }
        if (value < min || value > max) {
            throw FEATURE_STORE_INVALID_ARGUMENT.error("%s must be between %s and %s, not %s", argument.toLowerCase(Locale.ROOT), min, max, value);
        }
        return value.intValue();
    }
}
