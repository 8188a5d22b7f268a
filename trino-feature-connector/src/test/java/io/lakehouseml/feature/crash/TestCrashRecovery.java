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
package io.lakehouseml.feature.crash;

import com.google.common.io.MoreFiles;
import io.airlift.log.Logger;
import io.lakehouseml.feature.FeatureStoreQueryRunner;
import io.lakehouseml.testing.TestingLakehouseCatalog;
import io.trino.testing.DistributedQueryRunner;
import io.trino.testing.MaterializedRow;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static com.google.common.io.RecursiveDeleteOption.ALLOW_INSECURE;
import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.concurrent.TimeUnit.MINUTES;
import static java.util.concurrent.TimeUnit.NANOSECONDS;
import static java.util.stream.Collectors.joining;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.TestInstance.Lifecycle.PER_CLASS;

/**
 * Kills the server ({@code kill -9}) at a random time during each procedure that writes
 * ({@code register_feature_view}, {@code create_training_set}, {@code commit_write},
 * {@code publish_write}, {@code discard_write}), a materialization and a large
 * {@code point_in_time_features} query, restarts it on the same catalog and checks: every registry
 * table, feature view and training set reads; every Iceberg table and branch reads and shows no
 * data file and no row twice; and the recovery the feature store documents (call the interrupted
 * procedure again) ends in the state the call would have made. {@code -Dcrash.rounds=N} runs N
 * rounds (10 by default), {@code -Dcrash.seed=S} kills at other times.
 */
@TestInstance(PER_CLASS)
final class TestCrashRecovery
{
    private static final Logger log = Logger.get(TestCrashRecovery.class);
    private static final int ROUNDS = Integer.getInteger("crash.rounds", 10);
    private static final long SEED = Long.getLong("crash.seed", 20261201);
    private static final int STAGED_ROWS = 1000;
    private static final long EVENT_ROWS = 100_000;
    private static final long SPINE_ROWS = 20_000;

    private Path directory;
    private Path serverLog;
    private int port;
    private Process server;
    // a second coordinator on the same catalog, never killed: it prepares each round and checks what the killed one left
    private DistributedQueryRunner survivor;

    private enum Operation
    {
        REGISTER_FEATURE_VIEW(1500),
        CREATE_TRAINING_SET(2000),
        COMMIT_WRITE(2000),
        PUBLISH_WRITE(1500),
        DISCARD_WRITE(1500),
        MATERIALIZATION(5000),
        POINT_IN_TIME_FEATURES(3000);

        // the kill comes at a uniformly random time up to this, about the call's duration on a server just started

        private final int maxKillDelayMillis;

        Operation(int maxKillDelayMillis)
        {
            this.maxKillDelayMillis = maxKillDelayMillis;
        }
    }

    @BeforeAll
    void setUp()
            throws Exception
    {
        directory = Files.createTempDirectory("lakehouse-crash");
        serverLog = Files.createTempFile("lakehouse-crash", ".log");
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        survivor = FeatureStoreQueryRunner.builder()
                .setLakehouseCatalog(new TestingLakehouseCatalog(directory))
                .setWorkerCount(0)
                .build();
        execute("CREATE SCHEMA iceberg.crash");
        execute(
                """
                CREATE TABLE iceberg.crash.events WITH (partitioning = ARRAY['bucket(user_id, 8)']) AS
                SELECT CAST(n %% 20000 AS bigint) AS user_id, TIMESTAMP '2025-01-01 00:00:00.000000 UTC' + n * INTERVAL '1' MINUTE AS event_ts, CAST(n AS double) AS value
                FROM (SELECT i * 10000 + j AS n FROM UNNEST(sequence(0, %d)) AS a (i) CROSS JOIN UNNEST(sequence(1, 10000)) AS b (j))""".formatted(EVENT_ROWS / 10000 - 1));
        execute(
                """
                CREATE TABLE iceberg.crash.spine AS
                SELECT CAST(n %% 20000 AS bigint) AS user_id, TIMESTAMP '2025-03-01 00:00:00.000000 UTC' + n * INTERVAL '1' MINUTE AS label_ts
                FROM (SELECT i * 10000 + j AS n FROM UNNEST(sequence(0, %d)) AS a (i) CROSS JOIN UNNEST(sequence(1, 10000)) AS b (j))""".formatted(SPINE_ROWS / 10000 - 1));
        execute("CALL feature_store.system.register_feature_view('crash', 'events', 'iceberg.crash.events', ARRAY['user_id'], 'event_ts')");
        execute("CALL feature_store.system.create_training_set('crash', 'base', 'iceberg.crash.spine', 'label_ts', ARRAY['events:value'])");
    }

    @AfterAll
    void tearDown()
            throws IOException
    {
        if (server != null) {
            server.destroyForcibly();
        }
        if (survivor != null) {
            survivor.close();
        }
        MoreFiles.deleteRecursively(directory, ALLOW_INSECURE);
        Files.deleteIfExists(serverLog);
    }

