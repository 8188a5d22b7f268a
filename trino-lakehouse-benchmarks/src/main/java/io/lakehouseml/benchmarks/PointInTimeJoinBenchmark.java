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
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import static io.lakehouseml.benchmarks.BenchmarkReport.bytes;
import static io.lakehouseml.benchmarks.BenchmarkReport.median;
import static io.lakehouseml.benchmarks.BenchmarkReport.rate;
import static io.lakehouseml.benchmarks.BenchmarkReport.ratio;
import static io.lakehouseml.benchmarks.BenchmarkReport.seconds;
import static java.lang.String.format;
import static java.util.Map.entry;

/**
 * The point-in-time join against the SQL the field writes for it, on the same server in one run:
 * {@code bin/lakehouse bench pit}. Two data sets in {@code iceberg.bench_pit}: uniform (feature rows
 * spread evenly over entities and a year, a spine of labelled rows) and skewed (a few entities with
 * many feature rows each). Feature rows carry a created timestamp, a fifth of them written days
 * after their event (backfills), and some NULL feature values. Every method reads the same tables and
 * is timed by the server; a checksum of each result shows whether it equals the point-in-time join's.
 * DuckDB's {@code ASOF LEFT JOIN} over the same Parquet files runs beside them (it has no created
 * timestamp guard, so its rows differ). Then training sets of several views ({@link TrainingSetBenchmark}).
 */
public final class PointInTimeJoinBenchmark
{
    private static final List<String> DATA_SETS = List.of("uniform", "skewed", "multi-view", "wide");
    private static final String SCHEMA = "iceberg.bench_pit";
    private static final String UNBUCKETED = "features_unbucketed";
    // the connector's limit on what point_in_time_features's splits hold on a node, which its refusal names
    private static final String MEMORY_LIMIT_PROPERTY = "feature-store.point-in-time.max-memory-per-node";
    private static final String FILES_FOOTNOTE = "  * reads the Iceberg files in its splits: its peak memory is the engine's plus the most its splits held at once (their own count, feature_store.system.point_in_time_features_memory)";

    private final BenchmarkClient client;
    private final DuckDbPeer duckDb;
    private final int runs;
    private final boolean baselines;

    private PointInTimeJoinBenchmark(BenchmarkClient client, DuckDbPeer duckDb, int runs, boolean baselines)
    {
        this.client = client;
        this.duckDb = duckDb;
        this.runs = runs;
        this.baselines = baselines;
    }

    public static void main(String[] arguments)
            throws Exception
    {
        BenchmarkOptions.run("bench pit", arguments, Map.ofEntries(
                entry("server", "127.0.0.1:8080"),
                entry("entities", "100000"),
                entry("feature-rows", "10000000"),
                entry("spine-rows", "1000000"),
                entry("skewed-entities", "1000"),
                entry("skewed-feature-rows", "5000"),
                entry("skewed-spine-rows", "100"),
                entry("buckets", "16"),
                entry("runs", "3"),
                entry("baselines", "yes"),
                entry("multi-view", "yes"),
                entry("data-sets", String.join(",", DATA_SETS)),
                entry("mv-spine-rows", "1000000"),
                entry("mv-user-rows", "10000000"),
                entry("mv-merchant-rows", "2000000"),
                entry("mv-shop-rows", "1000000"),
                entry("wide-views", "10"),
                entry("wide-features", "50"),
                entry("wide-spine-rows", "200000"),
                entry("wide-feature-rows", "200000")), PointInTimeJoinBenchmark::run);
    }

