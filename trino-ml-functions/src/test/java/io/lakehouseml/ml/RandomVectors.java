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

import java.util.Random;

/**
 * Random test vectors over the ranges that break naive kernels: zeros, negatives, huge and tiny
 * magnitudes, subnormals, and dimensions that are not multiples of any vector width.
 */
final class RandomVectors
{
    private static final int[] INTERESTING_DIMENSIONS = {1, 2, 3, 7, 8, 9, 15, 16, 17, 31, 33, 63, 64, 65, 255, 256, 257, 383, 384, 511, 767, 768, 1024, 1536, 3072, 4096};

    private final Random random;

    RandomVectors(long seed)
    {
        random = new Random(seed);
    }

    int dimension()
    {
        if (random.nextBoolean()) {
            return INTERESTING_DIMENSIONS[random.nextInt(INTERESTING_DIMENSIONS.length)];
        }
        return 1 + random.nextInt(4096);
    }

    float[] vector(int dimension)
    {
        float[] values = new float[dimension];
        int kind = random.nextInt(8);
        for (int i = 0; i < dimension; i++) {
            values[i] = switch (kind) {
                case 0 -> 0;
                case 1 -> (float) (random.nextGaussian() * 1e30);
                case 2 -> (float) (random.nextGaussian() * 1e-30);
                case 3 -> Float.MIN_VALUE * random.nextInt(-1000, 1000);
                case 4 -> -Math.abs((float) random.nextGaussian());
                case 5 -> random.nextInt(4) == 0 ? 0 : (float) random.nextGaussian();
                case 6 -> (float) (random.nextGaussian() * Math.pow(10, random.nextInt(-20, 20)));
                default -> (float) random.nextGaussian();
            };
        }
        return values;
    }

    /**
     * A vector whose products and squares are normal floats: what the fast kernels see.
     */
    float[] ordinaryVector(int dimension)
    {
        float[] values = new float[dimension];
        double scale = Math.pow(10, random.nextInt(-6, 7));
        for (int i = 0; i < dimension; i++) {
            values[i] = random.nextInt(10) == 0 ? 0 : (float) (random.nextGaussian() * scale);
        }
        return values;
    }

    /**
     * A vector near another one, as a nearest neighbour is.
     */
    float[] near(float[] vector)
    {
        float[] values = vector.clone();
        for (int i = 0; i < values.length; i++) {
            values[i] += (float) (random.nextGaussian() * 1e-3 * Math.abs(values[i]));
        }
        return values;
    }

    byte[] bytes(int length)
    {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }

    int nextInt(int bound)
    {
        return random.nextInt(bound);
    }
}
