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
import io.trino.spi.TrinoException;
import io.trino.spi.block.Block;
import io.trino.spi.function.Description;
import io.trino.spi.function.ScalarFunction;
import io.trino.spi.function.SqlNullable;
import io.trino.spi.function.SqlType;
import io.trino.spi.type.StandardTypes;

import static io.lakehouseml.ml.MlErrorCode.VECTOR_EMPTY;
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
 * Packed vectors ({@link PackedVector}): packing, unpacking, and every distance on packed vectors,
 * with each other or with an {@code array(real)}, reading the packed bytes in place.
 */
public final class PackedVectorFunctions
{
    private static final String REAL_VECTOR = "array(real)";

    private PackedVectorFunctions() {}

    @Description("Packs a vector into a self-describing varbinary of float32 elements")
    @ScalarFunction("vector_pack")
    @SqlType(StandardTypes.VARBINARY)
    public static Slice vectorPack(@SqlType(REAL_VECTOR) Block vector)
    {
        return VectorEncoder.pack("vector_pack", VectorEncoder.elements("vector_pack", vector), VectorFormat.FLOAT32);
    }

    @Description("Packs a vector into a self-describing varbinary; format: 'float32', 'float16', 'bfloat16', 'int8' (scaled) or 'binary'")
    @ScalarFunction("vector_pack")
    @SqlType(StandardTypes.VARBINARY)
    public static Slice vectorPack(@SqlType(REAL_VECTOR) Block vector, @SqlType(StandardTypes.VARCHAR) Slice format)
    {
        VectorFormat vectorFormat = VectorFormat.fromSqlName(format.toStringUtf8());
        return VectorEncoder.pack("vector_pack", VectorEncoder.elements("vector_pack", vector), vectorFormat);
    }

    @Description("The elements of a packed vector as array(real)")
    @ScalarFunction("vector_unpack")
    @SqlType(REAL_VECTOR)
    public static Block vectorUnpack(@SqlType(StandardTypes.VARBINARY) Slice packed)
    {
        return VectorEncoder.unpack("vector_unpack", packed);
    }

    @Description("The dimension of a packed vector")
    @ScalarFunction("vector_dims")
    @SqlType(StandardTypes.BIGINT)
    public static long vectorDims(@SqlType(StandardTypes.VARBINARY) Slice packed)
    {
        PackedVector.formatOf("vector_dims", packed);
        return PackedVector.dimension(packed);
    }

    @Description("The element format of a packed vector: 'float32', 'float16', 'bfloat16', 'int8' or 'binary'")
    @ScalarFunction("vector_format")
    @SqlType(StandardTypes.VARCHAR)
    public static Slice vectorFormat(@SqlType(StandardTypes.VARBINARY) Slice packed)
    {
        return Slices.utf8Slice(PackedVector.formatOf("vector_format", packed).sqlName());
    }

    @Description("Euclidean (L2) norm of a packed vector")
    @ScalarFunction("vector_norm")
    @SqlType(StandardTypes.DOUBLE)
    public static double vectorNorm(@SqlType(StandardTypes.VARBINARY) Slice packed)
    {
        VectorDistances distances = VectorDistances.get();
        VectorOperand operand = distances.first().setPacked("vector_norm", packed);
        if (operand.dimension() == 0) {
            throw new TrinoException(VECTOR_EMPTY, "vector_norm: the vector is empty");
        }
        return Math.sqrt(distances.squaredNorm(operand));
    }

    @Description("Cosine similarity of two vectors: packed vectors")
    @ScalarFunction("cosine_similarity")
    @SqlNullable
    @SqlType(StandardTypes.DOUBLE)
    public static Double cosineSimilarity(@SqlType(StandardTypes.VARBINARY) Slice first, @SqlType(StandardTypes.VARBINARY) Slice second)
    {
        VectorDistances distances = VectorDistances.get();
        return distances.compute("cosine_similarity", COSINE_SIMILARITY, NULL_RESULT, distances.first().setPacked("cosine_similarity", first), distances.second().setPacked("cosine_similarity", second));
    }

