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

import com.google.common.collect.ImmutableSet;
import io.github.jbellis.jvector.util.Bits;
import io.github.jbellis.jvector.util.FixedBitSet;
import io.lakehouseml.feature.iceberg.ParquetFeatureReader;
import io.lakehouseml.feature.join.FeatureJoinHandle.ColumnSpec;
import io.lakehouseml.feature.vector.LoadedSegment.Neighbour;
import io.lakehouseml.feature.vector.TableFiles.DataFileRef;
import io.trino.filesystem.Location;
import io.trino.filesystem.TrinoFileSystem;
import io.trino.spi.Page;
import io.trino.spi.block.ArrayBlockBuilder;
import io.trino.spi.block.Block;
import io.trino.spi.block.BlockBuilder;
import io.trino.spi.block.ColumnarArray;
import io.trino.spi.block.ValueBlock;
import io.trino.spi.function.table.TableFunctionProcessorState;
import io.trino.spi.function.table.TableFunctionSplitProcessor;
import io.trino.spi.type.Type;
import io.trino.spi.type.VarcharType;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeMap;

import static com.google.common.collect.ImmutableSet.toImmutableSet;
import static io.lakehouseml.feature.FeatureStoreErrorCode.FEATURE_STORE_SOURCE_ERROR;
import static io.trino.spi.function.table.TableFunctionProcessorState.Finished.FINISHED;
import static io.trino.spi.function.table.TableFunctionProcessorState.Processed.produced;
import static io.trino.spi.type.DoubleType.DOUBLE;
import static io.trino.spi.type.RealType.REAL;
import static java.lang.Float.floatToRawIntBits;
import static java.lang.Math.toIntExact;
import static java.util.Comparator.comparingDouble;
import static java.util.Objects.requireNonNull;

/**
 * Finds the k nearest rows of one split of a {@code vector_search} call, then reads their columns
 * from the row groups that hold them. The indexed column's values come from the vectors compared,
 * which are the column's values.
 */
