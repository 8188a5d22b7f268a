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
package io.lakehouseml.feature.system;

import com.google.common.collect.ImmutableList;
import com.google.inject.Inject;
import io.lakehouseml.feature.join.FeatureJoinMemory;
import io.lakehouseml.feature.join.FeatureJoinMemory.QueryMemory;
import io.lakehouseml.feature.join.FeatureJoinMemory.Reads;
import io.trino.spi.NodeManager;
import io.trino.spi.connector.ConnectorSession;

import java.util.List;

import static io.trino.spi.type.BigintType.BIGINT;
import static io.trino.spi.type.VarcharType.VARCHAR;
import static java.util.Objects.requireNonNull;
import static java.util.concurrent.TimeUnit.NANOSECONDS;

/**
 * {@code feature_store.system.point_in_time_features_memory}: for the recent queries that called
 * point_in_time_features, what their splits held on each node and the data files they read there
 * (see {@link FeatureJoinMemory}). Every node answers for itself.
 */
public class PointInTimeFeaturesMemoryTable
        extends ListingTable<QueryMemory>
{
    private final FeatureJoinMemory memory;
    private final NodeManager nodeManager;

    @Inject
    public PointInTimeFeaturesMemoryTable(FeatureJoinMemory memory, NodeManager nodeManager)
    {
        super("point_in_time_features_memory",
                ImmutableList.of(
                        column("node_id", VARCHAR),
                        column("query_id", VARCHAR),
                        column("splits", BIGINT),
                        column("peak_bytes", BIGINT),
                        column("held_bytes", BIGINT),
                        column("files_read", BIGINT),
                        column("rows_read", BIGINT),
                        column("bytes_read", BIGINT),
                        column("read_cpu_time_ms", BIGINT)),
                Distribution.ALL_NODES);
        this.memory = requireNonNull(memory, "memory is null");
        this.nodeManager = requireNonNull(nodeManager, "nodeManager is null");
    }

    @Override
    protected List<QueryMemory> rows(ConnectorSession session)
    {
        return memory.queries();
    }

    @Override
    protected Object[] toRow(QueryMemory query)
    {
        Reads reads = query.reads();
        return new Object[] {
                nodeManager.getCurrentNode().getNodeIdentifier(),
                query.queryId(),
                (long) query.splits(),
                query.peakBytes(),
                query.heldBytes(),
                reads.files(),
                reads.rows(),
                reads.bytes(),
                NANOSECONDS.toMillis(reads.cpuNanos()),
        };
    }
}
