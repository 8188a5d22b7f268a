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
import com.google.common.collect.ImmutableMap;
import com.google.inject.Inject;
import io.lakehouseml.feature.registry.FeatureRegistry;
import io.lakehouseml.feature.security.SourceAccessControl;
import io.lakehouseml.feature.vector.VectorIndexDefinition;
import io.lakehouseml.feature.vector.VectorIndexes;
import io.lakehouseml.feature.vector.VectorIndexes.Coverage;
import io.trino.spi.TrinoException;
import io.trino.spi.connector.ConnectorSession;
import org.apache.iceberg.Table;

import java.util.List;
import java.util.Optional;

import static io.trino.spi.type.BigintType.BIGINT;
import static io.trino.spi.type.IntegerType.INTEGER;
import static io.trino.spi.type.TimestampWithTimeZoneType.TIMESTAMP_TZ_MILLIS;
import static io.trino.spi.type.VarcharType.VARCHAR;
import static java.util.Objects.requireNonNull;

/**
 * {@code feature_store.system.vector_indexes}: every vector index, with how much of its table's
 * current snapshot it covers. The counts are shown to users who may read the column's files.
 */
public class VectorIndexesTable
        extends ListingTable<VectorIndexesTable.Row>
{
    private final FeatureRegistry registry;
    private final VectorIndexes indexes;
    private final SourceAccessControl sourceAccess;

    @Inject
    public VectorIndexesTable(FeatureRegistry registry, VectorIndexes indexes, SourceAccessControl sourceAccess)
    {
        super("vector_indexes", ImmutableList.of(
                column("table_name", VARCHAR),
                column("column_name", VARCHAR),
                column("metric", VARCHAR),
                column("indexed_snapshot_id", BIGINT),
                column("indexed_rows", BIGINT),
                column("unindexed_rows", BIGINT),
                column("size_bytes", BIGINT),
                column("segments", INTEGER),
                column("dimension", INTEGER),
                column("max_degree", INTEGER),
                column("beam_width", INTEGER),
                column("owner", VARCHAR),
                column("created_at", TIMESTAMP_TZ_MILLIS),
                column("status", VARCHAR)));
        this.registry = requireNonNull(registry, "registry is null");
        this.indexes = requireNonNull(indexes, "indexes is null");
        this.sourceAccess = requireNonNull(sourceAccess, "sourceAccess is null");
    }

    @Override
    protected List<Row> rows(ConnectorSession session)
    {
        ImmutableList.Builder<Row> rows = ImmutableList.builder();
        for (VectorIndexDefinition index : registry.listVectorIndexes()) {
            if (!sourceAccess.canReadFiles(session, index.table().catalogSchemaTableName(), ImmutableMap.of(index.column(), VectorIndexes.VECTOR_TYPE))) {
                rows.add(new Row(index, Optional.empty(), "ready"));
                continue;
            }
            try {
                Table table = registry.loadSourceTable(index.table());
                VectorIndexes.checkSameTable(index, table);
                if (table.currentSnapshot() == null) {
                    rows.add(new Row(index, Optional.empty(), "ready"));
                    continue;
                }
                rows.add(new Row(index, Optional.of(indexes.coverage(index, table, table.currentSnapshot().snapshotId(), session)), "ready"));
            }
            catch (TrinoException e) {
                rows.add(new Row(index, Optional.empty(), e.getMessage()));
            }
        }
        return rows.build();
    }

    @Override
    protected Object[] toRow(Row row)
    {
        VectorIndexDefinition index = row.index();
        return new Object[] {
                index.table().toString(),
                index.column(),
                index.metric(),
                row.coverage().flatMap(Coverage::indexedSnapshot).orElse(null),
                row.coverage().map(Coverage::indexedRows).orElse(null),
                row.coverage().map(Coverage::unindexedRows).orElse(null),
                row.coverage().map(Coverage::sizeBytes).orElse(null),
                row.coverage().map(Coverage::segments).orElse(null),
                index.dimension(),
                index.maxDegree(),
                index.beamWidth(),
                index.owner(),
                timestamp(index.createdAt()),
                row.status(),
        };
    }

    /**
     * An index and what it covers of the current snapshot, when the reader may know it.
     */
    record Row(VectorIndexDefinition index, Optional<Coverage> coverage, String status) {}
}
