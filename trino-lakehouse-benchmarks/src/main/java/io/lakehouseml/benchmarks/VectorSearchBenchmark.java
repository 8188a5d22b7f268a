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

import io.lakehouseml.benchmarks.BenchmarkClient.Measurement;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import static io.lakehouseml.benchmarks.BenchmarkReport.bytes;
import static io.lakehouseml.benchmarks.BenchmarkReport.median;
import static io.lakehouseml.benchmarks.BenchmarkReport.rate;
import static io.lakehouseml.benchmarks.BenchmarkReport.ratio;
import static io.lakehouseml.benchmarks.BenchmarkReport.seconds;
import static java.lang.String.format;

/**
 * Exact and two-stage nearest-neighbour search over an Iceberg embedding table, each storage form
 * and each function measured side by side on the same server in one run: {@code bin/lakehouse bench vectors}.
 * <p>
 * The data: clustered synthetic embeddings (cluster centers with uniform noise of the same
 * magnitude), made once per size and kept in schema {@code iceberg.bench_vectors}. The query
 * vectors come from the same distribution and are not in the table. Recall@10 is measured against
 * the top 10 of Trino's built-in {@code cosine_distance}.
 */
public final class VectorSearchBenchmark
{
    private static final String SCHEMA = "iceberg.bench_vectors";
    private static final int CLUSTERS = 1000;
    private static final double NOISE = 1.0;
    // vectors per file of the re-ranking table: the files a candidate list touches are all that is read
    private static final int RERANK_FILE_VECTORS = 100;
    private static final int PARTITIONS_PER_INSERT = 100;

    private final BenchmarkClient client;
    private final int rows;
    private final int dimension;
    private final int runs;
    private final int queries;
    private final int candidates;
    private final String prefix;

    private VectorSearchBenchmark(BenchmarkClient client, BenchmarkOptions options)
    {
        this.client = client;
        this.rows = options.integer("rows");
        this.dimension = options.integer("dimension");
        this.runs = options.integer("runs");
        this.queries = options.integer("queries");
        this.candidates = options.integer("candidates");
        this.prefix = format("%s.v%dx%d_", SCHEMA, rows, dimension);
    }

    public static void main(String[] arguments)
            throws Exception
    {
        BenchmarkOptions.run("bench vectors", arguments, Map.of(
                "server", "127.0.0.1:8080",
                "rows", "1000000",
                "dimension", "768",
                "runs", "3",
                "queries", "5",
                "candidates", "1000"), options -> {
            try (BenchmarkClient client = new BenchmarkClient(options.string("server"))) {
                new VectorSearchBenchmark(client, options).run();
            }
        });
    }

    private void run()
            throws SQLException
    {
        System.out.printf(
                "Vector search benchmark: %,d vectors of %d dimensions, %d query vectors, median of %d runs each, times measured by the server%n",
                rows,
                dimension,
                queries,
                runs);
        createData();
        List<QueryVector> queryVectors = loadQueryVectors();

        BenchmarkReport storage = new BenchmarkReport("storage form", "on disk", "scan only", "rows/s");
        long arrayScan = scan(storage, "array(real)", "array", "sum(cardinality(embedding))");
        scan(storage, "packed float32 (varbinary)", "float32", "sum(length(embedding))");
        scan(storage, "packed float16 (varbinary)", "float16", "sum(length(embedding))");
        scan(storage, "packed int8 (varbinary)", "int8", "sum(length(embedding))");
        scan(storage, "binary (varbinary)", "binary", "sum(length(code))");
        scan(storage, "packed float32, re-ranking layout", "rerank", "sum(length(embedding))");
        System.out.println();
        System.out.print(storage.render());

        client.execute("SET SESSION iceberg.dynamic_filtering_wait_timeout = '60s'");
        BenchmarkReport search = new BenchmarkReport("top-10 by cosine distance", "time", "rows/s", "vs built-in", "peak memory", "recall@10");
        Result builtin = search(queryVectors, query -> format(
                "SELECT id FROM %sarray ORDER BY cosine_distance(CAST(embedding AS array(double)), CAST(%s AS array(double))), id LIMIT 10", prefix, query.arrayLiteral()));
        List<Result> results = new ArrayList<>();
        results.add(builtin);
        results.add(search(queryVectors, query -> format(
                "SELECT id FROM %sarray ORDER BY cosine_distance(embedding, %s), id LIMIT 10", prefix, query.arrayLiteral())));
        results.add(search(queryVectors, query -> format(
                "SELECT id FROM %sfloat32 ORDER BY cosine_distance(embedding, X'%s'), id LIMIT 10", prefix, query.float32Hex())));
        results.add(search(queryVectors, query -> format(
                "SELECT id FROM %sfloat16 ORDER BY cosine_distance(embedding, X'%s'), id LIMIT 10", prefix, query.float32Hex())));
        results.add(search(queryVectors, query -> format(
                """
                SELECT id FROM %1$srerank
                WHERE id IN (SELECT id FROM %1$sbinary ORDER BY hamming_distance(code, X'%2$s') LIMIT %3$d)
                ORDER BY cosine_distance(embedding, X'%4$s'), id LIMIT 10
                """,
                prefix,
                query.binaryHex(),
                candidates,
                query.float32Hex())));
        String[] names = {
                "built-in, array(real) widened to array(double)",
                "cosine_distance on array(real)",
                "cosine_distance on packed float32",
                "cosine_distance on packed float16",
                format("two-stage: binary top-%d, float32 re-rank", candidates),
        };
        for (int i = 0; i < results.size(); i++) {
            Result result = results.get(i);
            search.add(names[i],
                    seconds(result.millis()),
                    rate(rows, result.millis()),
                    ratio((double) builtin.millis() / result.millis()),
                    bytes(result.peakMemory()),
                    format(Locale.ROOT, "%.3f", recall(builtin, result)));
        }
        System.out.println();
        System.out.print(search.render());

        System.out.println();
        System.out.println("Goals against the built-in on array(real):");
        goal("array(real) overload never slower", (double) builtin.millis() / results.get(1).millis(), 1.0);
        goal("packed float32 at least 2x faster", (double) builtin.millis() / results.get(2).millis(), 2.0);
        goal("packed float16 at least 3.5x faster", (double) builtin.millis() / results.get(3).millis(), 3.5);
        for (int i = 4; i < results.size(); i++) {
            goal(names[i] + " at least 5x faster", (double) builtin.millis() / results.get(i).millis(), 5.0);
            System.out.printf(Locale.ROOT, "  %s recall@10 at least 0.95: %.3f %s%n", names[i], recall(builtin, results.get(i)), recall(builtin, results.get(i)) >= 0.95 ? "met" : "NOT MET");
        }
        System.out.printf("  (the scan of array(real) alone takes %s)%n", seconds(arrayScan));
    }