    private static void run(BenchmarkOptions options)
            throws SQLException
    {
        // every option is read before the first query, so a mistake shows at once
        boolean baselines = options.yesOrNo("baselines");
        int runs = options.integer("runs");
        // 0: the feature table is not partitioned
        int buckets = options.integer("buckets", 0);
        DataSet uniform = new DataSet("uniform", options.integer("entities"), options.integer("feature-rows"), options.integer("spine-rows"), buckets);
        int skewedEntities = options.integer("skewed-entities");
        DataSet skewed = new DataSet("skewed", skewedEntities, (long) skewedEntities * options.integer("skewed-feature-rows"), skewedEntities * options.integer("skewed-spine-rows"), buckets);
        boolean multiView = options.yesOrNo("multi-view");
        Set<String> dataSets = dataSets(options.string("data-sets"));
        int[] multiViewSizes = {options.integer("mv-spine-rows"), options.integer("mv-user-rows"), options.integer("mv-merchant-rows"), options.integer("mv-shop-rows")};
        int[] wideSizes = {options.integer("wide-views"), options.integer("wide-features"), options.integer("wide-spine-rows"), options.integer("wide-feature-rows")};
        try (BenchmarkClient client = new BenchmarkClient(options.string("server")); DuckDbPeer duckDb = new DuckDbPeer()) {
            PointInTimeJoinBenchmark benchmark = new PointInTimeJoinBenchmark(client, duckDb, runs, baselines);
            System.out.printf("Point-in-time join benchmark, median of %d runs after one warm-up run, the methods taking turns; times and peak memory measured by the server (DuckDB's by this client)%n", runs);
            if (dataSets.contains("uniform")) {
                benchmark.run(uniform);
            }
            if (dataSets.contains("skewed")) {
                benchmark.run(skewed);
            }
            TrainingSetBenchmark trainingSets = new TrainingSetBenchmark(client, duckDb, runs);
            if (multiView && dataSets.contains("multi-view")) {
                trainingSets.multiView(multiViewSizes[0], multiViewSizes[1], multiViewSizes[2], multiViewSizes[3], buckets);
            }
            if (multiView && dataSets.contains("wide")) {
                trainingSets.wide(wideSizes[0], wideSizes[1], wideSizes[2], wideSizes[3]);
            }
        }
    }

    /**
     * The data sets {@code --data-sets} names, a comma-separated list.
     */
    static Set<String> dataSets(String list)
    {
        Set<String> named = new LinkedHashSet<>();
        for (String name : list.split(",")) {
            String trimmed = name.strip();
            if (!DATA_SETS.contains(trimmed)) {
                throw new BenchmarkOptions.InvalidOptionException(format("option --data-sets names '%s'; the data sets are %s", trimmed, String.join(", ", DATA_SETS)));
            }
            named.add(trimmed);
        }
        return named;
    }

