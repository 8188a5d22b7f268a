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
import io.lakehouseml.feature.iceberg.ParquetFeatureReader;
import io.lakehouseml.feature.join.FeatureJoinHandle.ColumnSpec;
import io.lakehouseml.feature.registry.FeatureViewDefinition.SourceTable;
import io.trino.filesystem.Location;
import io.trino.filesystem.TrinoFileSystem;
import io.trino.filesystem.TrinoInput;
import io.trino.spi.TrinoException;
import io.trino.spi.block.Block;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DeleteFile;
import org.apache.iceberg.FileContent;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.ManifestFile;
import org.apache.iceberg.ManifestFiles;
import org.apache.iceberg.ManifestReader;
import org.apache.iceberg.MetadataColumns;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.deletes.PositionDeleteIndex;
import org.apache.iceberg.io.CloseableIterable;

import java.io.IOException;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static com.google.common.collect.ImmutableList.toImmutableList;
import static io.lakehouseml.feature.FeatureStoreErrorCode.FEATURE_STORE_SOURCE_ERROR;
import static io.trino.spi.StandardErrorCode.NOT_SUPPORTED;
import static io.trino.spi.type.BigintType.BIGINT;
import static io.trino.spi.type.VarcharType.VARCHAR;
import static java.lang.Math.toIntExact;
import static java.lang.String.format;

/**
 * The data files of a snapshot of a table, each with the positions of its rows deleted at that
 * snapshot: by position delete files (merge-on-read) and by deletion vectors. Copy-on-write deletes
 * and compactions replace data files, so the files of the snapshot say it all.
 */
public final class TableFiles
{
    private static final ColumnSpec DELETE_FILE_PATH = new ColumnSpec(MetadataColumns.DELETE_FILE_PATH.fieldId(), "file_path", VARCHAR);
    private static final ColumnSpec DELETE_FILE_POSITION = new ColumnSpec(MetadataColumns.DELETE_FILE_POS.fieldId(), "pos", BIGINT);

    private TableFiles() {}

    /**
     * The data files of a snapshot, in the order of their paths.
     */
    public static List<DataFileRef> plan(Table table, SourceTable name, long snapshotId, TrinoFileSystem fileSystem)
    {
        List<FileScanTask> tasks;
        try (CloseableIterable<FileScanTask> planned = table.newScan().useSnapshot(snapshotId).planFiles()) {
            tasks = ImmutableList.copyOf(planned);
        }
        catch (IOException e) {
            throw new TrinoException(FEATURE_STORE_SOURCE_ERROR, format("Failed to plan the data files of %s", name), e);
        }
        // a delete file may apply to many data files: read it once
        Map<String, Map<String, long[]>> positionDeletes = new HashMap<>();
        ImmutableList.Builder<DataFileRef> files = ImmutableList.builder();
        for (FileScanTask task : tasks.stream().sorted(Comparator.comparing(task -> task.file().location())).toList()) {
            if (task.file().format() != FileFormat.PARQUET) {
                throw new TrinoException(NOT_SUPPORTED, format("%s has a %s data file; vector indexes read Parquet files", name, task.file().format()));
            }
            String path = task.file().location();
            long[] deleted = new long[0];
            for (DeleteFile delete : task.deletes()) {
                if (delete.content() == FileContent.EQUALITY_DELETES) {
                    throw new TrinoException(NOT_SUPPORTED, format("%s has equality deletes at snapshot %s; vector indexes read tables without them (compact the table with ALTER TABLE ... EXECUTE optimize)", name, snapshotId));
                }
                long[] positions = delete.format() == FileFormat.PUFFIN
                        ? deletionVector(fileSystem, delete)
                        : positionDeletes.computeIfAbsent(delete.location(), _ -> readPositionDeletes(fileSystem, delete, name)).getOrDefault(path, new long[0]);
                deleted = merge(deleted, positions);
            }
            files.add(new DataFileRef(path, task.file().recordCount(), deleted));
        }
        return files.build();
    }

