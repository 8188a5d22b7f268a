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

import java.util.Arrays;

import static io.lakehouseml.ml.MlErrorCode.VECTOR_INVALID_FORMAT;
import static io.trino.spi.type.RealType.REAL;

/**
 * A view of one vector argument, {@code array(real)} or packed, without copying its elements.
 * Instances are reused from row to row: {@link #setArray} and {@link #setPacked} point one at the
 * next value and return it.
 */
final class VectorOperand
{
    enum Encoding
    {
        FLOAT_BITS,
        FLOAT32,
        FLOAT16,
        BFLOAT16,
        INT8,
        BINARY,
        FLOATS,
    }

    private Encoding encoding;
    private Object base;
    private int offset;
    private int dimension;
    // the bytes of the elements of a packed vector
    private int payloadBytes;
    private float scale;
    private boolean containsNull;
    private Block block;
    private float[] scratch = new float[0];

    VectorOperand setArray(Block array)
    {
        block = array;
        dimension = array.getPositionCount();
        scale = 1;
        if (array instanceof IntArrayBlock values) {
            encoding = Encoding.FLOAT_BITS;
            base = values.getRawValues();
            offset = values.getRawValuesOffset();
            containsNull = values.mayHaveNull() && values.hasNull();
            return this;
        }
        // an array whose elements are not a flat block, for example a dictionary: decode it
        containsNull = array.hasNull();
        float[] values = scratch(dimension);
        for (int i = 0; i < dimension; i++) {
            values[i] = array.isNull(i) ? 0 : REAL.getFloat(array, i);
        }
        setFloats(values, dimension);
        return this;
    }

    /**
     * @param functionName the SQL function, for the error when the value is not a packed vector
     */
    VectorOperand setPacked(String functionName, Slice packed)
    {
        block = null;
        containsNull = false;
        VectorFormat format = PackedVector.formatOf(functionName, packed);
        encoding = switch (format) {
            case FLOAT32 -> Encoding.FLOAT32;
            case FLOAT16 -> Encoding.FLOAT16;
            case BFLOAT16 -> Encoding.BFLOAT16;
            case INT8 -> Encoding.INT8;
            case BINARY -> Encoding.BINARY;
        };
        base = packed.byteArray();
        offset = packed.byteArrayOffset() + PackedVector.dataOffset(format);
        dimension = PackedVector.dimension(packed);
        // no more than the length of the value, which formatOf checked
        payloadBytes = (int) format.payloadBytes(dimension);
        scale = format == VectorFormat.INT8 ? PackedVector.int8Scale(packed) : 1;
        return this;
    }

    private void setFloats(float[] values, int length)
    {
        encoding = Encoding.FLOATS;
        base = values;
        offset = 0;
        dimension = length;
        scale = 1;
    }

    /**
     * Makes NULL elements read as zero, as Trino's {@code dot_product} and {@code euclidean_distance} read them.
     */
    void nullsAsZero()
    {
        if (!containsNull) {
            return;
        }
        float[] values = scratch(dimension);
        for (int i = 0; i < dimension; i++) {
            values[i] = block.isNull(i) ? 0 : REAL.getFloat(block, i);
        }
        setFloats(values, dimension);
        containsNull = false;
    }

    Encoding encoding()
    {
        return encoding;
    }

    int dimension()
    {
        return dimension;
    }

    float scale()
    {
        return scale;
    }

    boolean containsNull()
    {
        return containsNull;
    }

    /**
     * Whether the stored elements equal those of a copy made by {@link #copyRawValuesTo}.
     */
    boolean rawValuesEqual(RawValues copy)
    {
        return switch (encoding) {
            case FLOAT_BITS -> Arrays.equals((int[]) base, offset, offset + dimension, copy.ints, 0, dimension);
            case FLOAT32, FLOAT16, BFLOAT16, INT8 -> Arrays.equals((byte[]) base, offset, offset + payloadBytes, copy.bytes, 0, payloadBytes);
            case BINARY, FLOATS -> false;
        };
    }

    void copyRawValuesTo(RawValues copy)
    {
        if (encoding == Encoding.FLOAT_BITS) {
            if (copy.ints.length < dimension) {
                copy.ints = new int[dimension];
            }
            System.arraycopy((int[]) base, offset, copy.ints, 0, dimension);
            return;
        }
        if (copy.bytes.length < payloadBytes) {
            copy.bytes = new byte[payloadBytes];
        }
        System.arraycopy((byte[]) base, offset, copy.bytes, 0, payloadBytes);
    }

    /**
     * Whether the elements live in this operand's own scratch space, which the next row overwrites.
     */
    boolean isTransient()
    {
        return encoding == Encoding.FLOATS;
    }

    void checkNumeric(String functionName)
    {
        if (encoding == Encoding.BINARY) {
            throw new TrinoException(VECTOR_INVALID_FORMAT, functionName + " does not accept binary vectors: compare them with hamming_distance or jaccard_distance");
        }
    }

    /**
     * Decodes elements {@code [start, start + length)} as floats into {@code target}.
     */
    void decode(int start, int length, float[] target, int targetOffset)
    {
        switch (encoding) {
            case FLOAT_BITS -> VectorKernels.decodeFloatBits((int[]) base, offset + start, target, targetOffset, length);
            case FLOAT32 -> VectorKernels.decodeFloat32((byte[]) base, offset + start * 4, target, targetOffset, length);
            case FLOAT16 -> VectorKernels.decodeFloat16((byte[]) base, offset + start * 2, target, targetOffset, length);
            case BFLOAT16 -> VectorKernels.decodeBFloat16((byte[]) base, offset + start * 2, target, targetOffset, length);
            case INT8 -> VectorKernels.decodeInt8((byte[]) base, offset + start, scale, target, targetOffset, length);
            case FLOATS -> System.arraycopy((float[]) base, offset + start, target, targetOffset, length);
            case BINARY -> throw new IllegalStateException("binary vectors have no float elements");
        }
    }

    private float[] scratch(int length)
    {
        if (scratch.length < length) {
            scratch = new float[Math.max(length, scratch.length * 2)];
        }
        return scratch;
    }

    /**
     * A copy of the stored elements of an operand.
     */
    static final class RawValues
    {
        private byte[] bytes = new byte[0];
        private int[] ints = new int[0];
    }
}