    @Description("Cosine similarity of two vectors: a packed vector and an array(real)")
    @ScalarFunction("cosine_similarity")
    @SqlNullable
    @SqlType(StandardTypes.DOUBLE)
    public static Double cosineSimilarityPackedWithArray(@SqlType(StandardTypes.VARBINARY) Slice first, @SqlType(REAL_VECTOR) Block second)
    {
        VectorDistances distances = VectorDistances.get();
        return distances.compute("cosine_similarity", COSINE_SIMILARITY, NULL_RESULT, distances.first().setPacked("cosine_similarity", first), distances.second().setArray(second));
    }

    @Description("Cosine similarity of two vectors: an array(real) and a packed vector")
    @ScalarFunction("cosine_similarity")
    @SqlNullable
    @SqlType(StandardTypes.DOUBLE)
    public static Double cosineSimilarityArrayWithPacked(@SqlType(REAL_VECTOR) Block first, @SqlType(StandardTypes.VARBINARY) Slice second)
    {
        VectorDistances distances = VectorDistances.get();
        return distances.compute("cosine_similarity", COSINE_SIMILARITY, NULL_RESULT, distances.first().setArray(first), distances.second().setPacked("cosine_similarity", second));
    }

    @Description("Cosine distance (1 - cosine similarity) of two vectors: packed vectors")
    @ScalarFunction("cosine_distance")
    @SqlNullable
    @SqlType(StandardTypes.DOUBLE)
    public static Double cosineDistance(@SqlType(StandardTypes.VARBINARY) Slice first, @SqlType(StandardTypes.VARBINARY) Slice second)
    {
        VectorDistances distances = VectorDistances.get();
        return distances.compute("cosine_distance", COSINE_DISTANCE, NULL_RESULT, distances.first().setPacked("cosine_distance", first), distances.second().setPacked("cosine_distance", second));
    }

    @Description("Cosine distance (1 - cosine similarity) of two vectors: a packed vector and an array(real)")
    @ScalarFunction("cosine_distance")
    @SqlNullable
    @SqlType(StandardTypes.DOUBLE)
    public static Double cosineDistancePackedWithArray(@SqlType(StandardTypes.VARBINARY) Slice first, @SqlType(REAL_VECTOR) Block second)
    {
        VectorDistances distances = VectorDistances.get();
        return distances.compute("cosine_distance", COSINE_DISTANCE, NULL_RESULT, distances.first().setPacked("cosine_distance", first), distances.second().setArray(second));
    }

    @Description("Cosine distance (1 - cosine similarity) of two vectors: an array(real) and a packed vector")
    @ScalarFunction("cosine_distance")
    @SqlNullable
    @SqlType(StandardTypes.DOUBLE)
    public static Double cosineDistanceArrayWithPacked(@SqlType(REAL_VECTOR) Block first, @SqlType(StandardTypes.VARBINARY) Slice second)
    {
        VectorDistances distances = VectorDistances.get();
        return distances.compute("cosine_distance", COSINE_DISTANCE, NULL_RESULT, distances.first().setArray(first), distances.second().setPacked("cosine_distance", second));
    }

    @Description("Dot product of two vectors: packed vectors")
    @ScalarFunction("dot_product")
    @SqlNullable
    @SqlType(StandardTypes.DOUBLE)
    public static Double dotProduct(@SqlType(StandardTypes.VARBINARY) Slice first, @SqlType(StandardTypes.VARBINARY) Slice second)
    {
        VectorDistances distances = VectorDistances.get();
        return distances.compute("dot_product", DOT_PRODUCT, AS_ZERO, distances.first().setPacked("dot_product", first), distances.second().setPacked("dot_product", second));
    }

