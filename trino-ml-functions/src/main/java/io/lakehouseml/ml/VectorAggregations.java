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

import io.trino.spi.TrinoException;
import io.trino.spi.block.ArrayBlockBuilder;
import io.trino.spi.block.Block;
import io.trino.spi.block.BlockBuilder;

import static io.lakehouseml.ml.MlErrorCode.VECTOR_DIMENSION_MISMATCH;
import static io.lakehouseml.ml.MlErrorCode.VECTOR_NULL_ELEMENT;
import static io.trino.spi.type.RealType.REAL;
import static java.lang.String.format;

/**
 * The shared steps of {@code vector_sum} and {@code vector_avg}.
 */
final class VectorAggregations
{
    private VectorAggregations() {}

    static void add(String functionName, VectorSumState state, Block vector)
    {
        int dimension = vector.getPositionCount();
        double[] sums = sums(functionName, state, dimension);
        if (vector.mayHaveNull() && vector.hasNull()) {
            for (int i = 0; i < dimension; i++) {
                if (vector.isNull(i)) {
                    throw new TrinoException(VECTOR_NULL_ELEMENT, format("%s: element %s of a vector is NULL", functionName, i + 1));
                }
            }
        }
        for (int i = 0; i < dimension; i++) {
            sums[i] += REAL.getFloat(vector, i);
        }
        state.setCount(state.getCount() + 1);
    }

    static void combine(String functionName, VectorSumState state, VectorSumState other)
    {
        double[] otherSums = other.getSums();
        if (otherSums == null) {
            return;
        }
        double[] sums = sums(functionName, state, otherSums.length);
        for (int i = 0; i < sums.length; i++) {
            sums[i] += otherSums[i];
        }
        state.setCount(state.getCount() + other.getCount());
    }

    static void write(VectorSumState state, boolean average, BlockBuilder out)
    {
        double[] sums = state.getSums();
        if (sums == null) {
            out.appendNull();
            return;
        }
        double divisor = average ? state.getCount() : 1;
        ((ArrayBlockBuilder) out).buildEntry(elements -> {
            for (double sum : sums) {
                REAL.writeFloat(elements, (float) (sum / divisor));
            }
        });
    }

    private static double[] sums(String functionName, VectorSumState state, int dimension)
    {
        double[] sums = state.getSums();
        if (sums == null) {
            sums = new double[dimension];
            state.setSums(sums);
        }
        else if (sums.length != dimension) {
            throw new TrinoException(VECTOR_DIMENSION_MISMATCH, format("%s: vector dimensions differ: %s and %s", functionName, sums.length, dimension));
        }
        return sums;
    }
}
