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

import com.google.common.collect.ImmutableMap;
import com.google.inject.Inject;
import io.airlift.log.Logger;
import io.lakehouseml.feature.iceberg.IcebergSnapshots;
import io.lakehouseml.feature.iceberg.IcebergTypes;
import io.lakehouseml.feature.iceberg.ParquetFeatureReader;
import io.lakehouseml.feature.join.FeatureJoinHandle.ColumnSpec;
import io.lakehouseml.feature.registry.FeatureRegistry;
import io.lakehouseml.feature.registry.FeatureViewDefinition.SourceTable;
import io.lakehouseml.feature.vector.TableFiles.DataFileRef;
import io.trino.filesystem.Location;
import io.trino.filesystem.TrinoFileSystem;
import io.trino.filesystem.TrinoFileSystemFactory;
import io.trino.spi.TrinoException;
import io.trino.spi.block.Block;
import io.trino.spi.block.ColumnarArray;
import io.trino.spi.connector.ConnectorSession;
import io.trino.spi.security.ConnectorIdentity;
import io.trino.spi.type.ArrayType;
import io.trino.spi.type.VarbinaryType;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types.NestedField;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import static io.lakehouseml.feature.FeatureStoreErrorCode.FEATURE_STORE_INVALID_ARGUMENT;
import static io.lakehouseml.feature.FeatureStoreErrorCode.FEATURE_STORE_INVALID_INPUT;
import static io.lakehouseml.feature.FeatureStoreErrorCode.FEATURE_STORE_NOT_FOUND;
import static io.lakehouseml.feature.FeatureStoreErrorCode.FEATURE_STORE_SOURCE_ERROR;
import static io.trino.spi.type.RealType.REAL;
import static io.trino.spi.type.VarbinaryType.VARBINARY;
import static java.lang.Float.intBitsToFloat;
import static java.util.Objects.requireNonNull;

/**
 * Makes, refreshes and drops the vector indexes of Iceberg tables, and says what they cover. An
 * index is a list of segments (see {@link SegmentFile}), each the graph and vectors of the data
 * files a {@code create_vector_index} or {@code refresh_vector_index} found, written under the
 * table's location and known to the registry; nothing of it is in the table's metadata, so no
 * Iceberg operation (ANALYZE, expire_snapshots, a compaction) can damage it: a search uses a segment
 * only for the data files of the snapshot read that it covers, and searches the others exactly.
 */
public class VectorIndexes
{
    private static final Logger log = Logger.get(VectorIndexes.class);
    // the file systems of the storage the connector reads do not depend on the user
    private static final String CLEANER_IDENTITY = "feature-store-vector-index-cleaner";
    public static final ArrayType VECTOR_TYPE = new ArrayType(REAL);

    private final FeatureRegistry registry;
    private final TrinoFileSystemFactory fileSystemFactory;
    private final VectorIndexConfig config;
    // an index is registered, and found to be of a dropped table and removed, under this lock, so
    // that the cleaner never removes the index a create_vector_index has just made in its place
    private final Object registrations = new Object();

    @Inject
    public VectorIndexes(FeatureRegistry registry, TrinoFileSystemFactory fileSystemFactory, VectorIndexConfig config)
    {
        this.registry = requireNonNull(registry, "registry is null");
        this.fileSystemFactory = requireNonNull(fileSystemFactory, "fileSystemFactory is null");
        this.config = requireNonNull(config, "config is null");
    }

    /**
     * The index of a column, or a clear error naming the procedure that makes one.
     */
    public VectorIndexDefinition existingIndex(SourceTable table, String column)
    {
        return registry.getVectorIndex(VectorIndexDefinition.indexName(table, column))
                .orElseThrow(() -> FEATURE_STORE_NOT_FOUND.error(
                        "Column %s of %s has no vector index; make one with CALL system.create_vector_index(table_name => '%s', column_name => '%s')",
                        column,
                        table,
                        table,
                        column));
    }

