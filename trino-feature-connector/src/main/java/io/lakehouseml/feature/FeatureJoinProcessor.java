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
package io.lakehouseml.feature;

import io.airlift.slice.Slice;
import io.trino.filesystem.Location;
import io.trino.filesystem.TrinoFileSystem;
import io.trino.spi.Page;
import io.trino.spi.block.Block;
import io.trino.spi.block.BlockBuilder;
import io.trino.spi.function.table.TableFunctionProcessorState;
import io.trino.spi.function.table.TableFunctionSplitProcessor;
import io.trino.spi.type.Type;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.IntStream;

import static io.trino.spi.function.table.TableFunctionProcessorState.Finished.FINISHED;
import static io.trino.spi.function.table.TableFunctionProcessorState.Processed.produced;
import static java.util.Objects.requireNonNull;

/**
 * One bucket of a {@link FeatureJoinFunction} call: reads the spine and feature rows of the bucket's
 * entities from the data files, groups them by entity, and sweeps each entity with
 * {@link PointInTimeSweep}. Spine rows with a NULL key belong to bucket 0 and get NULL features.
 */
public class FeatureJoinProcessor
        implements TableFunctionSplitProcessor
{
    private static final int OUTPUT_ROWS = 8192;

    private final FeatureJoinHandle handle;
    private final FeatureJoinSplit split;
    private final TrinoFileSystem fileSystem;
    private final int[] featureChannels;

    private final List<Page> spinePages = new ArrayList<>();
    private final List<Page> featurePages = new ArrayList<>();
    // the hash of the entity columns of every row of the pages above, computed once
    private final List<long[]> spineHashes = new ArrayList<>();
    private final List<long[]> featureHashes = new ArrayList<>();
    // rows: spine rows first, then feature rows, each as (page, position)
    private int[] pageOf;
    private int[] positionOf;
    private int spineRows;
    private int[] groupStart;
    private int[] groupRows;
    private int nextGroup;
    private int[] nullKeySpineRows;
    private boolean loaded;

    public FeatureJoinProcessor(FeatureJoinHandle handle, FeatureJoinSplit split, TrinoFileSystem fileSystem)
    {
        this.handle = requireNonNull(handle, "handle is null");
        this.split = requireNonNull(split, "split is null");
        this.fileSystem = requireNonNull(fileSystem, "fileSystem is null");
        this.featureChannels = IntStream.range(handle.firstFeature(), handle.featureColumns().size()).toArray();
    }

    @Override
    public TableFunctionProcessorState process()
    {
        if (!loaded) {
            load();
            loaded = true;
            if (nullKeySpineRows.length > 0) {
                return produced(withoutFeatures(nullKeySpineRows));
            }
        }
        if (nextGroup >= groupStart.length - 1) {
            return FINISHED;
        }
        return produced(nextOutput());
    }

    private void load()
    {
        int[] spineKeys = handle.spineKeys().stream().mapToInt(Integer::intValue).toArray();
        int[] featureKeys = IntStream.range(0, handle.keyCount()).toArray();
        // spine rows with a NULL key are kept by the first split; feature rows with one match nothing
        readBucket(split.spineFiles(), handle.spineColumns(), split.spineIdentityFields(), spineKeys, split.bucket() == 0, spinePages, spineHashes);
        readBucket(split.featureFiles(), handle.featureColumns(), split.featureIdentityFields(), featureKeys, false, featurePages, featureHashes);
        group(spineKeys);
    }

    /**
     * Reads the rows of this split's bucket from data files, with the hashes of their keys.
     */
    private void readBucket(List<String> files, List<FeatureJoinHandle.ColumnSpec> columns, Set<Integer> identityFields, int[] keys, boolean keepNullKeys, List<Page> pages, List<long[]> hashes)
    {
        for (String file : files) {
            ParquetFeatureReader.read(fileSystem.newInputFile(Location.of(file)), columns, identityFields, page -> {
                int[] keep = new int[page.getPositionCount()];
                long[] keptHashes = new long[page.getPositionCount()];
                int kept = 0;
                for (int position = 0; position < page.getPositionCount(); position++) {
                    if (hasNullKey(page, keys, position)) {
                        if (keepNullKeys) {
                            keep[kept++] = position;
                        }
                        continue;
                    }
                    long hash = FeatureValueHash.hash(page, keys, position);
                    if (Long.remainderUnsigned(mix(hash) >>> 1, split.buckets()) == split.bucket()) {
                        keptHashes[kept] = hash;
                        keep[kept++] = position;
                    }
                }
                if (kept > 0) {
                    pages.add(page.copyPositions(keep, 0, kept));
                    hashes.add(keptHashes);
                }
            });
        }
    }

    /**
     * Numbers the entities of the bucket and lists each entity's rows together (a counting sort).
     */
    private void group(int[] spineKeys)
    {
        int total = 0;
        for (Page page : spinePages) {
            total += page.getPositionCount();
        }
        spineRows = total;
        for (Page page : featurePages) {
            total += page.getPositionCount();
        }
        pageOf = new int[total];
        positionOf = new int[total];
        int[] groupOf = new int[total];
        int capacity = Integer.highestOneBit(Math.max(16, total)) * 2;
        int[] table = new int[capacity];
        Arrays.fill(table, -1);
        int groups = 0;
        int[] representative = new int[Math.max(16, total)];
        Arrays.fill(groupOf, -1);

        int row = 0;
        for (int pageIndex = 0; pageIndex < spinePages.size() + featurePages.size(); pageIndex++) {
            boolean spine = pageIndex < spinePages.size();
            Page page = spine ? spinePages.get(pageIndex) : featurePages.get(pageIndex - spinePages.size());
            long[] hashes = spine ? spineHashes.get(pageIndex) : featureHashes.get(pageIndex - spinePages.size());
            for (int position = 0; position < page.getPositionCount(); position++) {
                pageOf[row] = pageIndex;
                positionOf[row] = position;
                if (spine && hasNullKey(page, spineKeys, position)) {
                    row++;
                    continue;
                }
                int slot = (int) (mix(hashes[position]) & (capacity - 1));
                while (table[slot] >= 0 && !sameKey(row, representative[table[slot]])) {
                    slot = (slot + 1) & (capacity - 1);
                }
                if (table[slot] < 0) {
                    table[slot] = groups;
                    representative[groups] = row;
                    groups++;
                }
                groupOf[row] = table[slot];
                row++;
            }
        }

        groupStart = new int[groups + 1];
        for (int index = 0; index < total; index++) {
            if (groupOf[index] >= 0) {
                groupStart[groupOf[index] + 1]++;
            }
        }
        for (int group = 0; group < groups; group++) {
            groupStart[group + 1] += groupStart[group];
        }
        int[] fill = Arrays.copyOf(groupStart, groups);
        groupRows = new int[groupStart[groups]];
        for (int index = 0; index < total; index++) {
            if (groupOf[index] >= 0) {
                groupRows[fill[groupOf[index]]++] = index;
            }
        }
        nullKeySpineRows = IntStream.range(0, spineRows).filter(index -> groupOf[index] < 0).toArray();
    }

    private Page nextOutput()
    {
        List<FeatureJoinHandle.ColumnSpec> spineColumns = handle.spineColumns();
        int featureCount = handle.featureCount();
        int firstFeature = handle.firstFeature();
        BlockBuilder[] builders = builders(OUTPUT_ROWS);
        Type timestampType = spineColumns.get(handle.spineTimestamp()).type();
        Type eventType = handle.featureColumns().get(handle.keyCount()).type();
        Type createdType = handle.hasCreatedTimestamp() ? handle.featureColumns().get(handle.keyCount() + 1).type() : null;
        int produced = 0;
        int[] best = new int[0];
        while (nextGroup < groupStart.length - 1 && produced < OUTPUT_ROWS) {
            int start = groupStart[nextGroup];
            int count = groupStart[nextGroup + 1] - start;
            nextGroup++;
            // an entity's rows are in row order, spine rows first: without one, it has nothing to join
            if (groupRows[start] >= spineRows) {
                continue;
            }
            PointInTimeSweep sweep = new PointInTimeSweep(count);
            for (int index = 0; index < count; index++) {
                int row = groupRows[start + index];
                Page page = page(row);
                if (row < spineRows) {
                    sweep.addSpine(timestampType, page.getBlock(handle.spineTimestamp()), positionOf[row]);
                }
                else {
                    sweep.addFeature(eventType, page.getBlock(handle.keyCount()), positionOf[row], createdType, createdType == null ? null : page.getBlock(handle.keyCount() + 1));
                }
            }
            if (best.length < count) {
                best = new int[count];
            }
            sweep.solve(handle.respectCreatedTimestamp(), handle.ttlMicros().orElse(-1L), index -> featureHash(groupRows[start + index]), best);
            for (int index = 0; index < count; index++) {
                if (!sweep.isSpine(index)) {
                    continue;
                }
                int row = groupRows[start + index];
                appendSpine(builders, row);
                if (best[index] < 0) {
                    appendNullFeatures(builders);
                }
                else {
                    int featureRow = groupRows[start + best[index]];
                    Page featurePage = page(featureRow);
                    for (int feature = 0; feature < featureCount; feature++) {
                        append(builders[spineColumns.size() + feature], featurePage.getBlock(firstFeature + feature), positionOf[featureRow]);
                    }
                }
                produced++;
            }
        }
        return build(builders, produced);
    }

    private Page withoutFeatures(int[] rows)
    {
        BlockBuilder[] builders = builders(rows.length);
        for (int row : rows) {
            appendSpine(builders, row);
            appendNullFeatures(builders);
        }
        return build(builders, rows.length);
    }

    private BlockBuilder[] builders(int expected)
    {
        List<FeatureJoinHandle.ColumnSpec> spineColumns = handle.spineColumns();
        BlockBuilder[] builders = new BlockBuilder[spineColumns.size() + handle.featureCount()];
        for (int column = 0; column < spineColumns.size(); column++) {
            builders[column] = spineColumns.get(column).type().createBlockBuilder(null, expected);
        }
        for (int feature = 0; feature < handle.featureCount(); feature++) {
            builders[spineColumns.size() + feature] = handle.featureColumns().get(handle.firstFeature() + feature).type().createBlockBuilder(null, expected);
        }
        return builders;
    }

    private void appendSpine(BlockBuilder[] builders, int row)
    {
        Page page = page(row);
        for (int column = 0; column < handle.spineColumns().size(); column++) {
            append(builders[column], page.getBlock(column), positionOf[row]);
        }
    }

    private void appendNullFeatures(BlockBuilder[] builders)
    {
        for (int column = handle.spineColumns().size(); column < builders.length; column++) {
            builders[column].appendNull();
        }
    }

    private static Page build(BlockBuilder[] builders, int positions)
    {
        Block[] blocks = new Block[builders.length];
        for (int column = 0; column < blocks.length; column++) {
            blocks[column] = builders[column].build();
        }
        return new Page(positions, blocks);
    }

    private static void append(BlockBuilder builder, Block block, int position)
    {
        builder.append(block.getUnderlyingValueBlock(), block.getUnderlyingValuePosition(position));
    }

    private Page page(int row)
    {
        return row < spineRows ? spinePages.get(pageOf[row]) : featurePages.get(pageOf[row] - spinePages.size());
    }

    private long featureHash(int row)
    {
        return FeatureValueHash.hash(page(row), featureChannels, positionOf[row]);
    }

    private boolean sameKey(int left, int right)
    {
        Page leftPage = page(left);
        Page rightPage = page(right);
        for (int key = 0; key < handle.keyCount(); key++) {
            int leftChannel = left < spineRows ? handle.spineKeys().get(key) : key;
            int rightChannel = right < spineRows ? handle.spineKeys().get(key) : key;
            Type type = handle.featureColumns().get(key).type();
            if (!equal(type, leftPage.getBlock(leftChannel), positionOf[left], rightPage.getBlock(rightChannel), positionOf[right])) {
                return false;
            }
        }
        return true;
    }

    private static boolean equal(Type type, Block left, int leftPosition, Block right, int rightPosition)
    {
        Class<?> javaType = type.getJavaType();
        if (javaType == long.class) {
            return type.getLong(left, leftPosition) == type.getLong(right, rightPosition);
        }
        if (javaType == boolean.class) {
            return type.getBoolean(left, leftPosition) == type.getBoolean(right, rightPosition);
        }
        if (javaType == Slice.class) {
            return type.getSlice(left, leftPosition).equals(type.getSlice(right, rightPosition));
        }
        return Objects.equals(type.getObject(left, leftPosition), type.getObject(right, rightPosition));
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

    private static long mix(long hash)
    {
        long mixed = hash * 0x9E3779B97F4A7C15L;
        return mixed ^ (mixed >>> 29);
    }
}
