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
import static java.lang.String.format;

/**
 * The packed form of a vector: an ordinary {@code varbinary} value that knows its element format
 * and dimension. Layout, little-endian:
 * <pre>
 *   bytes 0-1   magic 'V' 'X'
 *   byte  2     element format ({@link VectorFormat#code()})
 *   byte  3     0, reserved
 *   bytes 4-7   dimension, int32
 *   then        format parameters (int8: the scale, float32)
 *   then        the elements
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
        Slice slice = Slices.allocate(HEADER_BYTES + format.parameterBytes() + format.payloadBytes(dimension));
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
     * The format of a packed vector, after checking its header and length.
     */
    public static VectorFormat formatOf(Slice packed)
    {
        if (packed.length() < HEADER_BYTES || packed.getByte(0) != MAGIC_0 || packed.getByte(1) != MAGIC_1) {
            throw new TrinoException(VECTOR_INVALID_PACKED, "Not a packed vector: a varbinary vector must be made by vector_pack or binary_quantize");
        }
        VectorFormat format = VectorFormat.fromCode(packed.getByte(2));
        if (format == null) {
            throw new TrinoException(VECTOR_INVALID_PACKED, format("Not a packed vector: unknown element format code %s", packed.getByte(2)));
        }
        int dimension = packed.getInt(4);
        if (dimension < 0) {
            throw new TrinoException(VECTOR_INVALID_PACKED, format("Not a packed vector: negative dimension %s", dimension));
        }
        long expected = (long) dataOffset(format) + format.payloadBytes(dimension);
        if (packed.length() != expected) {
            throw new TrinoException(VECTOR_INVALID_PACKED, format(
                    "Not a packed vector: a %s vector of dimension %s has %s bytes, not %s",
                    format.sqlName(),
                    dimension,
                    expected,
                    packed.length()));
        }
        return format;
    }

    /**
     * The dimension of a packed vector whose header {@link #formatOf(Slice)} checked.
     */
    public static int dimension(Slice packed)
    {
        return packed.getInt(4);
    }

    public static float int8Scale(Slice packed)
    {
        return packed.getFloat(HEADER_BYTES);
    }
}
