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
import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableSet;
import com.google.inject.Inject;
import io.lakehouseml.feature.FeatureStoreConfig;
import io.lakehouseml.feature.registry.FeatureRegistry;
import io.lakehouseml.feature.registry.FeatureViewDefinition.SourceTable;
import io.lakehouseml.feature.registry.RegistryNames;
import io.lakehouseml.feature.security.SourceAccessControl;
import io.lakehouseml.feature.vector.VectorIndexDefinition;
import io.lakehouseml.feature.vector.VectorIndexes;
import io.lakehouseml.feature.vector.VectorMetric;
import io.trino.spi.connector.ConnectorSession;
import io.trino.spi.procedure.Procedure;
import io.trino.spi.procedure.Procedure.Argument;
import jakarta.inject.Provider;
import org.apache.iceberg.Table;
import org.apache.iceberg.types.Types.NestedField;

import static io.lakehouseml.feature.FeatureStoreErrorCode.FEATURE_STORE_INVALID_ARGUMENT;
import static io.trino.spi.type.BigintType.BIGINT;
import static io.trino.spi.type.BooleanType.BOOLEAN;
import static io.trino.spi.type.VarcharType.VARCHAR;
import static java.util.Objects.requireNonNull;

/**
 * {@code CALL feature_store.system.create_vector_index(table_name, column_name, metric, max_degree,
 * beam_width, if_not_exists)}: indexes the {@code array(real)} column of an Iceberg table for
 * {@code vector_search}, from the data files of its current snapshot; with {@code if_not_exists},
 * a column that has an index already is left as it is.
 */
public class CreateVectorIndexProcedure
        implements Provider<Procedure>
{
    private static final int DEFAULT_MAX_DEGREE = 16;
    private static final int DEFAULT_BEAM_WIDTH = 100;

    private final FeatureRegistry registry;
    private final VectorIndexes indexes;
    private final SourceAccessControl sourceAccess;
    private final String sourceCatalog;

    @Inject
    public CreateVectorIndexProcedure(FeatureRegistry registry, VectorIndexes indexes, SourceAccessControl sourceAccess, FeatureStoreConfig config)
    {
        this.registry = requireNonNull(registry, "registry is null");
        this.indexes = requireNonNull(indexes, "indexes is null");
        this.sourceAccess = requireNonNull(sourceAccess, "sourceAccess is null");
        this.sourceCatalog = config.getSourceCatalog();
    }

    @Override
    public Procedure get()
    {
        return new Procedure(
                "system",
                "create_vector_index",
                ImmutableList.of(
                        new Argument("TABLE_NAME", VARCHAR),
                        new Argument("COLUMN_NAME", VARCHAR),
                        new Argument("METRIC", VARCHAR, false, null),
                        new Argument("MAX_DEGREE", BIGINT, false, null),
                        new Argument("BEAM_WIDTH", BIGINT, false, null),
                        new Argument("IF_NOT_EXISTS", BOOLEAN, false, null)),
                ProcedureMethods.bind(this, "createVectorIndex", ConnectorSession.class, String.class, String.class, String.class, Long.class, Long.class, Boolean.class));
    }

    public void createVectorIndex(ConnectorSession session, String tableName, String columnName, String metric, Long maxDegree, Long beamWidth, Boolean ifNotExists)
    {
        SourceTable name = RegistryNames.sourceTable("table_name", tableName, sourceCatalog);
        String column = RegistryNames.columnName("column_name", columnName);
        VectorMetric vectorMetric = VectorMetric.fromSqlName(metric == null ? VectorMetric.COSINE.sqlName() : metric);
        int degree = bounded("max_degree", maxDegree, DEFAULT_MAX_DEGREE, 4, 128);
        int beam = bounded("beam_width", beamWidth, DEFAULT_BEAM_WIDTH, 10, 1000);
        Table table = checkAccess(sourceAccess, registry, session, name, column);
        // the index of a table of that name dropped since does not count: create replaces it
        if (Boolean.TRUE.equals(ifNotExists) && registry.getVectorIndex(VectorIndexDefinition.indexName(name, column))
                .filter(existing -> existing.tableUuid().equals(table.uuid().toString()))
                .isPresent()) {
            return;
        }
        indexes.create(session, name, table, column, vectorMetric, degree, beam);
    }

    /**
     * The rights an index needs: to read the column's files, and to write the table, whose location
     * the index's files are written under. The table is loaded once the user may select the column.
     */
    static Table checkAccess(SourceAccessControl sourceAccess, FeatureRegistry registry, ConnectorSession session, SourceTable name, String column)
    {
        sourceAccess.checkCanSelect(session, name.catalogSchemaTableName(), ImmutableSet.of(column));
        Table table = registry.loadSourceTable(name);
        NestedField field = VectorIndexes.vectorField(table.schema(), name, column);
        sourceAccess.checkCanReadFiles(session, name.catalogSchemaTableName(), ImmutableMap.of(field.name(), VectorIndexes.vectorType(field)), "a vector index");
        sourceAccess.checkCanWrite(session, name.catalogSchemaTableName());
        return table;
    }

    private static int bounded(String argument, Long value, int defaultValue, int min, int max)
    {
        if (value == null) {
            return defaultValue;
        }
        if (value < min || value > max) {
            throw FEATURE_STORE_INVALID_ARGUMENT.error("%s must be between %s and %s, not %s", argument, min, max, value);
        }
        return value.intValue();
    }
}
