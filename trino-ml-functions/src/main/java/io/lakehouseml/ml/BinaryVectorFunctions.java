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
import io.trino.spi.TrinoException;
import io.trino.spi.block.Block;
import io.trino.spi.function.Description;
import io.trino.spi.function.ScalarFunction;
import io.trino.spi.function.SqlType;
import io.trino.spi.type.StandardTypes;

import static io.lakehouseml.ml.MlErrorCode.VECTOR_DIMENSION_MISMATCH;
import static io.lakehouseml.ml.MlErrorCode.VECTOR_INVALID_FORMAT;
import static java.lang.String.format;

/**
 * Binary vectors: one bit per dimension, set where the element is positive. They make a cheap first
 * pass of a search, re-ranked with exact distances.
 */
public final class BinaryVectorFunctions
{
    private static final ThreadLocal<long[]> COUNTS = ThreadLocal.withInitial(() -> new long[2]);

    private BinaryVectorFunctions() {}

    @Description("Packs a vector into a binary vector: one bit per dimension, 1 where the element is positive")
    @ScalarFunction("binary_quantize")
    @SqlType(StandardTypes.VARBINARY)
    public static Slice binaryQuantize(@SqlType("array(real)") Block vector)
    {
        return VectorEncoder.pack("binary_quantize", VectorEncoder.elements("binary_quantize", vector), VectorFormat.BINARY);
    }

    @Description("Number of differing bits of two binary vectors")
    @ScalarFunction("hamming_distance")
    @SqlType(StandardTypes.BIGINT)
    public static long hammingDistance(@SqlType(StandardTypes.VARBINARY) Slice first, @SqlType(StandardTypes.VARBINARY) Slice second)
    {
        return countBits("hamming_distance", first, second)[0];
    }

    @Description("Jaccard distance of two binary vectors: differing bits over bits set in either")
    @ScalarFunction("jaccard_distance")
    @SqlType(StandardTypes.DOUBLE)
    public static double jaccardDistance(@SqlType(StandardTypes.VARBINARY) Slice first, @SqlType(StandardTypes.VARBINARY) Slice second)
    {
        long[] counts = countBits("jaccard_distance", first, second);
        if (counts[1] == 0) {
            // two empty sets are the same set
            return 0;
        }
        return (double) counts[0] / counts[1];
    }

    private static long[] countBits(String functionName, Slice first, Slice second)
    {
        int dimension = binaryDimension(functionName, first);
        int secondDimension = binaryDimension(functionName, second);
        if (dimension != secondDimension) {
            throw new TrinoException(VECTOR_DIMENSION_MISMATCH, format("%s: vector dimensions differ: %s and %s", functionName, dimension, secondDimension));
        }
        int offset = PackedVector.dataOffset(VectorFormat.BINARY);
        long[] counts = COUNTS.get();
        VectorKernels.bitDifferences(
                first.byteArray(),
                first.byteArrayOffset() + offset,
                second.byteArray(),
                second.byteArrayOffset() + offset,
                VectorFormat.BINARY.payloadBytes(dimension),
                counts);
        return counts;
    }

    private static int binaryDimension(String functionName, Slice packed)
    {
        VectorFormat format = PackedVector.formatOf(packed);
        if (format != VectorFormat.BINARY) {
            throw new TrinoException(VECTOR_INVALID_FORMAT, format("%s needs binary vectors (from binary_quantize), not %s vectors", functionName, format.sqlName()));
        }
        return PackedVector.dimension(packed);
    }
}
