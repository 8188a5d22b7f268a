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
import io.lakehouseml.ml.VectorKernels.BitCounts;
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
    // each function has its thread's counts filled and reads them before it returns: no caller ever holds them
    private static final ThreadLocal<BitCounts> BIT_COUNTS = ThreadLocal.withInitial(BitCounts::new);

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
        return countBits("hamming_distance", first, second, BIT_COUNTS.get()).differingBits;
    }

    @Description("Jaccard distance of two binary vectors: differing bits over bits set in either")
    @ScalarFunction("jaccard_distance")
    @SqlType(StandardTypes.DOUBLE)
    public static double jaccardDistance(@SqlType(StandardTypes.VARBINARY) Slice first, @SqlType(StandardTypes.VARBINARY) Slice second)
    {
        BitCounts counts = countBits("jaccard_distance", first, second, BIT_COUNTS.get());
        if (counts.unionBits == 0) {
            // two empty sets are the same set
            return 0;
        }
        return (double) counts.differingBits / counts.unionBits;
    }

    /**
     * Counts into {@code counts} the bits that differ between two binary vectors of the same
     * dimension, and the bits set in either, and returns {@code counts}.
     */
    private static BitCounts countBits(String functionName, Slice first, Slice second, BitCounts counts)
    {
        int dimension = binaryDimension(functionName, first);
        int secondDimension = binaryDimension(functionName, second);
        if (dimension != secondDimension) {
            throw new TrinoException(VECTOR_DIMENSION_MISMATCH, format("%s: vector dimensions differ: %s and %s", functionName, dimension, secondDimension));
        }
        int offset = PackedVector.dataOffset(VectorFormat.BINARY);
        VectorKernels.bitDifferences(
                first.byteArray(),
                first.byteArrayOffset() + offset,
                second.byteArray(),
                second.byteArrayOffset() + offset,
                (int) VectorFormat.BINARY.payloadBytes(dimension),
                counts);
        return counts;
    }

    private static int binaryDimension(String functionName, Slice packed)
    {
        VectorFormat format = PackedVector.formatOf(functionName, packed);
        if (format != VectorFormat.BINARY) {
            throw new TrinoException(VECTOR_INVALID_FORMAT, format("%s needs binary vectors (from binary_quantize), not %s vectors", functionName, format.sqlName()));
        }
        return PackedVector.dimension(packed);
    }
}
