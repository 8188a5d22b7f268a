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

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

import java.nio.ByteOrder;

import static jdk.incubator.vector.VectorOperators.ADD;
import static jdk.incubator.vector.VectorOperators.AND;
import static jdk.incubator.vector.VectorOperators.B2F;
import static jdk.incubator.vector.VectorOperators.BIT_COUNT;
import static jdk.incubator.vector.VectorOperators.EQ;
import static jdk.incubator.vector.VectorOperators.F2D;
import static jdk.incubator.vector.VectorOperators.GE;
import static jdk.incubator.vector.VectorOperators.LSHL;
import static jdk.incubator.vector.VectorOperators.OR;
import static jdk.incubator.vector.VectorOperators.S2I;
import static jdk.incubator.vector.VectorOperators.XOR;

/**
 * SIMD kernels on flat arrays. The fast kernels multiply and add in float lanes, which keeps them
 * at memory speed; callers add their partial sums, one chunk of at most a few hundred elements at a
 * time, in double, and fall back to the exact kernels where float arithmetic could overflow or
 * underflow. The exact kernels accumulate in double: the product of two floats is exact in double,
 * so they differ from a sequential double loop only by the order of the additions. Packed elements
 * are decoded in chunks into a float array, which stays in the L1 cache, before a kernel reads them.
 */
public final class VectorKernels
{
    private static final VectorSpecies<Float> FLOATS = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Double> DOUBLES = DoubleVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Integer> INTS = IntVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Long> LONGS = LongVector.SPECIES_PREFERRED;
    // as many bytes as the float species has bits / 8: one float vector of float32 elements
    private static final VectorSpecies<Byte> FLOAT32_BYTES = ByteVector.SPECIES_PREFERRED;
    // half as many: one float vector of 16-bit elements
    private static final VectorSpecies<Byte> HALF_BYTES = VectorSpecies.of(byte.class, VectorShape.forBitSize(FLOATS.vectorBitSize() / 2));
    // a quarter: one float vector of 8-bit elements
    private static final VectorSpecies<Byte> QUARTER_BYTES = VectorSpecies.of(byte.class, VectorShape.forBitSize(FLOATS.vectorBitSize() / 4));
    private static final int LANES = FLOATS.length();
    private static final boolean LITTLE_ENDIAN = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN;

    private VectorKernels() {}

    /**
     * Adds the dot product of x and y and their squared norms to {@code sums}, in float arithmetic:
     * for chunks of a few hundred elements, whose results the caller checks.
     */
    public static void dotAndSquaresFast(float[] x, int xOffset, float[] y, int yOffset, int length, ProductSums sums)
    {
        FloatVector dot = FloatVector.zero(FLOATS);
        FloatVector xx = FloatVector.zero(FLOATS);
        FloatVector yy = FloatVector.zero(FLOATS);
        int bound = FLOATS.loopBound(length);
        int i = 0;
        for (; i < bound; i += LANES) {
            FloatVector xf = FloatVector.fromArray(FLOATS, x, xOffset + i);
            FloatVector yf = FloatVector.fromArray(FLOATS, y, yOffset + i);
            dot = xf.fma(yf, dot);
            xx = xf.fma(xf, xx);
            yy = yf.fma(yf, yy);
        }
        addDotAndSquares(x, xOffset, y, yOffset, i, length, sumLanes(dot), sumLanes(xx), sumLanes(yy), sums);
    }

    /**
     * Adds the squared euclidean and the manhattan distance of x and y to {@code sums}, in float
     * arithmetic: for chunks of a few hundred elements, whose results the caller checks.
     */
    public static void differencesFast(float[] x, int xOffset, float[] y, int yOffset, int length, DifferenceSums sums)
    {
        FloatVector squares = FloatVector.zero(FLOATS);
        FloatVector absolutes = FloatVector.zero(FLOATS);
        int bound = FLOATS.loopBound(length);
        int i = 0;
        for (; i < bound; i += LANES) {
            FloatVector difference = FloatVector.fromArray(FLOATS, x, xOffset + i).sub(FloatVector.fromArray(FLOATS, y, yOffset + i));
            squares = difference.fma(difference, squares);
            absolutes = absolutes.add(difference.abs());
        }
        addDifferences(x, xOffset, y, yOffset, i, length, sumLanes(squares), sumLanes(absolutes), sums);
    }

