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
import com.google.common.collect.ImmutableSet;
import io.github.jbellis.jvector.util.Bits;
import io.github.jbellis.jvector.util.FixedBitSet;
import io.lakehouseml.feature.iceberg.ParquetFeatureReader;
import io.lakehouseml.feature.join.FeatureJoinHandle.ColumnSpec;
import io.lakehouseml.feature.vector.LoadedSegment.Neighbour;
import io.lakehouseml.feature.vector.TableFiles.DataFileRef;
import io.lakehouseml.feature.vector.VectorIndexes.VectorValues;
import io.trino.filesystem.Location;
import io.trino.filesystem.TrinoFileSystem;
import io.trino.spi.Page;
import io.trino.spi.block.ArrayBlockBuilder;
import io.trino.spi.block.Block;
import io.trino.spi.block.BlockBuilder;
import io.trino.spi.block.ValueBlock;
import io.trino.spi.connector.ConnectorPageSource;
import io.trino.spi.connector.SourcePage;
import io.trino.spi.type.ArrayType;
import io.trino.spi.type.Type;
import io.trino.spi.type.TypeOperators;
import io.trino.spi.type.VarcharType;

import java.lang.invoke.MethodHandle;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.IntStream;

import static com.google.common.base.Throwables.throwIfUnchecked;
import static com.google.common.collect.ImmutableSet.toImmutableSet;
import static io.lakehouseml.feature.FeatureStoreErrorCode.FEATURE_STORE_SOURCE_ERROR;
import static io.trino.spi.function.InvocationConvention.InvocationArgumentConvention.BLOCK_POSITION;
import static io.trino.spi.function.InvocationConvention.InvocationReturnConvention.FAIL_ON_NULL;
import static io.trino.spi.function.InvocationConvention.simpleConvention;
import static io.trino.spi.type.DoubleType.DOUBLE;
import static io.trino.spi.type.RealType.REAL;
import static java.lang.Float.floatToRawIntBits;
import static java.lang.Math.toIntExact;
import static java.util.Comparator.comparingDouble;
import static java.util.Objects.requireNonNull;

/**
 * Finds the k nearest rows of one split of a {@code vector_search} call, then reads the columns a
 * query uses from the Parquet pages that hold those rows. The indexed column's values come from
 * the vectors compared, which are the column's values. When the call has one split, its rows are
 * ordered and limited here as the query asks (see {@link VectorSearchTableHandle}).
 */