    private void run(DataSet data)
            throws SQLException
    {
        String prefix = format("%s.%s_%d_%d_%d_%s", SCHEMA, data.name(), data.entities(), data.featureRows(), data.spineRows(), data.buckets() > 0 ? "b" + data.buckets() + "_" : "");
        createData(data, prefix);
        System.out.println();
        System.out.printf(
                "%s: %,d feature rows over %,d entities, %,d spine rows; the feature table is %s%n",
                data.name(),
                data.featureRows(),
                data.entities(),
                data.spineRows(),
                data.buckets() > 0 ? format("partitioned by bucket(entity_id, %d)", data.buckets()) : "not partitioned");

        Method ours = new Method("point_in_time_join (this project)", pointInTimeJoin(prefix), false);
        String view = registerFeatureView(prefix, "features");
        Method oursFromFiles = new Method("point_in_time_features (this project, reads the files) *", featureJoin(view, prefix), true);
        Method trainingSet = new Method("create_training_set, then read it (this project, reads the files) *", format("SELECT spine_id, f1, f2, f3 FROM feature_store.bench_pit.%s", createTrainingSet(view, prefix)), true);
        List<Method> fromFiles = new ArrayList<>(List.of(oursFromFiles, trainingSet));
        if (data.buckets() > 0) {
            fromFiles.add(new Method("point_in_time_features_for, the spine as a query partitioned by its bucket *", spineQueryJoin(view, prefix, data.buckets()), true));
            Method unbucketed = new Method("point_in_time_features, a copy of the feature table not partitioned *", featureJoin(registerFeatureView(prefix, UNBUCKETED), prefix), true);
            // each split holds its share of the whole feature table: on a large data set that passes the connector's memory limit
            Optional<String> refusal = memoryLimitRefusal(unbucketed);
            if (refusal.isEmpty()) {
                fromFiles.add(unbucketed);
            }
            else {
                System.out.printf("%s: not measured, the query fails: %s%n", unbucketed.name(), refusal.get());
            }
        }
        if (!baselines) {
            List<Method> methods = new ArrayList<>(List.of(ours));
            methods.addAll(fromFiles);
            List<Result> results = measure(methods);
            for (int i = 0; i < results.size(); i++) {
                Result result = results.get(i);
                System.out.printf("%s: %s, spine rows %s, feature rows %s, peak memory %s%n", methods.get(i).name(), seconds(result.millis()), rate(data.spineRows(), result.millis()), rate(data.featureRows(), result.millis()), bytes(result.peakMemory()));
            }
            System.out.println(FILES_FOOTNOTE);
            printDuckDb(data, prefix, results.get(methods.indexOf(trainingSet)));
            return;
        }
        Method nearest = new Method("LEFT JOIN NEAREST (Trino 481+)", nearest(prefix), false);
        Method forwardFill = new Method("UNION + last_value IGNORE NULLS (forward fill)", forwardFill(prefix), false);
        Method exactForwardFill = new Method("UNION + running max_by (exact forward fill)", exactForwardFill(prefix), false);
        List<Method> methods = new ArrayList<>(List.of(ours));
        methods.addAll(fromFiles);
        methods.addAll(List.of(
                nearest,
                new Method("range join + ROW_NUMBER (Feast's Trino offline store)", feastStyle(prefix), false),
                forwardFill,
                exactForwardFill));
        BenchmarkReport report = new BenchmarkReport("method", "time", "spine rows/s", "vs this project", "peak memory", "same result");
        List<Result> results = measure(methods);
        Result oursResult = results.getFirst();
        for (int i = 0; i < methods.size(); i++) {
            Result result = results.get(i);
            String same = result.checksum().equals(oursResult.checksum()) ? "yes" : "no";
            report.add(methods.get(i).name(),
                    seconds(result.millis()),
                    rate(data.spineRows(), result.millis()),
                    ratio((double) result.millis() / oursResult.millis()),
                    bytes(result.peakMemory()),
                    same);
        }
        System.out.print(report.render());
        System.out.println(FILES_FOOTNOTE);
        printDuckDb(data, prefix, results.get(methods.indexOf(trainingSet)));
        Result nearestResult = results.get(methods.indexOf(nearest));
        Result forwardFillResult = results.get(methods.indexOf(forwardFill));
        Result exactResult = results.get(methods.indexOf(exactForwardFill));
        System.out.printf(
                Locale.ROOT,
                "  point_in_time_join against LEFT JOIN NEAREST: %.2fx faster; against the last_value forward fill: %.2fx faster, %.2fx less peak memory; against the exact forward fill: %.2fx faster%n",
                (double) nearestResult.millis() / oursResult.millis(),
                (double) forwardFillResult.millis() / oursResult.millis(),
                (double) forwardFillResult.peakMemory() / Math.max(1, oursResult.peakMemory()),
                (double) exactResult.millis() / oursResult.millis());
        for (Method method : fromFiles) {
            Result result = results.get(methods.indexOf(method));
            System.out.printf(
                    Locale.ROOT,
                    "  %s against LEFT JOIN NEAREST: %.2fx faster; against the last_value forward fill: %.2fx faster, %.2fx less peak memory; against the exact forward fill: %.2fx faster%n",
                    method.name().replace(" *", ""),
                    (double) nearestResult.millis() / result.millis(),
                    (double) forwardFillResult.millis() / result.millis(),
                    (double) forwardFillResult.peakMemory() / Math.max(1, result.peakMemory()),
                    (double) exactResult.millis() / result.millis());
        }
    }

