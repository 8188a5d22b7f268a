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
package io.lakehouseml.feature.lineage;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableSet;
import io.lakehouseml.feature.iceberg.IcebergCatalogFactory.RegistryCatalog;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DataFiles;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Metrics;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.StructLike;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.avro.Avro;
import org.apache.iceberg.avro.InternalReader;
import org.apache.iceberg.avro.InternalWriter;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.exceptions.AlreadyExistsException;
import org.apache.iceberg.exceptions.NoSuchTableException;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.io.DataWriter;
import org.apache.iceberg.types.Comparators;
import org.apache.iceberg.types.Conversions;
import org.apache.iceberg.types.Types;
import org.apache.iceberg.types.Types.NestedField;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import static com.google.common.collect.ImmutableSet.toImmutableSet;
import static io.lakehouseml.feature.FeatureStoreErrorCode.FEATURE_STORE_CATALOG_ERROR;
import static java.util.Locale.ENGLISH;
import static java.util.Objects.requireNonNull;
import static java.util.concurrent.TimeUnit.SECONDS;

/**
 * The Iceberg table of runs and the tables they read and wrote: one row per run and table, the
 * same for queries (recorded by {@link LineageEventListener}) and for the connector's procedures.
 * Rows are appended in Avro data files of the table's schema; a run whose id is in the table
 * already is not added again, so appending the same runs twice is harmless.
 * <p>
 * Every writer of the table appends through this class: the run ids already present are read
 * from the table's Avro data files only.
 */
public final class QueryRunsTable
{
    public static final String DIRECTION_INPUT = "input";
    public static final String DIRECTION_OUTPUT = "output";

    public static final Schema SCHEMA = new Schema(
            NestedField.required(1, "run_id", Types.StringType.get(), "Query id, or the id a procedure gave its run"),
            NestedField.required(2, "run_kind", Types.StringType.get(), "query or procedure"),
            NestedField.optional(3, "operation", Types.StringType.get(), "INSERT, CREATE TABLE AS, MERGE, UPDATE, DELETE, or the procedure name"),
            NestedField.optional(4, "user_name", Types.StringType.get()),
            NestedField.optional(5, "query", Types.StringType.get(), "Query text, cut at lineage.max-query-length characters"),
            NestedField.optional(6, "started_at", Types.TimestampType.withZone()),
            NestedField.required(7, "ended_at", Types.TimestampType.withZone()),
            NestedField.required(8, "direction", Types.StringType.get(), "input or output"),
            NestedField.required(9, "catalog_name", Types.StringType.get()),
            NestedField.required(10, "schema_name", Types.StringType.get()),
            NestedField.required(11, "table_name", Types.StringType.get()),
            NestedField.optional(12, "columns", Types.ListType.ofOptional(15, Types.StringType.get())),
            NestedField.optional(13, "snapshot_id", Types.LongType.get(), "Iceberg snapshot read or written"),
            NestedField.optional(14, "openlineage", Types.StringType.get(), "OpenLineage RunEvent of the run, on its output rows"));

    private static final Schema RUN_ID_SCHEMA = SCHEMA.select("run_id");

    private final RegistryCatalog catalog;
    private final TableIdentifier identifier;
    private final OpenLineageEvents openLineageEvents;

    public QueryRunsTable(RegistryCatalog catalog, TableIdentifier identifier, OpenLineageEvents openLineageEvents)
    {
        this.catalog = requireNonNull(catalog, "catalog is null");
        this.identifier = requireNonNull(identifier, "identifier is null");
        this.openLineageEvents = requireNonNull(openLineageEvents, "openLineageEvents is null");
    }

    public TableIdentifier identifier()
    {
        return identifier;
    }

    /**
     * The table, created with its namespace when missing; fails when a table of that name exists
     * without the columns of {@link #SCHEMA}.
     */
    public Table loadOrCreate()
    {
        Table table;
        try {
            table = catalog.tables().loadTable(identifier);
        }
        catch (NoSuchTableException _) {
            table = create();
        }
        checkSchema(table);
        return table;
    }

    private Table create()
    {
        Namespace namespace = identifier.namespace();
        if (!catalog.namespaces().namespaceExists(namespace)) {
            try {
                catalog.namespaces().createNamespace(namespace);
            }
            catch (AlreadyExistsException _) {
                // made by another writer meanwhile
            }
        }
        Map<String, String> properties = ImmutableMap.of(
                TableProperties.FORMAT_VERSION, "2",
                TableProperties.DEFAULT_FILE_FORMAT, FileFormat.AVRO.name().toLowerCase(ENGLISH));
        try {
            return catalog.tables().createTable(identifier, SCHEMA, PartitionSpec.unpartitioned(), properties);
        }
        catch (AlreadyExistsException _) {
            return catalog.tables().loadTable(identifier);
        }
    }

    private void checkSchema(Table table)
    {
        for (NestedField column : SCHEMA.columns()) {
            NestedField existing = table.schema().findField(column.name());
            if (existing == null || !existing.type().equals(column.type())) {
                throw FEATURE_STORE_CATALOG_ERROR.error(
                        "Table %s is not a lineage table: it has no column %s of type %s; drop it or set lineage.table to another name",
                        identifier,
                        column.name(),
                        column.type());
            }
        }
        if (!table.spec().isUnpartitioned()) {
            throw FEATURE_STORE_CATALOG_ERROR.error("Lineage table %s is partitioned: it must not be", identifier);
        }
    }