    @Test
    @Timeout(value = 60, unit = MINUTES)
    void testKillAtRandomPoints()
            throws Exception
    {
        Random random = new Random(SEED);
        int killedDuringCall = 0;
        ExecutorService executor = Executors.newCachedThreadPool();
        try {
            Future<?> starting = executor.submit(this::startServer);
            for (int round = 0; round < ROUNDS; round++) {
                Operation operation = Operation.values()[round % Operation.values().length];
                String name = "r" + round;
                long roundStart = System.nanoTime();
                starting.get();
                prepare(operation, round);
                long mainRows = count("SELECT count(*) FROM iceberg.crash.events");

                Future<?> call = executor.submit(() -> {
                    run(operation, name);
                    return null;
                });
                int delay = random.nextInt(operation.maxKillDelayMillis);
                Thread.sleep(delay);
                // whether the call was still running when the server died
                boolean returned = call.isDone();
                server.destroyForcibly().waitFor();
                if (returned) {
                    // a call the kill did not interrupt must have succeeded
                    call.get();
                }
                // the client would retry a dead server for minutes: stop waiting for it
                call.cancel(true);
                killedDuringCall += returned ? 0 : 1;

                // the server starts again while the other coordinator checks what the kill left and recovers
                starting = executor.submit(this::startServer);
                checkConsistent(this::query);
                recover(operation, round, mainRows);
                log.info("round %s: %s, killed %s ms after the call began, %s; round %s ms",
                        round,
                        operation,
                        delay,
                        returned ? "after it returned" : "during the call",
                        NANOSECONDS.toMillis(System.nanoTime() - roundStart));
            }
            // the server started again on what the kills left reads everything too
            starting.get();
            checkConsistent(this::queryServer);
            server.destroyForcibly().waitFor();
        }
        finally {
            executor.shutdownNow();
        }
        log.info("%s of %s rounds killed the server during the call", killedDuringCall, ROUNDS);
    }

    /**
     * What a round's call needs: a write begun, its rows staged (and committed, for publish).
     */
    private void prepare(Operation operation, int round)
    {
        String name = "r" + round;
        if (operation == Operation.COMMIT_WRITE || operation == Operation.PUBLISH_WRITE || operation == Operation.DISCARD_WRITE) {
            execute("CALL feature_store.system.begin_write('crash', 'events', '%s')".formatted(name));
            // rows no other round writes: a marker value and times of their own
            execute(
                    """
                    INSERT INTO iceberg.crash.events_staging_%s
                    SELECT CAST(n AS bigint), TIMESTAMP '2030-01-01 00:00:00.000000 UTC' + (%d * %d + n) * INTERVAL '1' MINUTE, %s
                    FROM UNNEST(sequence(1, %d)) AS t (n)""".formatted(name, round, STAGED_ROWS, marker(round), STAGED_ROWS));
            if (operation == Operation.PUBLISH_WRITE) {
                execute("CALL feature_store.system.commit_write('crash', 'events', '%s')".formatted(name));
            }
        }
    }

    private void run(Operation operation, String name)
    {
        switch (operation) {
            case REGISTER_FEATURE_VIEW -> queryServer("CALL feature_store.system.register_feature_view('crash', 'view_%s', 'iceberg.crash.events', ARRAY['user_id'], 'event_ts')".formatted(name));
            case CREATE_TRAINING_SET -> queryServer("CALL feature_store.system.create_training_set('crash', 'set_%s', 'iceberg.crash.spine', 'label_ts', ARRAY['events:value'])".formatted(name));
            case COMMIT_WRITE -> queryServer("CALL feature_store.system.commit_write('crash', 'events', '%s')".formatted(name));
            case PUBLISH_WRITE -> queryServer("CALL feature_store.system.publish_write('crash', 'events', '%s')".formatted(name));
            case DISCARD_WRITE -> queryServer("CALL feature_store.system.discard_write('crash', 'events', '%s')".formatted(name));
            case MATERIALIZATION -> {
                queryServer("CREATE TABLE iceberg.crash.copy_%s AS SELECT * FROM feature_store.crash.base".formatted(name));
                queryServer("CALL feature_store.system.register_materialization('crash', 'base', 'iceberg.crash.copy_%s')".formatted(name));
            }
            case POINT_IN_TIME_FEATURES -> queryServer(pointInTimeFeatures());
        }
    }

