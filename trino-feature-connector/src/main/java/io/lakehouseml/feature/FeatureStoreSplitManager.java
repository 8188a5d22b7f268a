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

import com.google.inject.Inject;
import io.lakehouseml.feature.join.FeatureJoinHandle;
import io.lakehouseml.feature.join.FeatureJoinSplitManager;
import io.lakehouseml.feature.vector.VectorSearchSplitManager;
import io.lakehouseml.feature.vector.VectorSearchTableHandle;
import io.trino.spi.connector.ColumnHandle;
import io.trino.spi.connector.ConnectorSession;
import io.trino.spi.connector.ConnectorSplitManager;
import io.trino.spi.connector.ConnectorSplitSource;
import io.trino.spi.connector.ConnectorTableHandle;
import io.trino.spi.connector.ConnectorTransactionHandle;
import io.trino.spi.connector.Constraint;
import io.trino.spi.function.table.ConnectorTableFunctionHandle;

import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * The splits of what reads files itself: the table function {@code point_in_time_features}, and
 * {@code vector_search}, which the engine reads as a table.
 */
public class FeatureStoreSplitManager
        implements ConnectorSplitManager
{
    private final FeatureJoinSplitManager featureJoin;
    private final VectorSearchSplitManager vectorSearch;

    @Inject
    public FeatureStoreSplitManager(FeatureJoinSplitManager featureJoin, VectorSearchSplitManager vectorSearch)
    {
        this.featureJoin = requireNonNull(featureJoin, "featureJoin is null");
        this.vectorSearch = requireNonNull(vectorSearch, "vectorSearch is null");
    }

    @Override
    public ConnectorSplitSource getSplits(ConnectorTransactionHandle transaction, ConnectorSession session, ConnectorTableHandle table, Set<ColumnHandle> columns, Constraint constraint)
    {
        // FeatureStoreMetadata.getTableHandle returns no handle (feature views are views, companions
        // are views or system tables): the only tables read are vector_search calls
        return vectorSearch.getSplits(session, (VectorSearchTableHandle) table);
    }

    @Override
    public ConnectorSplitSource getSplits(ConnectorTransactionHandle transaction, ConnectorSession session, ConnectorTableFunctionHandle function)
    {
        return switch (function) {
            case FeatureJoinHandle handle -> featureJoin.getSplits(handle);
            default -> throw new IllegalArgumentException("Not a table function of the feature store that has splits: " + function);
        };
    }
}