    /**
     * Adds the dot product of x and y and their squared norms to {@code sums}, exactly as far as
     * double arithmetic allows.
     */
    public static void dotAndSquares(float[] x, int xOffset, float[] y, int yOffset, int length, ProductSums sums)
    {
        DoubleVector dot = DoubleVector.zero(DOUBLES);
        DoubleVector xx = DoubleVector.zero(DOUBLES);
        DoubleVector yy = DoubleVector.zero(DOUBLES);
        int bound = FLOATS.loopBound(length);
        int i = 0;
        for (; i < bound; i += LANES) {
            FloatVector xf = FloatVector.fromArray(FLOATS, x, xOffset + i);
            FloatVector yf = FloatVector.fromArray(FLOATS, y, yOffset + i);
            DoubleVector x0 = (DoubleVector) xf.convertShape(F2D, DOUBLES, 0);
            DoubleVector x1 = (DoubleVector) xf.convertShape(F2D, DOUBLES, 1);
            DoubleVector y0 = (DoubleVector) yf.convertShape(F2D, DOUBLES, 0);
            DoubleVector y1 = (DoubleVector) yf.convertShape(F2D, DOUBLES, 1);
            dot = x0.fma(y0, x1.fma(y1, dot));
            xx = x0.fma(x0, x1.fma(x1, xx));
            yy = y0.fma(y0, y1.fma(y1, yy));
        }
        addDotAndSquares(x, xOffset, y, yOffset, i, length, sumLanes(dot), sumLanes(xx), sumLanes(yy), sums);
    }

    /**
     * Adds the squared euclidean and the manhattan distance of x and y to {@code sums}, exactly as
     * far as double arithmetic allows.
     */
    public static void differences(float[] x, int xOffset, float[] y, int yOffset, int length, DifferenceSums sums)
    {
        DoubleVector squares = DoubleVector.zero(DOUBLES);
        DoubleVector absolutes = DoubleVector.zero(DOUBLES);
        int bound = FLOATS.loopBound(length);
        int i = 0;
        for (; i < bound; i += LANES) {
            FloatVector xf = FloatVector.fromArray(FLOATS, x, xOffset + i);
            FloatVector yf = FloatVector.fromArray(FLOATS, y, yOffset + i);
            DoubleVector d0 = ((DoubleVector) xf.convertShape(F2D, DOUBLES, 0)).sub((DoubleVector) yf.convertShape(F2D, DOUBLES, 0));
            DoubleVector d1 = ((DoubleVector) xf.convertShape(F2D, DOUBLES, 1)).sub((DoubleVector) yf.convertShape(F2D, DOUBLES, 1));
            squares = d0.fma(d0, d1.fma(d1, squares));
            absolutes = absolutes.add(d0.abs()).add(d1.abs());
        }
        addDifferences(x, xOffset, y, yOffset, i, length, sumLanes(squares), sumLanes(absolutes), sums);
    }

    /**
     * Adds the dot product of x and y and their squared norms to {@code sums}, for doubles stored as
     * their bits in long arrays, as in Trino's blocks of {@code double}.
     */
    public static void dotAndSquares(long[] x, int xOffset, long[] y, int yOffset, int length, ProductSums sums)
    {
        DoubleVector dot = DoubleVector.zero(DOUBLES);
        DoubleVector xx = DoubleVector.zero(DOUBLES);
        DoubleVector yy = DoubleVector.zero(DOUBLES);
        int step = DOUBLES.length();
        int bound = DOUBLES.loopBound(length);
        int i = 0;
        for (; i < bound; i += step) {
            DoubleVector xd = LongVector.fromArray(LONGS, x, xOffset + i).reinterpretAsDoubles();
            DoubleVector yd = LongVector.fromArray(LONGS, y, yOffset + i).reinterpretAsDoubles();
            dot = xd.fma(yd, dot);
            xx = xd.fma(xd, xx);
            yy = yd.fma(yd, yy);
        }
        double dotSum = sumLanes(dot);
        double xxSum = sumLanes(xx);
        double yySum = sumLanes(yy);
        for (; i < length; i++) {
            double xValue = Double.longBitsToDouble(x[xOffset + i]);
            double yValue = Double.longBitsToDouble(y[yOffset + i]);
            dotSum += xValue * yValue;
            xxSum += xValue * xValue;
            yySum += yValue * yValue;
        }
        sums.dotProduct += dotSum;
        sums.xSquaredNorm += xxSum;
        sums.ySquaredNorm += yySum;
    }

