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
import java.util.Locale;
import java.util.StringJoiner;

import static io.lakehouseml.benchmarks.BenchmarkReport.median;
import static io.lakehouseml.benchmarks.BenchmarkReport.seconds;
import static java.lang.String.format;

/**
 * The time each engine takes to read the columns a point-in-time read needs, and do nothing else
 * with them, beside the time this project's read spends reading them: how much of the gap to a
 * peer is in reading the files and how much in joining them. Trino counts every column
 * of every table (the cheapest aggregate that decodes every value: a column is read whole when a
 * count first touches it); DuckDB hashes every row, as it answers some aggregates of a column from
 * the Parquet statistics without reading it. The tables are read in one query per engine, as the joins read them.
 */
final class ReadingFloor
{
    private ReadingFloor() {}

    /**
     * @param name the table's qualified name in Trino
     * @param columns the columns a point-in-time read of it needs
     */
    record Table(String name, List<String> columns) {}

    record Floor(long trinoMillis, long duckDbMillis) {}

    /**
     * Medians of {@code runs} runs after one warm-up run of each engine.
     */
    static Floor measure(BenchmarkClient trino, DuckDbPeer duckDb, List<Table> tables, int runs)
            throws SQLException
    {
        StringJoiner trinoSql = new StringJoiner(" CROSS JOIN ", "SELECT * FROM ", "");
        StringJoiner duckDbSql = new StringJoiner(" CROSS JOIN ", "SELECT * FROM ", "");
        for (Table table : tables) {
            StringJoiner counts = new StringJoiner(", ");
            table.columns().forEach(column -> counts.add("count(" + column + ")"));
            trinoSql.add(format("(SELECT %s FROM %s)", counts, table.name()));
            duckDbSql.add(format("(SELECT sum(hash(%s)) FROM %s)", String.join(", ", table.columns()), DuckDbPeer.files(trino, table.name())));
        }
        trino.measure(trinoSql.toString());
        duckDb.measure(duckDbSql.toString());
        long[] trinoTimes = new long[runs];
        long[] duckDbTimes = new long[runs];
        for (int run = 0; run < runs; run++) {
            trinoTimes[run] = trino.measure(trinoSql.toString()).elapsedMillis();
            duckDbTimes[run] = duckDb.measure(duckDbSql.toString()).elapsedMillis();
        }
        return new Floor(median(trinoTimes), median(duckDbTimes));
    }

    /**
     * The read of this project's method beside the floors, and what the goal of reading 1.5x faster
     * than DuckDB's join asks.
     *
     * @param readCpuMillis the CPU time the method's splits spent reading the data files
     *         ({@code read_cpu_time_ms} of {@code feature_store.system.point_in_time_features_memory})
     * @param cores the cores the server's splits run on
     */
    static String describe(Floor floor, long oursMillis, long readCpuMillis, int cores, long duckDbJoinMillis)
    {
        return format(
                Locale.ROOT,
                "  reading the Parquet files: the training set read's splits spent %s of CPU on it (%s on %d cores, %.0f%% of its time); alone, DuckDB reads the same columns in %s (a hash of every row), Trino's table scan in %s (a count of every column); 1.5x DuckDB's ASOF would be %s",
                seconds(readCpuMillis),
                seconds(readCpuMillis / cores),
                cores,
                100.0 * readCpuMillis / cores / oursMillis,
                seconds(floor.duckDbMillis()),
                seconds(floor.trinoMillis()),
                seconds(Math.round(duckDbJoinMillis / 1.5)));
    }
}
