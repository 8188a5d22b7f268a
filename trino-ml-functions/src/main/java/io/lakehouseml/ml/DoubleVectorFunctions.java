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

import io.lakehouseml.ml.VectorDistances.Distance;
import io.trino.spi.TrinoException;
import io.trino.spi.block.Block;
import io.trino.spi.block.LongArrayBlock;
import io.trino.spi.function.Description;
import io.trino.spi.function.ScalarFunction;
import io.trino.spi.function.SqlNullable;
import io.trino.spi.function.SqlType;
import io.trino.spi.type.StandardTypes;

import java.util.Optional;

import static io.lakehouseml.ml.MlErrorCode.VECTOR_DIMENSION_MISMATCH;
import static io.lakehouseml.ml.MlErrorCode.VECTOR_EMPTY;
import static io.lakehouseml.ml.MlErrorCode.VECTOR_NOT_FINITE;
import static io.lakehouseml.ml.VectorDistances.Distance.DOT_PRODUCT;
import static io.lakehouseml.ml.VectorDistances.Distance.EUCLIDEAN;
import static io.lakehouseml.ml.VectorDistances.Distance.MANHATTAN;
import static io.lakehouseml.ml.VectorDistances.Distance.NEGATIVE_DOT_PRODUCT;
import static io.lakehouseml.ml.VectorDistances.Distance.SQUARED_EUCLIDEAN;
import static io.trino.spi.type.DoubleType.DOUBLE;
import static java.lang.String.format;

/**
 * The vector functions Trino lacks for {@code array(double)}; Trino's own {@code cosine_similarity},
 * {@code cosine_distance}, {@code dot_product} and {@code euclidean_distance} cover the rest.
 * A NULL element makes the result NULL.
 */
public final class DoubleVectorFunctions
{
    private static final String DOUBLE_VECTOR = "array(double)";
    // a root of a sum of squares of doubles from here up is as precise as the sum: a square that
    // underflowed lost less than 2^-1074, nothing next to a sum of at least 2^-900. Below it, or where
    // a square overflowed, the root is taken again on the values scaled by a power of two
    private static final double SMALLEST_SAFE_ROOT = 0x1p-450;

    private DoubleVectorFunctions() {}

    @Description("Euclidean (L2) distance of two vectors")
    @ScalarFunction("l2_distance")
    @SqlNullable
    @SqlType(StandardTypes.DOUBLE)
    public static Double l2Distance(@SqlType(DOUBLE_VECTOR) Block first, @SqlType(DOUBLE_VECTOR) Block second)
    {
        return distance("l2_distance", EUCLIDEAN, first, second);
    }

    @Description("Squared euclidean distance of two vectors")
    @ScalarFunction("l2_squared_distance")
    @SqlNullable
    @SqlType(StandardTypes.DOUBLE)
    public static Double l2SquaredDistance(@SqlType(DOUBLE_VECTOR) Block first, @SqlType(DOUBLE_VECTOR) Block second)
    {
        return distance("l2_squared_distance", SQUARED_EUCLIDEAN, first, second);
    }

    @Description("Manhattan (L1) distance of two vectors")
    @ScalarFunction("l1_distance")
    @SqlNullable
    @SqlType(StandardTypes.DOUBLE)
    public static Double l1Distance(@SqlType(DOUBLE_VECTOR) Block first, @SqlType(DOUBLE_VECTOR) Block second)
    {
        return distance("l1_distance", MANHATTAN, first, second);
    }

    @Description("Inner (dot) product of two vectors")
    @ScalarFunction("inner_product")
    @SqlNullable
    @SqlType(StandardTypes.DOUBLE)
    public static Double innerProduct(@SqlType(DOUBLE_VECTOR) Block first, @SqlType(DOUBLE_VECTOR) Block second)
    {
        return distance("inner_product", DOT_PRODUCT, first, second);
    }

    @Description("Negated inner product of two vectors, a distance for ORDER BY")
    @ScalarFunction("negative_inner_product")
    @SqlNullable
    @SqlType(StandardTypes.DOUBLE)
    public static Double negativeInnerProduct(@SqlType(DOUBLE_VECTOR) Block first, @SqlType(DOUBLE_VECTOR) Block second)
    {
        return distance("negative_inner_product", NEGATIVE_DOT_PRODUCT, first, second);
    }

    @Description("Euclidean (L2) norm of a vector")
    @ScalarFunction("vector_norm")
    @SqlNullable
    @SqlType(StandardTypes.DOUBLE)
    public static Double vectorNorm(@SqlType(DOUBLE_VECTOR) Block vector)
    {
        if (vector.getPositionCount() == 0) {
            throw new TrinoException(VECTOR_EMPTY, "vector_norm: the vector is empty");
        }
        if (containsNull(vector)) {
            return null;
        }
        LongArrayBlock values = flat(vector);
        double norm = Math.sqrt(VectorDistances.get().squaredNorm(values.getRawValues(), values.getRawValuesOffset(), vector.getPositionCount()));
        if (isSafeRoot(norm)) {
            return norm;
        }
        return scaledRootSumOfSquares(values.getRawValues(), values.getRawValuesOffset(), null, 0, vector.getPositionCount());
    }

