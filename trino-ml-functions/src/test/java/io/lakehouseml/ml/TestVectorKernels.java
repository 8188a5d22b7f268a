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

import io.lakehouseml.ml.VectorKernels.BitCounts;
import io.lakehouseml.ml.VectorKernels.DifferenceSums;
import io.lakehouseml.ml.VectorKernels.ProductSums;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.Arrays;

import static java.nio.ByteOrder.LITTLE_ENDIAN;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The SIMD kernels against plain double loops on thousands of random vectors. Products of floats
 * are exact in double, so an exact kernel and the reference differ only by the order of additions:
 * the tolerance is 1e-12 of the sum of the magnitudes of the terms (about 4500 units of double
 * rounding, far above the worst case of 4096 additions and far below any single-precision error).
 * The fast kernels round every product and partial sum to float and are held to 2^-20 (about 1e-6)
 * of that sum, on the chunks of ordinary magnitudes they are used for.
 */
final class TestVectorKernels
{
    private static final double RELATIVE_TOLERANCE = 1e-12;
    private static final double FAST_TOLERANCE = 0x1p-20;
    private static final int CASES = 3000;

    @Test
    void testDotAndSquares()
    {
        RandomVectors random = new RandomVectors(1);
        for (int test = 0; test < CASES; test++) {
            int dimension = random.dimension();
            float[] x = random.vector(dimension);
            float[] y = random.nextInt(3) == 0 ? random.near(x) : random.vector(dimension);
            int xOffset = random.nextInt(5);
            int yOffset = random.nextInt(5);
            ProductSums sums = new ProductSums();
            VectorKernels.dotAndSquares(shift(x, xOffset), xOffset, shift(y, yOffset), yOffset, dimension, sums);

            assertClose(sums.dotProduct, ReferenceVectorMath.dot(x, y), ReferenceVectorMath.magnitudeOfProducts(x, y));
            assertClose(sums.xSquaredNorm, ReferenceVectorMath.squaredNorm(x), ReferenceVectorMath.squaredNorm(x));
            assertClose(sums.ySquaredNorm, ReferenceVectorMath.squaredNorm(y), ReferenceVectorMath.squaredNorm(y));
        }
    }

    @Test
    void testFastKernels()
    {
        // float arithmetic on inputs whose products are normal floats: within 2^-20 of the magnitude
        RandomVectors random = new RandomVectors(7);
        for (int test = 0; test < CASES; test++) {
            int dimension = 1 + random.nextInt(256);
            float[] x = random.ordinaryVector(dimension);
            float[] y = random.nextInt(3) == 0 ? random.near(x) : random.ordinaryVector(dimension);
            ProductSums products = new ProductSums();
            VectorKernels.dotAndSquaresFast(x, 0, y, 0, dimension, products);
            DifferenceSums differences = new DifferenceSums();
            VectorKernels.differencesFast(x, 0, y, 0, dimension, differences);

            assertWithin(FAST_TOLERANCE, products.dotProduct, ReferenceVectorMath.dot(x, y), ReferenceVectorMath.magnitudeOfProducts(x, y));
            assertWithin(FAST_TOLERANCE, products.xSquaredNorm, ReferenceVectorMath.squaredNorm(x), ReferenceVectorMath.squaredNorm(x));
            assertWithin(FAST_TOLERANCE, products.ySquaredNorm, ReferenceVectorMath.squaredNorm(y), ReferenceVectorMath.squaredNorm(y));
            assertWithin(FAST_TOLERANCE, differences.squaredEuclidean, ReferenceVectorMath.squaredEuclidean(x, y), ReferenceVectorMath.squaredEuclidean(x, y));
            assertWithin(FAST_TOLERANCE, differences.manhattan, ReferenceVectorMath.manhattan(x, y), ReferenceVectorMath.manhattan(x, y));
        }
    }

    @Test
    void testDifferences()
    {
        RandomVectors random = new RandomVectors(2);
        for (int test = 0; test < CASES; test++) {
            int dimension = random.dimension();
            float[] x = random.vector(dimension);
            float[] y = random.nextInt(3) == 0 ? random.near(x) : random.vector(dimension);
            DifferenceSums sums = new DifferenceSums();
            VectorKernels.differences(x, 0, y, 0, dimension, sums);

            double squared = ReferenceVectorMath.squaredEuclidean(x, y);
            double manhattan = ReferenceVectorMath.manhattan(x, y);
            assertClose(sums.squaredEuclidean, squared, squared);
            assertClose(sums.manhattan, manhattan, manhattan);
        }
    }

    @Test
    void testDoubleKernels()
    {
        RandomVectors random = new RandomVectors(3);
        for (int test = 0; test < CASES; test++) {
            int dimension = random.dimension();
            float[] x = random.vector(dimension);
            float[] y = random.vector(dimension);
            ProductSums products = new ProductSums();
            VectorKernels.dotAndSquares(bits(x), 0, bits(y), 0, dimension, products);
            DifferenceSums differences = new DifferenceSums();
            VectorKernels.differences(bits(x), 0, bits(y), 0, dimension, differences);

            assertClose(products.dotProduct, ReferenceVectorMath.dot(x, y), ReferenceVectorMath.magnitudeOfProducts(x, y));
            assertClose(products.xSquaredNorm, ReferenceVectorMath.squaredNorm(x), ReferenceVectorMath.squaredNorm(x));
            assertClose(products.ySquaredNorm, ReferenceVectorMath.squaredNorm(y), ReferenceVectorMath.squaredNorm(y));
            assertClose(differences.squaredEuclidean, ReferenceVectorMath.squaredEuclidean(x, y), ReferenceVectorMath.squaredEuclidean(x, y));
            assertClose(differences.manhattan, ReferenceVectorMath.manhattan(x, y), ReferenceVectorMath.manhattan(x, y));
        }
    }