public class VectorSearchProcessor
        implements TableFunctionSplitProcessor
{
    private final VectorSearchHandle handle;
    private final VectorSearchSplit split;
    private final TrinoFileSystem fileSystem;
    private final VectorIndexCache cache;
    private final VectorMetric metric;
    // the values filter_values names, as the filter column's values read: strings or longs
    private final Set<Object> filterValues;
    private boolean finished;

    public VectorSearchProcessor(VectorSearchHandle handle, VectorSearchSplit split, TrinoFileSystem fileSystem, VectorIndexCache cache)
    {
        this.handle = requireNonNull(handle, "handle is null");
        this.split = requireNonNull(split, "split is null");
        this.fileSystem = requireNonNull(fileSystem, "fileSystem is null");
        this.cache = requireNonNull(cache, "cache is null");
        this.metric = handle.vectorMetric();
        this.filterValues = handle.filterColumn()
                .map(column -> handle.filterValues().stream()
                        .map(value -> column.type() instanceof VarcharType ? value : (Object) Long.parseLong(value.trim()))
                        .collect(toImmutableSet()))
                .orElse(ImmutableSet.of());
    }

    @Override
    public TableFunctionProcessorState process()
    {
        if (finished) {
            return FINISHED;
        }
        finished = true;
        List<Found> nearest = split.segmentLocation().isPresent() ? searchSegment(split.segmentLocation().get()) : searchExactly();
        if (nearest.isEmpty()) {
            return FINISHED;
        }
        return produced(rows(nearest));
    }

    private List<Found> searchSegment(String location)
    {
        LoadedSegment segment = cache.segment(fileSystem, location);
        if (segment.dimension() != handle.query().length) {
            throw FEATURE_STORE_SOURCE_ERROR.error("Vector index segment %s holds vectors of %s dimensions, not %s", location, segment.dimension(), handle.query().length);
        }
        Map<String, DataFileRef> files = VectorIndexes.byPath(split.files());
        if (handle.filterColumn().isEmpty() && split.files().size() == segment.dataFiles().size() && split.files().stream().allMatch(file -> file.deletedPositions().length == 0)) {
            // every vector of the segment is a row of the snapshot read
            return found(segment, segment.search(handle.query(), metric, handle.k(), handle.efSearch(), Bits.ALL, segment.size()));
        }
        FixedBitSet accepted = new FixedBitSet(Math.max(1, segment.size()));
        int acceptedCount = 0;
        for (int fileIndex = 0; fileIndex < segment.dataFiles().size(); fileIndex++) {
            DataFileRef file = files.get(segment.dataFiles().get(fileIndex));
            if (file == null) {
                continue;
            }
            BitSet matches = filterMatches(file);
            for (int ordinal = segment.firstOrdinal(fileIndex); ordinal < segment.firstOrdinal(fileIndex + 1); ordinal++) {
                int position = segment.position(ordinal);
                if (!file.isDeleted(position) && (matches == null || matches.get(position))) {
                    accepted.set(ordinal);
                    acceptedCount++;
                }
            }
        }
        Bits acceptedBits = acceptedCount == segment.size() ? Bits.ALL : accepted;
        return found(segment, segment.search(handle.query(), metric, handle.k(), handle.efSearch(), acceptedBits, acceptedCount));
    }

    private static List<Found> found(LoadedSegment segment, List<Neighbour> neighbours)
    {
        List<Found> found = new ArrayList<>();
        for (Neighbour neighbour : neighbours) {
            String path = segment.dataFiles().get(fileIndexOf(segment, neighbour.ordinal()));
            found.add(new Found(path, segment.position(neighbour.ordinal()), neighbour.distance(), neighbour.vector()));
        }
        return found;
    }

    private static int fileIndexOf(LoadedSegment segment, int ordinal)
    {
        int low = 0;
        int high = segment.dataFiles().size() - 1;
        while (low < high) {
            int middle = (low + high + 1) >>> 1;
            if (segment.firstOrdinal(middle) <= ordinal) {
                low = middle;
            }
            else {
                high = middle - 1;
            }
        }
        return low;
    }

    private List<Found> searchExactly()
    {
        PriorityQueue<Found> nearest = new PriorityQueue<>(comparingDouble(Found::distance).reversed());
        ColumnSpec vectorColumn = handle.columns().get(handle.vectorColumn());
        for (DataFileRef file : split.files()) {
            BitSet matches = filterMatches(file);
            long[] position = {0};
            ParquetFeatureReader.read(fileSystem.newInputFile(Location.of(file.path())), List.of(vectorColumn), handle.identityPartitionFields(), page -> {
                ColumnarArray arrays = ColumnarArray.toColumnarArray(page.getBlock(0));
                for (int row = 0; row < arrays.getPositionCount(); row++, position[0]++) {
                    long rowPosition = position[0];
                    if (file.isDeleted(rowPosition) || (matches != null && !matches.get((int) rowPosition))) {
                        continue;
                    }
                    VectorIndexes.vector(arrays, row).ifPresent(vector -> {
                        if (vector.length != handle.query().length || !metric.accepts(vector, 0, vector.length)) {
                            // as the index, which holds the vectors of the index's dimension only
                            return;
                        }
                        double distance = metric.distance(handle.query(), vector, 0);
                        if (nearest.size() < handle.k()) {
                            nearest.add(new Found(file.path(), rowPosition, distance, vector));
                        }
                        else if (distance < nearest.peek().distance()) {
                            nearest.poll();
                            nearest.add(new Found(file.path(), rowPosition, distance, vector));
                        }
                    });
                }
            });
        }
        return nearest.stream().sorted(comparingDouble(Found::distance)).toList();
    }

    /**
     * The positions of the rows of a data file whose filter column has one of the values asked
     * for; null without a filter.
     */
    private BitSet filterMatches(DataFileRef file)
    {
        if (handle.filterColumn().isEmpty()) {
            return null;
        }
        ColumnSpec column = handle.filterColumn().get();
        Type type = column.type();
        BitSet matches = new BitSet();
        int[] position = {0};
        ParquetFeatureReader.read(fileSystem.newInputFile(Location.of(file.path())), List.of(column), handle.identityPartitionFields(), page -> {
            Block block = page.getBlock(0);
            for (int row = 0; row < page.getPositionCount(); row++, position[0]++) {
                if (block.isNull(row)) {
                    continue;
                }
                Object value = type instanceof VarcharType ? type.getSlice(block, row).toStringUtf8() : (Object) type.getLong(block, row);
                if (filterValues.contains(value)) {
                    matches.set(position[0]);
                }
            }
        });
        return matches;
    }

    /**
     * The rows found, nearest first: every column of the table, then the distance.
     */
    private Page rows(List<Found> nearest)
    {
        List<ColumnSpec> columns = handle.columns();
        List<ColumnSpec> read = new ArrayList<>();
        List<Integer> readChannels = new ArrayList<>();
        for (int index = 0; index < columns.size(); index++) {
            if (index != handle.vectorColumn()) {
                readChannels.add(index);
                read.add(columns.get(index));
            }
        }
        // the values of each row found, by file and position
        Map<String, Map<Long, ValueBlock[]>> values = new HashMap<>();
        Map<String, TreeMap<Long, Found>> byFile = new HashMap<>();
        for (Found found : nearest) {
            byFile.computeIfAbsent(found.path(), _ -> new TreeMap<>()).put(found.position(), found);
        }
        if (!read.isEmpty()) {
            byFile.forEach((path, positions) -> {
                Map<Long, ValueBlock[]> fileValues = new HashMap<>();
                ParquetFeatureReader.read(
                        fileSystem.newInputFile(Location.of(path)),
                        read,
                        handle.identityPartitionFields(),
                        (firstRow, rowCount) -> !positions.subMap(firstRow, firstRow + rowCount).isEmpty(),
                        (firstRow, page) -> {
                            // only the rows found are looked up
                            for (long position : positions.subMap(firstRow, firstRow + page.getPositionCount()).keySet()) {
                                int row = toIntExact(position - firstRow);
                                ValueBlock[] rowValues = new ValueBlock[read.size()];
                                for (int channel = 0; channel < read.size(); channel++) {
                                    rowValues[channel] = page.getBlock(channel).getSingleValueBlock(row);
                                }
                                fileValues.put(position, rowValues);
                            }
                        });
                values.put(path, fileValues);
            });
        }
        BlockBuilder[] builders = new BlockBuilder[columns.size() + 1];
        for (int index = 0; index < columns.size(); index++) {
            builders[index] = columns.get(index).type().createBlockBuilder(null, nearest.size());
        }
        builders[columns.size()] = DOUBLE.createBlockBuilder(null, nearest.size());
        for (Found found : nearest) {
            ValueBlock[] rowValues = read.isEmpty() ? new ValueBlock[0] : values.get(found.path()).get(found.position());
            if (rowValues == null) {
                throw FEATURE_STORE_SOURCE_ERROR.error("Data file %s has no row %s", found.path(), found.position());
            }
            for (int channel = 0; channel < read.size(); channel++) {
                builders[readChannels.get(channel)].append(rowValues[channel], 0);
            }
            ((ArrayBlockBuilder) builders[handle.vectorColumn()]).buildEntry(elements -> {
                for (float value : found.vector()) {
                    REAL.writeInt(elements, floatToRawIntBits(value));
                }
            });
            DOUBLE.writeDouble(builders[columns.size()], found.distance());
        }
        Block[] blocks = new Block[builders.length];
        for (int index = 0; index < builders.length; index++) {
            blocks[index] = builders[index].build();
        }
        return new Page(nearest.size(), blocks);
    }

    /**
     * A row found near the query.
     */
    private record Found(String path, long position, double distance, float[] vector) {}
}
