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
import io.lakehouseml.feature.join.FeatureJoinHandle.ColumnSpec;
import io.lakehouseml.feature.registry.FeatureViewDefinition.SourceTable;
import io.trino.spi.function.table.ConnectorTableFunctionHandle;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import static io.trino.spi.type.DoubleType.DOUBLE;
import static java.util.Objects.requireNonNull;

/**
 * A {@code vector_search} call: the table's columns it returns (the indexed one among them), the
 * query and how many rows each split finds.
 *
 * @param tableUuid the table's UUID, which a table dropped and created again does not keep
 * @param vectorColumn the index of the indexed column among {@code columns}
 * @param filterColumn the column whose value must be one of {@code filterValues}, if any
 */
public record VectorSearchHandle(
        SourceTable table,
        String tableUuid,
        String indexName,
        long snapshotId,
        List<ColumnSpec> columns,
        int vectorColumn,
        String metric,
        float[] query,
        int k,
        int efSearch,
        Optional<ColumnSpec> filterColumn,
        List<String> filterValues,
        Set<Integer> identityPartitionFields)
        implements ConnectorTableFunctionHandle
{
    public VectorSearchHandle
    {
        requireNonNull(table, "table is null");
        requireNonNull(tableUuid, "tableUuid is null");
        requireNonNull(indexName, "indexName is null");
        columns = List.copyOf(columns);
        requireNonNull(metric, "metric is null");
        requireNonNull(query, "query is null");
        requireNonNull(filterColumn, "filterColumn is null");
        filterValues = List.copyOf(filterValues);
        identityPartitionFields = Set.copyOf(identityPartitionFields);
    }

    /**
     * The columns of the call's result: the table's, then the distance.
     */
    public List<VectorSearchColumnHandle> resultColumns()
    {
        ImmutableList.Builder<VectorSearchColumnHandle> result = ImmutableList.builder();
        for (int index = 0; index < columns.size(); index++) {
            result.add(new VectorSearchColumnHandle(index, columns.get(index).name(), columns.get(index).type()));
        }
        result.add(new VectorSearchColumnHandle(columns.size(), VectorSearchFunction.DISTANCE_COLUMN, DOUBLE));
        return result.build();
    }

    public VectorMetric vectorMetric()
    {
        return VectorMetric.fromSqlName(metric);
    }
}
