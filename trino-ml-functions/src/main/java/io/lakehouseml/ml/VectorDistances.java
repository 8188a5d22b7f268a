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
import io.lakehouseml.ml.VectorOperand.Encoding;
import io.trino.spi.TrinoException;
import io.trino.spi.block.Block;

import static io.lakehouseml.ml.MlErrorCode.VECTOR_DIMENSION_MISMATCH;
import static io.lakehouseml.ml.MlErrorCode.VECTOR_ZERO_NORM;
import static java.lang.String.format;

/**
 * Computes distances between two vector arguments. One side, usually the constant query vector of a
 * search, is decoded to floats once and kept while the same value comes back row after row; the other
 * side is decoded in small chunks and never copied whole. One instance per thread.
 */
final class VectorDistances
{
    private static final int CHUNK = 256;
    // products and squares of floats stay normal floats above 2^-126; a sum this far above that is safe
    private static final double SMALLEST_SAFE_SUM = 0x1p-90;
    private static final ThreadLocal<VectorDistances> INSTANCES = ThreadLocal.withInitial(VectorDistances::new);

    enum Distance
    {
        COSINE_SIMILARITY,
        COSINE_DISTANCE,
        DOT_PRODUCT,
        NEGATIVE_DOT_PRODUCT,
        EUCLIDEAN,
        SQUARED_EUCLIDEAN,
        MANHATTAN;

        boolean usesProducts()
        {
            return this == COSINE_SIMILARITY || this == COSINE_DISTANCE || this == DOT_PRODUCT || this == NEGATIVE_DOT_PRODUCT;
        }
    }

    enum NullElements
    {
        /**
         * a NULL element makes the result NULL
         */
        NULL_RESULT,
        /**
         * a NULL element counts as zero, as in Trino's dot_product and euclidean_distance
         */
        AS_ZERO,
    }

    private final VectorOperand first = new VectorOperand();
    private final VectorOperand second = new VectorOperand();
    private final float[] chunk = new float[CHUNK];
    private final double[] sums = new double[3];

    // the decoded vector and a copy of the stored elements it was decoded from: a value is compared
    // by content, since the engine may reuse a buffer for the next value
    private float[] cached = new float[0];
    private final VectorOperand.RawValues cachedValues = new VectorOperand.RawValues();
    private int cachedDimension = -1;
    private Encoding cachedEncoding;
    private float cachedScale;

    static VectorDistances get()
    {
        return INSTANCES.get();
    }

    VectorOperand first(Block array)
    {
        first.setArray(array);
        return first;
    }

    VectorOperand first(Slice packed)
    {
        first.setPacked(packed);
        return first;
    }

    VectorOperand second(Block array)
    {
        second.setArray(array);
        return second;
    }

    VectorOperand second(Slice packed)
    {
        second.setPacked(packed);
        return second;
    }

    Double compute(String functionName, Distance distance, NullElements nullElements, VectorOperand x, VectorOperand y)
    {
        x.checkNumeric(functionName);
        y.checkNumeric(functionName);
        if (x.dimension() != y.dimension()) {
            throw new TrinoException(VECTOR_DIMENSION_MISMATCH, format("%s: vector dimensions differ: %s and %s", functionName, x.dimension(), y.dimension()));
        }
        if (x.containsNull() || y.containsNull()) {
            if (nullElements == NullElements.NULL_RESULT) {
                return null;
            }
            x.nullsAsZero();
            y.nullsAsZero();
        }

        // keep the operand whose values are kept already (the query vector of a search); each is compared once
        boolean yIsCached = isCached(y);
        boolean keepX = !yIsCached && isCached(x);
        VectorOperand streamed = keepX ? y : x;
        VectorOperand kept = keepX ? x : y;
        float[] keptValues = keep(kept, keepX || yIsCached);

        accumulate(distance.usesProducts(), true, streamed, keptValues);
        if (!fastResultIsExactEnough(distance.usesProducts())) {
            accumulate(distance.usesProducts(), false, streamed, keptValues);
        }
        return finish(distance, sums);
    }

