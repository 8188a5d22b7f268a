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
import io.trino.spi.block.IntArrayBlock;

import java.util.Optional;

import static io.lakehouseml.ml.MlErrorCode.VECTOR_NOT_FINITE;
import static io.lakehouseml.ml.MlErrorCode.VECTOR_NULL_ELEMENT;
import static io.lakehouseml.ml.MlErrorCode.VECTOR_OUT_OF_RANGE;
import static java.lang.String.format;

/**
 * Conversions between {@code array(real)} and packed vectors.
 */
final class VectorEncoder
{
    private static final float FLOAT16_MAX = 65504f;

    private VectorEncoder() {}

    /**
     * The elements of an {@code array(real)} argument; NULL elements are an error, since no packed
     * format can hold them.
     */
    static float[] elements(String functionName, Block array)
    {
        int dimension = array.getPositionCount();
        if (array.mayHaveNull() && array.hasNull()) {
            for (int i = 0; i < dimension; i++) {
                if (array.isNull(i)) {
                    throw new TrinoException(VECTOR_NULL_ELEMENT, format("%s: element %s of the vector is NULL", functionName, i + 1));
                }
            }
        }
        float[] values = new float[dimension];
        new VectorOperand().setArray(array).decode(0, dimension, values, 0);
        return values;
    }

    static Slice pack(String functionName, float[] values, VectorFormat format)
    {
        int dimension = values.length;
        if (format != VectorFormat.FLOAT32 && !VectorKernels.allFinite(values, 0, dimension)) {
            throw new TrinoException(VECTOR_NOT_FINITE, format(
                    "%s: %s vector cannot hold NaN or infinity (element %s is %s)",
                    functionName,
                    format.sqlNameWithArticle(),
                    firstNonFinite(values) + 1,
                    values[firstNonFinite(values)]));
        }
        Slice packed = PackedVector.allocate(format, dimension);
        int offset = PackedVector.dataOffset(format);
        switch (format) {
            case FLOAT32 -> packed.setFloats(offset, values);
            case FLOAT16 -> {
                for (int i = 0; i < dimension; i++) {
                    if (Math.abs(values[i]) > FLOAT16_MAX) {
                        throw new TrinoException(VECTOR_OUT_OF_RANGE, format(
                                "%s: element %s (%s) is outside the float16 range of +-65504; use 'bfloat16' or 'float32'",
                                functionName,
                                i + 1,
                                values[i]));
                    }
                    packed.setShort(offset + 2 * i, Float.floatToFloat16(values[i]));
                }
            }
            case BFLOAT16 -> {
                for (int i = 0; i < dimension; i++) {
                    short rounded = toBFloat16(values[i]);
                    if ((rounded & 0x7F80) == 0x7F80) {
                        throw new TrinoException(VECTOR_OUT_OF_RANGE, format("%s: element %s (%s) rounds to infinity in bfloat16; use 'float32'", functionName, i + 1, values[i]));
                    }
                    packed.setShort(offset + 2 * i, rounded);
                }
            }
            case INT8 -> {
                float maximum = 0;
                for (float value : values) {
                    maximum = Math.max(maximum, Math.abs(value));
                }
                // at least the smallest float, where maximum / 127 underflows to 0, and small enough
                // that the largest element, 127 * scale, decodes finite
                float scale = maximum == 0 ? 1 : Math.max(maximum / 127, Float.MIN_VALUE);
                while (Float.isInfinite(127 * scale)) {
                    scale = Math.nextDown(scale);
                }
                packed.setFloat(PackedVector.HEADER_BYTES, scale);
                for (int i = 0; i < dimension; i++) {
                    packed.setByte(offset + i, (int) Math.clamp(Math.rint(values[i] / scale), -127, 127));
                }
            }
            case BINARY -> {
                for (int i = 0; i < dimension; i++) {
                    if (values[i] > 0) {
                        int index = offset + i / 8;
                        packed.setByte(index, packed.getByte(index) | (0x80 >>> (i % 8)));
                    }
                }
            }
        }
        return packed;
    }

    /**
     * The elements of a packed vector as {@code array(real)}; binary vectors give 0 and 1.
     */
    static Block unpack(String functionName, Slice packed)
    {
        VectorFormat format = PackedVector.formatOf(functionName, packed);
        int dimension = PackedVector.dimension(packed);
        float[] values = new float[dimension];
        if (format == VectorFormat.BINARY) {
            int offset = PackedVector.dataOffset(format);
            for (int i = 0; i < dimension; i++) {
                values[i] = (packed.getByte(offset + i / 8) & (0x80 >>> (i % 8))) != 0 ? 1 : 0;
            }
        }
        else {
            new VectorOperand().setPacked(functionName, packed).decode(0, dimension, values, 0);
        }
        return toArray(values);
    }

    static Block toArray(float[] values)
    {
        int[] bits = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            bits[i] = Float.floatToRawIntBits(values[i]);
        }
        return new IntArrayBlock(values.length, Optional.empty(), bits);
    }

    private static short toBFloat16(float value)
    {
        int bits = Float.floatToRawIntBits(value);
        // round to nearest, ties to even
        return (short) ((bits + 0x7FFF + ((bits >>> 16) & 1)) >>> 16);
    }

    private static int firstNonFinite(float[] values)
    {
        for (int i = 0; i < values.length; i++) {
            if (!Float.isFinite(values[i])) {
                return i;
            }
        }
        return -1;
    }
}
