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
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import java.util.function.Function;

import static io.lakehouseml.benchmarks.BenchmarkReport.bytes;
import static io.lakehouseml.benchmarks.BenchmarkReport.median;
import static io.lakehouseml.benchmarks.BenchmarkReport.rate;
import static io.lakehouseml.benchmarks.BenchmarkReport.ratio;
import static io.lakehouseml.benchmarks.BenchmarkReport.seconds;
import static java.lang.String.format;

/**
 * Training sets of several feature views, read the way users read them (a training set made by
 * {@code create_training_set}, read from the pinned data files), against the same rows through the
 * engine (the training set's nested {@code point_in_time_join} query), chained {@code LEFT JOIN
 * NEAREST} and DuckDB's chained {@code ASOF LEFT JOIN} over the same Parquet files. The views have
 * no created timestamp and no TTL, so every method has the same semantics and must return the same
 * rows: each result is summarized by the same integer aggregates in both engines.
 */
final class TrainingSetBenchmark
{
    private static final String SCHEMA = "bench_pit";

    private final BenchmarkClient client;
    private final DuckDbPeer duckDb;
    private final int runs;

    TrainingSetBenchmark(BenchmarkClient client, DuckDbPeer duckDb, int runs)
    {
        this.client = client;
        this.duckDb = duckDb;
        this.runs = runs;
    }

    /**
     * Three views with different entities: users (bigint), merchants (bigint), shops (varchar and integer).
     */
    void multiView(int spineRows, int userRows, int merchantRows, int shopRows, int buckets)
            throws SQLException
    {
        String prefix = format("mv_%d_%d_%d_%d_%s", spineRows, userRows, merchantRows, shopRows, buckets > 0 ? "b" + buckets : "nb");
        List<View> views = List.of(
                new View(prefix + "_users", List.of("user_id"), List.of(new Feature("u1", "double"), new Feature("u2", "bigint"), new Feature("u3", "varchar")), userRows, 100_000),
                new View(prefix + "_merchants", List.of("merchant_id"), List.of(new Feature("m1", "double"), new Feature("m2", "bigint")), merchantRows, 20_000),
                new View(prefix + "_shops", List.of("region", "shop"), List.of(new Feature("s1", "double")), shopRows, 10_000));
        DataSet data = new DataSet(prefix, spineRows, views, buckets);
        System.out.println();
        System.out.printf(
                "multi-view: %,d spine rows; views users (bigint key) %,d rows, merchants (bigint key) %,d rows, shops (varchar + integer key) %,d rows; %s; no created timestamp, no TTL%n",
                spineRows,
                userRows,
                merchantRows,
                shopRows,
                buckets > 0 ? format("feature tables partitioned by bucket(first key, %d)", buckets) : "feature tables not partitioned");
        run(data);
    }

    /**
     * Feast #3003's shape: many views of many features each, on one entity.
     */
    void wide(int viewCount, int featuresPerView, int spineRows, int featureRows)
            throws SQLException
    {
        String prefix = format("wide_%d_%d_%d_%d", viewCount, featuresPerView, spineRows, featureRows);
        List<View> views = new ArrayList<>();
        for (int view = 1; view <= viewCount; view++) {
            List<Feature> features = new ArrayList<>();
            for (int feature = 1; feature <= featuresPerView; feature++) {
                features.add(new Feature(format("w%d_%d", view, feature), "double"));
            }
            views.add(new View(prefix + "_v" + view, List.of("user_id"), features, featureRows, Math.max(1, featureRows / 20)));
        }
        System.out.println();
        System.out.printf("wide: %,d spine rows; %d views of %d features each, %,d rows per view, one entity (bigint key); no created timestamp, no TTL%n", spineRows, viewCount, featuresPerView, featureRows);
        run(new DataSet(prefix, spineRows, views, 0));
    }