    /**
     * Adds the squared euclidean and the manhattan distance of x and y to {@code sums}, for doubles
     * stored as their bits in long arrays, as in Trino's blocks of {@code double}.
     */
    public static void differences(long[] x, int xOffset, long[] y, int yOffset, int length, DifferenceSums sums)
    {
        DoubleVector squares = DoubleVector.zero(DOUBLES);
        DoubleVector absolutes = DoubleVector.zero(DOUBLES);
        int step = DOUBLES.length();
        int bound = DOUBLES.loopBound(length);
        int i = 0;
        for (; i < bound; i += step) {
            DoubleVector difference = LongVector.fromArray(LONGS, x, xOffset + i).reinterpretAsDoubles()
                    .sub(LongVector.fromArray(LONGS, y, yOffset + i).reinterpretAsDoubles());
            squares = difference.fma(difference, squares);
            absolutes = absolutes.add(difference.abs());
        }
        double squareSum = sumLanes(squares);
        double absoluteSum = sumLanes(absolutes);
        for (; i < length; i++) {
            double difference = Double.longBitsToDouble(x[xOffset + i]) - Double.longBitsToDouble(y[yOffset + i]);
            squareSum += difference * difference;
            absoluteSum += Math.abs(difference);
        }
        sums.squaredEuclidean += squareSum;
        sums.manhattan += absoluteSum;
    }

    /**
     * Float values stored as their bits, as in Trino's blocks of {@code real}.
     */
    public static void decodeFloatBits(int[] source, int offset, float[] target, int targetOffset, int length)
    {
        int bound = INTS.loopBound(length);
        int i = 0;
        for (; i < bound; i += INTS.length()) {
            IntVector.fromArray(INTS, source, offset + i).reinterpretAsFloats().intoArray(target, targetOffset + i);
        }
        for (; i < length; i++) {
            target[targetOffset + i] = Float.intBitsToFloat(source[offset + i]);
        }
    }

    /**
     * Little-endian float32 elements.
     */
    public static void decodeFloat32(byte[] source, int byteOffset, float[] target, int targetOffset, int length)
    {
        int i = 0;
        if (LITTLE_ENDIAN) {
            int bound = FLOATS.loopBound(length);
            for (; i < bound; i += LANES) {
                ByteVector.fromArray(FLOAT32_BYTES, source, byteOffset + i * 4).reinterpretAsFloats().intoArray(target, targetOffset + i);
            }
        }
        for (; i < length; i++) {
            target[targetOffset + i] = Float.intBitsToFloat(littleEndianInt(source, byteOffset + i * 4));
        }
    }

    /**
     * Little-endian IEEE 754 binary16 elements. Normal and subnormal values become exact floats by
     * moving exponent and fraction into place and scaling by 2^112; infinities and NaN keep their
     * all-ones exponent.
     */
    public static void decodeFloat16(byte[] source, int byteOffset, float[] target, int targetOffset, int length)
    {
        int i = 0;
        if (LITTLE_ENDIAN) {
            int bound = FLOATS.loopBound(length);
            FloatVector scale = FloatVector.broadcast(FLOATS, 0x1p112f);
            for (; i < bound; i += LANES) {
                ShortVector halves = ByteVector.fromArray(HALF_BYTES, source, byteOffset + i * 2).reinterpretAsShorts();
                IntVector bits = ((IntVector) halves.convertShape(S2I, INTS, 0)).lanewise(AND, 0xFFFF);
                IntVector magnitude = bits.lanewise(AND, 0x7FFF);
                IntVector sign = bits.lanewise(AND, 0x8000).lanewise(LSHL, 16);
                FloatVector finite = magnitude.lanewise(LSHL, 13).reinterpretAsFloats().mul(scale);
                // exponent 31: infinity or NaN
                IntVector special = magnitude.lanewise(LSHL, 13).lanewise(OR, 0x7F800000);
                IntVector result = finite.reinterpretAsInts().blend(special, magnitude.compare(GE, 0x7C00));
                result.lanewise(OR, sign).reinterpretAsFloats().intoArray(target, targetOffset + i);
            }
        }
        for (; i < length; i++) {
            target[targetOffset + i] = Float.float16ToFloat((short) littleEndianShort(source, byteOffset + i * 2));
        }
    }

