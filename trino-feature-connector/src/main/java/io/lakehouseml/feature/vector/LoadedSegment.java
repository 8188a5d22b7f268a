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
import io.github.jbellis.jvector.graph.GraphSearcher;
import io.github.jbellis.jvector.graph.SearchResult;
import io.github.jbellis.jvector.graph.disk.OnDiskGraphIndex;
import io.github.jbellis.jvector.graph.similarity.SearchScoreProvider;
import io.github.jbellis.jvector.util.Bits;
import io.github.jbellis.jvector.vector.VectorizationProvider;
import io.github.jbellis.jvector.vector.types.VectorFloat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import java.util.PriorityQueue;

import static java.util.Comparator.comparingDouble;
import static java.util.Objects.requireNonNull;

/**
 * A segment file mapped into memory (see {@link SegmentFile}): its graph and vectors, and where the
 * row of each vector is.
 */
public final class LoadedSegment
{
    // below this many accepted vectors, comparing each costs about what searching the graph costs, and finds every one
    private static final int EXACT_SEARCH_LIMIT = 20_000;

    private final int dimension;
    private final List<String> dataFiles;
    private final int[] firstOrdinals;
    private final int[] positions;
    private final OnDiskGraphIndex graph;
    private final long sizeBytes;

    LoadedSegment(int dimension, List<String> dataFiles, int[] firstOrdinals, int[] positions, OnDiskGraphIndex graph, long sizeBytes)
    {
        this.dimension = dimension;
        this.dataFiles = ImmutableList.copyOf(dataFiles);
        this.firstOrdinals = requireNonNull(firstOrdinals, "firstOrdinals is null");
        this.positions = requireNonNull(positions, "positions is null");
        this.graph = requireNonNull(graph, "graph is null");
        this.sizeBytes = sizeBytes;
    }

    public int dimension()
    {
        return dimension;
    }

    public List<String> dataFiles()
    {
        return dataFiles;
    }

    public int size()
    {
        return positions.length;
    }

    public long sizeBytes()
    {
        return sizeBytes;
    }

    /**
     * The ordinals of the vectors of a data file: from this one to the next file's first.
     */
    public int firstOrdinal(int fileIndex)
    {
        return fileIndex < firstOrdinals.length ? firstOrdinals[fileIndex] : positions.length;
    }

    /**
     * The row position, in its data file, of the row of a vector.
     */
    public int position(int ordinal)
    {
        return positions[ordinal];
    }

    public float[] vector(OnDiskGraphIndex.View view, int ordinal)
    {
        VectorFloat<?> vector = view.getVector(ordinal);
        float[] values = new float[dimension];
        for (int index = 0; index < dimension; index++) {
            values[index] = vector.get(index);
        }
        return values;
    }

    /**
     * The nearest vectors among the accepted ones, nearest first, with their exact distances:
     * through the graph, or, when few vectors are accepted (a selective filter, many deleted rows),
     * by comparing the query with each of them, which then is faster and finds every one.
     *
     * @param accepted whether a vector may be returned
     * @param acceptedCount how many vectors {@code accepted} takes
     * @param searchListSize how many candidates the graph search keeps (at least {@code k})
     */
    public List<Neighbour> search(float[] query, VectorMetric metric, int k, int searchListSize, Bits accepted, int acceptedCount)
    {
        if (acceptedCount == 0) {
            return ImmutableList.of();
        }
        OnDiskGraphIndex.View view = graph.getView();
        try {
            PriorityQueue<Neighbour> nearest = new PriorityQueue<>(comparingDouble(Neighbour::distance).reversed());
            if (acceptedCount <= Math.max(EXACT_SEARCH_LIMIT, size() / 10)) {
                for (int ordinal = 0; ordinal < size(); ordinal++) {
                    if (accepted.get(ordinal)) {
                        keep(nearest, k, view, ordinal, query, metric);
                    }
                }
            }
            else {
                VectorFloat<?> queryVector = VectorizationProvider.getInstance().getVectorTypeSupport().createFloatVector(Arrays.copyOf(query, query.length));
                try (GraphSearcher searcher = new GraphSearcher(graph)) {
                    SearchScoreProvider scores = SearchScoreProvider.exact(queryVector, metric.similarity(), view);
                    SearchResult result = searcher.search(scores, Math.max(k, searchListSize), accepted);
                    for (SearchResult.NodeScore node : result.getNodes()) {
                        keep(nearest, k, view, node.node, query, metric);
                    }
                }
            }
            Neighbour[] sorted = nearest.toArray(Neighbour[]::new);
            Arrays.sort(sorted, comparingDouble(Neighbour::distance));
            return ImmutableList.copyOf(sorted);
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        finally {
            try {
                view.close();
            }
            catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private void keep(PriorityQueue<Neighbour> nearest, int k, OnDiskGraphIndex.View view, int ordinal, float[] query, VectorMetric metric)
    {
        float[] vector = vector(view, ordinal);
        double distance = metric.distance(query, vector, 0);
        if (nearest.size() < k) {
            nearest.add(new Neighbour(ordinal, distance, vector));
        }
        else if (distance < nearest.peek().distance()) {
            nearest.poll();
            nearest.add(new Neighbour(ordinal, distance, vector));
        }
    }

    /**
     * A vector found near the query: its ordinal, its distance and its values.
     */
    public record Neighbour(int ordinal, double distance, float[] vector) {}
}
