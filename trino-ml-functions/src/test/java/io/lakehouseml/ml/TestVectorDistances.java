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
import io.lakehouseml.ml.VectorDistances.Distance;
import io.trino.spi.TrinoException;
import io.trino.spi.block.Block;
import io.trino.spi.block.IntArrayBlock;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static io.lakehouseml.ml.VectorDistances.NullElements.NULL_RESULT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Every distance, with its choice between the fast and the exact kernels, against the double
 * reference on random vectors of every magnitude, zero, huge, tiny and subnormal included. The
 * documented tolerance: 2^-20 of the sum of the magnitudes of the terms for dot products, of the
 * result for the norms and distances, and 2^-18 absolute for the cosine.
 */
final class TestVectorDistances
{
    private static final double TOLERANCE = 0x1p-20;
    private static final double COSINE_TOLERANCE = 0x1p-18;

    @Test
    void testAgainstReference()
    {
        RandomVectors random = new RandomVectors(11);
        VectorDistances distances = new VectorDistances();
        for (int test = 0; test < 3000; test++) {
            int dimension = random.dimension();
            float[] x = random.vector(dimension);
            float[] y = random.nextInt(3) == 0 ? random.near(x) : random.vector(dimension);
            for (Distance distance : Distance.values()) {
                VectorOperand first = distances.first().setArray(VectorEncoder.toArray(x));
                VectorOperand second = distances.second().setArray(VectorEncoder.toArray(y));
                double norms = Math.sqrt(ReferenceVectorMath.squaredNorm(x) * ReferenceVectorMath.squaredNorm(y));
                if ((distance == Distance.COSINE_SIMILARITY || distance == Distance.COSINE_DISTANCE) && norms == 0) {
                    assertThatThrownBy(() -> distances.compute("test", distance, NULL_RESULT, first, second))
                            .isInstanceOf(TrinoException.class)
                            .hasMessageContaining("Vector magnitude cannot be zero");
                    continue;
                }
                double actual = distances.compute("test", distance, NULL_RESULT, first, second);
                double dot = ReferenceVectorMath.dot(x, y);
                double squared = ReferenceVectorMath.squaredEuclidean(x, y);
                double manhattan = ReferenceVectorMath.manhattan(x, y);
                switch (distance) {
                    case DOT_PRODUCT -> assertWithin(actual, dot, TOLERANCE * ReferenceVectorMath.magnitudeOfProducts(x, y));
                    case NEGATIVE_DOT_PRODUCT -> assertWithin(actual, -dot, TOLERANCE * ReferenceVectorMath.magnitudeOfProducts(x, y));
                    case SQUARED_EUCLIDEAN -> assertWithin(actual, squared, TOLERANCE * squared);
                    case EUCLIDEAN -> assertWithin(actual, Math.sqrt(squared), TOLERANCE * Math.sqrt(squared));
                    case MANHATTAN -> assertWithin(actual, manhattan, TOLERANCE * manhattan);
                    case COSINE_SIMILARITY -> assertWithin(actual, dot / norms, COSINE_TOLERANCE);
                    case COSINE_DISTANCE -> assertWithin(actual, 1 - dot / norms, COSINE_TOLERANCE);
                }
            }
        }
    }

    /**
     * The decoded vector kept from one call serves the next only when the stored elements are the
     * same: the engine may write the next value into the same buffer at the same place.
     */
    @Test
    void testReusedBufferIsDecodedAgain()
    {
        VectorDistances distances = new VectorDistances();
        Slice buffer = Slices.allocate(PackedVector.dataOffset(VectorFormat.FLOAT32) + 3 * 4);
        Slice packed = VectorEncoder.pack("test", new float[] {1, 2, 3}, VectorFormat.FLOAT32);
        for (float first : new float[] {1, 5, -7}) {
            buffer.setBytes(0, packed);
            buffer.setFloat(PackedVector.dataOffset(VectorFormat.FLOAT32), first);
            // a new query vector each time, so the buffer is the vector kept between calls
            Slice query = VectorEncoder.pack("test", new float[] {1, 0, 0}, VectorFormat.FLOAT32);
            assertThat(distances.compute("test", Distance.DOT_PRODUCT, NULL_RESULT, distances.first().setPacked("test", query), distances.second().setPacked("test", buffer))).isEqualTo(first);
        }
        int[] bits = new int[3];
        for (float first : new float[] {2, 9}) {
            bits[0] = Float.floatToRawIntBits(first);
            bits[1] = Float.floatToRawIntBits(1);
            Block array = new IntArrayBlock(3, Optional.empty(), bits);
            assertThat(distances.compute("test", Distance.DOT_PRODUCT, NULL_RESULT, distances.first().setArray(VectorEncoder.toArray(new float[] {1, 0, 0})), distances.second().setArray(array))).isEqualTo(first);
        }
    }

    @Test
    void testNonFiniteInputsGiveIeeeResults()
    {
        VectorDistances distances = new VectorDistances();
        float[] withNan = {1, Float.NaN, 3};
        float[] withInfinity = {1, Float.POSITIVE_INFINITY, 3};
        float[] ordinary = {1, 2, 3};
        assertThat(distances.compute("test", Distance.DOT_PRODUCT, NULL_RESULT, distances.first().setArray(VectorEncoder.toArray(withNan)), distances.second().setArray(VectorEncoder.toArray(ordinary)))).isNaN();
        assertThat(distances.compute("test", Distance.EUCLIDEAN, NULL_RESULT, distances.first().setArray(VectorEncoder.toArray(withInfinity)), distances.second().setArray(VectorEncoder.toArray(ordinary)))).isInfinite();
        assertThat(distances.compute("test", Distance.COSINE_SIMILARITY, NULL_RESULT, distances.first().setArray(VectorEncoder.toArray(withInfinity)), distances.second().setArray(VectorEncoder.toArray(ordinary)))).isNaN();
    }

    private static void assertWithin(double actual, double expected, double tolerance)
    {
        assertThat(Math.abs(actual - expected))
                .as("actual %s, expected %s", actual, expected)
                .isLessThanOrEqualTo(tolerance);
    }
}
