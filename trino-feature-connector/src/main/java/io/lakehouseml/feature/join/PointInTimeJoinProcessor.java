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

import io.airlift.slice.Slice;
import io.airlift.slice.Slices;
import io.trino.spi.Page;
import io.trino.spi.TrinoException;
import io.trino.spi.block.Block;
import io.trino.spi.block.BlockBuilder;
import io.trino.spi.function.table.TableFunctionDataProcessor;
import io.trino.spi.function.table.TableFunctionProcessorState;
import io.trino.spi.type.Type;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import static io.lakehouseml.feature.FeatureStoreErrorCode.FEATURE_STORE_INVALID_INPUT;
import static io.trino.spi.function.table.TableFunctionProcessorState.Finished.FINISHED;
import static io.trino.spi.function.table.TableFunctionProcessorState.Processed.produced;
import static io.trino.spi.function.table.TableFunctionProcessorState.Processed.usedInput;
import static io.trino.spi.type.VarcharType.VARCHAR;
import static java.lang.String.format;
import static java.util.Objects.requireNonNull;

/**
 * The point-in-time join of one entity: all its spine and feature rows arrive (the engine
 * partitions the input by the entity columns), then {@link PointInTimeSweep} picks, for every
 * spine row, the best feature row visible at the spine row's timestamp.
 */
public class PointInTimeJoinProcessor
        implements TableFunctionDataProcessor
{
    private static final Slice SPINE = Slices.utf8Slice("spine");
    private static final Slice FEATURE = Slices.utf8Slice("feature");

    private final PointInTimeJoinHandle handle;
    private final int[] featureChannels;
    private final List<Page> pages = new ArrayList<>();
    private boolean produced;

    public PointInTimeJoinProcessor(PointInTimeJoinHandle handle)
    {
        this.handle = requireNonNull(handle, "handle is null");
        this.featureChannels = handle.featureChannels().stream().mapToInt(Integer::intValue).toArray();
    }

    @Override
    public TableFunctionProcessorState process(List<Optional<Page>> input)
    {
        if (input != null) {
            input.getFirst().ifPresent(pages::add);
            return usedInput();
        }
        if (produced) {
            return FINISHED;
        }
        produced = true;
        Page result = join();
        return result == null ? FINISHED : produced(result);
    }

    private Page join()
    {
        int rowCount = 0;
        for (Page page : pages) {
            rowCount += page.getPositionCount();
        }
        PointInTimeSweep sweep = new PointInTimeSweep(rowCount);
        int[] pageOf = new int[rowCount];
        int[] positionOf = new int[rowCount];
        Type timestampType = handle.inputTypes().get(handle.timestampChannel());
        Type createdType = handle.createdTimestampChannel().map(handle.inputTypes()::get).orElse(null);
        boolean keysAreNull = false;

        for (int pageIndex = 0; pageIndex < pages.size(); pageIndex++) {
            Page page = pages.get(pageIndex);
            Block kinds = page.getBlock(handle.kindChannel());
            Block timestamps = page.getBlock(handle.timestampChannel());
            Block created = handle.createdTimestampChannel().map(page::getBlock).orElse(null);
            if (pageIndex == 0) {
                for (int keyChannel : handle.keyChannels()) {
                    keysAreNull |= page.getBlock(keyChannel).isNull(0);
                }
            }
            for (int position = 0; position < page.getPositionCount(); position++) {
                if (kinds.isNull(position)) {
                    throw new TrinoException(FEATURE_STORE_INVALID_INPUT, "point_in_time_join: the kind column is NULL; each input row must be 'spine' or 'feature'");
                }
                Slice kind = VARCHAR.getSlice(kinds, position);
                if (kind.equals(SPINE)) {
                    checkFeaturesAreNull(page, position);
                    sweep.addSpine(timestampType, timestamps, position);
                }
                else if (kind.equals(FEATURE)) {
                    sweep.addFeature(timestampType, timestamps, position, createdType, created);
                }
                else {
                    throw new TrinoException(FEATURE_STORE_INVALID_INPUT, format("point_in_time_join: the kind column holds '%s'; each input row must be 'spine' or 'feature'", kind.toStringUtf8()));
                }
                pageOf[sweep.count() - 1] = pageIndex;
                positionOf[sweep.count() - 1] = position;
            }
        }
        if (sweep.spineCount() == 0) {
            return null;
        }

        int[] best = new int[rowCount];
        if (keysAreNull) {
            Arrays.fill(best, -1);
        }
        else {
            sweep.solve(handle.respectCreatedTimestamp(), handle.ttlMicros().orElse(-1L), row -> FeatureValueHash.hash(pages.get(pageOf[row]), featureChannels, positionOf[row]), best);
        }
        return output(sweep, best, pageOf, positionOf);
    }

    private void checkFeaturesAreNull(Page page, int position)
    {
        for (int channel : handle.featureChannels()) {
            if (!page.getBlock(channel).isNull(position)) {
                throw new TrinoException(FEATURE_STORE_INVALID_INPUT, format("point_in_time_join: feature '%s' holds a value on a spine row; features must be NULL on spine rows", handle.inputNames().get(channel)));
            }
        }
    }

    /**
     * The spine rows in input order, each with the features of its best row; a spine row without
     * one takes its own feature columns, which are NULL.
     */
    private Page output(PointInTimeSweep sweep, int[] best, int[] pageOf, int[] positionOf)
    {
        int spineCount = sweep.spineCount();
        List<Integer> outputChannels = handle.outputChannels();
        boolean[] isFeature = new boolean[outputChannels.size()];
        for (int column = 0; column < isFeature.length; column++) {
            isFeature[column] = handle.featureChannels().contains(outputChannels.get(column));
        }
        if (pages.size() == 1) {
            int[] spinePositions = new int[spineCount];
            int[] featurePositions = new int[spineCount];
            int output = 0;
            for (int row = 0; row < sweep.count(); row++) {
                if (sweep.isSpine(row)) {
                    spinePositions[output] = positionOf[row];
                    featurePositions[output] = best[row] < 0 ? positionOf[row] : positionOf[best[row]];
                    output++;
                }
            }
            Page page = pages.getFirst();
            Block[] blocks = new Block[outputChannels.size()];
            for (int column = 0; column < blocks.length; column++) {
                blocks[column] = page.getBlock(outputChannels.get(column)).copyPositions(isFeature[column] ? featurePositions : spinePositions, 0, spineCount);
            }
            return new Page(spineCount, blocks);
        }

        BlockBuilder[] builders = new BlockBuilder[outputChannels.size()];
        for (int column = 0; column < builders.length; column++) {
            builders[column] = handle.inputTypes().get(outputChannels.get(column)).createBlockBuilder(null, spineCount);
        }
        for (int row = 0; row < sweep.count(); row++) {
            if (!sweep.isSpine(row)) {
                continue;
            }
            int featureRow = best[row] < 0 ? row : best[row];
            for (int column = 0; column < builders.length; column++) {
                int source = isFeature[column] ? featureRow : row;
                Block block = pages.get(pageOf[source]).getBlock(outputChannels.get(column));
                int position = positionOf[source];
                builders[column].append(block.getUnderlyingValueBlock(), block.getUnderlyingValuePosition(position));
            }
        }
        Block[] blocks = new Block[builders.length];
        for (int column = 0; column < builders.length; column++) {
            blocks[column] = builders[column].build();
        }
        return new Page(spineCount, blocks);
    }
}
