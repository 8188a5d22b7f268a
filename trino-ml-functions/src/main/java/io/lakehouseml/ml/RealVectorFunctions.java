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
import io.lakehouseml.ml.VectorDistances.NullElements;
import io.trino.spi.TrinoException;
import io.trino.spi.block.Block;
import io.trino.spi.function.Description;
import io.trino.spi.function.ScalarFunction;
import io.trino.spi.function.SqlNullable;
import io.trino.spi.function.SqlType;
import io.trino.spi.type.StandardTypes;

import static io.lakehouseml.ml.MlErrorCode.VECTOR_EMPTY;
import static io.lakehouseml.ml.MlErrorCode.VECTOR_NOT_FINITE;
import static io.lakehouseml.ml.VectorDistances.Distance.COSINE_DISTANCE;
import static io.lakehouseml.ml.VectorDistances.Distance.COSINE_SIMILARITY;
import static io.lakehouseml.ml.VectorDistances.Distance.DOT_PRODUCT;
import static io.lakehouseml.ml.VectorDistances.Distance.EUCLIDEAN;
import static io.lakehouseml.ml.VectorDistances.Distance.MANHATTAN;
import static io.lakehouseml.ml.VectorDistances.Distance.NEGATIVE_DOT_PRODUCT;
import static io.lakehouseml.ml.VectorDistances.Distance.SQUARED_EUCLIDEAN;
import static io.lakehouseml.ml.VectorDistances.NullElements.AS_ZERO;
import static io.lakehouseml.ml.VectorDistances.NullElements.NULL_RESULT;

/**
 * Vector functions on {@code array(real)}, the type embedding models emit. The overloads of Trino's
 * {@code array(double)} functions keep their semantics, NULL elements included.
 */
public final class RealVectorFunctions
{
    private static final String REAL_VECTOR = "array(real)";

    private RealVectorFunctions() {}

    @Description("Cosine similarity of two vectors; NULL if an element is NULL")
    @ScalarFunction("cosine_similarity")
    @SqlNullable
    @SqlType(StandardTypes.DOUBLE)
    public static Double cosineSimilarity(@SqlType(REAL_VECTOR) Block first, @SqlType(REAL_VECTOR) Block second)
    {
        return distance("cosine_similarity", COSINE_SIMILARITY, NULL_RESULT, first, second);
    }

    @Description("Cosine distance (1 - cosine similarity) of two vectors; NULL if an element is NULL")
    @ScalarFunction("cosine_distance")
    @SqlNullable
    @SqlType(StandardTypes.DOUBLE)
    public static Double cosineDistance(@SqlType(REAL_VECTOR) Block first, @SqlType(REAL_VECTOR) Block second)
    {
        return distance("cosine_distance", COSINE_DISTANCE, NULL_RESULT, first, second);
    }

    @Description("Dot product of two vectors; a NULL element counts as 0, as for array(double)")
    @ScalarFunction("dot_product")
    @SqlNullable
    @SqlType(StandardTypes.DOUBLE)
    public static Double dotProduct(@SqlType(REAL_VECTOR) Block first, @SqlType(REAL_VECTOR) Block second)
    {
        return distance("dot_product", DOT_PRODUCT, AS_ZERO, first, second);
    }

    @Description("Euclidean (L2) distance of two vectors; a NULL element counts as 0, as for array(double)")
    @ScalarFunction("euclidean_distance")
    @SqlNullable
    @SqlType(StandardTypes.DOUBLE)
    public static Double euclideanDistance(@SqlType(REAL_VECTOR) Block first, @SqlType(REAL_VECTOR) Block second)
    {
        return distance("euclidean_distance", EUCLIDEAN, AS_ZERO, first, second);
    }

    @Description("Euclidean (L2) distance of two vectors; NULL if an element is NULL")
    @ScalarFunction("l2_distance")
    @SqlNullable
    @SqlType(StandardTypes.DOUBLE)
    public static Double l2Distance(@SqlType(REAL_VECTOR) Block first, @SqlType(REAL_VECTOR) Block second)
    {
        return distance("l2_distance", EUCLIDEAN, NULL_RESULT, first, second);
    }

