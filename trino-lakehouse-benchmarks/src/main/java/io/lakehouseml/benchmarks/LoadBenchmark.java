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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;

import static java.lang.String.format;
import static java.util.concurrent.TimeUnit.NANOSECONDS;
import static java.util.concurrent.TimeUnit.SECONDS;

/**
 * {@code bin/lakehouse bench load}: many clients at once on the demo data, with a mix of
 * point-in-time joins (both table functions), training set reads, latest-value lookups, vector
 * searches, registry reads, bad calls and cancelled queries. Every answer is checked against the
 * one the same statement gave when it ran alone; afterwards the memory the connector's splits
 * hold must be back to zero. Prints throughput and latency percentiles per kind; exits 1 when an
 * answer was wrong, a call failed unexpectedly, or memory stayed held.
 */
public final class LoadBenchmark
{
    private static final String SCHEMA = "load_benchmark";

    private final String server;
    private final int clients;
    private final int durationSeconds;
    private final long seed;

    private enum Kind
    {
        POINT_IN_TIME_FEATURES(20),
        POINT_IN_TIME_JOIN(8),
        TRAINING_SET(12),
        LATEST_VALUES(25),
        VECTOR_SEARCH(15),
        REGISTRY(12),
        BAD_CALL(4),
        CANCELLED(4);

        private final int weight;

        Kind(int weight)
        {
            this.weight = weight;
        }
    }

    private record Outcome(Kind kind, long nanos, boolean correct, Optional<String> problem, boolean cancelled) {}

    private LoadBenchmark(BenchmarkOptions options)
    {
        this.server = options.string("server");
        this.clients = options.integer("clients");
        this.durationSeconds = options.integer("duration");
        this.seed = options.integer("seed", 0);
    }

    public static void main(String[] arguments)
            throws Exception
    {
        BenchmarkOptions.run("bench load", arguments, Map.of(
                "server", "127.0.0.1:8080",
                "clients", "16",
                "duration", "120",
                "seed", "1"), options -> System.exit(new LoadBenchmark(options).run() ? 0 : 1));
    }