    @Description("Dot product of two vectors: a packed vector and an array(real)")
    @ScalarFunction("dot_product")
    @SqlNullable
    @SqlType(StandardTypes.DOUBLE)
    public static Double dotProductPackedWithArray(@SqlType(StandardTypes.VARBINARY) Slice first, @SqlType(REAL_VECTOR) Block second)
    {
        VectorDistances distances = VectorDistances.get();
        return distances.compute("dot_product", DOT_PRODUCT, AS_ZERO, distances.first().setPacked("dot_product", first), distances.second().setArray(second));
    }

    @Description("Dot product of two vectors: an array(real) and a packed vector")
    @ScalarFunction("dot_product")
    @SqlNullable
    @SqlType(StandardTypes.DOUBLE)
    public static Double dotProductArrayWithPacked(@SqlType(REAL_VECTOR) Block first, @SqlType(StandardTypes.VARBINARY) Slice second)
    {
        VectorDistances distances = VectorDistances.get();
        return distances.compute("dot_product", DOT_PRODUCT, AS_ZERO, distances.first().setArray(first), distances.second().setPacked("dot_product", second));
    }

    @Description("Euclidean (L2) distance of two vectors: packed vectors")
    @ScalarFunction("euclidean_distance")
    @SqlNullable
    @SqlType(StandardTypes.DOUBLE)
    public static Double euclideanDistance(@SqlType(StandardTypes.VARBINARY) Slice first, @SqlType(StandardTypes.VARBINARY) Slice second)
    {
        VectorDistances distances = VectorDistances.get();
        return distances.compute("euclidean_distance", EUCLIDEAN, AS_ZERO, distances.first().setPacked("euclidean_distance", first), distances.second().setPacked("euclidean_distance", second));
    }

    @Description("Euclidean (L2) distance of two vectors: a packed vector and an array(real)")
    @ScalarFunction("euclidean_distance")
    @SqlNullable
    @SqlType(StandardTypes.DOUBLE)
    public static Double euclideanDistancePackedWithArray(@SqlType(StandardTypes.VARBINARY) Slice first, @SqlType(REAL_VECTOR) Block second)
    {
        VectorDistances distances = VectorDistances.get();
        return distances.compute("euclidean_distance", EUCLIDEAN, AS_ZERO, distances.first().setPacked("euclidean_distance", first), distances.second().setArray(second));
    }

    @Description("Euclidean (L2) distance of two vectors: an array(real) and a packed vector")
    @ScalarFunction("euclidean_distance")
    @SqlNullable
    @SqlType(StandardTypes.DOUBLE)
    public static Double euclideanDistanceArrayWithPacked(@SqlType(REAL_VECTOR) Block first, @SqlType(StandardTypes.VARBINARY) Slice second)
    {
        VectorDistances distances = VectorDistances.get();
        return distances.compute("euclidean_distance", EUCLIDEAN, AS_ZERO, distances.first().setArray(first), distances.second().setPacked("euclidean_distance", second));
    }

    @Description("Euclidean (L2) distance of two vectors: packed vectors")
    @ScalarFunction("l2_distance")
    @SqlNullable
    @SqlType(StandardTypes.DOUBLE)
    public static Double l2Distance(@SqlType(StandardTypes.VARBINARY) Slice first, @SqlType(StandardTypes.VARBINARY) Slice second)
    {
        VectorDistances distances = VectorDistances.get();
        return distances.compute("l2_distance", EUCLIDEAN, NULL_RESULT, distances.first().setPacked("l2_distance", first), distances.second().setPacked("l2_distance", second));
    }

    @Description("Euclidean (L2) distance of two vectors: a packed vector and an array(real)")
    @ScalarFunction("l2_distance")
    @SqlNullable
    @SqlType(StandardTypes.DOUBLE)
    public static Double l2DistancePackedWithArray(@SqlType(StandardTypes.VARBINARY) Slice first, @SqlType(REAL_VECTOR) Block second)
    {
        VectorDistances distances = VectorDistances.get();
        return distances.compute("l2_distance", EUCLIDEAN, NULL_RESULT, distances.first().setPacked("l2_distance", first), distances.second().setArray(second));
    }

