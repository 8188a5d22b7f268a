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
import com.google.inject.Inject;
import io.lakehouseml.feature.FeatureStoreConfig;
import io.lakehouseml.feature.registry.FeatureRegistry;
import io.lakehouseml.feature.registry.FeatureViewDefinition.SourceTable;
import io.lakehouseml.feature.registry.RegistryNames;
import io.lakehouseml.feature.security.SourceAccessControl;
import io.lakehouseml.feature.vector.VectorIndexDefinition;
import io.lakehouseml.feature.vector.VectorIndexes;
import io.trino.spi.connector.ConnectorSession;
import io.trino.spi.procedure.Procedure;
import io.trino.spi.procedure.Procedure.Argument;
import jakarta.inject.Provider;
import org.apache.iceberg.Table;

import static io.trino.spi.type.VarcharType.VARCHAR;
import static java.util.Objects.requireNonNull;

/**
 * {@code CALL feature_store.system.refresh_vector_index(table_name, column_name)}: indexes the data
 * files written since the index was made or last refreshed, and deletes the segments that cover
 * no data file of the current snapshot any more.
 */
public class RefreshVectorIndexProcedure
        implements Provider<Procedure>
{
    private final FeatureRegistry registry;
    private final VectorIndexes indexes;
    private final SourceAccessControl sourceAccess;
    private final String sourceCatalog;

    @Inject
    public RefreshVectorIndexProcedure(FeatureRegistry registry, VectorIndexes indexes, SourceAccessControl sourceAccess, FeatureStoreConfig config)
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
                "refresh_vector_index",
                ImmutableList.of(new Argument("TABLE_NAME", VARCHAR), new Argument("COLUMN_NAME", VARCHAR)),
                ProcedureMethods.bind(this, "refreshVectorIndex", ConnectorSession.class, String.class, String.class));
    }

    public void refreshVectorIndex(ConnectorSession session, String tableName, String columnName)
    {
        SourceTable name = RegistryNames.sourceTable("table_name", tableName, sourceCatalog);
        String column = RegistryNames.columnName("column_name", columnName);
        VectorIndexDefinition index = indexes.existingIndex(name, column);
        Table table = CreateVectorIndexProcedure.checkAccess(sourceAccess, registry, session, name, column);
        indexes.refresh(session, index, table);
    }
}
