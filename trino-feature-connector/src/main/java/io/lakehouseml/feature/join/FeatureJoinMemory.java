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

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The memory the splits of {@link FeatureJoinFunction} calls hold on this node, by query: the rows and
 * arrays a split keeps between reading the files and returning its rows, which the table function
 * SPI gives no memory context to report to Trino. The peak of a query is of the sum over its splits
 * running at the same time. Kept for the most recent queries; read through
 * {@code feature_store.system.point_in_time_features_memory}.
 */
public final class FeatureJoinMemory
{
    private static final int QUERIES = 500;

    private final Map<String, QueryMemory> queries = new LinkedHashMap<>()
    {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, QueryMemory> eldest)
        {
            return size() > QUERIES;
        }
    };

    public synchronized QueryMemory query(String queryId)
    {
        return queries.computeIfAbsent(queryId, QueryMemory::new);
    }

    public synchronized List<QueryMemory> queries()
    {
        return List.copyOf(queries.values());
    }

    public static final class QueryMemory
    {
        private final String queryId;
        private final AtomicInteger splits = new AtomicInteger();
        private final AtomicLong held = new AtomicLong();
        private final AtomicLong peak = new AtomicLong();

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

        void splitStarted()
        {
            splits.incrementAndGet();
        }

        void change(long bytes)
        {
            long now = held.addAndGet(bytes);
            peak.accumulateAndGet(now, Math::max);
        }
    }
}