    @Description("The dimension of a vector: its number of elements, NULL elements included")
    @ScalarFunction("vector_dims")
    @SqlType(StandardTypes.BIGINT)
    public static long vectorDims(@SqlType(DOUBLE_VECTOR) Block vector)
    {
        return vector.getPositionCount();
    }

    @Description("The vector scaled to unit euclidean norm; a zero vector stays zero")
    @ScalarFunction("l2_normalize")
    @SqlNullable
    @SqlType(DOUBLE_VECTOR)
    public static Block l2Normalize(@SqlType(DOUBLE_VECTOR) Block vector)
    {
        int dimension = vector.getPositionCount();
        if (dimension == 0) {
            throw new TrinoException(VECTOR_EMPTY, "l2_normalize: the vector is empty");
        }
        if (containsNull(vector)) {
            return null;
        }
        double[] values = new double[dimension];
        double squaredNorm = 0;
        for (int i = 0; i < dimension; i++) {
            values[i] = DOUBLE.getDouble(vector, i);
            if (!Double.isFinite(values[i])) {
                throw new TrinoException(VECTOR_NOT_FINITE, "l2_normalize: the vector contains NaN or infinity");
            }
            squaredNorm += values[i] * values[i];
        }
        double norm = Math.sqrt(squaredNorm);
        // the values are divided by 2^exponent, then by the norm of the values so scaled
        int exponent = 0;
        if (!isSafeRoot(norm)) {
            // the squares overflowed, or lost precision to underflow: scale by a power of two near the
            // largest value (exact), so that the norm and the quotients stay finite and precise
            double maximum = 0;
            for (double value : values) {
                maximum = Math.max(maximum, Math.abs(value));
            }
            if (maximum == 0) {
                norm = 0;
            }
            else {
                exponent = Math.getExponent(maximum);
                double scaledSquaredNorm = 0;
                for (double value : values) {
                    double scaled = Math.scalb(value, -exponent);
                    scaledSquaredNorm += scaled * scaled;
                }
                norm = Math.sqrt(scaledSquaredNorm);
            }
        }
        long[] bits = new long[dimension];
        for (int i = 0; i < dimension; i++) {
            bits[i] = Double.doubleToRawLongBits(norm > 0 ? Math.scalb(values[i], -exponent) / norm : values[i]);
        }
        return new LongArrayBlock(dimension, Optional.empty(), bits);
    }

    private static Double distance(String functionName, Distance distance, Block first, Block second)
    {
        if (first.getPositionCount() != second.getPositionCount()) {
            throw new TrinoException(VECTOR_DIMENSION_MISMATCH, format("%s: vector dimensions differ: %s and %s", functionName, first.getPositionCount(), second.getPositionCount()));
        }
        if (containsNull(first) || containsNull(second)) {
            return null;
        }
        LongArrayBlock x = flat(first);
        LongArrayBlock y = flat(second);
        double result = VectorDistances.get().compute(distance, x.getRawValues(), x.getRawValuesOffset(), y.getRawValues(), y.getRawValuesOffset(), first.getPositionCount());
        if (distance == EUCLIDEAN && !isSafeRoot(result)) {
            return scaledRootSumOfSquares(x.getRawValues(), x.getRawValuesOffset(), y.getRawValues(), y.getRawValuesOffset(), first.getPositionCount());
        }
        return result;
    }

    private static boolean isSafeRoot(double root)
    {
        return root >= SMALLEST_SAFE_ROOT && root != Double.POSITIVE_INFINITY;
    }

    /**
     * The square root of the sum of (x[i] - y[i])², or of x[i]² when {@code y} is null, for doubles
     * stored as their bits, computed on the values scaled by a power of two near the largest
     * difference: no square overflows or underflows to zero. NaN or infinity stays as the plain sum
     * gives it.
     */
    private static double scaledRootSumOfSquares(long[] x, int xOffset, long[] y, int yOffset, int length)
    {
        double maximum = 0;
        for (int i = 0; i < length; i++) {
            maximum = Math.max(maximum, Math.abs(difference(x, xOffset, y, yOffset, i)));
        }
        if (maximum == 0 || !Double.isFinite(maximum)) {
            return maximum;
        }
        int exponent = Math.getExponent(maximum);
        double sum = 0;
        for (int i = 0; i < length; i++) {
            double scaled = Math.scalb(difference(x, xOffset, y, yOffset, i), -exponent);
            sum += scaled * scaled;
        }
        return Math.scalb(Math.sqrt(sum), exponent);
    }

    private static double difference(long[] x, int xOffset, long[] y, int yOffset, int index)
    {
        double value = Double.longBitsToDouble(x[xOffset + index]);
        return y == null ? value : value - Double.longBitsToDouble(y[yOffset + index]);
    }

    private static boolean containsNull(Block vector)
    {
        return vector.mayHaveNull() && vector.hasNull();
    }

    private static LongArrayBlock flat(Block block)
    {
        if (block instanceof LongArrayBlock values) {
            return values;
        }
        long[] bits = new long[block.getPositionCount()];
        for (int i = 0; i < bits.length; i++) {
            bits[i] = Double.doubleToRawLongBits(DOUBLE.getDouble(block, i));
        }
        return new LongArrayBlock(bits.length, Optional.empty(), bits);
    }
}
