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

import io.trino.spi.block.Block;
import io.trino.spi.block.BlockBuilder;
import io.trino.spi.function.AggregationFunction;
import io.trino.spi.function.AggregationState;
import io.trino.spi.function.CombineFunction;
import io.trino.spi.function.Description;
import io.trino.spi.function.InputFunction;
import io.trino.spi.function.OutputFunction;
import io.trino.spi.function.SqlType;

@AggregationFunction("vector_sum")
@Description("Element-wise sum of vectors, accumulated in double")
public final class VectorSumAggregation
{
    private static final String NAME = "vector_sum";

    private VectorSumAggregation() {}

    @InputFunction
    public static void input(@AggregationState VectorSumState state, @SqlType("array(real)") Block vector)
    {
        VectorAggregations.add(NAME, state, vector);
    }

    @CombineFunction
    public static void combine(@AggregationState VectorSumState state, @AggregationState VectorSumState otherState)
    {
        VectorAggregations.combine(NAME, state, otherState);
    }

    @OutputFunction("array(real)")
    public static void output(@AggregationState VectorSumState state, BlockBuilder out)
    {
        VectorAggregations.write(state, false, out);
    }
}