    public List<VectorIndexSegment> segments(VectorIndexDefinition index)
    {
        return registry.listVectorIndexSegments(index.name());
    }

    /**
     * The vector column of a table: an {@code array(real)} column, or a {@code varbinary} column of
     * vectors packed by {@code vector_pack}.
     */
    public static NestedField vectorField(Schema schema, SourceTable table, String column)
    {
        NestedField field = schema.caseInsensitiveFindField(column);
        if (field == null || schema.columns().stream().noneMatch(candidate -> candidate.fieldId() == field.fieldId())) {
            throw FEATURE_STORE_INVALID_ARGUMENT.error("column_name '%s' is not a column of %s", column, table);
        }
        Type type = field.type();
        boolean floats = type.typeId() == Type.TypeID.LIST && type.asListType().elementType().typeId() == Type.TypeID.FLOAT;
        if (!floats && type.typeId() != Type.TypeID.BINARY) {
            throw FEATURE_STORE_INVALID_ARGUMENT.error("Column %s of %s is %s; a vector index reads array(real) columns and varbinary columns of packed vectors", column, table, IcebergTypes.typeName(type));
        }
        return field;
    }

    /**
     * The engine's type of a vector column: {@code array(real)} or {@code varbinary}.
     */
    public static io.trino.spi.type.Type vectorType(NestedField field)
    {
        return field.type().typeId() == Type.TypeID.BINARY ? VARBINARY : VECTOR_TYPE;
    }

    /**
     * Makes the index of a column from the data files of the table's current snapshot.
     */
    public VectorIndexDefinition create(ConnectorSession session, SourceTable name, Table table, String column, VectorMetric metric, int maxDegree, int beamWidth)
    {
        NestedField field = vectorField(table.schema(), name, column);
        long snapshotId = IcebergSnapshots.currentSnapshot(table, name).snapshotId();
        TrinoFileSystem fileSystem = fileSystemFactory.create(session);
        List<DataFileRef> files = TableFiles.plan(table, name, snapshotId, fileSystem);
        SegmentFile.Contents contents = readVectors(fileSystem, table, name, field, metric, files, 0);
        VectorIndexDefinition index = new VectorIndexDefinition(
                name,
                table.uuid().toString(),
                column,
                field.fieldId(),
                metric.sqlName(),
                contents.dimension(),
                maxDegree,
                beamWidth,
                session.getUser(),
                Instant.now());
        synchronized (registrations) {
            // the index of a table of that name that was dropped since is of no use: it goes first
            registry.getVectorIndex(index.name())
                    .filter(existing -> !existing.tableUuid().equals(index.tableUuid()))
                    .ifPresent(stale -> drop(fileSystem, stale));
            // registered before its segment is written: of two calls indexing the same column, one fails here and writes nothing
            registry.createVectorIndex(index);
        }
        try {
            writeSegment(fileSystem, table, index, snapshotId, contents);
        }
        catch (RuntimeException e) {
            drop(fileSystem, index);
            throw e;
        }
        return index;
    }

    /**
     * Indexes the data files of the current snapshot that no segment covers, and forgets the
     * segments that cover none of its files any more.
     *
     * @return the number of rows indexed
     */
    public long refresh(ConnectorSession session, VectorIndexDefinition index, Table table)
    {
        checkSameTable(index, table);
        long snapshotId = IcebergSnapshots.currentSnapshot(table, index.table()).snapshotId();
        TrinoFileSystem fileSystem = fileSystemFactory.create(session);
        List<DataFileRef> files = TableFiles.plan(table, index.table(), snapshotId, fileSystem);
        Set<String> current = new HashSet<>(TableFiles.paths(files));
        List<VectorIndexSegment> segments = segments(index);
        Set<String> covered = new HashSet<>();
        segments.forEach(segment -> covered.addAll(segment.dataFiles()));
        List<DataFileRef> unindexed = files.stream().filter(file -> !covered.contains(file.path())).toList();
        long rows = 0;
        if (!unindexed.isEmpty()) {
            NestedField field = fieldById(table.schema(), index);
            SegmentFile.Contents contents = readVectors(fileSystem, table, index.table(), field, index.vectorMetric(), unindexed, index.dimension());
            if (contents.size() > 0) {
                writeSegment(fileSystem, table, index, snapshotId, contents);
            }
            rows = unindexed.stream().mapToLong(DataFileRef::rowCount).sum();
        }
        for (VectorIndexSegment segment : segments) {
            if (segment.dataFiles().stream().noneMatch(current::contains)) {
                dropSegment(fileSystem, segment);
            }
        }
        return rows;
    }

