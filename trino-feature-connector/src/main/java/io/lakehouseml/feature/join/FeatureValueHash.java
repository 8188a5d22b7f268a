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

import io.airlift.slice.XxHash64;
import io.trino.spi.Page;
import io.trino.spi.block.ArrayBlock;
import io.trino.spi.block.Block;
import io.trino.spi.block.ByteArrayBlock;
import io.trino.spi.block.Fixed12Block;
import io.trino.spi.block.Int128ArrayBlock;
import io.trino.spi.block.IntArrayBlock;
import io.trino.spi.block.LongArrayBlock;
import io.trino.spi.block.RowBlock;
import io.trino.spi.block.ShortArrayBlock;
import io.trino.spi.block.SqlRow;
import io.trino.spi.block.ValueBlock;
import io.trino.spi.block.VariableWidthBlock;

/**
 * A hash of a value from its stored representation, whatever its type and block encoding: equal
 * values of one type hash equally in every run. It breaks ties between feature rows with equal
 * timestamps, so the choice does not depend on the order the rows arrive in.
 * <p>
 * Every training set already made returns the rows this hash chose when it was made, so it must
 * stay the same, bit for bit, from release to release ({@code TestFeatureValueHash} holds its
 * values). Where rows go (splits, hash table slots) is decided by {@link EntityRoutingHash}, which
 * may change.
 */
final class FeatureValueHash
{
    private static final long NULL_HASH = 0x5BD1E995L;

    private FeatureValueHash() {}

    /**
     * The hash of the values of a row in some channels of a page, in channel order.
     */
    static long hash(Page page, int[] channels, int position)
    {
        long hash = 0;
        for (int channel : channels) {
            hash = hash * 31 + hash(page.getBlock(channel), position);
        }
        return hash;
    }

    /**
     * The hashes of the values of every row of a page in some channels, each as
     * {@link #hash(Page, int[], int)} gives it; a single {@code bigint}-like column in one pass.
     */
    static long[] hashes(Page page, int[] channels)
    {
        int positions = page.getPositionCount();
        long[] hashes = new long[positions];
        if (channels.length == 1 && page.getBlock(channels[0]) instanceof LongArrayBlock longs) {
            long[] values = longs.getRawValues();
            int offset = longs.getRawValuesOffset();
            boolean mayHaveNull = longs.mayHaveNull();
            for (int position = 0; position < positions; position++) {
                hashes[position] = mayHaveNull && longs.isNull(position) ? NULL_HASH : mix(values[offset + position]);
            }
            return hashes;
        }
        for (int position = 0; position < positions; position++) {
            hashes[position] = hash(page, channels, position);
        }
        return hashes;
    }

    static long hash(Block block, int position)
    {
        if (block.isNull(position)) {
            return NULL_HASH;
        }
        ValueBlock values = block.getUnderlyingValueBlock();
        int index = block.getUnderlyingValuePosition(position);
        return switch (values) {
            case LongArrayBlock longs -> mix(longs.getLong(index));
            case IntArrayBlock ints -> mix(ints.getInt(index));
            case ShortArrayBlock shorts -> mix(shorts.getShort(index));
            case ByteArrayBlock bytes -> mix(bytes.getByte(index));
            // the bytes where they are, without a Slice per value
            case VariableWidthBlock slices -> XxHash64.hash(slices.getRawSlice(), slices.getRawSliceOffset(index), slices.getSliceLength(index));
            case Fixed12Block fixed -> mix(fixed.getFixed12First(index)) * 31 + mix(fixed.getFixed12Second(index));
            case Int128ArrayBlock int128 -> mix(int128.getInt128High(index)) * 31 + mix(int128.getInt128Low(index));
            case RowBlock rows -> {
                SqlRow row = rows.getRow(index);
                long hash = 1;
                for (int field = 0; field < row.getFieldCount(); field++) {
                    hash = hash * 31 + hash(row.getRawFieldBlock(field), row.getRawIndex());
                }
                yield hash;
            }
            case ArrayBlock arrays -> {
                Block elements = arrays.getArray(index);
                long hash = elements.getPositionCount();
                for (int element = 0; element < elements.getPositionCount(); element++) {
                    hash = hash * 31 + hash(elements, element);
                }
                yield hash;
            }
            default -> values.getClass().getName().hashCode();
        };
    }

    private static long mix(long value)
    {
        long hash = value * 0x9E3779B97F4A7C15L;
        return hash ^ (hash >>> 32);
    }
}
