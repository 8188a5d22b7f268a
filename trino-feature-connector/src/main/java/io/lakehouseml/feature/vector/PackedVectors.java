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

import io.airlift.slice.Slice;
import io.lakehouseml.feature.registry.FeatureViewDefinition.SourceTable;
import io.trino.spi.TrinoException;

import static io.lakehouseml.feature.FeatureStoreErrorCode.FEATURE_STORE_INVALID_INPUT;
import static java.lang.Float.float16ToFloat;
import static java.lang.Float.intBitsToFloat;

/**
 * Reads the {@code varbinary} vectors that {@code vector_pack} of {@code trino-ml-functions} makes,
 * so that a packed column can be indexed and searched. The layout, little-endian: the magic bytes
 * {@code 'V' 'X'}, the element format (1 float32, 2 float16, 3 bfloat16, 4 int8, 5 binary), a 0 byte,
 * the dimension as an int32; for int8 a float32 scale; then the elements. Every element becomes the
 * float32 the functions compute with, so distances agree with theirs (float16 and bfloat16 exactly,
 * int8 as element times scale).
 */
final class PackedVectors
{
    private static final int HEADER_BYTES = 8;
    private static final int FLOAT32 = 1;
    private static final int FLOAT16 = 2;
    private static final int BFLOAT16 = 3;
    private static final int INT8 = 4;
    private static final int BINARY = 5;

    private PackedVectors() {}

    /**
     * The elements of a packed vector of a column, or a clear error when the value is not one a
     * vector index reads.
     */
    static float[] decode(Slice packed, String column, SourceTable table)
    {
        if (packed.length() < HEADER_BYTES || packed.getByte(0) != 'V' || packed.getByte(1) != 'X' || packed.getByte(3) != 0) {
            throw notReadable(column, table, "a value that is not a packed vector (make them with vector_pack)");
        }
        int format = packed.getUnsignedByte(2);
        int dimension = packed.getInt(4);
        long elementBytes = switch (format) {
            case FLOAT32 -> 4;
            case FLOAT16, BFLOAT16 -> 2;
            case INT8 -> 1;
            case BINARY -> -1;
            default -> 0;
        };
        if (elementBytes == -1) {
            throw notReadable(column, table, "binary vectors, which a vector index does not read (search them with hamming_distance)");
        }
        int dataOffset = HEADER_BYTES + (format == INT8 ? Float.BYTES : 0);
        if (elementBytes == 0 || dimension < 0 || packed.length() != dataOffset + elementBytes * dimension) {
            throw notReadable(column, table, "a value that is not a packed vector (make them with vector_pack)");
        }
        float[] vector = new float[dimension];
        for (int index = 0; index < dimension; index++) {
            vector[index] = switch (format) {
                case FLOAT32 -> packed.getFloat(dataOffset + index * 4);
                case FLOAT16 -> float16ToFloat(packed.getShort(dataOffset + index * 2));
                case BFLOAT16 -> intBitsToFloat(packed.getShort(dataOffset + index * 2) << 16);
                default -> packed.getByte(dataOffset + index) * packed.getFloat(HEADER_BYTES);
            };
        }
        return vector;
    }

    private static TrinoException notReadable(String column, SourceTable table, String problem)
    {
        return FEATURE_STORE_INVALID_INPUT.error("Column %s of %s holds %s", column, table, problem);
    }
}