    private void run(DataSet data)
            throws SQLException
    {
        createData(data);
        String trainingSet = createTrainingSet(data);
        String engineQuery = (String) client.scalar(format("SELECT query FROM feature_store.system.training_sets WHERE schema_name = '%s' AND name = '%s'", SCHEMA, trainingSet));
        String filesQuery = (String) client.scalar(format("SELECT files_query FROM feature_store.system.training_sets WHERE schema_name = '%s' AND name = '%s'", SCHEMA, trainingSet));
        if (filesQuery == null) {
            throw new IllegalStateException("training set " + trainingSet + " is not read from the data files");
        }
        List<String> columns = new ArrayList<>(List.of("spine_id"));
        data.views().forEach(view -> view.features().forEach(feature -> columns.add(feature.name())));
        String output = String.join(", ", columns);
        List<Method> methods = new ArrayList<>(List.of(
                new Method("training set read (point_in_time_features, this project) *", format("SELECT %s FROM feature_store.%s.%s", output, SCHEMA, trainingSet), true),
                new Method("the same training set through the engine (nested point_in_time_join)", format("SELECT %s FROM (%s)", output, engineQuery), false),
                new Method("chained LEFT JOIN NEAREST (Trino 481+)", nearest(data, output), false)));
        boolean oneEntity = data.views().stream().map(View::keys).distinct().count() == 1;
        if (oneEntity) {
            // views of one entity are read by one call, where the training set's query joins a call per view on the spine's row number
            methods.add(new Method(
                    format("one point_in_time_features call over the %d views (this project) *", data.views().size()),
                    format(
                            "SELECT %s FROM TABLE(feature_store.system.point_in_time_features(schema_name => '%s', spine_table => 'iceberg.%2$s.%s_spine', spine_timestamp_column => 'label_ts', features => ARRAY[%s]))",
                            output,
                            SCHEMA,
                            data.prefix(),
                            quotedList(data.views(), view -> view.table() + ":*")),
                    true));
        }
        if (!oneEntity && data.buckets() > 0) {
            // the views of different entities chained: each call's result is the spine of the next, partitioned by the next view's bucket
            methods.add(new Method("chained point_in_time_features_for calls, no row-number join (this project) *", chained(data, output), true));
        }
        List<Result> results = new ArrayList<>();
        List<String> trinoQueries = methods.stream().map(method -> summary(data, method.sql(), TrinoSql.INSTANCE)).toList();
        boolean withDuckDb = DuckDbPeer.readsLocally(client, format("iceberg.%s.%s_spine", SCHEMA, data.prefix()));
        String duckDbQuery = withDuckDb ? summary(data, duckDbAsof(data, output), DuckDbSql.INSTANCE) : null;
        // a warm-up run of each, then the runs taking turns
        for (String query : trinoQueries) {
            client.measure(query);
        }
        if (withDuckDb) {
            duckDb.measure(duckDbQuery);
        }
        long[][] times = new long[methods.size() + 1][runs];
        long[] peaks = new long[methods.size()];
        long[][] readCpu = new long[methods.size()][runs];
        String[] summaries = new String[methods.size() + 1];
        for (int run = 0; run < runs; run++) {
            for (int method = 0; method < methods.size(); method++) {
                Measurement measurement = client.measure(trinoQueries.get(method));
                times[method][run] = measurement.elapsedMillis();
                long peak = measurement.peakMemoryBytes();
                if (methods.get(method).readsFiles()) {
                    SplitStatistics splits = SplitStatistics.of(client, measurement.queryId());
                    peak += splits.peakBytes();
                    readCpu[method][run] = splits.readCpuMillis();
                }
                peaks[method] = Math.max(peaks[method], peak);
                summaries[method] = measurement.rows().getFirst().toString();
            }
            if (withDuckDb) {
                DuckDbPeer.Measured measured = duckDb.measure(duckDbQuery);
                times[methods.size()][run] = measured.elapsedMillis();
                summaries[methods.size()] = measured.firstRow().stream().map(value -> value == null ? null : Long.valueOf(((Number) value).longValue())).toList().toString();
            }
        }
        for (int method = 0; method < methods.size(); method++) {
            results.add(new Result(methods.get(method).name(), median(times[method]), bytes(peaks[method]), summaries[method]));
        }
        if (withDuckDb) {
            results.add(new Result(format("DuckDB chained ASOF LEFT JOIN, same Parquet files, %d threads", duckDb.threads()), median(times[methods.size()]), "not measured", summaries[methods.size()]));
        }

        Result ours = results.getFirst();
        BenchmarkReport report = new BenchmarkReport("method", "time", "spine rows/s", "vs this project", "peak memory", "same rows");
        for (Result result : results) {
            report.add(result.name(), seconds(result.millis()), rate(data.spineRows(), result.millis()), ratio((double) result.millis() / ours.millis()), result.peakMemory(), result.summary().equals(ours.summary()) ? "yes" : "no");
        }
        System.out.print(report.render());
        System.out.println("  * its peak memory is the engine's plus the most its splits held at once (feature_store.system.point_in_time_features_memory)");
        System.out.printf(
                Locale.ROOT,
                "  time of the other method over the training set read's: chained LEFT JOIN NEAREST %.2fx (goal 5x), DuckDB's chained ASOF %s (goal 1.5x), the engine's nested point_in_time_join %.2fx%n",
                (double) results.get(2).millis() / ours.millis(),
                withDuckDb ? format(Locale.ROOT, "%.2fx", (double) results.get(methods.size()).millis() / ours.millis()) : DuckDbPeer.NOT_LOCAL,
                (double) results.get(1).millis() / ours.millis());
        if (oneEntity) {
            Result oneCall = results.get(3);
            System.out.printf(
                    Locale.ROOT,
                    "  time of the other method over the one call's: chained LEFT JOIN NEAREST %.2fx (goal 5x), DuckDB's chained ASOF %s (goal 1.5x), the training set read %.2fx%n",
                    (double) results.get(2).millis() / oneCall.millis(),
                    withDuckDb ? format(Locale.ROOT, "%.2fx", (double) results.get(methods.size()).millis() / oneCall.millis()) : DuckDbPeer.NOT_LOCAL,
                    (double) ours.millis() / oneCall.millis());
        }
        if (withDuckDb) {
            // the training set read, the first method, against DuckDB's join, the last result
            System.out.println(ReadingFloor.describe(ReadingFloor.measure(client, duckDb, floorTables(data), runs), ours.millis(), median(readCpu[0]), duckDb.threads(), results.get(methods.size()).millis()));
        }
    }