    /**
     * Forgets an index and deletes its files; also for a table that was dropped since.
     */
    public void drop(ConnectorSession session, VectorIndexDefinition index)
    {
        drop(fileSystemFactory.create(session), index);
    }

    private void drop(TrinoFileSystem fileSystem, VectorIndexDefinition index)
    {
        for (VectorIndexSegment segment : segments(index)) {
            dropSegment(fileSystem, segment);
        }
        registry.dropVectorIndex(index);
    }

    /**
     * Removes what no search can use any more: every index whose table was dropped (also when a
     * table of the same name was made since), and the segments that cover no data file of a
     * snapshot the table still has (their snapshots were expired). A table the catalog cannot load
     * for another reason keeps its index.
     *
     * @return the indexes and the segments removed
     */
    public Removed removeUnused()
    {
        TrinoFileSystem fileSystem = fileSystemFactory.create(ConnectorIdentity.ofUser(CLEANER_IDENTITY));
        int removedIndexes = 0;
        int removedSegments = 0;
        for (VectorIndexDefinition index : registry.listVectorIndexes()) {
            // listed before the table is loaded: a segment made since covers files of a snapshot the table has
            List<VectorIndexSegment> segments = segments(index);
            Table table;
            synchronized (registrations) {
                if (!registry.getVectorIndex(index.name()).equals(Optional.of(index))) {
                    // dropped or made again since it was listed
                    continue;
                }
                Optional<Table> loaded = loadIfExists(index.table());
                if (loaded.isEmpty() || !index.tableUuid().equals(loaded.get().uuid().toString())) {
                    log.info("Removing the vector index of %s.%s: the table it was made for has been dropped", index.table(), index.column());
                    drop(fileSystem, index);
                    removedIndexes++;
                    continue;
                }
                table = loaded.get();
            }
            // a segment covers data files of the snapshot it was made at: while that snapshot lives, so do they
            Set<Long> liveSnapshots = new HashSet<>();
            table.snapshots().forEach(snapshot -> liveSnapshots.add(snapshot.snapshotId()));
            List<VectorIndexSegment> ofExpiredSnapshots = segments.stream()
                    .filter(segment -> !liveSnapshots.contains(segment.snapshotId()))
                    .toList();
            if (ofExpiredSnapshots.isEmpty()) {
                continue;
            }
            Set<String> live = TableFiles.liveDataFiles(table, index.table());
            for (VectorIndexSegment segment : ofExpiredSnapshots) {
                if (segment.dataFiles().stream().noneMatch(live::contains)) {
                    dropSegment(fileSystem, segment);
                    removedSegments++;
                }
            }
        }
        return new Removed(removedIndexes, removedSegments);
    }

    public record Removed(int indexes, int segments) {}

    private Optional<Table> loadIfExists(SourceTable name)
    {
        try {
            return Optional.of(registry.loadSourceTable(name));
        }
        catch (TrinoException e) {
            // any other failure (the catalog cannot be reached) keeps the index
            if (!e.getErrorCode().equals(FEATURE_STORE_NOT_FOUND.toErrorCode())) {
                throw e;
            }
            return Optional.empty();
        }
    }

