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
import io.trino.spi.block.Block;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;

import java.util.Arrays;
import java.util.Random;

import static io.lakehouseml.ml.VectorDistances.Distance.COSINE_DISTANCE;
import static io.lakehouseml.ml.VectorDistances.NullElements.NULL_RESULT;
import static io.trino.spi.type.RealType.REAL;
import static java.util.concurrent.TimeUnit.SECONDS;

/**
 * Cosine distance of a query vector to a stream of vectors that do not fit in the CPU caches (about
 * 100 MB of float32 elements), as a search over a table computes it. The scalar baseline reads each
 * element through the block and widens it to double, as Trino's array(double) functions do with an
 * array(real) argument, and the floor only reads the float32 vectors. Scores are vectors per second
 * on one thread.
 */
@State(Scope.Thread)
@OutputTimeUnit(SECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xmx4g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@OperationsPerInvocation(BenchmarkVectorKernels.VECTORS_PER_INVOCATION)
public class BenchmarkVectorKernels
{
    static final int VECTORS_PER_INVOCATION = 1024;
    private static final long STREAM_BYTES = 100L << 20;

    @Param({"384", "768", "1536"})
    public int dimension;

    private Block[] arrays;
    private Slice[] float32;
    private Slice[] float16;
    private Slice[] int8;
    private Slice[] binary;
    private Block query;
    private Slice binaryQuery;
    private int next;

    @Setup
    public void setup()
    {
        Random random = new Random(42);
        int count = (int) (STREAM_BYTES / (dimension * 4L)) / VECTORS_PER_INVOCATION * VECTORS_PER_INVOCATION;
        arrays = new Block[count];
        float32 = new Slice[count];
        float16 = new Slice[count];
        int8 = new Slice[count];
        binary = new Slice[count / 8];
        for (int i = 0; i < count; i++) {
            float[] values = new float[dimension];
            for (int j = 0; j < dimension; j++) {
                values[j] = (float) random.nextGaussian();
            }
            arrays[i] = VectorEncoder.toArray(values);
            float32[i] = VectorEncoder.pack("benchmark", values, VectorFormat.FLOAT32);
            if (i % 2 == 0) {
                float16[i / 2] = VectorEncoder.pack("benchmark", values, VectorFormat.FLOAT16);
            }
            if (i % 4 == 0) {
                int8[i / 4] = VectorEncoder.pack("benchmark", values, VectorFormat.INT8);
            }
            if (i % 8 == 0) {
                binary[i / 8] = VectorEncoder.pack("benchmark", values, VectorFormat.BINARY);
            }
        }
        // the same number of bytes streamed for every format
        float16 = Arrays.copyOf(float16, count / 2);
        int8 = Arrays.copyOf(int8, count / 4);
        float[] queryValues = new float[dimension];
        for (int j = 0; j < dimension; j++) {
            queryValues[j] = (float) random.nextGaussian();
        }
        query = VectorEncoder.toArray(queryValues);
        binaryQuery = VectorEncoder.pack("benchmark", queryValues, VectorFormat.BINARY);
    }

    /**
     * The floor: only reads the float32 vectors and adds their elements, the memory bandwidth limit
     * of one thread for the data every kernel reads.
     */
    @Benchmark
    public double memoryBandwidthFloat32()
    {
        FloatVector sum = FloatVector.zero(FloatVector.SPECIES_PREFERRED);
        int lanes = FloatVector.SPECIES_PREFERRED.length();
        for (int i = 0; i < VECTORS_PER_INVOCATION; i++) {
            Slice vector = float32[next(float32.length)];
            byte[] bytes = vector.byteArray();
            int offset = vector.byteArrayOffset() + PackedVector.dataOffset(VectorFormat.FLOAT32);
            for (int j = 0; j + lanes <= dimension; j += lanes) {
                sum = sum.add(ByteVector.fromArray(ByteVector.SPECIES_PREFERRED, bytes, offset + j * 4).reinterpretAsFloats());
            }
        }
        return sum.reduceLanes(VectorOperators.ADD);
    }

    @Benchmark
    public double scalarArray()
    {
        double sum = 0;
        for (int i = 0; i < VECTORS_PER_INVOCATION; i++) {
            sum += scalarCosineDistance(arrays[next(arrays.length)], query);
        }
        return sum;
    }

    @Benchmark
    public double simdArray()
    {
        VectorDistances distances = VectorDistances.get();
        double sum = 0;
        for (int i = 0; i < VECTORS_PER_INVOCATION; i++) {
            sum += distances.compute("cosine_distance", COSINE_DISTANCE, NULL_RESULT, distances.first().setArray(arrays[next(arrays.length)]), distances.second().setArray(query));
        }
        return sum;
    }

    @Benchmark
    public double simdFloat32()
    {
        return packed(float32);
    }

    @Benchmark
    public double simdFloat16()
    {
        return packed(float16);
    }

    @Benchmark
    public double simdInt8()
    {
        return packed(int8);
    }

    @Benchmark
    public long hammingBinary()
    {
        long sum = 0;
        for (int i = 0; i < VECTORS_PER_INVOCATION; i++) {
            sum += BinaryVectorFunctions.hammingDistance(binary[next(binary.length)], binaryQuery);
        }
        return sum;
    }

    private double packed(Slice[] vectors)
    {
        VectorDistances distances = VectorDistances.get();
        double sum = 0;
        for (int i = 0; i < VECTORS_PER_INVOCATION; i++) {
            sum += distances.compute("cosine_distance", COSINE_DISTANCE, NULL_RESULT, distances.first().setPacked("cosine_distance", vectors[next(vectors.length)]), distances.second().setArray(query));
        }
        return sum;
    }

    private int next(int count)
    {
        int index = next;
        next = index + 1 >= count ? 0 : index + 1;
        return index;
    }

    private static double scalarCosineDistance(Block first, Block second)
    {
        double dot = 0;
        double firstSquares = 0;
        double secondSquares = 0;
        for (int i = 0; i < first.getPositionCount(); i++) {
            double x = REAL.getFloat(first, i);
            double y = REAL.getFloat(second, i);
            dot += x * y;
            firstSquares += x * x;
            secondSquares += y * y;
        }
        return 1 - dot / Math.sqrt(firstSquares * secondSquares);
    }

    public static void main(String[] args)
            throws Exception
    {
        Options options = new OptionsBuilder()
                .include(BenchmarkVectorKernels.class.getSimpleName())
                .build();
        new Runner(options).run();
    }
}
