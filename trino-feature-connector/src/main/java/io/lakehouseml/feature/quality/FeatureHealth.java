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
package io.lakehouseml.feature.quality;

import com.google.common.collect.Iterables;
import io.airlift.units.Duration;
import io.lakehouseml.feature.registry.FeatureViewDefinition;
import io.lakehouseml.feature.registry.FeatureViewDefinition.SourceTable;
import io.lakehouseml.feature.sql.TypeFamily;
import io.trino.spi.TrinoException;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.types.Conversions;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types.NestedField;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Optional;
import java.util.StringJoiner;

import static io.lakehouseml.feature.FeatureStoreErrorCode.FEATURE_STORE_CATALOG_ERROR;
import static io.lakehouseml.feature.sql.SqlText.qualifiedName;
import static io.lakehouseml.feature.sql.SqlText.quote;
import static io.lakehouseml.feature.sql.SqlText.stringLiteral;
import static java.lang.String.format;
import static java.util.concurrent.TimeUnit.SECONDS;
import static java.util.stream.Collectors.joining;

/**
 * The health of a feature view: its freshness, read from Iceberg metadata without scanning data,
 * the history of its source table, and statistics of every feature.
 */
public final class FeatureHealth
{
    private FeatureHealth() {}

    /**
     * The freshness of a feature view's source table at its current snapshot.
     *
     * @param newestEvent the largest event timestamp, from the upper bounds the data files record; empty when a file has none
     */
    public record Freshness(FeatureViewDefinition view, Optional<Snapshot> snapshot, long snapshots, Optional<Long> totalRows, Optional<Instant> newestEvent)
    {
        public Optional<Double> lagSeconds(Instant now)
        {
            return newestEvent.map(newest -> (now.toEpochMilli() - newest.toEpochMilli()) / 1000.0);
        }

        public Optional<Boolean> fresh(Instant now)
        {
            return view.freshnessTarget().flatMap(target -> lagSeconds(now).map(lag -> lag <= Duration.valueOf(target).getValue(SECONDS)));
        }
    }

    /**
     * @param readData whether the figures that derive from the rows (row count, newest event) are read;
     *         without them only the snapshots are reported
     */
    public static Freshness freshness(FeatureViewDefinition view, Table table, boolean readData)
    {
        Snapshot snapshot = table.currentSnapshot();
        if (snapshot == null) {
            return new Freshness(view, Optional.empty(), 0, readData ? Optional.of(0L) : Optional.empty(), Optional.empty());
        }
        long snapshots = Iterables.size(table.snapshots());
        if (!readData) {
            return new Freshness(view, Optional.of(snapshot), snapshots, Optional.empty(), Optional.empty());
        }
        Optional<Long> totalRows = Optional.ofNullable(snapshot.summary().get("total-records")).map(Long::parseLong);
        return new Freshness(view, Optional.of(snapshot), snapshots, totalRows, newestEvent(table, view.timestampColumn(), view.sourceTable()));
    }

    private static Optional<Instant> newestEvent(Table table, String column, SourceTable source)
    {
        NestedField field = table.schema().caseInsensitiveFindField(column);
        if (field == null) {
            return Optional.empty();
        }
        Long newest = null;
        try (CloseableIterable<FileScanTask> tasks = table.newScan().includeColumnStats().planFiles()) {
            for (FileScanTask task : tasks) {
                ByteBuffer bound = task.file().upperBounds() == null ? null : task.file().upperBounds().get(field.fieldId());
                if (bound == null) {
                    return Optional.empty();
                }
                long micros = toMicros(field.type(), Conversions.fromByteBuffer(field.type(), bound));
                newest = newest == null ? micros : Math.max(newest, micros);
            }
        }
        catch (IOException | RuntimeException e) {
            throw new TrinoException(FEATURE_STORE_CATALOG_ERROR, format("Cannot read the file statistics of %s: %s", source, e.getMessage()), e);
        }
        return Optional.ofNullable(newest).map(micros -> Instant.EPOCH.plusNanos(Math.multiplyExact(micros, 1000L)));
    }

    private static long toMicros(Type type, Object value)
    {
        long stored = (Long) value;
        return type.typeId() == Type.TypeID.TIMESTAMP_NANO ? Math.floorDiv(stored, 1000L) : stored;
    }

    /**
     * The snapshots of the source table: rows over time.
     */
    public static String historySql(FeatureViewDefinition view)
    {
        SourceTable source = view.sourceTable();
        return format(
                """
                SELECT committed_at, snapshot_id, parent_id, operation,
                       CAST(element_at(summary, 'total-records') AS bigint) AS total_rows,
                       CAST(element_at(summary, 'added-records') AS bigint) AS added_rows,
                       CAST(element_at(summary, 'deleted-records') AS bigint) AS deleted_rows
                FROM %s""",
                qualifiedName(source.catalog(), source.schema(), source.table() + "$snapshots"));
    }