    /**
     * One untimed run of every method warms the server (compiled code, file metadata caches) for all
     * of them; then the timed runs take turns, run 1 of every method before run 2 of any, so a slower
     * minute of a noisy machine falls on every method alike.
     */
    /**
     * The message of the connector's memory limit when a method's query passes it, or empty when the
     * query runs; other failures are errors of the benchmark.
     */
    private Optional<String> memoryLimitRefusal(Method method)
            throws SQLException
    {
        try {
            client.measure("SELECT count(*) FROM (" + method.sql() + ")");
            return Optional.empty();
        }
        catch (SQLException e) {
            if (e.getMessage() != null && e.getMessage().contains(MEMORY_LIMIT_PROPERTY)) {
                return Optional.of(e.getMessage());
            }
            throw e;
        }
    }

    private List<Result> measure(List<Method> methods)
            throws SQLException
    {
        // the checksum consumes every row without sending a million rows to this client
        List<String> queries = methods.stream()
                .map(method -> "SELECT count(*), checksum(ROW(spine_id, f1, f2, f3)) FROM (" + method.sql() + ")")
                .toList();
        for (String query : queries) {
            client.measure(query);
        }
        long[][] times = new long[queries.size()][runs];
        long[][] readCpu = new long[queries.size()][runs];
        long[] peaks = new long[queries.size()];
        String[] checksums = new String[queries.size()];
        for (int run = 0; run < runs; run++) {
            for (int method = 0; method < queries.size(); method++) {
                Measurement measurement = client.measure(queries.get(method));
                times[method][run] = measurement.elapsedMillis();
                long peak = measurement.peakMemoryBytes();
                if (methods.get(method).readsFiles()) {
                    SplitStatistics splits = SplitStatistics.of(client, measurement.queryId());
                    peak += splits.peakBytes();
                    readCpu[method][run] = splits.readCpuMillis();
                }
                peaks[method] = Math.max(peaks[method], peak);
                List<Object> row = measurement.rows().getFirst();
                checksums[method] = row.get(0) + "/" + Objects.toString(row.get(1) == null ? null : HexFormat.of().formatHex((byte[]) row.get(1)));
            }
        }
        List<Result> results = new ArrayList<>();
        for (int method = 0; method < queries.size(); method++) {
            results.add(new Result(median(times[method]), peaks[method], median(readCpu[method]), checksums[method]));
        }
        return results;
    }

    private static String pointInTimeJoin(String prefix)
    {
        return format(
                """
                SELECT spine_id, f1, f2, f3
                FROM TABLE(feature_store.system.point_in_time_join(
                    input => TABLE(
                        SELECT spine_id, entity_id, label_ts AS ts, CAST(NULL AS double) AS f1, CAST(NULL AS bigint) AS f2, CAST(NULL AS varchar) AS f3,
                               CAST(NULL AS timestamp(6) with time zone) AS created_ts, 'spine' AS row_kind
                        FROM %1$sspine
                        UNION ALL
                        SELECT NULL, entity_id, event_ts, f1, f2, f3, created_ts, 'feature'
                        FROM %1$sfeatures)
                        PARTITION BY entity_id,
                    timestamp_column => 'ts',
                    features => DESCRIPTOR(f1, f2, f3),
                    created_timestamp_column => 'created_ts'))
                """,
                prefix);
    }

    /**
     * Registers a feature view over a feature table of the data set, once; returns its name.
     */
    private String registerFeatureView(String prefix, String featureTable)
            throws SQLException
    {
        String table = prefix.substring(SCHEMA.length() + 1) + featureTable;
        long registered = ((Number) client.scalar(format(
                "SELECT count(*) FROM feature_store.system.feature_views WHERE schema_name = 'bench_pit' AND view_name = '%s'", table))).longValue();
        if (registered == 0) {
            client.execute(format(
                    """
                    CALL feature_store.system.register_feature_view(schema_name => 'bench_pit', view_name => '%1$s',
                        source_table => '%2$s%3$s', entity_columns => ARRAY['entity_id'], timestamp_column => 'event_ts',
                        created_timestamp_column => 'created_ts', features => ARRAY['f1', 'f2', 'f3'])
                    """,
                    table,
                    prefix,
                    featureTable));
        }
        return table;
    }