    /**
     * The spine and every view's table with the columns a point-in-time read of them needs.
     */
    private static List<ReadingFloor.Table> floorTables(DataSet data)
    {
        Set<String> spineColumns = new LinkedHashSet<>(List.of("spine_id"));
        List<ReadingFloor.Table> tables = new ArrayList<>();
        for (View view : data.views()) {
            spineColumns.addAll(view.keys());
            List<String> columns = new ArrayList<>(view.keys());
            columns.add("event_ts");
            view.features().forEach(feature -> columns.add(feature.name()));
            tables.add(new ReadingFloor.Table(format("iceberg.%s.%s", SCHEMA, view.table()), columns));
        }
        spineColumns.add("label_ts");
        tables.addFirst(new ReadingFloor.Table(format("iceberg.%s.%s_spine", SCHEMA, data.prefix()), List.copyOf(spineColumns)));
        return tables;
    }

    /**
     * The integer aggregates that stand for a result's rows: their number, and per feature its
     * count and the sum of its values as integers, weighted by a function of the spine row.
     */
    private static String summary(DataSet data, String sql, Dialect dialect)
    {
        StringJoiner aggregates = new StringJoiner(", ");
        aggregates.add("count(*)");
        for (View view : data.views()) {
            for (Feature feature : view.features()) {
                String value = switch (feature.type()) {
                    case "double" -> dialect.bigint(format("round(%s * 100)", feature.name()));
                    case "varchar" -> dialect.bigint(format("length(%s)", feature.name()));
                    default -> feature.name();
                };
                aggregates.add(dialect.bigint(format("sum((spine_id %% 997 + 1) * %s)", value)));
                aggregates.add(format("count(%s)", feature.name()));
            }
        }
        return format("SELECT %s FROM (%s)", aggregates, sql);
    }

    /**
     * The first view read by point_in_time_features from the spine table, each later one by
     * point_in_time_features_for over the previous call's result, partitioned by the Iceberg bucket
     * its feature table is partitioned by.
     */
    private static String chained(DataSet data, String output)
    {
        View first = data.views().getFirst();
        String relation = format(
                "TABLE(feature_store.system.point_in_time_features(schema_name => '%s', spine_table => 'iceberg.%1$s.%s_spine', spine_timestamp_column => 'label_ts', features => ARRAY['%s:*']))",
                SCHEMA,
                data.prefix(),
                first.table());
        for (int index = 1; index < data.views().size(); index++) {
            View view = data.views().get(index);
            relation = format(
                    "TABLE(feature_store.system.point_in_time_features_for(spine => TABLE(SELECT *, iceberg.system.bucket(%s, %d) AS bucket_%d FROM %s) PARTITION BY bucket_%3$d, spine_timestamp_column => 'label_ts', schema_name => '%s', features => ARRAY['%s:*']))",
                    view.keys().getLast(),
                    data.buckets(),
                    index,
                    relation,
                    SCHEMA,
                    view.table());
        }
        return format("SELECT %s FROM %s", output, relation);
    }