    /**
     * How much of a snapshot of the table an index covers.
     */
    public Coverage coverage(VectorIndexDefinition index, Table table, long snapshotId, ConnectorSession session)
    {
        List<DataFileRef> files = TableFiles.plan(table, index.table(), snapshotId, fileSystemFactory.create(session));
        List<VectorIndexSegment> segments = segments(index);
        Map<String, VectorIndexSegment> owners = owners(segments);
        long indexed = 0;
        long unindexed = 0;
        for (DataFileRef file : files) {
            if (owners.containsKey(file.path())) {
                indexed += file.liveRows();
            }
            else {
                unindexed += file.liveRows();
            }
        }
        Optional<Long> indexedSnapshot = segments.stream().map(VectorIndexSegment::snapshotId).reduce((_, last) -> last);
        return new Coverage(indexedSnapshot, indexed, unindexed, segments.size(), segments.stream().mapToLong(VectorIndexSegment::sizeBytes).sum());
    }

    /**
     * The segment that serves each data file: the first one made that covers it.
     */
    public static Map<String, VectorIndexSegment> owners(List<VectorIndexSegment> segments)
    {
        Map<String, VectorIndexSegment> owners = new LinkedHashMap<>();
        for (VectorIndexSegment segment : segments) {
            for (String file : segment.dataFiles()) {
                owners.putIfAbsent(file, segment);
            }
        }
        return ImmutableMap.copyOf(owners);
    }

    /**
     * Refuses an index whose table was dropped and made again under the same name.
     */
    public static void checkSameTable(VectorIndexDefinition index, Table table)
    {
        if (!index.tableUuid().equals(table.uuid().toString())) {
            throw FEATURE_STORE_NOT_FOUND.error(
                    "The vector index of %s.%s was made for a table of that name that has been dropped since; drop it with CALL system.drop_vector_index('%s', '%s') and create it again",
                    index.table(),
                    index.column(),
                    index.table(),
                    index.column());
        }
    }

    public static NestedField fieldById(Schema schema, VectorIndexDefinition index)
    {
        NestedField field = schema.findField(index.fieldId());
        if (field == null) {
            throw FEATURE_STORE_NOT_FOUND.error("Column %s of %s, which the vector index indexes, has been dropped; drop the index with CALL system.drop_vector_index('%s', '%s')", index.column(), index.table(), index.table(), index.column());
        }
        return field;
    }

    /**
     * The vectors of the rows of data files, in the order of the files and of the rows.
     *
     * @param dimension the index's dimension, or 0 when the first vector sets it
     */
    private static SegmentFile.Contents readVectors(TrinoFileSystem fileSystem, Table table, SourceTable name, NestedField field, VectorMetric metric, List<DataFileRef> files, int dimension)
    {
        ColumnSpec column = new ColumnSpec(field.fieldId(), field.name().toLowerCase(Locale.ROOT), vectorType(field));
        Set<Integer> identityFields = ParquetFeatureReader.identityPartitionFields(table);
        SegmentFile.Contents contents = new SegmentFile.Contents(dimension);
        for (DataFileRef file : files) {
            contents.startFile(file.path());
            long[] position = {0};
            ParquetFeatureReader.read(fileSystem.newInputFile(Location.of(file.path())), List.of(column), identityFields, page -> {
                VectorValues vectors = vectors(page.getBlock(0), column, name);
                for (int row = 0; row < page.getPositionCount(); row++, position[0]++) {
                    vectors.vector(row).ifPresent(vector -> {
                        if (contents.dimension() != 0 && vector.length != contents.dimension()) {
                            throw FEATURE_STORE_INVALID_INPUT.error("Column %s of %s holds vectors of %s and %s dimensions; a vector index needs one dimension", column.name(), name, contents.dimension(), vector.length);
                        }
                        // a zero vector has no cosine: it is never found
                        if (metric.accepts(vector, 0, vector.length)) {
                            contents.add(position[0], vector);
                        }
                    });
                }
            });
        }
        if (contents.size() == 0 && dimension == 0) {
            throw FEATURE_STORE_INVALID_INPUT.error("Column %s of %s holds no vector to index", column.name(), name);
        }
        return contents;
    }

