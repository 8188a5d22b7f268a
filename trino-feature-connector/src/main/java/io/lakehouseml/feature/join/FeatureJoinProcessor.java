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
package io.lakehouseml.feature.join;

import io.airlift.slice.SizeOf;
import io.airlift.slice.Slice;
import io.airlift.slice.Slices;
import io.lakehouseml.feature.iceberg.ParquetFeatureReader;
import io.lakehouseml.feature.iceberg.ParquetFeatureReader.FileRead;
import io.lakehouseml.feature.join.FeatureJoinHandle.ColumnSpec;
import io.lakehouseml.feature.join.FeatureJoinHandle.FeatureOutput;
import io.lakehouseml.feature.join.FeatureJoinHandle.FeatureSource;
import io.lakehouseml.feature.join.FeatureJoinMemory.QueryMemory;
import io.lakehouseml.feature.join.FeatureJoinSplit.SourceFile;
import io.lakehouseml.feature.join.FeatureJoinSplit.SourceFiles;
import io.trino.filesystem.Location;
import io.trino.filesystem.TrinoFileSystem;
import io.trino.spi.Page;
import io.trino.spi.block.Bitmap;
import io.trino.spi.block.Block;
import io.trino.spi.block.BlockBuilder;
import io.trino.spi.block.IntArrayBlock;
import io.trino.spi.block.IntArrayBlockBuilder;
import io.trino.spi.block.LongArrayBlock;
import io.trino.spi.block.LongArrayBlockBuilder;
import io.trino.spi.block.RunLengthEncodedBlock;
import io.trino.spi.block.VariableWidthBlock;
import io.trino.spi.block.VariableWidthBlockBuilder;
import io.trino.spi.function.table.TableFunctionProcessorState;
import io.trino.spi.function.table.TableFunctionSplitProcessor;
import io.trino.spi.type.Type;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

import static io.airlift.slice.SizeOf.sizeOf;
import static io.trino.spi.function.table.TableFunctionProcessorState.Finished.FINISHED;
import static io.trino.spi.function.table.TableFunctionProcessorState.Processed.produced;
import static java.util.Objects.requireNonNull;

/**
 * One split of a {@link FeatureJoinFunction} call, or one partition of a {@link SpineFeaturesFunction}
 * call: reads the spine rows of the split's entities from the data files (or is given the rows of the
 * partition), then takes its entities a batch at a time (one batch, or {@link FeatureJoinSplit#batches()
 * batches of Iceberg buckets} when the split has a routing): for each feature source, reads the
 * batch's feature rows, groups them with the batch's spine rows by entity, and sweeps each entity
 * with {@link PointInTimeSweep}. Spine rows with a NULL key are returned by the first split, with
 * NULL features. A source keyed by other spine columns than the split's entities (a view of another
 * entity) is joined first, for every spine row the split holds: a batch of its own entities (its
 * buckets) at a time, each batch's spine rows taken where they are held, its features kept with
 * the held spine pages until they are returned.
 */