    /**
     * The recovery docs/feature-store.md gives: call the interrupted procedure again (or, for a
     * write, discard it); then the state is the one the call makes.
     */
    private void recover(Operation operation, int round, long mainRows)
    {
        String name = "r" + round;
        switch (operation) {
            case REGISTER_FEATURE_VIEW -> {
                executeAllowing("CALL feature_store.system.register_feature_view('crash', 'view_%s', 'iceberg.crash.events', ARRAY['user_id'], 'event_ts')".formatted(name), "already exists");
                assertThat(count("SELECT count(*) FROM feature_store.crash.view_" + name)).isEqualTo(mainRows);
            }
            case CREATE_TRAINING_SET -> {
                executeAllowing("CALL feature_store.system.create_training_set('crash', 'set_%s', 'iceberg.crash.spine', 'label_ts', ARRAY['events:value'])".formatted(name), "already exists");
                assertThat(count("SELECT count(*) FROM feature_store.crash.set_" + name)).isEqualTo(SPINE_ROWS);
                assertThat(count("SELECT count(*) FROM feature_store.system.training_set_sources WHERE training_set = 'set_%s'".formatted(name))).isEqualTo(2);
            }
            case COMMIT_WRITE -> {
                // committed once, whether the first call got that far or not
                executeAllowing("CALL feature_store.system.commit_write('crash', 'events', '%s')".formatted(name), "Staging table iceberg.crash.events_staging_%s does not exist".formatted(name));
                assertThat(count("SELECT count(*) FROM iceberg.crash.events FOR VERSION AS OF '%s' WHERE value = %s".formatted(name, marker(round)))).isEqualTo(STAGED_ROWS);
                assertThat(count("SELECT count(*) FROM iceberg.crash.events FOR VERSION AS OF '%s'".formatted(name))).isEqualTo(mainRows + STAGED_ROWS);
                execute("CALL feature_store.system.discard_write('crash', 'events', '%s')".formatted(name));
                assertThat(count("SELECT count(*) FROM iceberg.crash.events")).isEqualTo(mainRows);
            }
            case PUBLISH_WRITE -> {
                executeAllowing("CALL feature_store.system.publish_write('crash', 'events', '%s')".formatted(name), "has no branch '%s'".formatted(name));
                assertThat(count("SELECT count(*) FROM iceberg.crash.events WHERE value = " + marker(round))).isEqualTo(STAGED_ROWS);
                assertThat(count("SELECT count(*) FROM iceberg.crash.events")).isEqualTo(mainRows + STAGED_ROWS);
            }
            case DISCARD_WRITE -> {
                executeAllowing("CALL feature_store.system.discard_write('crash', 'events', '%s')".formatted(name), "There is no write to branch %s".formatted(name));
                assertThat(count("SELECT count(*) FROM iceberg.crash.\"events$refs\" WHERE name = '%s'".formatted(name))).isZero();
                assertThat(count("SELECT count(*) FROM iceberg.information_schema.tables WHERE table_schema = 'crash' AND table_name = 'events_staging_%s'".formatted(name))).isZero();
                assertThat(count("SELECT count(*) FROM iceberg.crash.events")).isEqualTo(mainRows);
            }
            case MATERIALIZATION -> {
                if (count("SELECT count(*) FROM iceberg.information_schema.tables WHERE table_schema = 'crash' AND table_name = 'copy_%s'".formatted(name)) == 0) {
                    execute("CREATE TABLE iceberg.crash.copy_%s AS SELECT * FROM feature_store.crash.base".formatted(name));
                }
                executeAllowing("CALL feature_store.system.register_materialization('crash', 'base', 'iceberg.crash.copy_%s')".formatted(name), "already exists");
                assertThat(count("SELECT count(*) FROM iceberg.crash.copy_" + name)).isEqualTo(SPINE_ROWS);
                assertThat(count("SELECT count(*) FROM feature_store.system.training_set_materializations WHERE table_name = 'iceberg.crash.copy_%s'".formatted(name))).isEqualTo(1);
            }
            case POINT_IN_TIME_FEATURES -> assertThat(count(pointInTimeFeatures())).isEqualTo(SPINE_ROWS);
        }
    }