    @Test
    void testDecodeFloatBitsAndFloat32()
    {
        RandomVectors random = new RandomVectors(4);
        for (int test = 0; test < 500; test++) {
            int dimension = random.dimension();
            float[] expected = random.vector(dimension);
            int[] bits = new int[dimension + 3];
            ByteBuffer bytes = ByteBuffer.allocate(dimension * 4 + 5).order(LITTLE_ENDIAN);
            for (int i = 0; i < dimension; i++) {
                bits[i + 3] = Float.floatToRawIntBits(expected[i]);
                bytes.putFloat(5 + i * 4, expected[i]);
            }
            float[] fromBits = new float[dimension];
            VectorKernels.decodeFloatBits(bits, 3, fromBits, 0, dimension);
            float[] fromBytes = new float[dimension];
            VectorKernels.decodeFloat32(bytes.array(), 5, fromBytes, 0, dimension);
            assertThat(fromBits).isEqualTo(expected);
            assertThat(fromBytes).isEqualTo(expected);
        }
    }

    @Test
    void testDecodeEveryFloat16()
    {
        // all 65536 bit patterns, against the JDK's conversion, at every alignment of a vector
        for (int offset = 0; offset < 3; offset++) {
            byte[] bytes = new byte[65536 * 2 + offset];
            for (int bits = 0; bits < 65536; bits++) {
                bytes[offset + 2 * bits] = (byte) bits;
                bytes[offset + 2 * bits + 1] = (byte) (bits >>> 8);
            }
            float[] decoded = new float[65536];
            VectorKernels.decodeFloat16(bytes, offset, decoded, 0, 65536);
            for (int bits = 0; bits < 65536; bits++) {
                float expected = Float.float16ToFloat((short) bits);
                if (Float.isNaN(expected)) {
                    assertThat(decoded[bits]).as("bits %04x", bits).isNaN();
                }
                else {
                    assertThat(Float.floatToRawIntBits(decoded[bits])).as("bits %04x", bits).isEqualTo(Float.floatToRawIntBits(expected));
                }
            }
        }
    }

    @Test
    void testDecodeBFloat16AndInt8()
    {
        RandomVectors random = new RandomVectors(5);
        for (int test = 0; test < 500; test++) {
            int dimension = random.dimension();
            byte[] bytes = random.bytes(dimension * 2 + 1);
            float[] bfloat16 = new float[dimension];
            VectorKernels.decodeBFloat16(bytes, 1, bfloat16, 0, dimension);
            float[] int8 = new float[dimension];
            VectorKernels.decodeInt8(bytes, 1, 0.25f, int8, 0, dimension);
            for (int i = 0; i < dimension; i++) {
                int bits = (bytes[1 + 2 * i] & 0xFF) | (bytes[2 + 2 * i] & 0xFF) << 8;
                assertThat(Float.floatToRawIntBits(bfloat16[i])).isEqualTo(bits << 16);
                assertThat(int8[i]).isEqualTo(bytes[1 + i] * 0.25f);
            }
        }
    }

    @Test
    void testBitDifferences()
    {
        RandomVectors random = new RandomVectors(6);
        for (int test = 0; test < CASES; test++) {
            int length = 1 + random.nextInt(600);
            byte[] x = random.bytes(length + 2);
            byte[] y = random.bytes(length + 1);
            BitCounts counts = new BitCounts();
            VectorKernels.bitDifferences(x, 2, y, 1, length, counts);
            byte[] xBits = Arrays.copyOfRange(x, 2, length + 2);
            byte[] yBits = Arrays.copyOfRange(y, 1, length + 1);
            assertThat(counts.differingBits).isEqualTo(ReferenceVectorMath.hamming(xBits, yBits));
            long either = 0;
            for (int i = 0; i < length; i++) {
                either += Integer.bitCount((xBits[i] | yBits[i]) & 0xFF);
            }
            assertThat(counts.unionBits).isEqualTo(either);
        }
    }

    @Test
    void testAllFinite()
    {
        float[] values = new float[100];
        assertThat(VectorKernels.allFinite(values, 0, 100)).isTrue();
        for (float special : new float[] {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY}) {
            for (int position : new int[] {0, 7, 8, 63, 99}) {
                float[] copy = values.clone();
                copy[position] = special;
                assertThat(VectorKernels.allFinite(copy, 0, 100)).isFalse();
                assertThat(VectorKernels.allFinite(copy, position + 1, 99 - position)).isTrue();
            }
        }
    }

    private static void assertClose(double actual, double expected, double magnitude)
    {
        assertWithin(RELATIVE_TOLERANCE, actual, expected, magnitude);
    }

    private static void assertWithin(double tolerance, double actual, double expected, double magnitude)
    {
        assertThat(Math.abs(actual - expected))
                .as("actual %s, expected %s", actual, expected)
                .isLessThanOrEqualTo(tolerance * magnitude);
    }

    private static float[] shift(float[] values, int offset)
    {
        float[] shifted = new float[values.length + offset];
        System.arraycopy(values, 0, shifted, offset, values.length);
        return shifted;
    }

    private static long[] bits(float[] values)
    {
        long[] bits = new long[values.length];
        for (int i = 0; i < values.length; i++) {
            bits[i] = Double.doubleToRawLongBits(values[i]);
        }
        return bits;
    }
}
