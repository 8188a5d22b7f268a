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
import io.trino.spi.PageBuilder;
import io.trino.spi.block.Block;
import io.trino.spi.block.BlockBuilder;
import io.trino.spi.connector.ColumnMetadata;
import io.trino.spi.connector.ConnectorPageSource;
import io.trino.spi.connector.ConnectorSession;
import io.trino.spi.connector.ConnectorTableMetadata;
import io.trino.spi.connector.ConnectorTransactionHandle;
import io.trino.spi.connector.FixedPageSource;
import io.trino.spi.connector.InMemoryRecordSet;
import io.trino.spi.connector.RecordCursor;
import io.trino.spi.connector.SchemaTableName;
import io.trino.spi.connector.SystemTable;
import io.trino.spi.predicate.TupleDomain;
import io.trino.spi.type.ArrayType;
import io.trino.spi.type.Type;

import java.time.Instant;
import java.util.List;

import static io.airlift.slice.Slices.utf8Slice;
import static io.lakehouseml.feature.registry.RegistryNames.SYSTEM_SCHEMA;
import static io.trino.spi.type.DateTimeEncoding.packDateTimeWithZone;
import static io.trino.spi.type.TimeZoneKey.UTC_KEY;
import static io.trino.spi.type.TypeUtils.writeNativeValue;
import static io.trino.spi.type.VarcharType.VARCHAR;
import static java.util.Objects.requireNonNull;

/**
 * A table of {@code feature_store.system} that lists objects, one row each: what the registry
 * holds across all schemas (read on the coordinator), or what every node reports of itself.
 *
 * @param <T> what one row shows
 */
abstract class ListingTable<T>
        implements SystemTable
{
    protected static final ArrayType VARCHAR_ARRAY = new ArrayType(VARCHAR);

    private final ConnectorTableMetadata metadata;
    private final Distribution distribution;

    /**
     * A table read on the coordinator.
     */
    protected ListingTable(String name, List<ColumnMetadata> columns)
    {
        this(name, columns, Distribution.SINGLE_COORDINATOR);
    }

    protected ListingTable(String name, List<ColumnMetadata> columns, Distribution distribution)
    {
        this.metadata = new ConnectorTableMetadata(new SchemaTableName(SYSTEM_SCHEMA, name), ImmutableList.copyOf(columns));
        this.distribution = requireNonNull(distribution, "distribution is null");
    }

    /**
     * The objects listed now, one per row.
     */
    protected abstract List<T> rows(ConnectorSession session);

    /**
     * The objects listed now that may satisfy the query's conditions on the columns (by index):
     * all of them, unless a table has reason to leave some out early.
     */
    protected List<T> rows(ConnectorSession session, TupleDomain<Integer> constraint)
    {
        return rows(session);
    }

    /**
     * The values of a row, in the order of the columns.
     */
    protected abstract Object[] toRow(T row);

    @Override
    public Distribution getDistribution()
    {
        return distribution;
    }

    @Override
    public ConnectorTableMetadata getTableMetadata()
    {
        return metadata;
    }

    @Override
    public RecordCursor cursor(ConnectorTransactionHandle transactionHandle, ConnectorSession session, TupleDomain<Integer> constraint)
    {
        InMemoryRecordSet.Builder records = InMemoryRecordSet.builder(metadata);
        for (T row : rows(session, constraint)) {
            records.addRow(toRow(row));
        }
        return records.build().cursor();
    }

    /**
     * The rows as one page: for tables with columns of types a {@link RecordCursor} of an
     * {@link InMemoryRecordSet} cannot hold, such as maps.
     */
    protected ConnectorPageSource pages(ConnectorSession session, TupleDomain<Integer> constraint)
    {
        List<Type> types = metadata.getColumns().stream().map(ColumnMetadata::getType).toList();
        PageBuilder page = new PageBuilder(types);
        for (T row : rows(session, constraint)) {
            page.declarePosition();
            Object[] values = toRow(row);
            for (int column = 0; column < types.size(); column++) {
                Object value = switch (values[column]) {
                    case String text -> utf8Slice(text);
                    case Integer number -> number.longValue();
                    case null, default -> values[column];
                };
                writeNativeValue(types.get(column), page.getBlockBuilder(column), value);
            }
        }
        return new FixedPageSource(ImmutableList.of(page.build()));
    }

    protected static ColumnMetadata column(String name, Type type)
    {
        return new ColumnMetadata(name, type);
    }

    protected static Block array(List<String> values)
    {
        BlockBuilder builder = VARCHAR.createBlockBuilder(null, values.size());
        values.forEach(value -> VARCHAR.writeString(builder, value));
        return builder.build();
    }

    protected static long timestamp(Instant instant)
    {
        return packDateTimeWithZone(instant.toEpochMilli(), UTC_KEY);
    }
}