public class VectorSearchPageSource
        implements ConnectorPageSource
{
    private final VectorSearchHandle handle;
    private final VectorSearchTableHandle table;
    private final VectorSearchSplit split;
    private final List<VectorSearchColumnHandle> columns;
    // every column of the call's result, by its place in the result
    private final List<VectorSearchColumnHandle> resultColumns;
    private final TrinoFileSystem fileSystem;
    private final VectorIndexCache cache;
    private final TypeOperators typeOperators;
    private final VectorMetric metric;
    // the values filter_values names, as the filter column's values read: strings or longs
    private final Set<Object> filterValues;
    private boolean finished;
    private long readTimeNanos;
    private long completedPositions;

    public VectorSearchPageSource(
            VectorSearchTableHandle table,
            VectorSearchSplit split,
            List<VectorSearchColumnHandle> columns,
            TrinoFileSystem fileSystem,
            VectorIndexCache cache,
            TypeOperators typeOperators)
    {
        this.table = requireNonNull(table, "table is null");
        this.handle = table.search();
        this.split = requireNonNull(split, "split is null");
        this.columns = ImmutableList.copyOf(columns);
        this.resultColumns = handle.resultColumns();
        this.fileSystem = requireNonNull(fileSystem, "fileSystem is null");
        this.cache = requireNonNull(cache, "cache is null");
        this.typeOperators = requireNonNull(typeOperators, "typeOperators is null");
        this.metric = handle.vectorMetric();
        this.filterValues = handle.filterColumn()
                .map(column -> handle.filterValues().stream()
                        .map(value -> column.type() instanceof VarcharType ? value : (Object) Long.parseLong(value.trim()))
                        .collect(toImmutableSet()))
                .orElse(ImmutableSet.of());
    }

    @Override
    public SourcePage getNextSourcePage()
    {
        if (finished) {
            return null;
        }
        finished = true;
        long start = System.nanoTime();
        List<Found> nearest = split.segmentLocation().isPresent() ? searchSegment(split.segmentLocation().get()) : searchExactly();
        Page page = result(nearest);
        readTimeNanos += System.nanoTime() - start;
        completedPositions += page.getPositionCount();
        return SourcePage.create(page);
    }

    @Override
    public boolean isFinished()
    {
        return finished;
    }

    @Override
    public long getCompletedBytes()
    {
        return 0;
    }

    @Override
    public OptionalLong getCompletedPositions()
    {
        return OptionalLong.of(completedPositions);
    }

    @Override
    public long getReadTimeNanos()
    {
        return readTimeNanos;
    }

    @Override
    public void close() {}

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
                VectorValues vectors = VectorIndexes.vectors(page.getBlock(0), vectorColumn, handle.table());
                for (int row = 0; row < page.getPositionCount(); row++, position[0]++) {
                    long rowPosition = position[0];
                    if (file.isDeleted(rowPosition) || (matches != null && !matches.get((int) rowPosition))) {
                        continue;
                    }
                    vectors.vector(row).ifPresent(vector -> {
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
     * The rows found, in the columns the query reads: nearest first, or in the order the query
     * asks and as many as it asks when this split is the call's only one.
     */
    private Page result(List<Found> nearest)
    {
        // the columns read: those the query uses, then those it orders by only
        List<Integer> outputs = new ArrayList<>();
        columns.forEach(column -> outputs.add(column.index()));
        table.orderBy().stream()
                .map(VectorSearchTableHandle.Ordering::column)
                .filter(column -> !outputs.contains(column))
                .forEach(outputs::add);
        Page page = rows(nearest, outputs);
        if (!table.ordersOrLimits()) {
            return page;
        }
        Integer[] order = new Integer[page.getPositionCount()];
        for (int position = 0; position < order.length; position++) {
            order[position] = position;
        }
        if (!table.orderBy().isEmpty()) {
            Arrays.sort(order, comparator(page, outputs));
        }
        int count = (int) Math.min(order.length, table.limit().orElse(order.length));
        int[] positions = new int[count];
        for (int position = 0; position < count; position++) {
            positions[position] = order[position];
        }
        int[] channels = IntStream.range(0, columns.size()).toArray();
        return page.getColumns(channels).getPositions(positions, 0, count);
    }

    /**
     * Orders the rows of a page as the engine would: each column's ordering operator, with the
     * direction and the place of nulls the query asks.
     */
    private Comparator<Integer> comparator(Page page, List<Integer> outputs)
    {
        List<Comparator<Integer>> comparators = new ArrayList<>();
        for (VectorSearchTableHandle.Ordering ordering : table.orderBy()) {
            Block block = page.getBlock(outputs.indexOf(ordering.column()));
            MethodHandle operator = typeOperators.getOrderingOperator(resultColumns.get(ordering.column()).type(), ordering.sortOrder(), simpleConvention(FAIL_ON_NULL, BLOCK_POSITION, BLOCK_POSITION));
            comparators.add((left, right) -> {
                try {
                    return (int) operator.invokeExact(block, (int) left, block, (int) right);
                }
                catch (Throwable e) {
                    throwIfUnchecked(e);
                    throw new RuntimeException(e);
                }
            });
        }
        return comparators.stream().reduce(Comparator::thenComparing).orElseThrow();
    }

    /**
     * The rows found, nearest first, in the given columns of the result: the table's columns by
     * their place in the table, and the distance after them.
     */
    private Page rows(List<Found> nearest, List<Integer> outputs)
    {
        List<ColumnSpec> tableColumns = handle.columns();
        // the columns read from the data files: all but the distance, and the indexed one when
        // its values are the vectors compared (packed vectors are read as they are stored)
        boolean vectorsAsCompared = tableColumns.get(handle.vectorColumn()).type() instanceof ArrayType;
        List<ColumnSpec> read = new ArrayList<>();
        Map<Integer, Integer> readChannels = new HashMap<>();
        for (int output : outputs) {
            if (output < tableColumns.size() && !(output == handle.vectorColumn() && vectorsAsCompared)) {
                readChannels.put(output, read.size());
                read.add(tableColumns.get(output));
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
        Block[] blocks = new Block[outputs.size()];
        for (int channel = 0; channel < outputs.size(); channel++) {
            int output = outputs.get(channel);
            BlockBuilder builder = resultColumns.get(output).type().createBlockBuilder(null, nearest.size());
            for (Found found : nearest) {
                if (output == tableColumns.size()) {
                    DOUBLE.writeDouble(builder, found.distance());
                }
                else if (output == handle.vectorColumn() && vectorsAsCompared) {
                    ((ArrayBlockBuilder) builder).buildEntry(elements -> {
                        for (float value : found.vector()) {
                            REAL.writeInt(elements, floatToRawIntBits(value));
                        }
                    });
                }
                else {
                    ValueBlock[] rowValues = values.get(found.path()).get(found.position());
                    if (rowValues == null) {
                        throw FEATURE_STORE_SOURCE_ERROR.error("Data file %s has no row %s", found.path(), found.position());
                    }
                    builder.append(rowValues[readChannels.get(output)], 0);
                }
            }
            blocks[channel] = builder.build();
        }
        return new Page(nearest.size(), blocks);
    }

    /**
     * A row found near the query.
     */
    private record Found(String path, long position, double distance, float[] vector) {}
}