    @Description("Euclidean (L2) distance of two vectors: an array(real) and a packed vector")
    @ScalarFunction("l2_distance")
    @SqlNullable
    @SqlType(StandardTypes.DOUBLE)
    public static Double l2DistanceArrayWithPacked(@SqlType(REAL_VECTOR) Block first, @SqlType(StandardTypes.VARBINARY) Slice second)
    {
        VectorDistances distances = VectorDistances.get();
        return distances.compute("l2_distance", EUCLIDEAN, NULL_RESULT, distances.first().setArray(first), distances.second().setPacked("l2_distance", second));
    }

    @Description("Squared euclidean distance of two vectors: packed vectors")
    @ScalarFunction("l2_squared_distance")
    @SqlNullable
    @SqlType(StandardTypes.DOUBLE)
    public static Double l2SquaredDistance(@SqlType(StandardTypes.VARBINARY) Slice first, @SqlType(StandardTypes.VARBINARY) Slice second)
    {
        VectorDistances distances = VectorDistances.get();
        return distances.compute("l2_squared_distance", SQUARED_EUCLIDEAN, NULL_RESULT, distances.first().setPacked("l2_squared_distance", first), distances.second().setPacked("l2_squared_distance", second));
    }

    @Description("Squared euclidean distance of two vectors: a packed vector and an array(real)")
    @ScalarFunction("l2_squared_distance")
    @SqlNullable
    @SqlType(StandardTypes.DOUBLE)
    public static Double l2SquaredDistancePackedWithArray(@SqlType(StandardTypes.VARBINARY) Slice first, @SqlType(REAL_VECTOR) Block second)
    {
        VectorDistances distances = VectorDistances.get();
        return distances.compute("l2_squared_distance", SQUARED_EUCLIDEAN, NULL_RESULT, distances.first().setPacked("l2_squared_distance", first), distances.second().setArray(second));
    }

    @Description("Squared euclidean distance of two vectors: an array(real) and a packed vector")
    @ScalarFunction("l2_squared_distance")
    @SqlNullable
    @SqlType(StandardTypes.DOUBLE)
    public static Double l2SquaredDistanceArrayWithPacked(@SqlType(REAL_VECTOR) Block first, @SqlType(StandardTypes.VARBINARY) Slice second)
    {
        VectorDistances distances = VectorDistances.get();
        return distances.compute("l2_squared_distance", SQUARED_EUCLIDEAN, NULL_RESULT, distances.first().setArray(first), distances.second().setPacked("l2_squared_distance", second));
    }

    @Description("Manhattan (L1) distance of two vectors: packed vectors")
    @ScalarFunction("l1_distance")
    @SqlNullable
    @SqlType(StandardTypes.DOUBLE)
    public static Double l1Distance(@SqlType(StandardTypes.VARBINARY) Slice first, @SqlType(StandardTypes.VARBINARY) Slice second)
    {
        VectorDistances distances = VectorDistances.get();
        return distances.compute("l1_distance", MANHATTAN, NULL_RESULT, distances.first().setPacked("l1_distance", first), distances.second().setPacked("l1_distance", second));
    }

    @Description("Manhattan (L1) distance of two vectors: a packed vector and an array(real)")
    @ScalarFunction("l1_distance")
    @SqlNullable
    @SqlType(StandardTypes.DOUBLE)
    public static Double l1DistancePackedWithArray(@SqlType(StandardTypes.VARBINARY) Slice first, @SqlType(REAL_VECTOR) Block second)
    {
        VectorDistances distances = VectorDistances.get();
        return distances.compute("l1_distance", MANHATTAN, NULL_RESULT, distances.first().setPacked("l1_distance", first), distances.second().setArray(second));
    }

    @Description("Manhattan (L1) distance of two vectors: an array(real) and a packed vector")
    @ScalarFunction("l1_distance")
    @SqlNullable
    @SqlType(StandardTypes.DOUBLE)
    public static Double l1DistanceArrayWithPacked(@SqlType(REAL_VECTOR) Block first, @SqlType(StandardTypes.VARBINARY) Slice second)
    {
        VectorDistances distances = VectorDistances.get();
        return distances.compute("l1_distance", MANHATTAN, NULL_RESULT, distances.first().setArray(first), distances.second().setPacked("l1_distance", second));
    }