public class FeatureJoinProcessor
        implements TableFunctionSplitProcessor
{
    private final FeatureJoinHandle handle;
    private final FeatureJoinSplit split;
    private final TrinoFileSystem fileSystem;
    private final QueryMemory memory;
    private final EntityShare share;
    private final int[] spineKeys;
    private final Type[] spineKeyTypes;
    private final List<SourceJoin> sources;
    // for each feature returned of a source keyed by other spine columns, the channel of the held spine pages that has its values; -1 for the others
    private final int[] heldChannel;
    private boolean otherEntitiesJoined;

    // the spine rows of every batch, by batch, until the batch is taken
    private final SortedMap<Integer, Rows> spineBatches = new TreeMap<>();
    private boolean spineRead;
    private final List<Page> nullKeySpinePages = new ArrayList<>();

    // the spine rows of the batch being swept
    private Rows batchSpine = Rows.create();
    private int spineRows;
    // the next spine page to return, and its first row
    private int nextSpinePage;
    private int nextSpineRow;

    // bytes held: spine rows not yet returned (with the batch's), the rest of the batch, and the sum last reported
    private long spineBytes;
    private long batchBytes;
    private final AtomicLong reportedBytes = new AtomicLong();

    public FeatureJoinProcessor(FeatureJoinHandle handle, FeatureJoinSplit split, TrinoFileSystem fileSystem, QueryMemory memory)
    {
        this.handle = requireNonNull(handle, "handle is null");
        this.split = requireNonNull(split, "split is null");
        this.fileSystem = requireNonNull(fileSystem, "fileSystem is null");
        this.memory = requireNonNull(memory, "memory is null");
        memory.splitStarted();
        this.share = split.share();
        this.spineKeys = channels(handle.spineKeys());
        this.spineKeyTypes = spineTypes(handle, spineKeys);
        List<SourceJoin> joins = new ArrayList<>();
        for (int source = 0; source < handle.sources().size(); source++) {
            FeatureSource featureSource = handle.sources().get(source);
            SourceFiles files = split.featureSources().get(source);
            int[] keys = channels(featureSource.spineKeys());
            joins.add(new SourceJoin(featureSource, files, files.otherEntities().orElse(share), keys, spineTypes(handle, keys)));
        }
        this.sources = List.copyOf(joins);
        this.heldChannel = new int[handle.outputs().size()];
        Arrays.fill(heldChannel, -1);
    }

    private static int[] channels(List<Integer> columns)
    {
        return columns.stream().mapToInt(Integer::intValue).toArray();
    }

    private static Type[] spineTypes(FeatureJoinHandle handle, int[] columns)
    {
        return Arrays.stream(columns).mapToObj(column -> handle.spineColumns().get(column).type()).toArray(Type[]::new);
    }

    @Override
    public TableFunctionProcessorState process()
    {
        if (!spineRead) {
            readSpine();
            spineRead = true;
            hold();
        }
        if (!otherEntitiesJoined) {
            joinOtherEntities();
            otherEntitiesJoined = true;
            hold();
        }
        if (!nullKeySpinePages.isEmpty()) {
            Page page = nullKeySpinePages.removeLast();
            spineBytes -= page.getRetainedSizeInBytes();
            hold();
            return produced(withoutFeatures(page));
        }
        while (nextSpinePage >= batchSpine.pages().size()) {
            if (spineBatches.isEmpty()) {
                spineBytes = 0;
                batchBytes = 0;
                hold();
                return FINISHED;
            }
            int batch = spineBatches.firstKey();
            sweepBatch(batch, spineBatches.remove(batch));
        }
        return produced(nextOutput());
    }

    @Override
    public void close()
    {
        // also when the query failed or was cancelled before the split finished
        spineBytes = 0;
        batchBytes = 0;
        hold();
    }

    /**
     * Reads the spine rows of this split's entities, by batch, with the hashes of their keys; with
     * the row numbers of the spine rows as the last channel when the call returns them.
     */
    private void readSpine()
    {
        for (SourceFile file : split.spineFiles()) {
            long[] nextRow = {file.firstRow()};
            FileRead read = ParquetFeatureReader.read(fileSystem.newInputFile(Location.of(file.path())), handle.spineColumns(), split.spineIdentityFields(), filePage -> {
                int positions = filePage.getPositionCount();
                Page page = filePage;
                if (handle.spineRowNumber()) {
                    long[] rowNumbers = new long[positions];
                    for (int position = 0; position < positions; position++) {
                        rowNumbers[position] = nextRow[0] + position;
                    }
                    page = filePage.appendColumn(new LongArrayBlock(positions, Optional.empty(), rowNumbers));
                }
                nextRow[0] += positions;
                addSpinePage(page);
            });
            memory.fileRead(read);
        }
    }

    /**
     * Spine rows the engine gives, when the spine is a relation: every row is this processor's.
     * The rows are swept once {@link #spineComplete()} is called.
     */
    public void addSpine(Page page)
    {
        addSpinePage(page);
        hold();
    }

    public void spineComplete()
    {
        spineRead = true;
    }

    /**
     * What gives back the bytes this processor holds, when it is dropped without finishing (a data
     * processor has no {@code close}); it holds no reference to the processor.
     */
    public Runnable releaser()
    {
        QueryMemory queryMemory = memory;
        AtomicLong reported = reportedBytes;
        return () -> queryMemory.change(-reported.getAndSet(0));
    }

    /**
     * Keeps the rows of a spine page that belong to this split, by batch, with the hashes of their keys.
     */
    private void addSpinePage(Page page)
    {
        int positions = page.getPositionCount();
        int[] batchOf = new int[positions];
        // the hashes of rows with a NULL key are not used
        long[] hashes = FeatureValueHash.hashes(page, spineKeys);
        int[] nullKeys = new int[positions];
        int nullKeyCount = 0;
        boolean keysMayBeNull = mayHaveNull(page, spineKeys);
        for (int position = 0; position < positions; position++) {
            if (keysMayBeNull && hasNullKey(page, spineKeys, position)) {
                batchOf[position] = -1;
                if (split.index() == 0) {
                    nullKeys[nullKeyCount++] = position;
                }
                continue;
            }
            batchOf[position] = share.batchOf(page, spineKeys, spineKeyTypes, position, hashes[position]);
        }
        if (nullKeyCount > 0) {
            nullKeySpinePages.add(page.copyPositions(nullKeys, 0, nullKeyCount));
            spineBytes += nullKeySpinePages.getLast().getRetainedSizeInBytes();
        }
        distribute(page, batchOf, hashes);
    }

    /**
     * Adds the rows of a spine page to the batches they belong to (a counting sort by batch).
     */
    private void distribute(Page page, int[] batchOf, long[] hashes)
    {
        int batches = split.batches();
        // every row of one batch (a bucketed spine file, a partition of one bucket): the page as it is
        int first = batchOf.length == 0 ? -1 : batchOf[0];
        boolean oneBatch = first >= 0;
        for (int position = 1; position < batchOf.length && oneBatch; position++) {
            oneBatch = batchOf[position] == first;
        }
        if (oneBatch) {
            spineBytes += spineBatches.computeIfAbsent(first, _ -> Rows.create()).add(page, hashes);
            return;
        }
        int[] start = groupStarts(batchOf, batchOf.length, batches);
        int[] order = new int[start[batches]];
        groupRows(batchOf, batchOf.length, start, order);
        for (int batch = 0; batch < batches; batch++) {
            int count = start[batch + 1] - start[batch];
            if (count == 0) {
                continue;
            }
            long[] batchHashes = new long[count];
            for (int index = 0; index < count; index++) {
                batchHashes[index] = hashes[order[start[batch] + index]];
            }
            spineBytes += spineBatches.computeIfAbsent(batch, _ -> Rows.create()).add(page.copyPositions(order, start[batch], count), batchHashes);
        }
    }

    /**
     * Joins the sources keyed by other spine columns than the split's entities, for every spine row
     * the split holds (those of its batches and those with a NULL key of its own), a batch of the
     * source's entities at a time, and adds the features returned to the held spine pages as
     * columns, which the output takes as they are.
     */
    private void joinOtherEntities()
    {
        if (IntStream.range(0, sources.size()).allMatch(handle::keyedLikeSplits)) {
            return;
        }
        List<HeldPage> held = new ArrayList<>();
        for (int index = 0; index < nullKeySpinePages.size(); index++) {
            held.add(new HeldPage(nullKeySpinePages, index));
        }
        for (Rows rows : spineBatches.values()) {
            for (int index = 0; index < rows.pages().size(); index++) {
                held.add(new HeldPage(rows.pages(), index));
            }
        }
        List<Page> pages = held.stream().map(HeldPage::page).toList();
        // the spine timestamps of the held rows, decoded once for every source
        int total = pages.stream().mapToInt(Page::getPositionCount).sum();
        Timestamps timestamps = new Timestamps(total);
        int row = 0;
        for (Page page : pages) {
            timestamps.decode(handle.spineColumns().get(handle.spineTimestamp()).type(), page.getBlock(handle.spineTimestamp()), row);
            row += page.getPositionCount();
        }
        spineBytes += timestamps.retainedBytes();
        int nextChannel = handle.spineColumns().size() + (handle.spineRowNumber() ? 1 : 0);
        for (int source = 0; source < sources.size(); source++) {
            if (handle.keyedLikeSplits(source)) {
                continue;
            }
            List<Integer> outputs = new ArrayList<>();
            for (int output = 0; output < handle.outputs().size(); output++) {
                if (handle.outputs().get(output).source() == source) {
                    outputs.add(output);
                }
            }
            int[] columns = outputs.stream().mapToInt(output -> handle.outputs().get(output).column()).toArray();
            Block[][] values = sources.get(source).joinHeld(pages, timestamps, columns);
            for (int page = 0; page < held.size(); page++) {
                Page before = held.get(page).page();
                Page after = before;
                for (Block block : values[page]) {
                    after = after.appendColumn(block);
                }
                held.get(page).replace(after);
                spineBytes += after.getRetainedSizeInBytes() - before.getRetainedSizeInBytes();
            }
            for (int output : outputs) {
                heldChannel[output] = nextChannel++;
            }
            hold();
        }
        spineBytes -= timestamps.retainedBytes();
    }

    /**
     * Takes the spine rows of a batch and finds the feature row of every spine row in every source.
     */
    private void sweepBatch(int batch, Rows spine)
    {
        // the previous batch is done
        spineBytes -= batchSpine.retainedBytes();
        batchSpine = spine;
        spineRows = 0;
        for (Page page : batchSpine.pages()) {
            spineRows += page.getPositionCount();
        }
        sources.forEach(SourceJoin::clear);
        // the spine timestamps, decoded once for every source
        Timestamps spineTimestamps = new Timestamps(spineRows);
        int row = 0;
        for (Page page : batchSpine.pages()) {
            spineTimestamps.decode(handle.spineColumns().get(handle.spineTimestamp()).type(), page.getBlock(handle.spineTimestamp()), row);
            row += page.getPositionCount();
        }
        SpineRows rows = SpineRows.of(batchSpine, spineRows);
        batchBytes = spineTimestamps.retainedBytes() + rows.retainedBytes();
        hold();
        for (int source = 0; source < sources.size(); source++) {
            if (handle.keyedLikeSplits(source)) {
                sources.get(source).sweepBatch(batch, rows, spineTimestamps);
            }
        }
        batchBytes -= spineTimestamps.retainedBytes() + rows.retainedBytes();
        hold();
        nextSpinePage = 0;
        nextSpineRow = 0;
    }

    /**
     * The next spine page of the batch as it is, with the features of its rows.
     */
    private Page nextOutput()
    {
        Page spine = batchSpine.pages().get(nextSpinePage++);
        int firstRow = nextSpineRow;
        int positions = spine.getPositionCount();
        nextSpineRow += positions;
        int spineColumns = handle.spineOutputChannels();
        Block[] blocks = new Block[spineColumns + handle.outputs().size()];
        spineOutput(spine, blocks);
        for (int output = 0; output < handle.outputs().size(); output++) {
            FeatureOutput feature = handle.outputs().get(output);
            blocks[spineColumns + output] = heldChannel[output] >= 0
                    ? spine.getBlock(heldChannel[output])
                    : sources.get(feature.source()).featureBlock(feature.column(), firstRow, positions);
        }
        return new Page(positions, blocks);
    }

    private Page withoutFeatures(Page spine)
    {
        Block[] blocks = new Block[handle.spineOutputChannels() + handle.outputs().size()];
        spineOutput(spine, blocks);
        for (int output = 0; output < handle.outputs().size(); output++) {
            FeatureOutput feature = handle.outputs().get(output);
            Type type = handle.sources().get(feature.source()).columns().get(feature.column()).type();
            blocks[handle.spineOutputChannels() + output] = heldChannel[output] >= 0
                    ? spine.getBlock(heldChannel[output])
                    : RunLengthEncodedBlock.create(type, null, spine.getPositionCount());
        }
        return new Page(spine.getPositionCount(), blocks);
    }

    /**
     * The spine columns returned, then the row number when the call returns it.
     */
    private void spineOutput(Page spine, Block[] blocks)
    {
        for (int column = 0; column < handle.spineOutputCount(); column++) {
            blocks[column] = spine.getBlock(column);
        }
        if (handle.spineRowNumber()) {
            blocks[handle.spineOutputCount()] = spine.getBlock(handle.spineColumns().size());
        }
    }

    /**
     * Whether two key values are equal: integers of any width as their values, varchar of any
     * length as their text, values of other types (which must then be the same type) as the type
     * compares them.
     */
    private static boolean equal(Type leftType, Block left, int leftPosition, Type rightType, Block right, int rightPosition)
    {
        Class<?> javaType = leftType.getJavaType();
        if (javaType == long.class) {
            return leftType.getLong(left, leftPosition) == rightType.getLong(right, rightPosition);
        }
        if (javaType == boolean.class) {
            return leftType.getBoolean(left, leftPosition) == rightType.getBoolean(right, rightPosition);
        }
        if (javaType == Slice.class) {
            // the bytes where they are, without a Slice per value
            if (left.getUnderlyingValueBlock() instanceof VariableWidthBlock leftValues && right.getUnderlyingValueBlock() instanceof VariableWidthBlock rightValues) {
                int leftIndex = left.getUnderlyingValuePosition(leftPosition);
                int rightIndex = right.getUnderlyingValuePosition(rightPosition);
                int length = leftValues.getSliceLength(leftIndex);
                return length == rightValues.getSliceLength(rightIndex)
                        && leftValues.getRawSlice().equals(leftValues.getRawSliceOffset(leftIndex), length, rightValues.getRawSlice(), rightValues.getRawSliceOffset(rightIndex), length);
            }
            return leftType.getSlice(left, leftPosition).equals(rightType.getSlice(right, rightPosition));
        }
        return Objects.equals(leftType.getObject(left, leftPosition), rightType.getObject(right, rightPosition));
    }

    private static boolean mayHaveNull(Page page, int[] keys)
    {
        for (int key : keys) {
            if (page.getBlock(key).mayHaveNull()) {
                return true;
            }
        }
        return false;
    }

    private static boolean hasNullKey(Page page, int[] keys, int position)
    {
        for (int key : keys) {
            if (page.getBlock(key).isNull(position)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Reports the bytes held now to the query's count.
     */
    private void hold()
    {
        long held = spineBytes + batchBytes;
        memory.change(held - reportedBytes.get());
        reportedBytes.set(held);
    }

    /**
     * Where the rows of each group (an entity, a batch) start in the list of the first {@code rows}
     * rows by group; one more element for its end. Rows of group -1 are left out.
     */
    private static int[] groupStarts(int[] groupOf, int rows, int groups)
    {
        int[] groupStart = new int[groups + 1];
        for (int row = 0; row < rows; row++) {
            if (groupOf[row] >= 0) {
                groupStart[groupOf[row] + 1]++;
            }
        }
        for (int group = 0; group < groups; group++) {
            groupStart[group + 1] += groupStart[group];
        }
        return groupStart;
    }

    /**
     * The first {@code rows} rows by group, each group's in row order, into {@code groupRows}; rows
     * of group -1 are left out.
     */
    private static void groupRows(int[] groupOf, int rows, int[] groupStart, int[] groupRows)
    {
        int[] fill = Arrays.copyOf(groupStart, groupStart.length - 1);
        for (int index = 0; index < rows; index++) {
            if (groupOf[index] >= 0) {
                groupRows[fill[groupOf[index]]++] = index;
            }
        }
    }

    /**
     * An array of at least {@code length} elements: the one given when it is long enough.
     */
    private static int[] atLeast(int[] array, int length)
    {
        return array.length >= length ? array : new int[Math.max(length, array.length + array.length / 2)];
    }

    /**
     * The join of the batch's spine rows with the rows of one feature source.
     */
    private final class SourceJoin
    {
        private final FeatureSource source;
        private final SourceFiles files;
        private final EntityShare share;
        // the channels of the entity columns in the spine pages it is given, and their types
        private final int[] spineKeys;
        private final Type[] spineKeyTypes;
        private final int[] featureKeys;
        private final Type[] featureKeyTypes;
        private final int[] featureChannels;
        // how each column's values are stored in blocks
        private final Storage[] storage;

        // the spine rows of the batch, and the source's feature rows of the batch
        private SpineRows spine = SpineRows.NONE;
        private int spineRows;
        private Rows batchFeatures = Rows.create();
        // rows: the batch's spine rows first, then its feature rows, each as (page, position)
        private int[] pageOf = new int[0];
        private int[] positionOf = new int[0];
        // for every spine row, its feature row, or -1
        private int[] featureRowOf = new int[0];
        // the arrays of the grouping, kept from batch to batch and grown as needed
        private int[] groupOfRows = new int[0];
        private int[] rowsByGroup = new int[0];
        private Timestamps rowTimestamps = new Timestamps(0);
        private Timestamps rowCreated = new Timestamps(0);
        // the spine rows of the output page being built that have a feature row, in the order of their
        // feature rows, with where each feature row is: found once per page for every column
        private int gatherFirstRow = -1;
        private int gatherCount;
        private int[] gatherPosition = new int[0];
        private int[] gatherPage = new int[0];
        private int[] gatherIndex = new int[0];

        SourceJoin(FeatureSource source, SourceFiles files, EntityShare share, int[] spineKeys, Type[] spineKeyTypes)
        {
            this.source = requireNonNull(source, "source is null");
            this.files = requireNonNull(files, "files is null");
            this.share = requireNonNull(share, "share is null");
            this.spineKeys = requireNonNull(spineKeys, "spineKeys is null");
            this.spineKeyTypes = requireNonNull(spineKeyTypes, "spineKeyTypes is null");
            this.featureKeys = IntStream.range(0, source.keyCount()).toArray();
            this.featureKeyTypes = source.columns().subList(0, source.keyCount()).stream().map(ColumnSpec::type).toArray(Type[]::new);
            this.featureChannels = IntStream.range(source.firstFeature(), source.columns().size()).toArray();
            this.storage = source.columns().stream()
                    .map(column -> switch (column.type().createBlockBuilder(null, 1)) {
                        case LongArrayBlockBuilder _ -> Storage.LONGS;
                        case IntArrayBlockBuilder _ -> Storage.INTS;
                        case VariableWidthBlockBuilder _ -> Storage.BYTES;
                        default -> Storage.OTHER;
                    })
                    .toArray(Storage[]::new);
        }

        void clear()
        {
            spine = SpineRows.NONE;
            spineRows = 0;
            batchFeatures = Rows.create();
            // the arrays of the grouping stay, for the next batch
            gatherFirstRow = -1;
        }

        /**
         * Reads the source's feature rows of a batch, groups them with the batch's spine rows by
         * entity, and finds the feature row of every spine row.
         *
         * @param spine the spine rows of the batch, with the hashes of their entity columns
         * @param spineTimestamps the spine timestamps of those rows
         */
        void sweepBatch(int batch, SpineRows spine, Timestamps spineTimestamps)
        {
            this.spine = spine;
            this.spineRows = spine.rows();
            for (SourceFile file : files.files()) {
                if (file.bucket().isPresent() && share.batchOf(file.bucket().getAsInt()) != batch) {
                    continue;
                }
                // the rows of a file of one of the batch's buckets are all the batch's (Iceberg's partition value says so)
                boolean wholeFile = file.bucket().isPresent();
                FileRead read = ParquetFeatureReader.read(fileSystem.newInputFile(Location.of(file.path())), source.columns(), files.identityFields(), page -> {
                    int positions = page.getPositionCount();
                    long[] hashes = FeatureValueHash.hashes(page, featureKeys);
                    boolean keysMayBeNull = mayHaveNull(page, featureKeys);
                    if (wholeFile && !keysMayBeNull) {
                        batchBytes += batchFeatures.add(page, hashes);
                        return;
                    }
                    int[] keep = new int[positions];
                    long[] keptHashes = new long[positions];
                    int kept = 0;
                    for (int position = 0; position < positions; position++) {
                        // feature rows with a NULL key match nothing
                        if (keysMayBeNull && hasNullKey(page, featureKeys, position)) {
                            continue;
                        }
                        if (wholeFile || share.batchOf(page, featureKeys, featureKeyTypes, position, hashes[position]) == batch) {
                            keptHashes[kept] = hashes[position];
                            keep[kept++] = position;
                        }
                    }
                    if (kept > 0) {
                        batchBytes += batchFeatures.add(kept == positions ? page : page.copyPositions(keep, 0, kept), keptHashes);
                    }
                });
                memory.fileRead(read);
                hold();
            }
            group(spineTimestamps);
        }

        /**
         * Finds the features of every held spine row, for a source keyed by other spine columns
         * than the split's entities: takes the source's entities a batch at a time, each batch's
         * spine rows where they are in the held pages.
         *
         * @param heldTimestamps the spine timestamps of the held rows, page after page
         * @param columns the columns of the source returned
         * @return for each held page, the values of each column returned for its rows
         */
        Block[][] joinHeld(List<Page> held, Timestamps heldTimestamps, int[] columns)
        {
            int total = 0;
            for (Page page : held) {
                total += page.getPositionCount();
            }
            // each held row's page, position, key hash and batch (-1 for a NULL key)
            int[] heldPage = new int[total];
            int[] heldPosition = new int[total];
            long[] hashes = new long[total];
            int[] batchOf = new int[total];
            int row = 0;
            for (int page = 0; page < held.size(); page++) {
                Page spinePage = held.get(page);
                long[] pageHashes = FeatureValueHash.hashes(spinePage, spineKeys);
                boolean keysMayBeNull = mayHaveNull(spinePage, spineKeys);
                for (int position = 0; position < spinePage.getPositionCount(); position++) {
                    heldPage[row] = page;
                    heldPosition[row] = position;
                    hashes[row] = pageHashes[position];
                    batchOf[row] = keysMayBeNull && hasNullKey(spinePage, spineKeys, position)
                            ? -1
                            : share.batchOf(spinePage, spineKeys, spineKeyTypes, position, pageHashes[position]);
                    row++;
                }
            }
            // the held rows by batch (a counting sort), and each one's place among the rows of its batch
            int batches = share.batches();
            int[] batchStart = groupStarts(batchOf, total, batches);
            int[] byBatch = new int[batchStart[batches]];
            groupRows(batchOf, total, batchStart, byBatch);
            int[] indexInBatch = new int[total];
            for (int batch = 0; batch < batches; batch++) {
                for (int index = batchStart[batch]; index < batchStart[batch + 1]; index++) {
                    indexInBatch[byBatch[index]] = index - batchStart[batch];
                }
            }
            // the bytes held from batch to batch: the arrays above and the values found
            long kept = sizeOf(heldPage) + sizeOf(heldPosition) + sizeOf(hashes) + sizeOf(batchOf) + sizeOf(batchStart) + sizeOf(byBatch) + sizeOf(indexInBatch);
            Block[][] batchValues = new Block[batches][];
            for (int batch = 0; batch < batches; batch++) {
                int rows = batchStart[batch + 1] - batchStart[batch];
                if (rows == 0) {
                    continue;
                }
                int[] pageOfRow = new int[rows];
                int[] positionOfRow = new int[rows];
                long[] rowHashes = new long[rows];
                Timestamps timestamps = new Timestamps(rows);
                for (int index = 0; index < rows; index++) {
                    int heldRow = byBatch[batchStart[batch] + index];
                    pageOfRow[index] = heldPage[heldRow];
                    positionOfRow[index] = heldPosition[heldRow];
                    rowHashes[index] = hashes[heldRow];
                    timestamps.set(index, heldTimestamps, heldRow);
                }
                SpineRows batchRows = new SpineRows(held, pageOfRow, positionOfRow, rowHashes);
                batchBytes = kept + batchRows.retainedBytes() + timestamps.retainedBytes();
                hold();
                sweepBatch(batch, batchRows, timestamps);
                batchValues[batch] = new Block[columns.length];
                for (int column = 0; column < columns.length; column++) {
                    batchValues[batch][column] = featureBlock(columns[column], 0, rows);
                    kept += batchValues[batch][column].getRetainedSizeInBytes();
                }
                // the batch's spine and feature rows are done
                clear();
                batchBytes = kept;
                hold();
            }
            Block[][] values = new Block[held.size()][columns.length];
            int first = 0;
            for (int page = 0; page < held.size(); page++) {
                int positions = held.get(page).getPositionCount();
                for (int column = 0; column < columns.length; column++) {
                    values[page][column] = heldValues(source.columns().get(columns[column]).type(), batchOf, indexInBatch, first, positions, batchValues, column);
                }
                first += positions;
            }
            batchBytes = 0;
            return values;
        }

        /**
         * The values of a column for the rows of a held page, from the values of the batches they
         * were joined in: a copy of a region when every row of the page was joined in one batch,
         * in order.
         */
        private static Block heldValues(Type type, int[] batchOf, int[] indexInBatch, int firstRow, int positions, Block[][] batchValues, int column)
        {
            int batch = positions == 0 ? -1 : batchOf[firstRow];
            if (batch >= 0) {
                int first = indexInBatch[firstRow];
                boolean region = true;
                for (int position = 1; position < positions && region; position++) {
                    region = batchOf[firstRow + position] == batch && indexInBatch[firstRow + position] == first + position;
                }
                if (region) {
                    return batchValues[batch][column].copyRegion(first, positions);
                }
            }
            BlockBuilder builder = type.createBlockBuilder(null, positions);
            for (int position = 0; position < positions; position++) {
                Block values = batchOf[firstRow + position] < 0 ? null : batchValues[batchOf[firstRow + position]][column];
                int index = values == null ? 0 : indexInBatch[firstRow + position];
                if (values == null || values.isNull(index)) {
                    builder.appendNull();
                }
                else {
                    builder.append(values.getUnderlyingValueBlock(), values.getUnderlyingValuePosition(index));
                }
            }
            return builder.build();
        }

        /**
         * Numbers the entities of the batch, lists each entity's rows together (a counting sort), and
         * sweeps each entity that has spine rows.
         */
        private void group(Timestamps spineTimestamps)
        {
            int total = spineRows;
            for (Page page : batchFeatures.pages()) {
                total += page.getPositionCount();
            }
            // the arrays are kept from batch to batch, each written before it is read
            pageOf = atLeast(pageOf, total);
            positionOf = atLeast(positionOf, total);
            // the spine timestamp of spine rows (decoded once per batch) and the event timestamp of feature rows, and the created timestamps, decoded a page at a time
            rowTimestamps = rowTimestamps.atLeast(total);
            Timestamps timestamps = rowTimestamps;
            timestamps.copy(spineTimestamps, spineRows);
            Timestamps created = null;
            if (source.hasCreatedTimestamp()) {
                rowCreated = rowCreated.atLeast(total);
                created = rowCreated;
            }
            EntityNumbering numbering = numberEntities(total, timestamps, created);
            int[] groupStart = groupStarts(numbering.groupOf(), total, numbering.groups());
            rowsByGroup = atLeast(rowsByGroup, total);
            int[] groupRows = rowsByGroup;
            groupRows(numbering.groupOf(), total, groupStart, groupRows);
            long sweepBytes = sweep(groupStart, groupRows, timestamps, created);

            // at their most: the rows, and the arrays of the grouping and the sweep
            long rows = batchBytes;
            long kept = sizeOf(pageOf) + sizeOf(positionOf) + sizeOf(featureRowOf);
            batchBytes = rows + kept + numbering.retainedBytes() + sweepBytes
                    + timestamps.retainedBytes() + (created == null ? 0 : created.retainedBytes()) + sizeOf(groupStart) + sizeOf(groupRows);
            hold();
            batchBytes = rows + kept;
            hold();
        }

        /**
         * Gives every row of the batch, spine rows first, the number of its entity (open addressing on
         * the key hashes, in a table that grows with the entities, so that it stays in the cache),
         * records where each row is, and decodes the timestamps of its feature rows.
         */
        private EntityNumbering numberEntities(int total, Timestamps timestamps, Timestamps created)
        {
            groupOfRows = atLeast(groupOfRows, total);
            int[] groupOf = groupOfRows;
            // a single entity column held as a long (bigint, integer, date, ...) is compared as a long
            boolean longKey = source.keyCount() == 1 && featureKeyTypes[0].getJavaType() == long.class && spineKeyTypes[0].getJavaType() == long.class;
            EntityTable table = new EntityTable(longKey);

            int spinePages = spine.pages().size();
            int keyPage = -1;
            Block keyBlock = null;
            for (int row = 0; row < spineRows; row++) {
                int page = spine.pageOf()[row];
                int position = spine.positionOf()[row];
                pageOf[row] = page;
                positionOf[row] = position;
                if (longKey) {
                    if (page != keyPage) {
                        keyBlock = spine.pages().get(page).getBlock(spineKeys[0]);
                        keyPage = page;
                    }
                    groupOf[row] = table.group(spine.hashes()[row], spineKeyTypes[0].getLong(keyBlock, position));
                }
                else {
                    groupOf[row] = table.group(spine.hashes()[row], row);
                }
            }
            int row = spineRows;
            for (int featurePage = 0; featurePage < batchFeatures.pages().size(); featurePage++) {
                Page page = batchFeatures.pages().get(featurePage);
                long[] hashes = batchFeatures.hashes().get(featurePage);
                timestamps.decode(source.columns().get(source.keyCount()).type(), page.getBlock(source.keyCount()), row);
                if (created != null) {
                    created.decode(source.columns().get(source.keyCount() + 1).type(), page.getBlock(source.keyCount() + 1), row);
                }
                Block featureKeyBlock = page.getBlock(0);
                for (int position = 0; position < page.getPositionCount(); position++) {
                    pageOf[row] = spinePages + featurePage;
                    positionOf[row] = position;
                    groupOf[row] = longKey ? table.group(hashes[position], featureKeyTypes[0].getLong(featureKeyBlock, position)) : table.group(hashes[position], row);
                    row++;
                }
            }
            return new EntityNumbering(groupOf, table.groups(), sizeOf(groupOf) + table.retainedBytes());
        }

        /**
         * Finds the feature row of every spine row of the batch, an entity at a time.
         *
         * @return the bytes the sweep held, at its most
         */
        private long sweep(int[] groupStart, int[] groupRows, Timestamps timestamps, Timestamps created)
        {
            featureRowOf = atLeast(featureRowOf, spineRows);
            Arrays.fill(featureRowOf, 0, spineRows, -1);
            // one sweep and its answer, kept from entity to entity of the batch
            PointInTimeSweep sweep = new PointInTimeSweep(0);
            int[] best = new int[0];
            for (int group = 0; group < groupStart.length - 1; group++) {
                int start = groupStart[group];
                int count = groupStart[group + 1] - start;
                // an entity's rows are in row order, spine rows first: without one, it has nothing to join
                if (groupRows[start] >= spineRows) {
                    continue;
                }
                sweep.reset(count);
                for (int index = 0; index < count; index++) {
                    int row = groupRows[start + index];
                    if (row < spineRows) {
                        sweep.addSpine(timestamps.isNull[row], timestamps.micros[row], timestamps.picos[row]);
                    }
                    else {
                        boolean hasCreated = created != null && !created.isNull[row];
                        sweep.addFeature(timestamps.isNull[row], timestamps.micros[row], timestamps.picos[row], hasCreated, hasCreated ? created.micros[row] : 0, hasCreated ? created.picos[row] : 0);
                    }
                }
                if (best.length < count) {
                    best = new int[Math.max(count, best.length * 2)];
                }
                sweep.solve(handle.respectCreatedTimestamp(), source.ttlMicros().orElse(-1L), index -> featureHash(groupRows[start + index]), best);
                for (int index = 0; index < count; index++) {
                    if (best[index] >= 0) {
                        featureRowOf[groupRows[start + index]] = groupRows[start + best[index]];
                    }
                }
            }
            return sweep.retainedBytes() + sizeOf(best);
        }

        /**
         * The values of a column of the source for spine rows {@code firstRow} to {@code firstRow + positions - 1}
         * of the batch: each spine row's feature row's value, or NULL.
         */
        Block featureBlock(int channel, int firstRow, int positions)
        {
            Block copied = switch (storage[channel]) {
                case LONGS -> fixedWidthFeatureBlock(channel, firstRow, positions, true);
                case INTS -> fixedWidthFeatureBlock(channel, firstRow, positions, false);
                case BYTES -> variableWidthFeatureBlock(channel, firstRow, positions);
                case OTHER -> null;
            };
            if (copied != null) {
                return copied;
            }
            BlockBuilder builder = source.columns().get(channel).type().createBlockBuilder(null, positions);
            for (int position = 0; position < positions; position++) {
                int featureRow = featureRowOf[firstRow + position];
                if (featureRow < 0) {
                    builder.appendNull();
                }
                else {
                    Block values = page(featureRow).getBlock(channel);
                    int valuePosition = positionOf[featureRow];
                    builder.append(values.getUnderlyingValueBlock(), values.getUnderlyingValuePosition(valuePosition));
                }
            }
            return builder.build();
        }

        /**
         * The values of a column stored as longs or as ints, copied without a block builder; null
         * when a block holds them otherwise. The feature rows are visited in their order in the batch
         * (see {@link #gather}), and the arrays of the column's block in each page are looked up once
         * per page: read in spine order, every value was a cache miss behind several dependent loads.
         */
        private Block fixedWidthFeatureBlock(int channel, int firstRow, int positions, boolean asLongs)
        {
            gather(firstRow, positions);
            // the arrays of the column's block in each page of the batch, once the page was seen
            RawValues[] pageValues = new RawValues[spine.pages().size() + batchFeatures.pages().size()];
            long[] longValues = asLongs ? new long[positions] : null;
            int[] intValues = asLongs ? null : new int[positions];
            // a set bit for each value that is not NULL
            long[] valueIsValid = new long[Bitmap.wordsForBits(positions)];
            boolean hasNull = gatherCount < positions;
            for (int gathered = 0; gathered < gatherCount; gathered++) {
                int page = gatherPage[gathered];
                RawValues values = pageValues[page];
                if (values == null) {
                    values = RawValues.of(pageAt(page).getBlock(channel), asLongs);
                    if (values == null) {
                        return null;
                    }
                    pageValues[page] = values;
                }
                int index = gatherIndex[gathered];
                if (values.isNull(index)) {
                    hasNull = true;
                    continue;
                }
                int position = gatherPosition[gathered];
                if (asLongs) {
                    longValues[position] = ((long[]) values.values())[values.offset() + index];
                }
                else {
                    intValues[position] = ((int[]) values.values())[values.offset() + index];
                }
                Bitmap.set(valueIsValid, 0, position);
            }
            Optional<long[]> nulls = hasNull ? Optional.of(valueIsValid) : Optional.empty();
            return asLongs ? new LongArrayBlock(positions, nulls, longValues) : new IntArrayBlock(positions, nulls, intValues);
        }

        /**
         * The values of a column stored as bytes of variable width, copied without a block builder;
         * null when a block holds them otherwise. As for fixed-width values, the feature rows are
         * visited in their order in the batch: once for the lengths, once for the bytes.
         */
        private Block variableWidthFeatureBlock(int channel, int firstRow, int positions)
        {
            gather(firstRow, positions);
            // the column's block in each page of the batch and the values behind it, once the page was seen
            int pages = spine.pages().size() + batchFeatures.pages().size();
            Block[] pageBlocks = new Block[pages];
            VariableWidthBlock[] pageValues = new VariableWidthBlock[pages];
            // the index of each gathered row's value among the values behind its block, or -1 for NULL
            int[] valueIndex = new int[gatherCount];
            int[] offsets = new int[positions + 1];
            long[] valueIsValid = new long[Bitmap.wordsForBits(positions)];
            boolean hasNull = gatherCount < positions;
            for (int gathered = 0; gathered < gatherCount; gathered++) {
                int page = gatherPage[gathered];
                if (pageValues[page] == null) {
                    Block block = pageAt(page).getBlock(channel);
                    if (!(block.getUnderlyingValueBlock() instanceof VariableWidthBlock values)) {
                        return null;
                    }
                    pageBlocks[page] = block;
                    pageValues[page] = values;
                }
                int index = pageBlocks[page].getUnderlyingValuePosition(gatherIndex[gathered]);
                if (pageValues[page].isNull(index)) {
                    hasNull = true;
                    valueIndex[gathered] = -1;
                    continue;
                }
                valueIndex[gathered] = index;
                // the length, until the offsets are summed
                offsets[gatherPosition[gathered] + 1] = pageValues[page].getSliceLength(index);
                Bitmap.set(valueIsValid, 0, gatherPosition[gathered]);
            }
            for (int position = 0; position < positions; position++) {
                offsets[position + 1] = Math.addExact(offsets[position + 1], offsets[position]);
            }
            byte[] bytes = new byte[offsets[positions]];
            for (int gathered = 0; gathered < gatherCount; gathered++) {
                int index = valueIndex[gathered];
                if (index >= 0) {
                    VariableWidthBlock values = pageValues[gatherPage[gathered]];
                    int position = gatherPosition[gathered];
                    values.getRawSlice().getBytes(values.getRawSliceOffset(index), bytes, offsets[position], offsets[position + 1] - offsets[position]);
                }
            }
            Optional<long[]> nulls = hasNull ? Optional.of(valueIsValid) : Optional.empty();
            return new VariableWidthBlock(positions, Slices.wrappedBuffer(bytes), offsets, nulls);
        }

        /**
         * Lists the spine rows {@code firstRow} to {@code firstRow + positions - 1} (an output page)
         * that have a feature row, ordered by their feature rows, with each feature row's page and
         * position; once per output page, for all the source's columns.
         */
        private void gather(int firstRow, int positions)
        {
            // an output page is known by its first row within the batch
            if (gatherFirstRow == firstRow) {
                return;
            }
            // the feature row in the high half, the spine row's position in the page in the low half
            long[] packed = new long[positions];
            int count = 0;
            for (int position = 0; position < positions; position++) {
                int featureRow = featureRowOf[firstRow + position];
                if (featureRow >= 0) {
                    packed[count++] = ((long) featureRow << 32) | position;
                }
            }
            Arrays.sort(packed, 0, count);
            if (gatherPosition.length < count) {
                gatherPosition = new int[count];
                gatherPage = new int[count];
                gatherIndex = new int[count];
            }
            for (int gathered = 0; gathered < count; gathered++) {
                int featureRow = (int) (packed[gathered] >>> 32);
                gatherPosition[gathered] = (int) packed[gathered];
                gatherPage[gathered] = pageOf[featureRow];
                gatherIndex[gathered] = positionOf[featureRow];
            }
            gatherFirstRow = firstRow;
            gatherCount = count;
        }

        private Page pageAt(int page)
        {
            int spinePages = spine.pages().size();
            return page < spinePages ? spine.pages().get(page) : batchFeatures.pages().get(page - spinePages);
        }

        private Page page(int row)
        {
            return pageAt(pageOf[row]);
        }

        private long featureHash(int row)
        {
            return FeatureValueHash.hash(page(row), featureChannels, positionOf[row]);
        }

        /**
         * The entity columns' blocks of each page of the batch (spine pages first), looked up once
         * for the comparisons of keys that are not a single long.
         */
        private Block[][] keyBlocks()
        {
            int spinePages = spine.pages().size();
            Block[][] blocks = new Block[spinePages + batchFeatures.pages().size()][];
            for (int page = 0; page < blocks.length; page++) {
                Page rows = pageAt(page);
                int[] channels = page < spinePages ? spineKeys : featureKeys;
                blocks[page] = new Block[channels.length];
                for (int key = 0; key < channels.length; key++) {
                    blocks[page][key] = rows.getBlock(channels[key]);
                }
            }
            return blocks;
        }

        /**
         * The entities of a batch, numbered from 0 in the order they are first met: open addressing
         * on the key hashes, the table twice the entities at most, and the key of a single long
         * entity column kept in the table itself.
         */
        private final class EntityTable
        {
            private final boolean longKey;
            private int[] slots;
            private long[] slotKeys;
            private long[] groupHashes = new long[1024];
            // a single long key of each entity, or the first row of each entity
            private long[] groupKeys;
            private int[] representative;
            // the entity columns' blocks of each page of the batch, for keys that are not a single long
            private final Block[][] keyBlocks;
            private int groups;

            EntityTable(boolean longKey)
            {
                this.longKey = longKey;
                this.keyBlocks = longKey ? null : keyBlocks();
                slots = new int[2048];
                Arrays.fill(slots, -1);
                if (longKey) {
                    slotKeys = new long[slots.length];
                    groupKeys = new long[groupHashes.length];
                }
                else {
                    representative = new int[groupHashes.length];
                }
            }

            int groups()
            {
                return groups;
            }

            long retainedBytes()
            {
                return sizeOf(slots) + sizeOf(groupHashes) + (longKey ? sizeOf(slotKeys) + sizeOf(groupKeys) : sizeOf(representative));
            }

            /**
             * The number of the entity of a single long key.
             */
            int group(long hash, long key)
            {
                int mask = slots.length - 1;
                int slot = (int) (EntityRoutingHash.spread(hash) & mask);
                while (slots[slot] >= 0) {
                    if (slotKeys[slot] == key) {
                        return slots[slot];
                    }
                    slot = (slot + 1) & mask;
                }
                return add(slot, hash, key, -1);
            }

            /**
             * The number of the entity of a row of the batch.
             */
            int group(long hash, int row)
            {
                int mask = slots.length - 1;
                int slot = (int) (EntityRoutingHash.spread(hash) & mask);
                while (slots[slot] >= 0) {
                    int group = slots[slot];
                    if (groupHashes[group] == hash && sameKey(row, representative[group])) {
                        return group;
                    }
                    slot = (slot + 1) & mask;
                }
                return add(slot, hash, 0, row);
            }

            private boolean sameKey(int left, int right)
            {
                Block[] leftBlocks = keyBlocks[pageOf[left]];
                Block[] rightBlocks = keyBlocks[pageOf[right]];
                Type[] leftTypes = left < spineRows ? spineKeyTypes : featureKeyTypes;
                Type[] rightTypes = right < spineRows ? spineKeyTypes : featureKeyTypes;
                for (int key = 0; key < leftBlocks.length; key++) {
                    if (!equal(leftTypes[key], leftBlocks[key], positionOf[left], rightTypes[key], rightBlocks[key], positionOf[right])) {
                        return false;
                    }
                }
                return true;
            }

            private int add(int slot, long hash, long key, int row)
            {
                int group = groups++;
                if (group == groupHashes.length) {
                    groupHashes = Arrays.copyOf(groupHashes, group * 2);
                    if (longKey) {
                        groupKeys = Arrays.copyOf(groupKeys, group * 2);
                    }
                    else {
                        representative = Arrays.copyOf(representative, group * 2);
                    }
                }
                groupHashes[group] = hash;
                slots[slot] = group;
                if (longKey) {
                    groupKeys[group] = key;
                    slotKeys[slot] = key;
                }
                else {
                    representative[group] = row;
                }
                if (groups * 2 > slots.length) {
                    grow();
                }
                return group;
            }

            private void grow()
            {
                slots = new int[slots.length * 2];
                Arrays.fill(slots, -1);
                if (longKey) {
                    slotKeys = new long[slots.length];
                }
                int mask = slots.length - 1;
                for (int group = 0; group < groups; group++) {
                    int slot = (int) (EntityRoutingHash.spread(groupHashes[group]) & mask);
                    while (slots[slot] >= 0) {
                        slot = (slot + 1) & mask;
                    }
                    slots[slot] = group;
                    if (longKey) {
                        slotKeys[slot] = groupKeys[group];
                    }
                }
            }
        }
    }

    /**
     * How a type's values are stored: as longs (bigint, double, short timestamps), as ints (integer,
     * real, date), as bytes of variable width (varchar, varbinary), or otherwise.
     */
    private enum Storage
    {
        LONGS, INTS, BYTES, OTHER
    }

    /**
     * The spine rows of a batch, where they are: row {@code r} is position {@code positionOf[r]} of
     * page {@code pageOf[r]}, and {@code hashes[r]} the hash of its entity columns.
     */
    private record SpineRows(List<Page> pages, int[] pageOf, int[] positionOf, long[] hashes)
    {
        static final SpineRows NONE = new SpineRows(List.of(), new int[0], new int[0], new long[0]);

        /**
         * Every row of the pages, in order.
         */
        static SpineRows of(Rows rows, int count)
        {
            int[] pageOf = new int[count];
            int[] positionOf = new int[count];
            long[] hashes = new long[count];
            int row = 0;
            for (int page = 0; page < rows.pages().size(); page++) {
                int positions = rows.pages().get(page).getPositionCount();
                System.arraycopy(rows.hashes().get(page), 0, hashes, row, positions);
                for (int position = 0; position < positions; position++) {
                    pageOf[row] = page;
                    positionOf[row] = position;
                    row++;
                }
            }
            return new SpineRows(rows.pages(), pageOf, positionOf, hashes);
        }

        int rows()
        {
            return pageOf.length;
        }

        long retainedBytes()
        {
            return sizeOf(pageOf) + sizeOf(positionOf) + sizeOf(hashes);
        }
    }

    /**
     * A spine page the split holds, in the list it is held in.
     */
    private record HeldPage(List<Page> pages, int index)
    {
        Page page()
        {
            return pages.get(index);
        }

        void replace(Page page)
        {
            pages.set(index, page);
        }
    }

    /**
     * Pages of rows, with the hash of the entity columns of every row.
     */
    private record Rows(List<Page> pages, List<long[]> hashes)
    {
        static Rows create()
        {
            return new Rows(new ArrayList<>(), new ArrayList<>());
        }

        /**
         * @return the bytes the page and its hashes hold
         */
        long add(Page page, long[] pageHashes)
        {
            pages.add(page);
            hashes.add(pageHashes);
            return page.getRetainedSizeInBytes() + sizeOf(pageHashes);
        }

        long retainedBytes()
        {
            return pages.stream().mapToLong(Page::getRetainedSizeInBytes).sum() + hashes.stream().mapToLong(SizeOf::sizeOf).sum();
        }
    }

    /**
     * The arrays behind a block of longs or of ints: its values ({@code long[]} or {@code int[]}; null
     * when every value is NULL), its validity bits (null when no value is NULL) and the offset of
     * its first position in both.
     */
    private record RawValues(Object values, long[] valueIsValid, int offset)
    {
        static final RawValues ALL_NULL = new RawValues(null, null, 0);

        /**
         * The arrays of a block, or null when it holds its values otherwise.
         */
        static RawValues of(Block block, boolean asLongs)
        {
            return switch (block) {
                case LongArrayBlock longs when asLongs -> new RawValues(longs.getRawValues(), longs.getRawValueIsValid(), longs.getRawValuesOffset());
                case IntArrayBlock ints when !asLongs -> new RawValues(ints.getRawValues(), ints.getRawValueIsValid(), ints.getRawValuesOffset());
                case RunLengthEncodedBlock rle when rle.isNull(0) -> ALL_NULL;
                default -> null;
            };
        }

        boolean isNull(int position)
        {
            return values == null || (valueIsValid != null && !Bitmap.isSet(valueIsValid, offset, position));
        }
    }

    /**
     * Timestamps of rows as {@link PointInTimeSweep} takes them.
     */
    private static final class Timestamps
    {
        final boolean[] isNull;
        final long[] micros;
        final int[] picos;

        Timestamps(int rows)
        {
            isNull = new boolean[rows];
            micros = new long[rows];
            picos = new int[rows];
        }

        long retainedBytes()
        {
            return sizeOf(isNull) + sizeOf(micros) + sizeOf(picos);
        }

        void decode(Type type, Block block, int firstRow)
        {
            PointInTimeSweep.decode(type, block, isNull, micros, picos, firstRow);
        }

        /**
         * These, when they have room for {@code length} rows, or new ones.
         */
        Timestamps atLeast(int length)
        {
            return micros.length >= length ? this : new Timestamps(Math.max(length, micros.length + micros.length / 2));
        }

        /**
         * Takes a row of another.
         */
        void set(int row, Timestamps from, int fromRow)
        {
            isNull[row] = from.isNull[fromRow];
            micros[row] = from.micros[fromRow];
            picos[row] = from.picos[fromRow];
        }

        /**
         * Takes the first rows of another.
         */
        void copy(Timestamps from, int rows)
        {
            System.arraycopy(from.isNull, 0, isNull, 0, rows);
            System.arraycopy(from.micros, 0, micros, 0, rows);
            System.arraycopy(from.picos, 0, picos, 0, rows);
        }
    }

    /**
     * The entity numbers of the rows of a batch and the bytes the numbering held.
     */
    private record EntityNumbering(int[] groupOf, int groups, long retainedBytes) {}
}