    /**
     * A training set of the view's features on the data set's spine, made anew by each run; returns its name.
     */
    private String createTrainingSet(String view, String prefix)
            throws SQLException
    {
        String name = view + "_ts";
        client.dropTrainingSet("bench_pit", name);
        client.execute(format(
                "CALL feature_store.system.create_training_set(schema_name => 'bench_pit', name => '%s', spine_table => '%sspine', spine_timestamp_column => 'label_ts', features => ARRAY['%s:*'])",
                name,
                prefix,
                view));
        return name;
    }

    /**
     * DuckDB's ASOF join of the same files: the latest feature row at or before each label, with no
     * guard on the created timestamp (DuckDB has none), so its rows are not compared. Like the
     * engine's {@code checksum} of the methods above, a hash of every row's values consumes every
     * feature column: DuckDB reads only the columns a query uses, so counting one feature would
     * spare it decoding the others.
     */
    private void printDuckDb(DataSet data, String prefix, Result trainingSet)
            throws SQLException
    {
        if (!DuckDbPeer.readsLocally(client, prefix + "spine")) {
            System.out.println("  DuckDB ASOF LEFT JOIN over the same Parquet files: " + DuckDbPeer.NOT_LOCAL);
            return;
        }
        String sql = format(
                """
                SELECT count(*), sum(hash(spine_id, f1, f2, f3)) FROM (
                    SELECT s.spine_id, f.f1, f.f2, f.f3
                    FROM %s s
                    ASOF LEFT JOIN %s f ON s.entity_id = f.entity_id AND s.label_ts >= f.event_ts)
                """,
                DuckDbPeer.files(client, prefix + "spine"),
                DuckDbPeer.files(client, prefix + "features"));
        duckDb.measure(sql);
        long[] times = new long[runs];
        for (int run = 0; run < runs; run++) {
            times[run] = duckDb.measure(sql).elapsedMillis();
        }
        long millis = median(times);
        System.out.printf(
                Locale.ROOT,
                "  DuckDB ASOF LEFT JOIN over the same Parquet files (%d threads, no created-timestamp guard, so other rows): %s, spine rows %s; DuckDB's time over the training set read's: %.2fx (goal 1.5x)%n",
                duckDb.threads(),
                seconds(millis),
                rate(data.spineRows(), millis),
                (double) millis / trainingSet.millis());
        ReadingFloor.Floor floor = ReadingFloor.measure(client, duckDb, List.of(
                new ReadingFloor.Table(prefix + "spine", List.of("spine_id", "entity_id", "label_ts")),
                new ReadingFloor.Table(prefix + "features", List.of("entity_id", "event_ts", "created_ts", "f1", "f2", "f3"))), runs);
        System.out.println(ReadingFloor.describe(floor, trainingSet.millis(), trainingSet.readCpuMillis(), duckDb.threads(), millis));
    }

    private static String featureJoin(String view, String prefix)
    {
        return format(
                """
                SELECT spine_id, f1, f2, f3
                FROM TABLE(feature_store.system.point_in_time_features(
                    schema_name => 'bench_pit',
                    spine_table => '%2$sspine',
                    spine_timestamp_column => 'label_ts',
                    features => ARRAY['%1$s:*']))
                """,
                view,
                prefix);
    }

    /**
     * The spine given as a query, which the engine partitions by the Iceberg bucket of the entity,
     * as the feature table is bucketed.
     */
    private static String spineQueryJoin(String view, String prefix, int buckets)
    {
        return format(
                """
                SELECT spine_id, f1, f2, f3
                FROM TABLE(feature_store.system.point_in_time_features_for(
                    spine => TABLE(SELECT *, iceberg.system.bucket(entity_id, %3$d) AS bucket FROM %2$sspine) PARTITION BY bucket,
                    spine_timestamp_column => 'label_ts',
                    schema_name => 'bench_pit',
                    features => ARRAY['%1$s:*']))
                """,
                view,
                prefix,
                buckets);
    }

