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
package io.lakehouseml.benchmarks;

import java.sql.SQLException;
import java.util.List;

import static java.lang.String.format;

/**
 * What the splits of a query that reads the Iceberg files itself (point_in_time_features, training
 * set reads) held and read, summed over the nodes: from
 * {@code feature_store.system.point_in_time_features_memory}, since those are outside the server's
 * query statistics.
 *
 * @param peakBytes the most the splits held at once, on each node, summed
 * @param readCpuMillis the CPU time the splits spent reading the data files
 */
record SplitStatistics(long peakBytes, long readCpuMillis)
{
    static SplitStatistics of(BenchmarkClient client, String queryId)
            throws SQLException
    {
        List<Object> row = client.query(format(
                "SELECT coalesce(sum(peak_bytes), 0), coalesce(sum(read_cpu_time_ms), 0) FROM feature_store.system.point_in_time_features_memory WHERE query_id = '%s'",
                queryId)).getFirst();
        return new SplitStatistics(((Number) row.get(0)).longValue(), ((Number) row.get(1)).longValue());
    }
}
