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
import io.trino.spi.block.Block;
import io.trino.spi.block.IntArrayBlock;
import io.trino.spi.function.Description;
import io.trino.spi.function.ScalarFunction;
import io.trino.spi.function.SqlNullable;
import io.trino.spi.function.SqlType;
import io.trino.spi.type.StandardTypes;

import static io.lakehouseml.ml.MlErrorCode.VECTOR_EMPTY;
import static io.trino.spi.type.RealType.REAL;

public final class VectorFunctions
{
    private VectorFunctions() {}

    @Description("Euclidean (L2) norm of a vector")
    @ScalarFunction("vector_norm")
    @SqlNullable
    @SqlType(StandardTypes.DOUBLE)
    public static Double vectorNorm(@SqlType("array(real)") Block vector)
    {
        if (vector.getPositionCount() == 0) {
            throw new TrinoException(VECTOR_EMPTY, "vector_norm needs a vector with at least one element");
        }
        if (vector.hasNull()) {
            return null;
        }
        double sum = 0;
        if (vector instanceof IntArrayBlock ints) {
            int[] raw = ints.getRawValues();
            int offset = ints.getRawValuesOffset();
            for (int i = 0; i < vector.getPositionCount(); i++) {
                double value = Float.intBitsToFloat(raw[offset + i]);
                sum += value * value;
            }
        }
        else {
            for (int i = 0; i < vector.getPositionCount(); i++) {
                double value = REAL.getFloat(vector, i);
                sum += value * value;
            }
        }
        return Math.sqrt(sum);
    }
}
