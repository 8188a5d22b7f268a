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

import com.google.common.base.MoreObjects.ToStringHelper;
import com.google.common.collect.ImmutableList;
import io.trino.spi.connector.ConnectorTableHandle;
import io.trino.spi.connector.SortOrder;

import java.util.List;
import java.util.OptionalLong;

import static com.google.common.base.MoreObjects.toStringHelper;
import static java.util.Objects.requireNonNull;

/**
 * A {@code vector_search} call read as a table, so that the engine reads only the columns a
 * query uses and hands it the {@code ORDER BY ... LIMIT} or {@code LIMIT} of a query when the
 * call's rows come from one split: then the rows that split returns are all the call's rows, and
 * the split orders and limits them as the engine would.
 *
 * @param splits how many splits the call had when the query was planned
 * @param orderBy the order of the rows returned; empty for the nearest first
 * @param limit how many of them are returned, if fewer than all
 */
public record VectorSearchTableHandle(VectorSearchHandle search, int splits, List<Ordering> orderBy, OptionalLong limit)
        implements ConnectorTableHandle
{
    public VectorSearchTableHandle
    {
        requireNonNull(search, "search is null");
        orderBy = ImmutableList.copyOf(orderBy);
        requireNonNull(limit, "limit is null");
    }

    /**
     * Whether the rows returned are ordered or limited here, which only one split can do.
     */
    public boolean ordersOrLimits()
    {
        return !orderBy.isEmpty() || limit.isPresent();
    }

    @Override
    public String toString()
    {
        // as EXPLAIN shows the scan: without the query vector
        ToStringHelper helper = toStringHelper("vector_search")
                .add("table", search.table())
                .add("column", search.columns().get(search.vectorColumn()).name())
                .add("snapshot", search.snapshotId())
                .add("k", search.k())
                .add("efSearch", search.efSearch())
                .add("splits", splits);
        search.filterColumn().ifPresent(column -> helper.add("filter", column.name() + " IN " + search.filterValues()));
        if (!orderBy.isEmpty()) {
            helper.add("orderBy", orderBy.stream()
                    .map(ordering -> search.resultColumns().get(ordering.column()).name() + " " + ordering.sortOrder())
                    .toList());
        }
        limit.ifPresent(value -> helper.add("limit", value));
        return helper.toString();
    }

    /**
     * A column of the result, by its place in the result, and its sort order.
     */
    public record Ordering(int column, SortOrder sortOrder)
    {
        public Ordering
        {
            requireNonNull(sortOrder, "sortOrder is null");
        }
    }
}