    private boolean run()
            throws Exception
    {
        Map<String, List<List<Object>>> expected;
        try (BenchmarkClient client = new BenchmarkClient(server)) {
            createRegistry(client);
            expected = expectedAnswers(client);
        }
        System.out.printf("Load benchmark: %d clients for %d s on the demo data (answers checked against a run alone)%n", clients, durationSeconds);

        ConcurrentLinkedQueue<Outcome> outcomes = new ConcurrentLinkedQueue<>();
        long deadline = System.nanoTime() + SECONDS.toNanos(durationSeconds);
        ExecutorService executor = Executors.newFixedThreadPool(clients);
        ScheduledExecutorService canceller = Executors.newSingleThreadScheduledExecutor();
        long start = System.nanoTime();
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int client = 0; client < clients; client++) {
                Random random = new Random(seed * 1_000 + client);
                running.add(executor.submit(() -> {
                    try (BenchmarkClient connection = new BenchmarkClient(server)) {
                        while (System.nanoTime() < deadline) {
                            outcomes.add(call(connection, pick(random), random, expected, canceller));
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> future : running) {
                future.get();
            }
        }
        finally {
            executor.shutdownNow();
            canceller.shutdownNow();
        }
        long elapsed = System.nanoTime() - start;

        BenchmarkReport report = new BenchmarkReport("kind", "calls", "per second", "p50", "p99", "max", "wrong or failed");
        int problems = 0;
        for (Kind kind : Kind.values()) {
            long[] latencies = outcomes.stream().filter(outcome -> outcome.kind() == kind).mapToLong(Outcome::nanos).sorted().toArray();
            long failed = outcomes.stream().filter(outcome -> outcome.kind() == kind && !outcome.correct()).count();
            problems += (int) failed;
            report.add(kind.name().toLowerCase(Locale.ROOT), latencies.length, format("%.1f", latencies.length / (elapsed / 1e9)), millis(percentile(latencies, 50)), millis(percentile(latencies, 99)), millis(percentile(latencies, 100)), failed);
        }
        System.out.print(report.render());
        System.out.printf("%,d calls in %.1f s: %.1f calls/s; %d wrong answers or unexpected failures%n", outcomes.size(), elapsed / 1e9, outcomes.size() / (elapsed / 1e9), problems);
        long cancelled = outcomes.stream().filter(Outcome::cancelled).count();
        System.out.printf("Cancelled calls: %d stopped by the cancellation, %d finished first (and were checked)%n", cancelled, outcomes.stream().filter(outcome -> outcome.kind() == Kind.CANCELLED).count() - cancelled);
        outcomes.stream().filter(outcome -> outcome.problem().isPresent()).limit(5).forEach(outcome -> System.out.printf("  %s: %s%n", outcome.kind(), outcome.problem().get()));

        long held = heldMemory();
        System.out.printf("Memory held by point_in_time_features splits after the run (also after failed and cancelled calls): %s%n", BenchmarkReport.bytes(held));
        return problems == 0 && held == 0;
    }

    private static void createRegistry(BenchmarkClient client)
            throws SQLException
    {
        // what an earlier run registered: the training set, then the views it reads
        for (List<Object> trainingSet : client.query(format("SELECT name FROM feature_store.system.training_sets WHERE schema_name = '%s'", SCHEMA))) {
            client.execute(format("CALL feature_store.system.drop_training_set('%s', '%s')", SCHEMA, trainingSet.getFirst()));
        }
        for (List<Object> view : client.query(format("SELECT view_name FROM feature_store.system.feature_views WHERE schema_name = '%s'", SCHEMA))) {
            client.execute(format("CALL feature_store.system.drop_feature_view('%s', '%s')", SCHEMA, view.getFirst()));
        }
        client.execute(format(
                """
                CALL feature_store.system.register_feature_view(schema_name => '%s', view_name => 'user_stats',
                    source_table => 'iceberg.features.user_stats', entity_columns => ARRAY['user_id'], timestamp_column => 'event_ts',
                    created_timestamp_column => 'created_ts', ttl => '30d', features => ARRAY['avg_spend_30d', 'txn_count_7d'])""",
                SCHEMA));
        client.execute(format(
                """
                CALL feature_store.system.register_feature_view(schema_name => '%s', view_name => 'merchant_risk',
                    source_table => 'iceberg.features.merchant_risk', entity_columns => ARRAY['merchant_id'], timestamp_column => 'event_ts',
                    created_timestamp_column => 'created_ts')""",
                SCHEMA));
        client.execute(format(
                """
                CALL feature_store.system.create_training_set(schema_name => '%s', name => 'churn', spine_table => 'iceberg.ml.churn_labels',
                    spine_timestamp_column => 'label_ts', features => ARRAY['user_stats:avg_spend_30d', 'merchant_risk:risk_score'])""",
                SCHEMA));
    }

    /**
     * The answer of every statement the clients run, each run alone first.
     */
    private static Map<String, List<List<Object>>> expectedAnswers(BenchmarkClient client)
            throws SQLException
    {
        Map<String, List<List<Object>>> expected = new HashMap<>();
        for (Kind kind : Kind.values()) {
            for (String sql : statements(kind)) {
                expected.put(sql, kind == Kind.BAD_CALL ? List.of() : client.query(sql));
            }
        }
        return expected;
    }

    private static List<String> statements(Kind kind)
    {
        return switch (kind) {
            case POINT_IN_TIME_FEATURES, CANCELLED -> List.of(format(
                    """
                    SELECT count(*), count(avg_spend_30d), sum(CAST(round(avg_spend_30d * 100) AS bigint)), sum(txn_count_7d)
                    FROM TABLE(feature_store.system.point_in_time_features(schema_name => '%s', spine_table => 'iceberg.ml.churn_labels',
                        spine_timestamp_column => 'label_ts', features => ARRAY['user_stats:avg_spend_30d', 'user_stats:txn_count_7d']))""",
                    SCHEMA));
            case POINT_IN_TIME_JOIN -> List.of(format(
                    """
                    SELECT count(*), count(risk_score), sum(CAST(round(risk_score * 10) AS bigint))
                    FROM TABLE(feature_store.system.point_in_time_join(
                        input => TABLE(
                            SELECT merchant_id, label_ts AS ts, CAST(NULL AS double) AS risk_score, CAST(NULL AS timestamp(6) with time zone) AS created_ts, 'spine' AS row_kind
                            FROM iceberg.ml.churn_labels
                            UNION ALL
                            SELECT merchant_id, event_ts, risk_score, created_ts, 'feature' FROM feature_store.%s.merchant_risk)
                            PARTITION BY merchant_id,
                        timestamp_column => 'ts', features => DESCRIPTOR(risk_score), created_timestamp_column => 'created_ts'))""",
                    SCHEMA));
            case TRAINING_SET -> List.of(format(
                    "SELECT count(*), count(avg_spend_30d), sum(CAST(round(avg_spend_30d * 100) AS bigint)), sum(CAST(round(risk_score * 10) AS bigint)) FROM feature_store.%s.churn", SCHEMA));
            case LATEST_VALUES -> Arrays.stream(new int[] {1, 7, 42, 99, 123, 250, 317, 404, 480, 500})
                    .mapToObj(user -> format("SELECT avg_spend_30d, txn_count_7d, event_ts FROM feature_store.%s.\"user_stats$latest\" WHERE user_id = %d", SCHEMA, user))
                    .toList();
            case VECTOR_SEARCH -> Arrays.stream(new int[] {7, 100, 1234, 2718, 3999})
                    .mapToObj(product -> format(
                            """
                            SELECT p.product_id FROM iceberg.ml.product_embeddings p, iceberg.ml.product_embeddings q
                            WHERE q.product_id = %d ORDER BY cosine_distance(p.embedding, q.embedding), p.product_id LIMIT 5""",
                            product))
                    .toList();
            case REGISTRY -> List.of(
                    format("SELECT view_name, entity_columns, features FROM feature_store.system.feature_views WHERE schema_name = '%s' ORDER BY view_name", SCHEMA),
                    format("SELECT name, fingerprint FROM feature_store.system.training_sets WHERE schema_name = '%s'", SCHEMA),
                    format("SELECT count(*) FROM feature_store.system.training_set_sources WHERE schema_name = '%s'", SCHEMA));
            case BAD_CALL -> List.of(format(
                    "SELECT * FROM TABLE(feature_store.system.point_in_time_features(schema_name => '%s', spine_table => 'iceberg.ml.churn_labels', spine_timestamp_column => 'label_ts', features => ARRAY['no_such_view:x']))", SCHEMA));
        };
    }

    private static Outcome call(BenchmarkClient client, Kind kind, Random random, Map<String, List<List<Object>>> expected, ScheduledExecutorService canceller)
    {
        List<String> statements = statements(kind);
        String sql = statements.get(random.nextInt(statements.size()));
        long start = System.nanoTime();
        try {
            switch (kind) {
                case BAD_CALL -> {
                    client.query(sql);
                    return new Outcome(kind, System.nanoTime() - start, false, Optional.of("a call naming an unknown feature view succeeded"), false);
                }
                case CANCELLED -> {
                    Optional<List<List<Object>>> rows = client.queryCancelledAfter(sql, 20 + random.nextInt(400), canceller);
                    boolean correct = rows.isEmpty() || rows.get().equals(expected.get(sql));
                    return new Outcome(kind, System.nanoTime() - start, correct, correct ? Optional.empty() : Optional.of("wrong answer: " + rows.get()), rows.isEmpty());
                }
                default -> {
                    List<List<Object>> rows = client.query(sql);
                    boolean correct = rows.equals(expected.get(sql));
                    return new Outcome(kind, System.nanoTime() - start, correct, correct ? Optional.empty() : Optional.of(format("wrong answer %s, expected %s", rows, expected.get(sql))), false);
                }
            }
        }
        catch (SQLException e) {
            boolean expectedFailure = kind == Kind.BAD_CALL && String.valueOf(e.getMessage()).contains("Feature view load_benchmark.no_such_view does not exist");
            return new Outcome(kind, System.nanoTime() - start, expectedFailure, expectedFailure ? Optional.empty() : Optional.of(String.valueOf(e.getMessage())), false);
        }
    }

    private static Kind pick(Random random)
    {
        int total = Arrays.stream(Kind.values()).mapToInt(kind -> kind.weight).sum();
        int draw = random.nextInt(total);
        for (Kind kind : Kind.values()) {
            draw -= kind.weight;
            if (draw < 0) {
                return kind;
            }
        }
        throw new IllegalStateException();
    }

    /**
     * What the splits of every query hold now, waiting up to 30 s for cancelled splits to close.
     */
    private long heldMemory()
            throws SQLException, InterruptedException
    {
        try (BenchmarkClient client = new BenchmarkClient(server)) {
            long held = 0;
            for (int attempt = 0; attempt < 30; attempt++) {
                held = ((Number) client.scalar("SELECT coalesce(sum(held_bytes), 0) FROM feature_store.system.point_in_time_features_memory")).longValue();
                if (held == 0) {
                    return 0;
                }
                Thread.sleep(1000);
            }
            return held;
        }
    }

    private static long percentile(long[] sorted, int percentile)
    {
        if (sorted.length == 0) {
            return 0;
        }
        int index = (int) Math.ceil(percentile / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    private static String millis(long nanos)
    {
        return format("%,d ms", NANOSECONDS.toMillis(nanos));
    }
}
