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

/**
 * Plain double-precision loops, the reference the kernels and functions are tested against.
 */
final class ReferenceVectorMath
{
    private ReferenceVectorMath() {}

    static double dot(float[] x, float[] y)
    {
        double sum = 0;
        for (int i = 0; i < x.length; i++) {
            sum += (double) x[i] * y[i];
        }
        return sum;
    }

    static double squaredNorm(float[] x)
    {
        return dot(x, x);
    }

    static double squaredEuclidean(float[] x, float[] y)
    {
        double sum = 0;
        for (int i = 0; i < x.length; i++) {
            double difference = (double) x[i] - y[i];
            sum += difference * difference;
        }
        return sum;
    }

    static double manhattan(float[] x, float[] y)
    {
        double sum = 0;
        for (int i = 0; i < x.length; i++) {
            sum += Math.abs((double) x[i] - y[i]);
        }
        return sum;
    }

    static double cosineSimilarity(float[] x, float[] y)
    {
        return dot(x, y) / Math.sqrt(squaredNorm(x) * squaredNorm(y));
    }

    /**
     * The sum of the absolute values of the terms of a sum of products, which bounds its rounding error.
     */
    static double magnitudeOfProducts(float[] x, float[] y)
    {
        double sum = 0;
        for (int i = 0; i < x.length; i++) {
            sum += Math.abs((double) x[i] * y[i]);
        }
        return sum;
    }

    static long hamming(byte[] x, byte[] y)
    {
        long count = 0;
        for (int i = 0; i < x.length; i++) {
            for (int bit = 0; bit < 8; bit++) {
                if (((x[i] >> bit) & 1) != ((y[i] >> bit) & 1)) {
                    count++;
                }
            }
        }
        return count;
    }
}