    private static String nearest(DataSet data, String output)
    {
        StringBuilder sql = new StringBuilder(format("SELECT %s%nFROM iceberg.%s.%s_spine s", output, SCHEMA, data.prefix()));
        for (int index = 0; index < data.views().size(); index++) {
            View view = data.views().get(index);
            String alias = "f" + index;
            StringJoiner keys = new StringJoiner(" AND ");
            view.keys().forEach(key -> keys.add(format("%1$s.%2$s = s.%2$s", alias, key)));
            sql.append(format("%nLEFT JOIN NEAREST (FROM iceberg.%s.%s %s WHERE %s MATCH %3$s.event_ts <= s.label_ts) ON TRUE", SCHEMA, view.table(), alias, keys));
        }
        return sql.toString();
    }

    private String duckDbAsof(DataSet data, String output)
            throws SQLException
    {
        StringBuilder sql = new StringBuilder(format("SELECT %s%nFROM %s s", qualified(data, output), DuckDbPeer.files(client, format("iceberg.%s.%s_spine", SCHEMA, data.prefix()))));
        for (int index = 0; index < data.views().size(); index++) {
            View view = data.views().get(index);
            String alias = "f" + index;
            StringJoiner keys = new StringJoiner(" AND ");
            view.keys().forEach(key -> keys.add(format("s.%2$s = %1$s.%2$s", alias, key)));
            sql.append(format("%nASOF LEFT JOIN %s %s ON %s AND s.label_ts >= %2$s.event_ts", DuckDbPeer.files(client, format("iceberg.%s.%s", SCHEMA, view.table())), alias, keys));
        }
        return sql.toString();
    }

    /**
     * The output columns qualified by the relation they come from, as DuckDB's joins need them.
     */
    private static String qualified(DataSet data, String output)
    {
        StringJoiner columns = new StringJoiner(", ");
        columns.add("s.spine_id");
        for (int index = 0; index < data.views().size(); index++) {
            String alias = "f" + index;
            data.views().get(index).features().forEach(feature -> columns.add(alias + "." + feature.name()));
        }
        return columns.toString();
    }

    private String createTrainingSet(DataSet data)
            throws SQLException
    {
        String name = data.prefix() + "_ts";
        client.dropTrainingSet(SCHEMA, name);
        for (View view : data.views()) {
            long registered = ((Number) client.scalar(format("SELECT count(*) FROM feature_store.system.feature_views WHERE schema_name = '%s' AND view_name = '%s'", SCHEMA, view.table()))).longValue();
            if (registered > 0) {
                continue;
            }
            client.execute(format(
                    "CALL feature_store.system.register_feature_view(schema_name => '%s', view_name => '%s', source_table => 'iceberg.%1$s.%2$s', entity_columns => ARRAY[%3$s], timestamp_column => 'event_ts')",
                    SCHEMA,
                    view.table(),
                    quotedList(view.keys(), Function.identity())));
        }
        client.execute(format(
                "CALL feature_store.system.create_training_set(schema_name => '%s', name => '%s', spine_table => 'iceberg.%1$s.%3$s_spine', spine_timestamp_column => 'label_ts', features => ARRAY[%4$s])",
                SCHEMA,
                name,
                data.prefix(),
                quotedList(data.views(), view -> view.table() + ":*")));
        return name;
    }

    private static <T> String quotedList(List<T> values, Function<T, String> text)
    {
        StringJoiner list = new StringJoiner(", ");
        values.forEach(value -> list.add("'" + text.apply(value) + "'"));
        return list.toString();
    }

