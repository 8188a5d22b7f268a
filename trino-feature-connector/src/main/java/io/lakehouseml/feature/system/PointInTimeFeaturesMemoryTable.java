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
import com.google.inject.Inject;
import io.lakehouseml.feature.FeatureJoinMemory.QueryMemory;
import io.trino.spi.NodeManager;
import io.trino.spi.connector.ColumnMetadata;
import io.trino.spi.connector.ConnectorSession;
import io.trino.spi.connector.ConnectorTableMetadata;
import io.trino.spi.connector.ConnectorTransactionHandle;
import io.trino.spi.connector.InMemoryRecordSet;
import io.trino.spi.connector.RecordCursor;
import io.trino.spi.connector.SchemaTableName;
import io.trino.spi.connector.SystemTable;
import io.trino.spi.predicate.TupleDomain;

import static io.trino.spi.type.BigintType.BIGINT;
import static io.trino.spi.type.VarcharType.VARCHAR;
import static java.util.Objects.requireNonNull;

/**
 * {@code feature_store.system.point_in_time_features_memory}: for the recent queries that called
 * point_in_time_features, what their splits held on each node (see {@link FeatureJoinMemory}). Every
 * node answers for itself.
 */
public class FeatureJoinMemoryTable
        implements SystemTable
{
    private static final ConnectorTableMetadata METADATA = new ConnectorTableMetadata(
            new SchemaTableName(RegistryTables.SCHEMA, "point_in_time_features_memory"),
            ImmutableList.of(
                    new ColumnMetadata("node_id", VARCHAR),
                    new ColumnMetadata("query_id", VARCHAR),
                    new ColumnMetadata("splits", BIGINT),
                    new ColumnMetadata("peak_bytes", BIGINT),
                    new ColumnMetadata("held_bytes", BIGINT)));

    private final FeatureJoinMemory memory;
    private final NodeManager nodeManager;

    @Inject
    public FeatureJoinMemoryTable(FeatureJoinMemory memory, NodeManager nodeManager)
    {
        this.memory = requireNonNull(memory, "memory is null");
        this.nodeManager = requireNonNull(nodeManager, "nodeManager is null");
    }

    @Override
    public Distribution getDistribution()
    {
        return Distribution.ALL_NODES;
    }

    @Override
    public ConnectorTableMetadata getTableMetadata()
    {
        return METADATA;
    }

    @Override
    public RecordCursor cursor(ConnectorTransactionHandle transactionHandle, ConnectorSession session, TupleDomain<Integer> constraint)
    {
        InMemoryRecordSet.Builder records = InMemoryRecordSet.builder(METADATA);
        String node = nodeManager.getCurrentNode().getNodeIdentifier();
        for (QueryMemory query : memory.queries()) {
            records.addRow(node, query.queryId(), (long) query.splits(), query.peakBytes(), query.heldBytes());
        }
        return records.build().cursor();
    }
}
