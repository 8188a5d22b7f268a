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
package io.lakehouseml.ml;

import io.airlift.slice.Slice;
import io.airlift.slice.Slices;
import io.trino.spi.block.Block;
import io.trino.spi.block.BlockBuilder;
import io.trino.spi.function.AccumulatorStateSerializer;
import io.trino.spi.type.Type;

import static io.trino.spi.type.VarbinaryType.VARBINARY;

/**
 * The count, then the sums as doubles, so partial and final aggregation lose nothing.
 */
public class VectorSumStateSerializer
        implements AccumulatorStateSerializer<VectorSumState>
{
    @Override
    public Type getSerializedType()
    {
        return VARBINARY;
    }

    @Override
    public void serialize(VectorSumState state, BlockBuilder out)
    {
        double[] sums = state.getSums();
        if (sums == null) {
            out.appendNull();
            return;
        }
        Slice slice = Slices.allocate(Long.BYTES + sums.length * Double.BYTES);
        slice.setLong(0, state.getCount());
        for (int i = 0; i < sums.length; i++) {
            slice.setDouble(Long.BYTES + i * Double.BYTES, sums[i]);
        }
        VARBINARY.writeSlice(out, slice);
    }

    @Override
    public void deserialize(Block block, int index, VectorSumState state)
    {
        Slice slice = VARBINARY.getSlice(block, index);
        double[] sums = new double[(slice.length() - Long.BYTES) / Double.BYTES];
        for (int i = 0; i < sums.length; i++) {
            sums[i] = slice.getDouble(Long.BYTES + i * Double.BYTES);
        }
        state.setSums(sums);
        state.setCount(slice.getLong(0));
    }
}