    /**
     * Statistics of every feature in one scan of the source table: rows, NULLs, NULL rate, minimum,
     * maximum (as text), mean (numbers only) and an estimate of the distinct values.
     *
     * @param snapshotId the snapshot of the source table to read; none for a table that was never written
     */
    public static String statisticsSql(FeatureViewDefinition view, Optional<Long> snapshotId)
    {
        StringJoiner aggregates = new StringJoiner(", ");
        aggregates.add("count(*) AS \"$rows\"");
        StringJoiner rows = new StringJoiner(", ");
        for (int i = 0; i < view.features().size(); i++) {
            String feature = view.features().get(i);
            TypeFamily family = TypeFamily.of(view.column(feature).type());
            String column = quote(feature);
            boolean orderable = family.isOrderable();
            aggregates.add(format("count(%s) AS \"$count%d\"", column, i));
            aggregates.add(orderable ? format("CAST(min(%s) AS varchar) AS \"$min%d\"", column, i) : format("CAST(NULL AS varchar) AS \"$min%d\"", i));
            aggregates.add(orderable ? format("CAST(max(%s) AS varchar) AS \"$max%d\"", column, i) : format("CAST(NULL AS varchar) AS \"$max%d\"", i));
            aggregates.add(family.isNumber() ? format("avg(CAST(%s AS double)) AS \"$mean%d\"", column, i) : format("CAST(NULL AS double) AS \"$mean%d\"", i));
            aggregates.add(orderable || family == TypeFamily.VARBINARY ? format("approx_distinct(%s) AS \"$distinct%d\"", column, i) : format("CAST(NULL AS bigint) AS \"$distinct%d\"", i));
            rows.add(format("ROW(CAST(%s AS varchar), \"$rows\", \"$rows\" - \"$count%2$d\", \"$min%2$d\", \"$max%2$d\", \"$mean%2$d\", \"$distinct%2$d\")", stringLiteral(feature), i));
        }
        SourceTable source = view.sourceTable();
        return format(
                """
                SELECT feature, total_rows, null_rows, IF(total_rows = 0, NULL, CAST(null_rows AS double) / total_rows) AS null_rate, min, max, mean, distinct_estimate
                FROM (SELECT %s FROM %s%s)
                CROSS JOIN UNNEST(ARRAY[%s]) AS s (feature, total_rows, null_rows, min, max, mean, distinct_estimate)""",
                aggregates,
                qualifiedName(source.catalog(), source.schema(), source.table()),
                snapshotId.map(id -> " FOR VERSION AS OF " + id).orElse(""),
                rows);
    }

    /**
     * The change of the statistics of every feature from one snapshot of the source table (by
     * default the parent: what the last commit changed) to another.
     *
     * @param parentId the snapshot compared with; none for the first snapshot of a table
     */
    public static String driftSql(FeatureViewDefinition view, long snapshotId, Optional<Long> parentId)
    {
        // without a snapshot before, every statistic before is NULL
        String before = parentId.map(id -> statisticsSql(view, Optional.of(id)))
                .orElse("SELECT feature, CAST(NULL AS bigint) AS total_rows, CAST(NULL AS bigint) AS null_rows, CAST(NULL AS double) AS null_rate, " +
                        "CAST(NULL AS varchar) AS min, CAST(NULL AS varchar) AS max, CAST(NULL AS double) AS mean, CAST(NULL AS bigint) AS distinct_estimate " +
                        view.features().stream().map(feature -> "CAST(" + stringLiteral(feature) + " AS varchar)").collect(joining(", ", "FROM UNNEST(ARRAY[", "]) AS f (feature)")));
        return format(
                """
                SELECT a.feature, %d AS snapshot_id, %s AS parent_id,
                       b.total_rows AS total_rows_before, a.total_rows AS total_rows_after,
                       b.null_rate AS null_rate_before, a.null_rate AS null_rate_after, a.null_rate - b.null_rate AS null_rate_change,
                       b.mean AS mean_before, a.mean AS mean_after, a.mean - b.mean AS mean_change,
                       b.min AS min_before, a.min AS min_after, b.max AS max_before, a.max AS max_after,
                       b.distinct_estimate AS distinct_before, a.distinct_estimate AS distinct_after
                FROM (%s) a
                JOIN (%s) b ON a.feature = b.feature""",
                snapshotId,
                parentId.map(String::valueOf).orElse("CAST(NULL AS bigint)"),
                statisticsSql(view, Optional.of(snapshotId)),
                before);
    }
}
