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
import io.lakehouseml.feature.iceberg.IcebergBuckets;
import io.lakehouseml.feature.registry.FeatureRegistry;
import io.lakehouseml.feature.registry.FeatureViewDefinition;
import io.lakehouseml.feature.security.SourceAccessControl;
import io.trino.spi.connector.ConnectorSession;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.PartitionField;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.SortField;
import org.apache.iceberg.SortOrder;
import org.apache.iceberg.Table;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.types.Types.NestedField;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.StringJoiner;

import static io.trino.spi.type.BigintType.BIGINT;
import static io.trino.spi.type.BooleanType.BOOLEAN;
import static io.trino.spi.type.IntegerType.INTEGER;
import static io.trino.spi.type.VarcharType.VARCHAR;
import static java.util.Objects.requireNonNull;

/**
 * {@code feature_store.system.feature_view_layout}: every live data file of every feature view's
 * source table, with its partition spec and sort order, and whether it is in the layout that
 * {@code point_in_time_features} reads fastest: bucketed by an entity column and sorted by the
 * entity columns then the event timestamp. Only the Iceberg metadata is read.
 */
public class FeatureViewLayoutTable
        extends ListingTable<FeatureViewLayoutTable.LayoutFile>
{
    private final FeatureRegistry registry;
    private final SourceAccessControl sourceAccess;

    @Inject
    public FeatureViewLayoutTable(FeatureRegistry registry, SourceAccessControl sourceAccess)
    {
        super("feature_view_layout", ImmutableList.of(
                column("schema_name", VARCHAR),
                column("view_name", VARCHAR),
                column("source_table", VARCHAR),
                column("file_path", VARCHAR),
                column("record_count", BIGINT),
                column("file_size_in_bytes", BIGINT),
                column("spec_id", INTEGER),
                column("partitioning", VARCHAR),
                column("sort_order_id", INTEGER),
                column("sort_order", VARCHAR),
                column("bucketed", BOOLEAN),
                column("sorted", BOOLEAN)));
        this.registry = requireNonNull(registry, "registry is null");
        this.sourceAccess = requireNonNull(sourceAccess, "sourceAccess is null");
    }

    @Override
    protected List<LayoutFile> rows(ConnectorSession session)
    {
        List<LayoutFile> files = new ArrayList<>();
        for (FeatureViewDefinition view : registry.listFeatureViews(Optional.empty())) {
            // no column's values are listed, but the record counts describe the rows: not for a user whose rows are filtered
            if (!sourceAccess.canReadFiles(session, view.sourceTable().catalogSchemaTableName(), ImmutableMap.of())) {
                continue;
            }
            Table table = registry.loadSourceTable(view.sourceTable());
            if (table.currentSnapshot() == null) {
                continue;
            }
            try (CloseableIterable<FileScanTask> tasks = table.newScan().planFiles()) {
                for (FileScanTask task : tasks) {
                    files.add(layout(view, table, task.file()));
                }
            }
            catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return files;
    }

    private static LayoutFile layout(FeatureViewDefinition view, Table table, DataFile file)
    {
        Schema schema = table.schema();
        PartitionSpec spec = table.specs().get(file.specId());
        boolean bucketed = spec.fields().stream()
                .anyMatch(field -> IcebergBuckets.bucketCount(field.transform()).isPresent() && isEntityColumn(view, schema, field.sourceId()));
        Integer sortOrderId = file.sortOrderId();
        Optional<SortOrder> sortOrder = Optional.ofNullable(sortOrderId).map(id -> table.sortOrders().get(id)).filter(order -> !order.isUnsorted());
        return new LayoutFile(view, file, describe(spec, schema), sortOrderId, sortOrder.map(order -> describe(order, schema)).orElse(null), bucketed, sortOrder.map(order -> isSortedForJoin(view, schema, order)).orElse(false));
    }

    /**
     * Sorted by every entity column, then the event timestamp, first.
     */
    private static boolean isSortedForJoin(FeatureViewDefinition view, Schema schema, SortOrder order)
    {
        List<String> wanted = new ArrayList<>(view.entityColumns());
        wanted.add(view.timestampColumn());
        List<SortField> fields = order.fields();
        if (fields.size() < wanted.size()) {
            return false;
        }
        for (int index = 0; index < wanted.size(); index++) {
            SortField field = fields.get(index);
            if (!field.transform().isIdentity() || !name(schema, field.sourceId()).equals(wanted.get(index))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isEntityColumn(FeatureViewDefinition view, Schema schema, int fieldId)
    {
        return view.entityColumns().contains(name(schema, fieldId));
    }

    private static String name(Schema schema, int fieldId)
    {
        NestedField field = schema.findField(fieldId);
        return field == null ? "" : field.name().toLowerCase(Locale.ROOT);
    }

    private static String describe(PartitionSpec spec, Schema schema)
    {
        StringJoiner fields = new StringJoiner(", ", "[", "]");
        for (PartitionField field : spec.fields()) {
            fields.add(field.transform().isIdentity() ? name(schema, field.sourceId()) : "%s(%s)".formatted(field.transform(), name(schema, field.sourceId())));
        }
        return fields.toString();
    }

    private static String describe(SortOrder order, Schema schema)
    {
        StringJoiner fields = new StringJoiner(", ", "[", "]");
        for (SortField field : order.fields()) {
            String column = field.transform().isIdentity() ? name(schema, field.sourceId()) : "%s(%s)".formatted(field.transform(), name(schema, field.sourceId()));
            fields.add("%s %s %s".formatted(column, field.direction(), field.nullOrder()).toLowerCase(Locale.ROOT));
        }
        return fields.toString();
    }

    @Override
    protected Object[] toRow(LayoutFile file)
    {
        return new Object[] {
                file.view().schema(),
                file.view().name(),
                file.view().sourceTable().toString(),
                file.file().location(),
                file.file().recordCount(),
                file.file().fileSizeInBytes(),
                file.file().specId(),
                file.partitioning(),
                file.sortOrderId(),
                file.sortOrder(),
                file.bucketed(),
                file.sorted(),
        };
    }

    public record LayoutFile(FeatureViewDefinition view, DataFile file, String partitioning, Integer sortOrderId, String sortOrder, boolean bucketed, boolean sorted) {}
}