    private static void goal(String name, double measured, double target)
    {
        System.out.printf(Locale.ROOT, "  %s: %.2fx %s%n", name, measured, measured >= target ? "met" : "NOT MET");
    }

    private long scan(BenchmarkReport report, String name, String table, String expression)
            throws SQLException
    {
        long[] times = new long[runs];
        for (int run = 0; run < runs; run++) {
            times[run] = client.measure(format("SELECT %s FROM %s%s", expression, prefix, table)).elapsedMillis();
        }
        long size = ((Number) client.scalar(format("SELECT sum(file_size_in_bytes) FROM %s.\"%s%s$files\"", SCHEMA, prefix.substring(SCHEMA.length() + 1), table))).longValue();
        long time = median(times);
        report.add(name, bytes(size), seconds(time), rate(rows, time));
        return time;
    }

    private Result search(List<QueryVector> queryVectors, QueryWriter writer)
            throws SQLException
    {
        List<Long> peaks = new ArrayList<>();
        List<Set<Long>> answers = new ArrayList<>();
        long[] all = new long[queryVectors.size() * runs];
        int next = 0;
        for (QueryVector queryVector : queryVectors) {
            String sql = writer.write(queryVector);
            Set<Long> answer = null;
            for (int run = 0; run < runs; run++) {
                Measurement measurement = client.measure(sql);
                all[next++] = measurement.elapsedMillis();
                peaks.add(measurement.peakMemoryBytes());
                answer = new HashSet<>();
                for (List<Object> row : measurement.rows()) {
                    answer.add(((Number) row.getFirst()).longValue());
                }
            }
            answers.add(answer);
        }
        long peak = peaks.stream().mapToLong(Long::longValue).max().orElse(0);
        return new Result(median(all), peak, answers);
    }

    private static double recall(Result truth, Result result)
    {
        double total = 0;
        for (int i = 0; i < truth.answers().size(); i++) {
            Set<Long> expected = truth.answers().get(i);
            long found = result.answers().get(i).stream().filter(expected::contains).count();
            total += (double) found / expected.size();
        }
        return total / truth.answers().size();
    }