    /**
     * Everything reads, and no data file or row is visible twice: one query for the registry, one
     * for the tables (a server that was just started plans each query slowly).
     */
    private static void checkConsistent(Sql sql)
    {
        // every registry table reads, and every feature view and training set is analyzed with the
        // tables and snapshots it reads (a training set whose pinned snapshot is gone fails here)
        List<String> reads = new ArrayList<>();
        Stream.of("feature_views", "training_sets", "training_set_sources", "training_set_materializations", "entities", "feature_services", "expectations", "feature_freshness")
                .forEach(table -> reads.add("SELECT count(*) AS n FROM feature_store.system." + table));
        strings(sql, "SHOW TABLES FROM feature_store.crash").forEach(view -> reads.add("SELECT count(*) AS n FROM (SELECT * FROM feature_store.crash.%s LIMIT 0)".formatted(view)));
        sql.query(reads.stream().collect(joining(" UNION ALL ", "SELECT count(n) FROM (", ")")));

        // every table and branch reads, its files are listed once and hold its rows, and the table the writes go to has no row twice
        List<String> problems = new ArrayList<>();
        for (String table : strings(sql, "SHOW TABLES FROM iceberg.crash")) {
            problems.add("SELECT '%1$s: rows not in its files' AS problem, (SELECT count(*) FROM iceberg.crash.%1$s) - (SELECT coalesce(sum(record_count), 0) FROM iceberg.crash.\"%1$s$files\") AS n".formatted(table));
            problems.add("SELECT '%1$s: files listed twice', count(*) - count(DISTINCT file_path) FROM iceberg.crash.\"%1$s$files\"".formatted(table));
        }
        for (String branch : strings(sql, "SELECT name FROM iceberg.crash.\"events$refs\"")) {
            problems.add("SELECT 'branch %1$s of events: rows twice', count(*) - count(DISTINCT (user_id, event_ts, value)) FROM iceberg.crash.events FOR VERSION AS OF '%1$s'".formatted(branch));
        }
        assertThat(strings(sql, problems.stream().collect(joining(" UNION ALL ", "SELECT problem || ': ' || CAST(n AS varchar) FROM (", ") WHERE n <> 0")))).isEmpty();
    }

    private static String pointInTimeFeatures()
    {
        return "SELECT count(*) FROM TABLE(feature_store.system.point_in_time_features(schema_name => 'crash', spine_table => 'iceberg.crash.spine', spine_timestamp_column => 'label_ts', features => ARRAY['events:value']))";
    }

    private static String marker(int round)
    {
        return "DOUBLE '%d'".formatted(-(round + 1));
    }

    private Void startServer()
            throws IOException, InterruptedException
    {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx2g");
        // a short-lived server started many times: the quick compiler and a single-threaded collector start it sooner
        command.add("-XX:TieredStopAtLevel=1");
        command.add("-XX:+UseSerialGC");
        ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(argument -> argument.startsWith("--"))
                .forEach(command::add);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), CrashTestServer.class.getName(), directory.toString(), String.valueOf(port)));
        server = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .start();
        // the server's output goes to a log; READY says it answers queries
        CountDownLatch ready = new CountDownLatch(1);
        BufferedReader output = new BufferedReader(new InputStreamReader(server.getInputStream(), UTF_8));
        Thread.ofVirtual().start(() -> {
            try (BufferedWriter writer = Files.newBufferedWriter(serverLog, UTF_8, StandardOpenOption.APPEND)) {
                String line;
                while ((line = output.readLine()) != null) {
                    writer.write(line);
                    writer.newLine();
                    writer.flush();
                    if (line.contains("READY http")) {
                        ready.countDown();
                    }
                }
            }
            catch (IOException _) {
                // the server was killed
            }
        });
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (!ready.await(200, TimeUnit.MILLISECONDS)) {
            if (!server.isAlive() || System.nanoTime() > deadline) {
                throw new AssertionError("The server did not start; its output is in " + serverLog + ":\n" + Files.readString(serverLog));
            }
        }
        return null;
    }

    /**
     * SQL on one of the two coordinators: the rows of a statement.
     */
    private interface Sql
    {
        List<List<Object>> query(String sql);
    }

    private List<List<Object>> query(String sql)
    {
        return survivor.execute(sql).getMaterializedRows().stream().map(MaterializedRow::getFields).toList();
    }

    /**
     * SQL on the server that gets killed, over JDBC as any client.
     */
    private List<List<Object>> queryServer(String sql)
    {
        try (Connection connection = DriverManager.getConnection("jdbc:trino://127.0.0.1:%d/iceberg".formatted(port), "crash", null);
                Statement statement = connection.createStatement()) {
            List<List<Object>> rows = new ArrayList<>();
            if (statement.execute(sql)) {
                try (ResultSet resultSet = statement.getResultSet()) {
                    while (resultSet.next()) {
                        List<Object> row = new ArrayList<>();
                        for (int column = 1; column <= resultSet.getMetaData().getColumnCount(); column++) {
                            row.add(resultSet.getObject(column));
                        }
                        rows.add(row);
                    }
                }
            }
            return rows;
        }
        catch (SQLException e) {
            throw new IllegalStateException("Failed on the server that gets killed: " + e.getMessage(), e);
        }
    }

    private void execute(String sql)
    {
        query(sql);
    }

    private void executeAllowing(String sql, String acceptedError)
    {
        try {
            execute(sql);
        }
        catch (RuntimeException e) {
            assertThat(e.getMessage()).contains(acceptedError);
        }
    }

    private long count(String sql)
    {
        return ((Number) query(sql).getFirst().getFirst()).longValue();
    }

    private static List<String> strings(Sql sql, String statement)
    {
        return sql.query(statement).stream().map(row -> (String) row.getFirst()).toList();
    }
}
