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

import com.google.common.collect.ImmutableList;
import io.github.jbellis.jvector.disk.ReaderSupplier;
import io.github.jbellis.jvector.graph.GraphIndexBuilder;
import io.github.jbellis.jvector.graph.ListRandomAccessVectorValues;
import io.github.jbellis.jvector.graph.OnHeapGraphIndex;
import io.github.jbellis.jvector.graph.RandomAccessVectorValues;
import io.github.jbellis.jvector.graph.disk.OnDiskGraphIndex;
import io.github.jbellis.jvector.graph.similarity.BuildScoreProvider;
import io.github.jbellis.jvector.vector.VectorizationProvider;
import io.github.jbellis.jvector.vector.types.VectorFloat;
import io.github.jbellis.jvector.vector.types.VectorTypeSupport;

import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ForkJoinPool;

import static com.google.common.base.Preconditions.checkArgument;
import static java.nio.charset.StandardCharsets.UTF_8;
import static java.nio.file.StandardOpenOption.READ;
import static java.util.Objects.requireNonNull;

/**
 * The file of a segment of a vector index. Layout, big-endian:
 * <pre>
 * int    magic "LHVX", int version 1
 * int    dimension
 * int    data file count F, then F times: int length and UTF-8 bytes of its path, int the ordinal
 *        of its first vector
 * int    vector count N, then N times: int the row position of the vector's row in its data file
 * ...    the graph and the vectors, as jvector's OnDiskGraphIndex writes them (inline vectors)
 * </pre>
 * Ordinals are numbered file by file in the order of the files, and rows in the order of their
 * positions: the vector of ordinal {@code o} belongs to the last file whose first ordinal is at
 * most {@code o}.
 */
public final class SegmentFile
{
    private static final int MAGIC = 0x4C485658;
    private static final int VERSION = 1;
    private static final VectorTypeSupport VECTORS = VectorizationProvider.getInstance().getVectorTypeSupport();

    private SegmentFile() {}

    /**
     * The vectors a segment is made of, grouped by data file.
     */
    public static final class Contents
    {
        private int dimension;
        private final List<String> dataFiles = new ArrayList<>();
        private final List<Integer> firstOrdinals = new ArrayList<>();
        private final List<float[]> vectors = new ArrayList<>();
        private int[] positions = new int[1024];

        /**
         * @param dimension the dimension of the vectors, or 0 for the dimension of the first one added
         */
        public Contents(int dimension)
        {
            checkArgument(dimension >= 0, "dimension is negative");
            this.dimension = dimension;
        }

        public int dimension()
        {
            return dimension;
        }

        public void startFile(String path)
        {
            dataFiles.add(requireNonNull(path, "path is null"));
            firstOrdinals.add(vectors.size());
        }

        public void add(long position, float[] vector)
        {
            if (dimension == 0) {
                dimension = vector.length;
            }
            checkArgument(vector.length == dimension, "vector has %s dimensions, not %s", vector.length, dimension);
            checkArgument(position <= Integer.MAX_VALUE, "row position %s is too large", position);
            if (vectors.size() == positions.length) {
                positions = Arrays.copyOf(positions, positions.length * 2);
            }
            positions[vectors.size()] = (int) position;
            vectors.add(vector);
        }

        public int size()
        {
            return vectors.size();
        }

        public List<String> dataFiles()
        {
            return ImmutableList.copyOf(dataFiles);
        }
    }

    /**
     * Builds the graph of the vectors and writes the segment to a local file.
     *
     * @param threads the threads that build the graph
     */
    public static void write(Contents contents, VectorMetric metric, int maxDegree, int beamWidth, int threads, Path target)
            throws IOException
    {
        Path graphFile = Files.createTempFile(target.getParent(), "graph", ".tmp");
        try {
            List<VectorFloat<?>> vectors = new ArrayList<>(contents.vectors.size());
            for (float[] vector : contents.vectors) {
                vectors.add(VECTORS.createFloatVector(vector));
            }
            RandomAccessVectorValues values = new ListRandomAccessVectorValues(vectors, contents.dimension);
            ForkJoinPool pool = new ForkJoinPool(threads);
            try (GraphIndexBuilder builder = new GraphIndexBuilder(
                    BuildScoreProvider.randomAccessScoreProvider(values, metric.similarity()),
                    contents.dimension,
                    maxDegree,
                    beamWidth,
                    1.2f,
                    1.2f,
                    // jvector's default pool for the inserts has a thread per physical core (one here on two hyper-threads): use them all
                    pool,
                    pool)) {
                OnHeapGraphIndex graph = builder.build(values);
                OnDiskGraphIndex.write(graph, values, graphFile);
            }
            finally {
                pool.shutdownNow();
            }
            try (OutputStream output = Files.newOutputStream(target)) {
                DataOutputStream header = new DataOutputStream(new BufferedOutputStream(output));
                header.writeInt(MAGIC);
                header.writeInt(VERSION);
                header.writeInt(contents.dimension);
                header.writeInt(contents.dataFiles.size());
                for (int index = 0; index < contents.dataFiles.size(); index++) {
                    byte[] path = contents.dataFiles.get(index).getBytes(UTF_8);
                    header.writeInt(path.length);
                    header.write(path);
                    header.writeInt(contents.firstOrdinals.get(index));
                }
                header.writeInt(contents.vectors.size());
                for (int ordinal = 0; ordinal < contents.vectors.size(); ordinal++) {
                    header.writeInt(contents.positions[ordinal]);
                }
                header.flush();
                try (InputStream graphBytes = Files.newInputStream(graphFile)) {
                    graphBytes.transferTo(output);
                }
            }
        }
        finally {
            Files.deleteIfExists(graphFile);
        }
    }

    /**
     * Maps a segment file into memory; the mapping lives as long as the returned segment is reachable.
     */
    public static LoadedSegment open(Path file)
            throws IOException
    {
        MemorySegment memory;
        try (FileChannel channel = FileChannel.open(file, READ)) {
            memory = channel.map(FileChannel.MapMode.READ_ONLY, 0, channel.size(), Arena.ofAuto());
        }
        // every page mapped at once (0.2 s for 2.9 GB here), not at its first touch by a search: a search
        // visits pages all over the file, and each first touch is a page fault (tens of microseconds on
        // some virtual machines, which made the first searches of a large segment several times slower)
        memory.load();
        MappedFileReader reader = new MappedFileReader(memory);
        if (memory.byteSize() < 16 || reader.readInt() != MAGIC) {
            throw new IOException("Not a vector index segment: " + file);
        }
        int version = reader.readInt();
        if (version != VERSION) {
            throw new IOException("Vector index segment %s has version %s; this release reads version %s".formatted(file, version, VERSION));
        }
        int dimension = reader.readInt();
        int fileCount = reader.readInt();
        ImmutableList.Builder<String> dataFiles = ImmutableList.builder();
        int[] firstOrdinals = new int[fileCount];
        for (int index = 0; index < fileCount; index++) {
            dataFiles.add(readPath(reader));
            firstOrdinals[index] = reader.readInt();
        }
        int[] positions = new int[reader.readInt()];
        reader.read(positions, 0, positions.length);
        ReaderSupplier readers = () -> new MappedFileReader(memory);
        OnDiskGraphIndex graph = OnDiskGraphIndex.load(readers, reader.getPosition());
        return new LoadedSegment(dimension, dataFiles.build(), firstOrdinals, positions, graph, memory.byteSize());
    }

    private static String readPath(MappedFileReader reader)
    {
        byte[] bytes = new byte[reader.readInt()];
        reader.readFully(bytes);
        return new String(bytes, UTF_8);
    }
}