    private void createData(DataSet data)
            throws SQLException
    {
        client.execute(format("CREATE SCHEMA IF NOT EXISTS iceberg.%s", SCHEMA));
        long existing = ((Number) client.scalar(format(
                "SELECT count(*) FROM iceberg.information_schema.tables WHERE table_schema = '%s' AND table_name LIKE '%s\\_%%' ESCAPE '\\'", SCHEMA, data.prefix()))).longValue();
        if (existing == data.views().size() + 1) {
            System.out.printf("Reusing the data in iceberg.%s.%s_*%n", SCHEMA, data.prefix());
            return;
        }
        System.out.printf("Creating the data in iceberg.%s.%s_* (once per size) ...%n", SCHEMA, data.prefix());
        long start = System.nanoTime();
        for (View view : data.views()) {
            client.execute(format("DROP TABLE IF EXISTS iceberg.%s.%s", SCHEMA, view.table()));
            StringJoiner features = new StringJoiner(", ");
            for (Feature feature : view.features()) {
                features.add(switch (feature.type()) {
                    case "double" -> format("IF(random() < 0.05, NULL, round(random() * 1000, 2)) AS %s", feature.name());
                    case "bigint" -> format("IF(random() < 0.05, NULL, random(0, 100000)) AS %s", feature.name());
                    default -> format("IF(random() < 0.05, NULL, element_at(ARRAY['bronze', 'silver', 'gold', 'platinum'], random(1, 5))) AS %s", feature.name());
                });
            }
            long rowsPerEntity = Math.max(1, view.rows() / view.entities());
            String partitioning = data.buckets() > 0 ? format("WITH (partitioning = ARRAY['bucket(%s, %d)'])", view.keys().getLast(), data.buckets()) : "";
            // every entity has its rows at distinct event times spread over 2025
            client.execute(format(
                    """
                    CREATE TABLE iceberg.%s.%s %s AS
                    SELECT %s, TIMESTAMP '2025-01-01 00:00:00.000000 UTC' + (sequence_number * %d + random(0, %5$d)) * INTERVAL '1' SECOND AS event_ts, %s
                    FROM (%s) entities
                    CROSS JOIN UNNEST(sequence(0, %d)) AS t (sequence_number)
                    """,
                    SCHEMA,
                    view.table(),
                    partitioning,
                    String.join(", ", view.keys()),
                    31_536_000 / rowsPerEntity,
                    features,
                    entities(view),
                    rowsPerEntity - 1));
        }
        // spine rows of random entities of every view, at random times after the first feature rows
        // each key column once, drawn from the entities of the first view that has it
        Map<String, String> keys = new LinkedHashMap<>();
        for (View view : data.views()) {
            view.keys().forEach(key -> keys.putIfAbsent(key, keyExpression(key, view.entities())));
        }
        client.execute(format("DROP TABLE IF EXISTS iceberg.%s.%s_spine", SCHEMA, data.prefix()));
        client.execute(format(
                """
                CREATE TABLE iceberg.%s.%s_spine AS
                SELECT n AS spine_id, %s, TIMESTAMP '2025-01-15 00:00:00.000000 UTC' + random(0, 30000000) * INTERVAL '1' SECOND AS label_ts
                FROM (%s)
                """,
                SCHEMA,
                data.prefix(),
                String.join(", ", keys.values()),
                numbers(data.spineRows())));
        System.out.printf("Created in %s%n", seconds((System.nanoTime() - start) / 1_000_000));
    }

    /**
     * The entity keys of a view, one row per entity.
     */
    private static String entities(View view)
    {
        if (view.keys().size() == 1) {
            return format("SELECT n AS %s FROM (%s)", view.keys().getFirst(), numbers(view.entities()));
        }
        // region x shop: 10 regions
        return format("SELECT 'region_' || CAST((n - 1) %% 10 AS varchar) AS region, CAST((n - 1) / 10 AS integer) AS shop FROM (%s)", numbers(view.entities()));
    }

    /**
     * The numbers 1 to count, as bigint column n ({@code sequence} makes at most 10,000 values).
     */
    private static String numbers(int count)
    {
        return format(
                "SELECT block * 10000 + offset AS n FROM UNNEST(sequence(BIGINT '0', %d)) AS b (block) CROSS JOIN UNNEST(sequence(1, 10000)) AS o (offset) WHERE block * 10000 + offset <= %d",
                (count - 1) / 10000,
                count);
    }

    private static String keyExpression(String key, int entities)
    {
        return switch (key) {
            case "region" -> "'region_' || CAST(random(0, 10) AS varchar) AS region";
            case "shop" -> format("CAST(random(0, %d) AS integer) AS shop", Math.max(1, entities / 10));
            default -> format("CAST(random(1, %d) AS bigint) AS %s", entities + 1, key);
        };
    }

    private record Feature(String name, String type) {}

    /**
     * @param table the feature table, also the name of its feature view
     * @param entities how many entities its rows are spread over
     */
    private record View(String table, List<String> keys, List<Feature> features, int rows, int entities) {}

    private record DataSet(String prefix, int spineRows, List<View> views, int buckets) {}

    private record Method(String name, String sql, boolean readsFiles) {}

    private record Result(String name, long millis, String peakMemory, String summary) {}

    private interface Dialect
    {
        String bigint(String expression);
    }

    private enum TrinoSql
            implements Dialect
    {
        INSTANCE;

        @Override
        public String bigint(String expression)
        {
            return format("CAST(%s AS bigint)", expression);
        }
    }

    private enum DuckDbSql
            implements Dialect
    {
        INSTANCE;

        @Override
        public String bigint(String expression)
        {
            return format("CAST(%s AS BIGINT)", expression);
        }
    }
}
