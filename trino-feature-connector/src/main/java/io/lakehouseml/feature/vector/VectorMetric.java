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
package io.lakehouseml.feature.vector;

import io.github.jbellis.jvector.vector.VectorSimilarityFunction;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

import static io.lakehouseml.feature.FeatureStoreErrorCode.FEATURE_STORE_INVALID_ARGUMENT;

/**
 * How a vector index measures distance, with the name and the value of the function of
 * {@code trino-ml-functions} it agrees with: {@code cosine} is {@code cosine_distance}, {@code l2}
 * is {@code l2_distance}, {@code inner_product} is {@code negative_inner_product} (pgvector's
 * {@code <#>}: the larger the inner product, the nearer). Distances are computed in double from the
 * float32 values, as those functions compute them.
 */
public enum VectorMetric
{
    COSINE("cosine", VectorSimilarityFunction.COSINE),
    L2("l2", VectorSimilarityFunction.EUCLIDEAN),
    INNER_PRODUCT("inner_product", VectorSimilarityFunction.DOT_PRODUCT);

    private final String sqlName;
    private final VectorSimilarityFunction similarity;

    VectorMetric(String sqlName, VectorSimilarityFunction similarity)
    {
        this.sqlName = sqlName;
        this.similarity = similarity;
    }

    public String sqlName()
    {
        return sqlName;
    }

    VectorSimilarityFunction similarity()
    {
        return similarity;
    }

    public static VectorMetric fromSqlName(String name)
    {
        for (VectorMetric metric : values()) {
            if (metric.sqlName.equals(name.toLowerCase(Locale.ROOT))) {
                return metric;
            }
        }
        throw FEATURE_STORE_INVALID_ARGUMENT.error("metric must be one of %s, not '%s'", Arrays.stream(values()).map(VectorMetric::sqlName).toList(), name);
    }

    /**
     * Whether a vector can be compared with this metric: its elements are finite, its squared norm
     * is within float32's range (the graph computes in float32), and for cosine it is not a zero (or
     * nearly zero) vector, which has no cosine. The distances of other vectors are not numbers.
     */
    public boolean accepts(float[] vector, int offset, int dimension)
    {
        return rejection(vector, offset, dimension).isEmpty();
    }

    /**
     * Why a vector cannot be compared with this metric, as the end of a sentence about it.
     */
    public Optional<String> rejection(float[] vector, int offset, int dimension)
    {
        double squaredNorm = 0;
        for (int index = offset; index < offset + dimension; index++) {
            if (!Float.isFinite(vector[index])) {
                return Optional.of("has an element that is not a finite number");
            }
            squaredNorm += (double) vector[index] * vector[index];
        }
        if (squaredNorm > Float.MAX_VALUE) {
            return Optional.of("is too large: its squared norm is beyond the range of real");
        }
        if (this == COSINE && squaredNorm < Float.MIN_NORMAL) {
            return Optional.of("is a zero vector, which has no cosine distance");
        }
        return Optional.empty();
    }

    /**
     * The distance of two vectors of the same dimension, the second one at an offset of its array.
     */
    public double distance(float[] query, float[] values, int offset)
    {
        double dot = 0;
        double queryNorm = 0;
        double valueNorm = 0;
        double squaredDifference = 0;
        for (int index = 0; index < query.length; index++) {
            double left = query[index];
            double right = values[offset + index];
            dot += left * right;
            queryNorm += left * left;
            valueNorm += right * right;
            double difference = left - right;
            squaredDifference += difference * difference;
        }
        return switch (this) {
            case COSINE -> 1.0 - dot / Math.sqrt(queryNorm * valueNorm);
            case L2 -> Math.sqrt(squaredDifference);
            case INNER_PRODUCT -> -dot;
        };
    }
}