    private static String nearest(String prefix)
    {
        return format(
                """
                SELECT s.spine_id, f.f1, f.f2, f.f3
                FROM %1$sspine s
                LEFT JOIN NEAREST (
                    FROM %1$sfeatures f
                    WHERE f.entity_id = s.entity_id AND f.created_ts <= s.label_ts
                    MATCH f.event_ts <= s.label_ts) ON TRUE
                """,
                prefix);
    }

    private static String feastStyle(String prefix)
    {
        return format(
                """
                SELECT spine_id, f1, f2, f3
                FROM (
                    SELECT s.spine_id, f.f1, f.f2, f.f3,
                           row_number() OVER (PARTITION BY s.spine_id ORDER BY f.event_ts DESC, f.created_ts DESC) AS rank
                    FROM %1$sspine s
                    LEFT JOIN %1$sfeatures f
                        ON f.entity_id = s.entity_id AND f.event_ts <= s.label_ts AND f.created_ts <= s.label_ts)
                WHERE rank = 1
                """,
                prefix);
    }

    private static String forwardFill(String prefix)
    {
        return format(
                """
                SELECT spine_id, f1, f2, f3
                FROM (
                    SELECT spine_id, row_kind,
                           last_value(f1) IGNORE NULLS OVER w AS f1,
                           last_value(f2) IGNORE NULLS OVER w AS f2,
                           last_value(f3) IGNORE NULLS OVER w AS f3
                    FROM (
                        SELECT spine_id, entity_id, label_ts AS ts, CAST(NULL AS double) AS f1, CAST(NULL AS bigint) AS f2, CAST(NULL AS varchar) AS f3, 1 AS row_kind
                        FROM %1$sspine
                        UNION ALL
                        SELECT NULL, entity_id, greatest(event_ts, created_ts), f1, f2, f3, 0
                        FROM %1$sfeatures)
                    WINDOW w AS (PARTITION BY entity_id ORDER BY ts, row_kind ROWS UNBOUNDED PRECEDING))
                WHERE row_kind = 1
                """,
                prefix);
    }

    /**
     * The forward fill made exact: the running {@code max_by} of the whole feature row keyed by
     * (event time, created time) keeps the latest event among the rows visible so far, stored NULLs
     * included, where {@code last_value} keeps the row that became visible last.
     */
    private static String exactForwardFill(String prefix)
    {
        return format(
                """
                SELECT spine_id, best.f1, best.f2, best.f3
                FROM (
                    SELECT spine_id, row_kind,
                           max_by(features, ROW(event_ts, created_ts)) OVER w AS best
                    FROM (
                        SELECT spine_id, entity_id, label_ts AS ts, CAST(NULL AS timestamp(6) with time zone) AS event_ts, CAST(NULL AS timestamp(6) with time zone) AS created_ts,
                               CAST(NULL AS row(f1 double, f2 bigint, f3 varchar)) AS features, 1 AS row_kind
                        FROM %1$sspine
                        UNION ALL
                        SELECT NULL, entity_id, greatest(event_ts, created_ts), event_ts, created_ts, CAST(ROW(f1, f2, f3) AS row(f1 double, f2 bigint, f3 varchar)), 0
                        FROM %1$sfeatures)
                    WINDOW w AS (PARTITION BY entity_id ORDER BY ts, row_kind ROWS UNBOUNDED PRECEDING))
                WHERE row_kind = 1
                """,
                prefix);
    }