    /**
     * The data files that some snapshot of the table still has (the table's history, its branches
     * and tags): each manifest is read once, however many snapshots share it.
     */
    public static Set<String> liveDataFiles(Table table, SourceTable name)
    {
        Set<String> manifests = new HashSet<>();
        Set<String> files = new HashSet<>();
        for (Snapshot snapshot : table.snapshots()) {
            for (ManifestFile manifest : snapshot.dataManifests(table.io())) {
                if (!manifests.add(manifest.path())) {
                    continue;
                }
                // the live entries: a manifest's deleted entries are files its snapshot removed
                try (ManifestReader<DataFile> reader = ManifestFiles.read(manifest, table.io())) {
                    reader.forEach(file -> files.add(file.location()));
                }
                catch (IOException e) {
                    throw new TrinoException(FEATURE_STORE_SOURCE_ERROR, format("Failed to read manifest %s of %s", manifest.path(), name), e);
                }
            }
        }
        return files;
    }

    private static Map<String, long[]> readPositionDeletes(TrinoFileSystem fileSystem, DeleteFile delete, SourceTable name)
    {
        if (delete.format() != FileFormat.PARQUET) {
            throw new TrinoException(NOT_SUPPORTED, format("%s has a %s delete file; vector indexes read Parquet delete files and deletion vectors", name, delete.format()));
        }
        Map<String, LongList> positions = new HashMap<>();
        ParquetFeatureReader.read(fileSystem.newInputFile(Location.of(delete.location())), List.of(DELETE_FILE_PATH, DELETE_FILE_POSITION), Set.of(), page -> {
            Block paths = page.getBlock(0);
            Block rows = page.getBlock(1);
            for (int position = 0; position < page.getPositionCount(); position++) {
                positions.computeIfAbsent(VARCHAR.getSlice(paths, position).toStringUtf8(), _ -> new LongList()).add(BIGINT.getLong(rows, position));
            }
        });
        Map<String, long[]> sorted = new HashMap<>();
        positions.forEach((path, list) -> sorted.put(path, list.sorted()));
        return sorted;
    }

    private static long[] deletionVector(TrinoFileSystem fileSystem, DeleteFile delete)
    {
        byte[] bytes = new byte[toIntExact(delete.contentSizeInBytes())];
        try (TrinoInput input = fileSystem.newInputFile(Location.of(delete.location())).newInput()) {
            input.readFully(delete.contentOffset(), bytes, 0, bytes.length);
        }
        catch (IOException e) {
            throw new TrinoException(FEATURE_STORE_SOURCE_ERROR, format("Failed to read deletion vector %s", delete.location()), e);
        }
        LongList positions = new LongList();
        PositionDeleteIndex.deserialize(bytes, delete).forEach(positions::add);
        return positions.sorted();
    }

    private static long[] merge(long[] first, long[] second)
    {
        if (first.length == 0) {
            return second;
        }
        long[] merged = Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, merged, first.length, second.length);
        return Arrays.stream(merged).sorted().distinct().toArray();
    }

    /**
     * A data file of a snapshot.
     *
     * @param deletedPositions the positions of its rows deleted at the snapshot, in ascending order
     */
    public record DataFileRef(String path, long rowCount, long[] deletedPositions)
    {
        public boolean isDeleted(long position)
        {
            return deletedPositions.length > 0 && Arrays.binarySearch(deletedPositions, position) >= 0;
        }

        public long liveRows()
        {
            return rowCount - deletedPositions.length;
        }
    }

    private static final class LongList
    {
        private long[] values = new long[16];
        private int size;

        void add(long value)
        {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = value;
        }

        long[] sorted()
        {
            long[] result = Arrays.copyOf(values, size);
            Arrays.sort(result);
            return result;
        }
    }

    static List<String> paths(List<DataFileRef> files)
    {
        return files.stream().map(DataFileRef::path).collect(toImmutableList());
    }
}
