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
import com.google.inject.Inject;
import io.lakehouseml.feature.FeatureStoreConfig;
import io.lakehouseml.feature.registry.FeatureViewDefinition.SourceTable;
import io.lakehouseml.feature.registry.RegistryNames;
import io.lakehouseml.feature.security.SourceAccessControl;
import io.lakehouseml.feature.vector.VectorIndexes;
import io.trino.spi.connector.ConnectorSession;
import io.trino.spi.procedure.Procedure;
import io.trino.spi.procedure.Procedure.Argument;
import jakarta.inject.Provider;

import static io.trino.spi.type.VarcharType.VARCHAR;
import static java.util.Objects.requireNonNull;

/**
 * {@code CALL feature_store.system.drop_vector_index(table_name, column_name)}: forgets the index
 * and deletes its files, also when the table was dropped since (whose files the catalog's
 * {@code DROP TABLE} may leave behind).
 */
public class DropVectorIndexProcedure
        implements Provider<Procedure>
{
    private final VectorIndexes indexes;
    private final SourceAccessControl sourceAccess;
    private final String sourceCatalog;

    @Inject
    public DropVectorIndexProcedure(VectorIndexes indexes, SourceAccessControl sourceAccess, FeatureStoreConfig config)
    {
        this.indexes = requireNonNull(indexes, "indexes is null");
        this.sourceAccess = requireNonNull(sourceAccess, "sourceAccess is null");
        this.sourceCatalog = config.getSourceCatalog();
    }

    @Override
    public Procedure get()
    {
        return new Procedure(
                "system",
                "drop_vector_index",
                ImmutableList.of(new Argument("TABLE_NAME", VARCHAR), new Argument("COLUMN_NAME", VARCHAR)),
                ProcedureMethods.bind(this, "dropVectorIndex", ConnectorSession.class, String.class, String.class));
    }

    public void dropVectorIndex(ConnectorSession session, String tableName, String columnName)
    {
        SourceTable name = RegistryNames.sourceTable("table_name", tableName, sourceCatalog);
        String column = RegistryNames.columnName("column_name", columnName);
        sourceAccess.checkCanSelect(session, name.catalogSchemaTableName(), ImmutableSet.of());
        sourceAccess.checkCanWrite(session, name.catalogSchemaTableName());
        indexes.drop(session, indexes.existingIndex(name, column));
    }
}