    private void createData()
            throws SQLException
    {
        client.execute("CREATE SCHEMA IF NOT EXISTS " + SCHEMA);
        long start = System.nanoTime();
        create("centers",
                """
                AS
                SELECT cluster, transform(sequence(1, %d), i -> CAST(random() * 2 - 1 AS real)) AS center
                FROM UNNEST(sequence(0, %d)) AS t (cluster)
                """.formatted(dimension, CLUSTERS - 1));
        create("queries",
                """
                AS
                SELECT query_id, zip_with(center, transform(sequence(1, %d), i -> random() * 2 - 1), (c, n) -> CAST(c + %s * n AS real)) AS embedding
                FROM UNNEST(sequence(1, %d)) AS t (query_id)
                JOIN %scenters ON cluster = (query_id * 7919) %% %d
                """.formatted(dimension, NOISE, queries, prefix, CLUSTERS));
        create("array",
                """
                AS
                SELECT id, zip_with(center, transform(sequence(1, %d), i -> random() * 2 - 1), (c, n) -> CAST(c + %s * n AS real)) AS embedding
                FROM (%s) ids
                JOIN %scenters ON cluster = id %% %d
                """.formatted(dimension, NOISE, ids(), prefix, CLUSTERS));
        // incompressible floats: no compression codec, so reading spends no time decompressing them
        create("float32", "WITH (compression_codec = 'NONE') AS SELECT id, vector_pack(embedding) AS embedding FROM %1$sarray".formatted(prefix));
        create("float16", "WITH (compression_codec = 'NONE') AS SELECT id, vector_pack(embedding, 'float16') AS embedding FROM %1$sarray".formatted(prefix));
        create("int8", "WITH (compression_codec = 'NONE') AS SELECT id, vector_pack(embedding, 'int8') AS embedding FROM %1$sarray".formatted(prefix));
        create("binary", "WITH (compression_codec = 'NONE') AS SELECT id, binary_quantize(embedding) AS code FROM %1$sarray".formatted(prefix));
        if (!exists("rerank")) {
            // the re-ranking table: small files of consecutive ids, so that a list of candidate ids
            // reads only the files that hold them
            System.out.println("Creating " + prefix + "rerank ...");
            int partitionSize = Math.max(1, Math.min(RERANK_FILE_VECTORS, rows / 200));
            client.execute(
                    """
                    CREATE TABLE %srerank__loading (id bigint, embedding varbinary)
                    WITH (compression_codec = 'NONE', partitioning = ARRAY['truncate(id, %d)'], sorted_by = ARRAY['id'])
                    """.formatted(prefix, partitionSize));
            long step = (long) partitionSize * PARTITIONS_PER_INSERT;
            for (long low = 0; low <= rows; low += step) {
                client.execute("INSERT INTO %1$srerank__loading SELECT id, embedding FROM %1$sfloat32 WHERE id >= %2$d AND id < %3$d".formatted(prefix, low, low + step));
            }
            client.execute("ALTER TABLE %1$srerank__loading RENAME TO %1$srerank".formatted(prefix));
        }
        System.out.printf("Data ready in %s%n", seconds((System.nanoTime() - start) / 1_000_000));
    }

    /**
     * Creates a table unless it exists; a table is created under a temporary name and renamed when
     * complete, so an interrupted run leaves nothing half-made behind.
     */
    private void create(String table, String definition)
            throws SQLException
    {
        if (exists(table)) {
            return;
        }
        System.out.println("Creating " + prefix + table + " ...");
        dropIfExists(table + "__loading");
        client.execute("CREATE TABLE %s%s__loading %s".formatted(prefix, table, definition));
        client.execute("ALTER TABLE %s%s__loading RENAME TO %s%s".formatted(prefix, table, prefix, table));
    }

    private String ids()
    {
        int blocks = (rows + 9999) / 10000;
        return format(
                "SELECT CAST(block * 10000 + offset AS bigint) AS id FROM UNNEST(sequence(0, %d)) AS b (block) CROSS JOIN UNNEST(sequence(1, 10000)) AS o (offset) WHERE block * 10000 + offset <= %d",
                blocks - 1,
                rows);
    }

    private List<QueryVector> loadQueryVectors()
            throws SQLException
    {
        List<QueryVector> vectors = new ArrayList<>();
        for (List<Object> row : client.query(format(
                """
                SELECT
                    'ARRAY[' || array_join(transform(embedding, x -> 'REAL ''' || CAST(x AS varchar) || ''''), ', ') || ']',
                    to_hex(vector_pack(embedding)),
                    to_hex(binary_quantize(embedding))
                FROM %squeries ORDER BY query_id
                """,
                prefix))) {
            vectors.add(new QueryVector((String) row.get(0), (String) row.get(1), (String) row.get(2)));
        }
        return vectors;
    }

    private boolean exists(String table)
            throws SQLException
    {
        String name = prefix.substring(SCHEMA.length() + 1) + table;
        return ((Number) client.scalar(format("SELECT count(*) FROM iceberg.information_schema.tables WHERE table_schema = 'bench_vectors' AND table_name = '%s'", name))).longValue() > 0;
    }

    private void dropIfExists(String table)
            throws SQLException
    {
        client.execute(format("DROP TABLE IF EXISTS %s%s", prefix, table));
    }

    private interface QueryWriter
    {
        String write(QueryVector queryVector);
    }

    private record QueryVector(String arrayLiteral, String float32Hex, String binaryHex) {}

    private record Result(long millis, long peakMemory, List<Set<Long>> answers) {}
}