    @Description("Inner (dot) product of two vectors: packed vectors")
    @ScalarFunction("inner_product")
    @SqlNullable
    @SqlType(StandardTypes.DOUBLE)
    public static Double innerProduct(@SqlType(StandardTypes.VARBINARY) Slice first, @SqlType(StandardTypes.VARBINARY) Slice second)
    {
        VectorDistances distances = VectorDistances.get();
        return distances.compute("inner_product", DOT_PRODUCT, NULL_RESULT, distances.first().setPacked("inner_product", first), distances.second().setPacked("inner_product", second));
    }

    @Description("Inner (dot) product of two vectors: a packed vector and an array(real)")
    @ScalarFunction("inner_product")
    @SqlNullable
    @SqlType(StandardTypes.DOUBLE)
    public static Double innerProductPackedWithArray(@SqlType(StandardTypes.VARBINARY) Slice first, @SqlType(REAL_VECTOR) Block second)
    {
        VectorDistances distances = VectorDistances.get();
        return distances.compute("inner_product", DOT_PRODUCT, NULL_RESULT, distances.first().setPacked("inner_product", first), distances.second().setArray(second));
    }

    @Description("Inner (dot) product of two vectors: an array(real) and a packed vector")
    @ScalarFunction("inner_product")
    @SqlNullable
    @SqlType(StandardTypes.DOUBLE)
    public static Double innerProductArrayWithPacked(@SqlType(REAL_VECTOR) Block first, @SqlType(StandardTypes.VARBINARY) Slice second)
    {
        VectorDistances distances = VectorDistances.get();
        return distances.compute("inner_product", DOT_PRODUCT, NULL_RESULT, distances.first().setArray(first), distances.second().setPacked("inner_product", second));
    }

    @Description("Negated inner product of two vectors, a distance for ORDER BY: packed vectors")
    @ScalarFunction("negative_inner_product")
    @SqlNullable
    @SqlType(StandardTypes.DOUBLE)
    public static Double negativeInnerProduct(@SqlType(StandardTypes.VARBINARY) Slice first, @SqlType(StandardTypes.VARBINARY) Slice second)
    {
        VectorDistances distances = VectorDistances.get();
        return distances.compute("negative_inner_product", NEGATIVE_DOT_PRODUCT, NULL_RESULT, distances.first().setPacked("negative_inner_product", first), distances.second().setPacked("negative_inner_product", second));
    }

    @Description("Negated inner product of two vectors, a distance for ORDER BY: a packed vector and an array(real)")
    @ScalarFunction("negative_inner_product")
    @SqlNullable
    @SqlType(StandardTypes.DOUBLE)
    public static Double negativeInnerProductPackedWithArray(@SqlType(StandardTypes.VARBINARY) Slice first, @SqlType(REAL_VECTOR) Block second)
    {
        VectorDistances distances = VectorDistances.get();
        return distances.compute("negative_inner_product", NEGATIVE_DOT_PRODUCT, NULL_RESULT, distances.first().setPacked("negative_inner_product", first), distances.second().setArray(second));
    }

    @Description("Negated inner product of two vectors, a distance for ORDER BY: an array(real) and a packed vector")
    @ScalarFunction("negative_inner_product")
    @SqlNullable
    @SqlType(StandardTypes.DOUBLE)
    public static Double negativeInnerProductArrayWithPacked(@SqlType(REAL_VECTOR) Block first, @SqlType(StandardTypes.VARBINARY) Slice second)
    {
        VectorDistances distances = VectorDistances.get();
        return distances.compute("negative_inner_product", NEGATIVE_DOT_PRODUCT, NULL_RESULT, distances.first().setArray(first), distances.second().setPacked("negative_inner_product", second));
    }
}