    /**
     * Appends the rows of the runs that the table does not hold yet, in one commit; returns the
     * number of runs added. Iceberg retries a commit that conflicts with another writer's.
     */
    public int append(List<LineageRun> runs)
    {
        Table table = loadOrCreate();
        Set<String> existing = existingRunIds(table, runs.stream().map(LineageRun::runId).collect(toImmutableSet()));
        Set<String> added = new HashSet<>();
        ImmutableList.Builder<GenericRecord> rows = ImmutableList.builder();
        for (LineageRun run : runs) {
            if (existing.contains(run.runId()) || !added.add(run.runId())) {
                continue;
            }
            rows.addAll(rows(table.schema(), run));
        }
        List<GenericRecord> newRows = rows.build();
        if (newRows.isEmpty()) {
            return 0;
        }
        DataFile dataFile = write(table, newRows);
        try {
            table.newFastAppend()
                    .appendFile(dataFile)
                    .set("lakehouse.lineage.runs", String.valueOf(added.size()))
                    .commit();
        }
        catch (RuntimeException e) {
            try {
                table.io().deleteFile(dataFile.location());
            }
            catch (RuntimeException deleteFailure) {
                e.addSuppressed(deleteFailure);
            }
            throw e;
        }
        return added.size();
    }

    /**
     * The ones of the given run ids that the table holds.
     */
    public static Set<String> existingRunIds(Table table, Set<String> runIds)
    {
        if (runIds.isEmpty() || table.currentSnapshot() == null) {
            return ImmutableSet.of();
        }
        ImmutableSet.Builder<String> existing = ImmutableSet.builder();
        try (CloseableIterable<FileScanTask> tasks = table.newScan()
                .filter(Expressions.in("run_id", runIds.toArray()))
                .planFiles()) {
            for (FileScanTask task : tasks) {
                if (task.file().format() != FileFormat.AVRO) {
                    continue;
                }
                try (CloseableIterable<StructLike> records = Avro.read(table.io().newInputFile(task.file().location()))
                        .project(RUN_ID_SCHEMA)
                        .createResolvingReader(InternalReader::create)
                        .build()) {
                    for (StructLike record : records) {
                        String runId = record.get(0, CharSequence.class).toString();
                        if (runIds.contains(runId)) {
                            existing.add(runId);
                        }
                    }
                }
            }
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return existing.build();
    }

    private List<GenericRecord> rows(Schema schema, LineageRun run)
    {
        ImmutableList.Builder<GenericRecord> rows = ImmutableList.builder();
        String openLineage = openLineageEvents.runEvent(run);
        for (LineageDataset input : run.inputs()) {
            rows.add(row(schema, run, DIRECTION_INPUT, input, Optional.empty()));
        }
        for (LineageDataset output : run.outputs()) {
            rows.add(row(schema, run, DIRECTION_OUTPUT, output, Optional.of(openLineage)));
        }
        return rows.build();
    }

    private static GenericRecord row(Schema schema, LineageRun run, String direction, LineageDataset dataset, Optional<String> openLineage)
    {
        GenericRecord row = GenericRecord.create(schema);
        row.setField("run_id", run.runId());
        row.setField("run_kind", run.runKind());
        row.setField("operation", run.operation().orElse(null));
        row.setField("user_name", run.userName().orElse(null));
        row.setField("query", run.query().orElse(null));
        row.setField("started_at", run.startedAt().map(QueryRunsTable::epochMicros).orElse(null));
        row.setField("ended_at", epochMicros(run.endedAt()));
        row.setField("direction", direction);
        row.setField("catalog_name", dataset.catalogName());
        row.setField("schema_name", dataset.schemaName());
        row.setField("table_name", dataset.tableName());
        row.setField("columns", dataset.columns());
        row.setField("snapshot_id", dataset.snapshotId().orElse(null));
        row.setField("openlineage", openLineage.orElse(null));
        return row;
    }

    private static long epochMicros(Instant instant)
    {
        return SECONDS.toMicros(instant.getEpochSecond()) + instant.getNano() / 1000;
    }

    private static DataFile write(Table table, List<GenericRecord> rows)
    {
        String location = table.locationProvider().newDataLocation(FileFormat.AVRO.addExtension("lineage-" + UUID.randomUUID()));
        DataWriter<StructLike> writer;
        try {
            writer = Avro.writeData(table.io().newOutputFile(location))
                    .forTable(table)
                    .createWriterFunc(InternalWriter::create)
                    .build();
        }
        catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + location, e);
        }
        try (writer) {
            for (GenericRecord row : rows) {
                writer.write(row);
            }
        }
        catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + location, e);
        }
        // Avro files carry no column bounds: with the bounds of their run ids, the check for runs
        // committed already (existingRunIds) skips every file of earlier runs, as query ids grow with time
        DataFile file = writer.toDataFile();
        List<String> runIds = rows.stream().map(row -> (String) row.getField("run_id")).sorted(Comparators.charSequences()).toList();
        int runIdField = table.schema().findField("run_id").fieldId();
        return DataFiles.builder(table.spec())
                .copy(file)
                .withMetrics(new Metrics(
                        file.recordCount(),
                        null,
                        ImmutableMap.of(runIdField, (long) runIds.size()),
                        ImmutableMap.of(runIdField, 0L),
                        null,
                        ImmutableMap.of(runIdField, Conversions.toByteBuffer(Types.StringType.get(), runIds.getFirst())),
                        ImmutableMap.of(runIdField, Conversions.toByteBuffer(Types.StringType.get(), runIds.getLast()))))
                .build();
    }
}
