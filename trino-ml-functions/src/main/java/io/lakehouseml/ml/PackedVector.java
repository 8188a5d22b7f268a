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

import static io.lakehouseml.ml.MlErrorCode.VECTOR_INVALID_PACKED;
import static java.lang.Math.toIntExact;
import static java.lang.String.format;

/**
 * The packed form of a vector: an ordinary {@code varbinary} value that knows its element format
 * and dimension. Layout, little-endian:
 * <pre>
 *   bytes 0-1   magic 'V' 'X'
 *   byte  2     element format ({@link VectorFormat#code()})
 *   byte  3     0, reserved
 *   bytes 4-7   dimension, int32, not negative
 *   then        format parameters (int8: the scale, float32, finite and not negative)
 *   then        the elements; binary: element i is bit 7 - i % 8 of byte i / 8, and the bits
 *               after the last element are 0
 * </pre>
 */
public final class PackedVector
{
    public static final int HEADER_BYTES = 8;
    private static final byte MAGIC_0 = 'V';
    private static final byte MAGIC_1 = 'X';

    private PackedVector() {}

    public static Slice allocate(VectorFormat format, int dimension)
    {
        Slice slice = Slices.allocate(toIntExact(HEADER_BYTES + format.parameterBytes() + format.payloadBytes(dimension)));
        slice.setByte(0, MAGIC_0);
        slice.setByte(1, MAGIC_1);
        slice.setByte(2, format.code());
        slice.setInt(4, dimension);
        return slice;
    }

    public static int dataOffset(VectorFormat format)
    {
        return HEADER_BYTES + format.parameterBytes();
    }

    /**
     * The format of a packed vector, after checking all a reader relies on: the header, a length
     * that matches the dimension, an int8 scale that is finite and not negative, and no bits set
     * after the last element of a binary vector. A varbinary that fails is an error of the SQL
     * function named, never an index out of bounds or a wrong result.
     */
    public static VectorFormat formatOf(String functionName, Slice packed)
    {
        if (packed.length() < HEADER_BYTES || packed.getByte(0) != MAGIC_0 || packed.getByte(1) != MAGIC_1) {
            throw notPacked(functionName, "a varbinary vector must be made by vector_pack or binary_quantize");
        }
        VectorFormat format = VectorFormat.fromCode(packed.getUnsignedByte(2));
        if (format == null) {
            throw notPacked(functionName, format("unknown element format code %s", packed.getUnsignedByte(2)));
        }
        if (packed.getByte(3) != 0) {
            throw notPacked(functionName, format("the reserved header byte is %s, not 0", packed.getUnsignedByte(3)));
        }
        int dimension = packed.getInt(4);
        if (dimension < 0) {
            throw notPacked(functionName, format("negative dimension %s", dimension));
        }
        long expected = dataOffset(format) + format.payloadBytes(dimension);
        if (packed.length() != expected) {
            throw notPacked(functionName, format(
                    "%s vector of dimension %s has %s bytes, not %s",
                    format.sqlNameWithArticle(),
                    dimension,
                    expected,
                    packed.length()));
        }
        switch (format) {
            case FLOAT32, FLOAT16, BFLOAT16 -> {}
            case INT8 -> {
                float scale = int8Scale(packed);
                if (!(scale >= 0) || scale == Float.POSITIVE_INFINITY) {
                    throw notPacked(functionName, format("an int8 vector has scale %s; a scale is finite and not negative", scale));
                }
            }
            case BINARY -> {
                // the last byte holds the last dimension % 8 elements in its high bits; vector_pack leaves the rest 0
                int unusedBits = dimension % 8 == 0 ? 0 : 0xFF >>> (dimension % 8);
                if ((packed.getByte(packed.length() - 1) & unusedBits) != 0) {
                    throw notPacked(functionName, format("a binary vector of dimension %s has bits set after its last element", dimension));
                }
            }
        }
        return format;
    }

    /**
     * The dimension of a packed vector whose header {@link #formatOf(String, Slice)} checked.
     */
    public static int dimension(Slice packed)
    {
        return packed.getInt(4);
    }

    public static float int8Scale(Slice packed)
    {
        return packed.getFloat(HEADER_BYTES);
    }

    private static TrinoException notPacked(String functionName, String problem)
    {
        return new TrinoException(VECTOR_INVALID_PACKED, format("%s: not a packed vector: %s", functionName, problem));
    }
}