    /**
     * Little-endian bfloat16 elements: the upper half of a float32.
     */
    public static void decodeBFloat16(byte[] source, int byteOffset, float[] target, int targetOffset, int length)
    {
        int i = 0;
        if (LITTLE_ENDIAN) {
            int bound = FLOATS.loopBound(length);
            for (; i < bound; i += LANES) {
                ShortVector halves = ByteVector.fromArray(HALF_BYTES, source, byteOffset + i * 2).reinterpretAsShorts();
                ((IntVector) halves.convertShape(S2I, INTS, 0)).lanewise(LSHL, 16).reinterpretAsFloats().intoArray(target, targetOffset + i);
            }
        }
        for (; i < length; i++) {
            target[targetOffset + i] = Float.intBitsToFloat(littleEndianShort(source, byteOffset + i * 2) << 16);
        }
    }

    /**
     * Signed 8-bit elements times a scale.
     */
    public static void decodeInt8(byte[] source, int byteOffset, float scale, float[] target, int targetOffset, int length)
    {
        int bound = FLOATS.loopBound(length);
        int i = 0;
        for (; i < bound; i += LANES) {
            ((FloatVector) ByteVector.fromArray(QUARTER_BYTES, source, byteOffset + i).convertShape(B2F, FLOATS, 0))
                    .mul(scale)
                    .intoArray(target, targetOffset + i);
        }
        for (; i < length; i++) {
            target[targetOffset + i] = source[byteOffset + i] * scale;
        }
    }

    /**
     * Sets {@code counts} to the number of bits set in the exclusive or of two bit strings, and in their or.
     */
    public static void bitDifferences(byte[] x, int xOffset, byte[] y, int yOffset, int length, BitCounts counts)
    {
        LongVector differing = LongVector.zero(LONGS);
        LongVector either = LongVector.zero(LONGS);
        int bytesPerVector = LONGS.vectorByteSize();
        int i = 0;
        if (LITTLE_ENDIAN) {
            for (; i + bytesPerVector <= length; i += bytesPerVector) {
                LongVector xBits = ByteVector.fromArray(FLOAT32_BYTES, x, xOffset + i).reinterpretAsLongs();
                LongVector yBits = ByteVector.fromArray(FLOAT32_BYTES, y, yOffset + i).reinterpretAsLongs();
                differing = differing.add(xBits.lanewise(XOR, yBits).lanewise(BIT_COUNT));
                either = either.add(xBits.lanewise(OR, yBits).lanewise(BIT_COUNT));
            }
        }
        long differingCount = differing.reduceLanes(ADD);
        long eitherCount = either.reduceLanes(ADD);
        for (; i < length; i++) {
            differingCount += Integer.bitCount((x[xOffset + i] ^ y[yOffset + i]) & 0xFF);
            eitherCount += Integer.bitCount((x[xOffset + i] | y[yOffset + i]) & 0xFF);
        }
        counts.differingBits = differingCount;
        counts.unionBits = eitherCount;
    }

    /**
     * Whether every value is finite (neither infinite nor NaN).
     */
    public static boolean allFinite(float[] values, int offset, int length)
    {
        int bound = FLOATS.loopBound(length);
        int i = 0;
        for (; i < bound; i += LANES) {
            IntVector exponent = FloatVector.fromArray(FLOATS, values, offset + i).reinterpretAsInts().lanewise(AND, 0x7F800000);
            if (exponent.compare(EQ, 0x7F800000).anyTrue()) {
                return false;
            }
        }
        for (; i < length; i++) {
            if (!Float.isFinite(values[offset + i])) {
                return false;
            }
        }
        return true;
    }

