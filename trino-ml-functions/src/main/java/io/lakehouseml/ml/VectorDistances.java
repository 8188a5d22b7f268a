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

import io.lakehouseml.ml.VectorKernels.DifferenceSums;
import io.lakehouseml.ml.VectorKernels.ProductSums;
import io.lakehouseml.ml.VectorOperand.Encoding;
import io.trino.spi.TrinoException;

import static io.lakehouseml.ml.MlErrorCode.VECTOR_DIMENSION_MISMATCH;
import static io.lakehouseml.ml.MlErrorCode.VECTOR_ZERO_NORM;
import static java.lang.String.format;

/**
 * Computes distances between two vector arguments. One side, usually the constant query vector of a
 * search, is decoded to floats once and kept while the same value comes back row after row; the other
 * side is decoded in small chunks and never copied whole. Arrays of doubles are read in place. One
 * instance per thread: it owns the operands and the sums of one call, and hands out only results.
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
    // what the kernels of the distance in progress add to: products for the cosine and the dot products, differences for the others
    private final ProductSums products = new ProductSums();
    private final DifferenceSums differences = new DifferenceSums();

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

    /**
     * The operand for the first argument, reused from row to row.
     */
    VectorOperand first()
    {
        return first;
    }

    /**
     * The operand for the second argument, reused from row to row.
     */
    VectorOperand second()
    {
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
        return finish(distance);
    }

    /**
     * The distance of two vectors of doubles stored as their bits, as in Trino's blocks of
     * {@code double}, by the exact kernels.
     */
    double compute(Distance distance, long[] x, int xOffset, long[] y, int yOffset, int dimension)
    {
        if (distance.usesProducts()) {
            products.clear();
            VectorKernels.dotAndSquares(x, xOffset, y, yOffset, dimension, products);
        }
        else {
            differences.clear();
            VectorKernels.differences(x, xOffset, y, yOffset, dimension, differences);
        }
        return finish(distance);
    }

    private void accumulate(boolean usesProducts, boolean fast, VectorOperand streamed, float[] keptValues)
    {
        if (usesProducts) {
            products.clear();
        }
        else {
            differences.clear();
        }
        int dimension = streamed.dimension();
        for (int start = 0; start < dimension; start += CHUNK) {
            int length = Math.min(CHUNK, dimension - start);
            streamed.decode(start, length, chunk, 0);
            if (usesProducts && fast) {
                VectorKernels.dotAndSquaresFast(chunk, 0, keptValues, start, length, products);
            }
            else if (usesProducts) {
                VectorKernels.dotAndSquares(chunk, 0, keptValues, start, length, products);
            }
            else if (fast) {
                VectorKernels.differencesFast(chunk, 0, keptValues, start, length, differences);
            }
            else {
                VectorKernels.differences(chunk, 0, keptValues, start, length, differences);
            }
        }
    }

    /**
     * Float arithmetic is exact enough unless a sum overflowed, or the sums of squares are so small
     * that products may have lost precision to underflow; then the exact kernels run again.
     */
    private boolean fastResultIsExactEnough(boolean usesProducts)
    {
        if (usesProducts) {
            return Double.isFinite(products.dotProduct) &&
                    products.xSquaredNorm >= SMALLEST_SAFE_SUM &&
                    products.ySquaredNorm >= SMALLEST_SAFE_SUM &&
                    Double.isFinite(products.xSquaredNorm + products.ySquaredNorm);
        }
        return differences.squaredEuclidean >= SMALLEST_SAFE_SUM && Double.isFinite(differences.squaredEuclidean + differences.manhattan);
    }

    double squaredNorm(VectorOperand operand)
    {
        operand.checkNumeric("vector_norm");
        products.clear();
        for (int start = 0; start < operand.dimension(); start += CHUNK) {
            int length = Math.min(CHUNK, operand.dimension() - start);
            operand.decode(start, length, chunk, 0);
            VectorKernels.dotAndSquares(chunk, 0, chunk, 0, length, products);
        }
        return products.xSquaredNorm;
    }

    /**
     * The squared norm of a vector of doubles stored as their bits, by the exact kernel.
     */
    double squaredNorm(long[] values, int offset, int dimension)
    {
        products.clear();
        VectorKernels.dotAndSquares(values, offset, values, offset, dimension, products);
        return products.xSquaredNorm;
    }

    /**
     * The distance from the sums its kernels added up.
     */
    private double finish(Distance distance)
    {
        return switch (distance) {
            case DOT_PRODUCT -> products.dotProduct;
            case NEGATIVE_DOT_PRODUCT -> -products.dotProduct;
            case SQUARED_EUCLIDEAN -> differences.squaredEuclidean;
            case EUCLIDEAN -> Math.sqrt(differences.squaredEuclidean);
            case MANHATTAN -> differences.manhattan;
            case COSINE_SIMILARITY -> cosineSimilarity();
            case COSINE_DISTANCE -> 1.0 - cosineSimilarity();
        };
    }

    private double cosineSimilarity()
    {
        if (products.xSquaredNorm == 0 || products.ySquaredNorm == 0) {
            throw new TrinoException(VECTOR_ZERO_NORM, "Vector magnitude cannot be zero: the cosine of a zero vector is undefined");
        }
        return products.dotProduct / Math.sqrt(products.xSquaredNorm * products.ySquaredNorm);
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