    @Description("Squared euclidean distance of two vectors; NULL if an element is NULL")
    @ScalarFunction("l2_squared_distance")
    @SqlNullable
    @SqlType(StandardTypes.DOUBLE)
    public static Double l2SquaredDistance(@SqlType(REAL_VECTOR) Block first, @SqlType(REAL_VECTOR) Block second)
    {
        return distance("l2_squared_distance", SQUARED_EUCLIDEAN, NULL_RESULT, first, second);
    }

    @Description("Manhattan (L1) distance of two vectors; NULL if an element is NULL")
    @ScalarFunction("l1_distance")
    @SqlNullable
    @SqlType(StandardTypes.DOUBLE)
    public static Double l1Distance(@SqlType(REAL_VECTOR) Block first, @SqlType(REAL_VECTOR) Block second)
    {
        return distance("l1_distance", MANHATTAN, NULL_RESULT, first, second);
    }

    @Description("Inner (dot) product of two vectors; NULL if an element is NULL")
    @ScalarFunction("inner_product")
    @SqlNullable
    @SqlType(StandardTypes.DOUBLE)
    public static Double innerProduct(@SqlType(REAL_VECTOR) Block first, @SqlType(REAL_VECTOR) Block second)
    {
        return distance("inner_product", DOT_PRODUCT, NULL_RESULT, first, second);
    }

    @Description("Negated inner product of two vectors, a distance for ORDER BY; NULL if an element is NULL")
    @ScalarFunction("negative_inner_product")
    @SqlNullable
    @SqlType(StandardTypes.DOUBLE)
    public static Double negativeInnerProduct(@SqlType(REAL_VECTOR) Block first, @SqlType(REAL_VECTOR) Block second)
    {
        return distance("negative_inner_product", NEGATIVE_DOT_PRODUCT, NULL_RESULT, first, second);
    }

    @Description("Euclidean (L2) norm of a vector; NULL if an element is NULL")
    @ScalarFunction("vector_norm")
    @SqlNullable
    @SqlType(StandardTypes.DOUBLE)
    public static Double vectorNorm(@SqlType(REAL_VECTOR) Block vector)
    {
        VectorDistances distances = VectorDistances.get();
        VectorOperand operand = distances.first().setArray(vector);
        if (operand.dimension() == 0) {
            throw new TrinoException(VECTOR_EMPTY, "vector_norm: the vector is empty");
        }
        if (operand.containsNull()) {
            return null;
        }
        return Math.sqrt(distances.squaredNorm(operand));
    }

    @Description("The dimension of a vector: its number of elements, NULL elements included")
    @ScalarFunction("vector_dims")
    @SqlType(StandardTypes.BIGINT)
    public static long vectorDims(@SqlType(REAL_VECTOR) Block vector)
    {
        return vector.getPositionCount();
    }

    @Description("The vector scaled to unit euclidean norm; a zero vector stays zero; NULL if an element is NULL")
    @ScalarFunction("l2_normalize")
    @SqlNullable
    @SqlType(REAL_VECTOR)
    public static Block l2Normalize(@SqlType(REAL_VECTOR) Block vector)
    {
        if (vector.getPositionCount() == 0) {
            throw new TrinoException(VECTOR_EMPTY, "l2_normalize: the vector is empty");
        }
        if (vector.mayHaveNull() && vector.hasNull()) {
            return null;
        }
        float[] values = VectorEncoder.elements("l2_normalize", vector);
        if (!VectorKernels.allFinite(values, 0, values.length)) {
            throw new TrinoException(VECTOR_NOT_FINITE, "l2_normalize: the vector contains NaN or infinity");
        }
        double squaredNorm = 0;
        for (float value : values) {
            squaredNorm += (double) value * value;
        }
        if (squaredNorm > 0) {
            double norm = Math.sqrt(squaredNorm);
            for (int i = 0; i < values.length; i++) {
                values[i] = (float) (values[i] / norm);
            }
        }
        return VectorEncoder.toArray(values);
    }

    private static Double distance(String name, Distance distance, NullElements nullElements, Block first, Block second)
    {
        VectorDistances distances = VectorDistances.get();
        return distances.compute(name, distance, nullElements, distances.first().setArray(first), distances.second().setArray(second));
    }
}