    /**
     * Adds the lane sums and the elements from {@code from} on, which fill no whole vector, to {@code sums}.
     */
    private static void addDotAndSquares(float[] x, int xOffset, float[] y, int yOffset, int from, int length, double dotSum, double xxSum, double yySum, ProductSums sums)
    {
        for (int i = from; i < length; i++) {
            double xValue = x[xOffset + i];
            double yValue = y[yOffset + i];
            dotSum += xValue * yValue;
            xxSum += xValue * xValue;
            yySum += yValue * yValue;
        }
        sums.dotProduct += dotSum;
        sums.xSquaredNorm += xxSum;
        sums.ySquaredNorm += yySum;
    }

    /**
     * Adds the lane sums and the elements from {@code from} on, which fill no whole vector, to {@code sums}.
     */
    private static void addDifferences(float[] x, int xOffset, float[] y, int yOffset, int from, int length, double squareSum, double absoluteSum, DifferenceSums sums)
    {
        for (int i = from; i < length; i++) {
            double difference = (double) x[xOffset + i] - y[yOffset + i];
            squareSum += difference * difference;
            absoluteSum += Math.abs(difference);
        }
        sums.squaredEuclidean += squareSum;
        sums.manhattan += absoluteSum;
    }

    /**
     * The sum of the lanes in lane order. {@code reduceLanes(ADD)} leaves the order open, and the
     * compiled and the interpreted code of the same kernel add in different orders: a distance
     * would depend on how warm the JVM is.
     */
    private static double sumLanes(FloatVector vector)
    {
        double sum = 0;
        for (int lane = 0; lane < LANES; lane++) {
            sum += vector.lane(lane);
        }
        return sum;
    }

    /**
     * The sum of the lanes in lane order, for the reason given at {@link #sumLanes(FloatVector)}.
     */
    private static double sumLanes(DoubleVector vector)
    {
        double sum = 0;
        for (int lane = 0; lane < vector.length(); lane++) {
            sum += vector.lane(lane);
        }
        return sum;
    }

    private static int littleEndianInt(byte[] bytes, int offset)
    {
        return (bytes[offset] & 0xFF) | (bytes[offset + 1] & 0xFF) << 8 | (bytes[offset + 2] & 0xFF) << 16 | (bytes[offset + 3] & 0xFF) << 24;
    }

    private static int littleEndianShort(byte[] bytes, int offset)
    {
        return (bytes[offset] & 0xFF) | (bytes[offset + 1] & 0xFF) << 8;
    }

    /**
     * What {@link VectorKernels#dotAndSquares} and {@link VectorKernels#dotAndSquaresFast} add to:
     * the dot product of x and y, and the squared norms of x and of y. The kernels only add, so a
     * caller can sum a vector chunk by chunk, and {@link #clear} starts new sums. One instance serves
     * row after row; the kernels write the fields and the callers in this package read them.
     */
    public static final class ProductSums
    {
        double dotProduct;
        double xSquaredNorm;
        double ySquaredNorm;

        void clear()
        {
            dotProduct = 0;
            xSquaredNorm = 0;
            ySquaredNorm = 0;
        }
    }

    /**
     * What {@link VectorKernels#differences} and {@link VectorKernels#differencesFast} add to: the
     * squared euclidean distance of x and y (the sum of the squared differences) and their manhattan
     * distance (the sum of the absolute differences). The kernels only add, and {@link #clear} starts
     * new sums. One instance serves row after row; the kernels write the fields and the callers in
     * this package read them.
     */
    public static final class DifferenceSums
    {
        double squaredEuclidean;
        double manhattan;

        void clear()
        {
            squaredEuclidean = 0;
            manhattan = 0;
        }
    }

    /**
     * What {@link VectorKernels#bitDifferences} sets: the number of bits set in one bit string and
     * not in the other (their hamming distance: the size of the symmetric difference of two sets),
     * and the number set in either (the size of their union). One instance serves row after row; the
     * kernel writes the fields and the callers in this package read them.
     */
    public static final class BitCounts
    {
        long differingBits;
        long unionBits;
    }
}