    private void createData(DataSet data, String prefix)
            throws SQLException
    {
        client.execute("CREATE SCHEMA IF NOT EXISTS " + SCHEMA);
        String tableName = prefix.substring(SCHEMA.length() + 1);
        long existing = ((Number) client.scalar(format(
                "SELECT count(*) FROM iceberg.information_schema.tables WHERE table_schema = 'bench_pit' AND table_name IN ('%1$sfeatures', '%1$sspine', '%1$s%2$s')", tableName, UNBUCKETED))).longValue();
        if (existing == (data.buckets() > 0 ? 3 : 2)) {
            System.out.println("Reusing the data in " + prefix + "*");
            return;
        }
        System.out.println("Creating the data in " + prefix + "* (once per size) ...");
        long start = System.nanoTime();
        long rowsPerEntity = data.featureRows() / data.entities();
        // every entity has its feature rows at distinct event times spread over 2025; a fifth of the
        // rows were written days later (backfills); some feature values are NULL
        client.execute("DROP TABLE IF EXISTS " + prefix + "features");
        client.execute(format(
                """
                CREATE TABLE %1$sfeatures %5$s AS
                SELECT
                    entity_id,
                    event_ts,
                    event_ts + IF(random() < 0.2, random(1, 10) * INTERVAL '1' DAY, random(0, 3600) * INTERVAL '1' SECOND) AS created_ts,
                    IF(random() < 0.05, NULL, round(random() * 1000, 2)) AS f1,
                    IF(random() < 0.05, NULL, random(0, 100)) AS f2,
                    IF(random() < 0.05, NULL, element_at(ARRAY['bronze', 'silver', 'gold', 'platinum'], random(1, 5))) AS f3
                FROM (
                    SELECT
                        entity_id,
                        TIMESTAMP '2025-01-01 00:00:00.000000 UTC' + (sequence_number * %2$d + random(0, %2$d)) * INTERVAL '1' SECOND AS event_ts
                    FROM (%3$s) entities
                    CROSS JOIN UNNEST(sequence(0, %4$d)) AS t (sequence_number))
                """,
                prefix,
                31_536_000 / rowsPerEntity,
                ids(data.entities(), "entity_id"),
                rowsPerEntity - 1,
                data.buckets() > 0 ? format("WITH (partitioning = ARRAY['bucket(entity_id, %d)'])", data.buckets()) : ""));
        if (data.buckets() > 0) {
            // the same rows in a table that is not partitioned, for point_in_time_features on such a table
            client.execute(format("DROP TABLE IF EXISTS %s%s", prefix, UNBUCKETED));
            client.execute(format("CREATE TABLE %1$s%2$s AS SELECT * FROM %1$sfeatures", prefix, UNBUCKETED));
        }
        long spinePerEntity = Math.max(1, data.spineRows() / data.entities());
        client.execute("DROP TABLE IF EXISTS " + prefix + "spine");
        client.execute(format(
                """
                CREATE TABLE %sspine AS
                SELECT
                    row_number() OVER () AS spine_id,
                    entity_id,
                    TIMESTAMP '2025-01-15 00:00:00.000000 UTC' + random(0, 30000000) * INTERVAL '1' SECOND AS label_ts,
                    random() < 0.2 AS label
                FROM (%s) entities
                CROSS JOIN UNNEST(sequence(1, %d)) AS t (copy)
                """,
                prefix,
                ids(data.entities(), "entity_id"),
                spinePerEntity));
        System.out.printf("Created in %s%n", seconds((System.nanoTime() - start) / 1_000_000));
    }

    private static String ids(int count, String name)
    {
        int blocks = (count + 9999) / 10000;
        return format(
                "SELECT CAST(block * 10000 + offset AS bigint) AS %s FROM UNNEST(sequence(0, %d)) AS b (block) CROSS JOIN UNNEST(sequence(1, 10000)) AS o (offset) WHERE block * 10000 + offset <= %d",
                name,
                blocks - 1,
                count);
    }

    private record DataSet(String name, int entities, long featureRows, int spineRows, int buckets) {}

    /**
     * @param readsFiles whether it is point_in_time_features, whose splits count what they hold
     */
    private record Method(String name, String sql, boolean readsFiles) {}

    /**
     * @param readCpuMillis the CPU time its splits spent reading the data files, or 0 when it reads none itself
     */
    private record Result(long millis, long peakMemory, long readCpuMillis, String checksum) {}
}