    private void accumulate(boolean products, boolean fast, VectorOperand streamed, float[] keptValues)
    {
        sums[0] = 0;
        sums[1] = 0;
        sums[2] = 0;
        int dimension = streamed.dimension();
        for (int start = 0; start < dimension; start += CHUNK) {
            int length = Math.min(CHUNK, dimension - start);
            streamed.decode(start, length, chunk, 0);
            if (products && fast) {
                VectorKernels.dotAndSquaresFast(chunk, 0, keptValues, start, length, sums);
            }
            else if (products) {
                VectorKernels.dotAndSquares(chunk, 0, keptValues, start, length, sums);
            }
            else if (fast) {
                VectorKernels.differencesFast(chunk, 0, keptValues, start, length, sums);
            }
            else {
                VectorKernels.differences(chunk, 0, keptValues, start, length, sums);
            }
        }
    }

    /**
     * Float arithmetic is exact enough unless a sum overflowed, or the sums of squares are so small
     * that products may have lost precision to underflow; then the exact kernels run again.
     */
    private boolean fastResultIsExactEnough(boolean products)
    {
        if (products) {
            return Double.isFinite(sums[0]) && sums[1] >= SMALLEST_SAFE_SUM && sums[2] >= SMALLEST_SAFE_SUM && Double.isFinite(sums[1] + sums[2]);
        }
        return sums[0] >= SMALLEST_SAFE_SUM && Double.isFinite(sums[0] + sums[1]);
    }

    double squaredNorm(VectorOperand operand)
    {
        operand.checkNumeric("vector_norm");
        sums[1] = 0;
        for (int start = 0; start < operand.dimension(); start += CHUNK) {
            int length = Math.min(CHUNK, operand.dimension() - start);
            operand.decode(start, length, chunk, 0);
            VectorKernels.dotAndSquares(chunk, 0, chunk, 0, length, sums);
        }
        return sums[1];
    }

    static Double finish(Distance distance, double[] sums)
    {
        return switch (distance) {
            case DOT_PRODUCT -> sums[0];
            case NEGATIVE_DOT_PRODUCT -> -sums[0];
            case SQUARED_EUCLIDEAN -> sums[0];
            case EUCLIDEAN -> Math.sqrt(sums[0]);
            case MANHATTAN -> sums[1];
            case COSINE_SIMILARITY -> cosineSimilarity(sums);
            case COSINE_DISTANCE -> 1.0 - cosineSimilarity(sums);
        };
    }

    private static double cosineSimilarity(double[] sums)
    {
        if (sums[1] == 0 || sums[2] == 0) {
            throw new TrinoException(VECTOR_ZERO_NORM, "Vector magnitude cannot be zero: the cosine of a zero vector is undefined");
        }
        return sums[0] / Math.sqrt(sums[1] * sums[2]);
    }

    private boolean isCached(VectorOperand operand)
    {
        return !operand.isTransient() &&
                operand.dimension() == cachedDimension &&
                operand.encoding() == cachedEncoding &&
                operand.scale() == cachedScale &&
                operand.rawValuesEqual(cachedValues);
    }

    /**
     * @param isCached whether {@link #isCached} holds for the operand
     */
    private float[] keep(VectorOperand operand, boolean isCached)
    {
        if (isCached) {
            return cached;
        }
        if (cached.length < operand.dimension()) {
            cached = new float[operand.dimension()];
        }
        operand.decode(0, operand.dimension(), cached, 0);
        if (operand.isTransient()) {
            cachedDimension = -1;
        }
        else {
            operand.copyRawValuesTo(cachedValues);
            cachedDimension = operand.dimension();
            cachedEncoding = operand.encoding();
            cachedScale = operand.scale();
        }
        return cached;
    }
}