    /**
     * The vectors of a block of a vector column, row by row.
     */
    public static VectorValues vectors(Block block, ColumnSpec column, SourceTable table)
    {
        if (column.type() instanceof VarbinaryType) {
            return row -> block.isNull(row) ? Optional.empty() : Optional.of(PackedVectors.decode(VARBINARY.getSlice(block, row), column.name(), table));
        }
        ColumnarArray arrays = ColumnarArray.toColumnarArray(block);
        return row -> vector(arrays, row);
    }

    /**
     * The vector of each row of a block; empty for NULL and for a vector with a NULL element, which
     * have no distance.
     */
    @FunctionalInterface
    public interface VectorValues
    {
        Optional<float[]> vector(int row);
    }

    private static Optional<float[]> vector(ColumnarArray arrays, int row)
    {
        if (arrays.isNull(row)) {
            return Optional.empty();
        }
        Block elements = arrays.getElementsBlock();
        int offset = arrays.getOffset(row);
        float[] vector = new float[arrays.getLength(row)];
        for (int index = 0; index < vector.length; index++) {
            if (elements.isNull(offset + index)) {
                return Optional.empty();
            }
            vector[index] = intBitsToFloat(REAL.getInt(elements, offset + index));
        }
        return Optional.of(vector);
    }

    private void writeSegment(TrinoFileSystem fileSystem, Table table, VectorIndexDefinition index, long snapshotId, SegmentFile.Contents contents)
    {
        String id = "%013d-%s".formatted(System.currentTimeMillis(), UUID.randomUUID());
        Location location = Location.of(table.location()).appendPath("vector-index").appendPath(index.name()).appendPath(id + ".segment");
        Path local = null;
        try {
            Files.createDirectories(config.getCacheDirectory());
            local = Files.createTempFile(config.getCacheDirectory(), "build", ".segment");
            SegmentFile.write(contents, index.vectorMetric(), index.maxDegree(), index.beamWidth(), config.getBuildThreads(), local);
            try (InputStream input = Files.newInputStream(local);
                    OutputStream output = fileSystem.newOutputFile(location).create()) {
                input.transferTo(output);
            }
            long size = Files.size(local);
            registry.createVectorIndexSegment(new VectorIndexSegment(index.name(), id, location.toString(), size, snapshotId, contents.size(), contents.dataFiles(), Instant.now()));
        }
        catch (IOException e) {
            throw new TrinoException(FEATURE_STORE_SOURCE_ERROR, "Cannot write vector index segment %s: %s".formatted(location, e.getMessage()), e);
        }
        finally {
            if (local != null) {
                try {
                    Files.deleteIfExists(local);
                }
                catch (IOException e) {
                    log.warn(e, "Cannot delete %s", local);
                }
            }
        }
    }

    private void dropSegment(TrinoFileSystem fileSystem, VectorIndexSegment segment)
    {
        // forgotten first: a search that lists segments never finds one whose file is gone
        registry.dropVectorIndexSegment(segment);
        try {
            fileSystem.deleteFile(Location.of(segment.location()));
        }
        catch (IOException e) {
            log.warn(e, "Cannot delete vector index segment %s", segment.location());
        }
    }

    /**
     * How much of a snapshot an index covers.
     *
     * @param indexedSnapshot the snapshot its last segment was made at
     */
    public record Coverage(Optional<Long> indexedSnapshot, long indexedRows, long unindexedRows, int segments, long sizeBytes) {}

    static Map<String, DataFileRef> byPath(List<DataFileRef> files)
    {
        Map<String, DataFileRef> byPath = new HashMap<>();
        files.forEach(file -> byPath.put(file.path(), file));
        return byPath;
    }
}
