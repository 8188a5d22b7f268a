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
package io.lakehouseml.feature.join;

import com.google.inject.Inject;
import io.airlift.units.DataSize;
import io.lakehouseml.feature.FeatureStoreConfig;
import io.lakehouseml.feature.iceberg.ParquetFeatureReader.FileRead;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static io.lakehouseml.feature.FeatureStoreErrorCode.FEATURE_STORE_MEMORY_LIMIT;

/**
 * The memory the splits of {@link FeatureJoinFunction} calls hold on this node, by query, and the
 * data files they read. The memory is the rows and arrays a split keeps between reading the files
 * and returning its rows, which the table function SPI gives no memory context to report to Trino.
 * The sum over every query on the node is held below
 * {@code feature-store.point-in-time.max-memory-per-node}: a split that would pass it fails its
 * query. The peak of a query is of the sum over its splits running at the same time. The reads are
 * counted because Trino's query statistics see none of them: the splits read the files themselves.
 * Kept for the most recent queries; read through
 * {@code feature_store.system.point_in_time_features_memory}.
 */
public final class FeatureJoinMemory
{
    public static final String LIMIT_PROPERTY = "feature-store.point-in-time.max-memory-per-node";
    private static final int QUERIES = 500;

    private final DataSize limit;
    private final AtomicLong nodeHeld = new AtomicLong();
    private final Map<String, QueryMemory> queries = new LinkedHashMap<>()
    {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, QueryMemory> eldest)
        {
            return size() > QUERIES;
        }
    };

    @Inject
    public FeatureJoinMemory(FeatureStoreConfig config)
    {
        this(config.getPointInTimeMaxMemoryPerNode());
    }

    public FeatureJoinMemory(DataSize limit)
    {
        this.limit = limit;
    }

    public synchronized QueryMemory query(String queryId)
    {
        return queries.computeIfAbsent(queryId, QueryMemory::new);
    }

    public synchronized List<QueryMemory> queries()
    {
        return List.copyOf(queries.values());
    }

    /**
     * What every split on this node holds now.
     */
    public long heldBytes()
    {
        return nodeHeld.get();
    }

    public final class QueryMemory
    {
        private final String queryId;
        private final AtomicInteger splits = new AtomicInteger();
        private final AtomicLong held = new AtomicLong();
        private final AtomicLong peak = new AtomicLong();
        private final AtomicLong filesRead = new AtomicLong();
        private final AtomicLong rowsRead = new AtomicLong();
        private final AtomicLong bytesRead = new AtomicLong();
        private final AtomicLong readCpuNanos = new AtomicLong();

        private QueryMemory(String queryId)
        {
            this.queryId = queryId;
        }

        public String queryId()
        {
            return queryId;
        }

        public int splits()
        {
            return splits.get();
        }

        public long heldBytes()
        {
            return held.get();
        }

        public long peakBytes()
        {
            return peak.get();
        }

        /**
         * What the query's splits read on this node so far.
         */
        public Reads reads()
        {
            return new Reads(filesRead.get(), rowsRead.get(), bytesRead.get(), readCpuNanos.get());
        }

        void splitStarted()
        {
            splits.incrementAndGet();
        }

        /**
         * Counts a data file a split read (the same file again when a split reads it once per batch).
         */
        void fileRead(FileRead read)
        {
            filesRead.incrementAndGet();
            rowsRead.addAndGet(read.rows());
            bytesRead.addAndGet(read.bytes());
            readCpuNanos.addAndGet(read.cpuNanos());
        }

        /**
         * Counts bytes a split takes (positive) or gives back (negative).
         *
         * @throws io.trino.spi.TrinoException when taking them would pass the node's limit; nothing is counted then
         */
        void change(long bytes)
        {
            long node = nodeHeld.addAndGet(bytes);
            if (bytes > 0 && node > limit.toBytes()) {
                nodeHeld.addAndGet(-bytes);
                throw FEATURE_STORE_MEMORY_LIMIT.error(
                        "point_in_time_features needs more memory than %s=%s allows on this node: its splits would hold %s with the other queries' (%s more for this split). "
                                + "Bucket the feature table by the entity (fewer rows per split), run fewer such queries at once, or raise the limit",
                        LIMIT_PROPERTY,
                        limit,
                        DataSize.ofBytes(node).succinct(),
                        DataSize.ofBytes(bytes).succinct());
            }
            long now = held.addAndGet(bytes);
            peak.accumulateAndGet(now, Math::max);
        }
    }

    /**
     * The data files the splits of a query read, the rows decoded, the bytes read and the CPU time
     * the reading took.
     */
    public record Reads(long files, long rows, long bytes, long cpuNanos) {}
}
