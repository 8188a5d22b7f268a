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
package io.lakehouseml.server;

import com.google.common.base.Throwables;
import com.google.common.collect.ImmutableMap;
import com.google.common.io.MoreFiles;
import io.lakehouseml.feature.FeatureStorePlugin;
import io.lakehouseml.server.LakehouseLauncher.CommandResult;
import io.trino.Session;
import io.trino.plugin.iceberg.IcebergPlugin;
import io.trino.spi.Plugin;
import io.trino.spi.connector.ConnectorFactory;
import io.trino.spi.security.Identity;
import io.trino.testing.DistributedQueryRunner;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.io.Reader;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

import static com.google.common.io.RecursiveDeleteOption.ALLOW_INSECURE;
import static io.lakehouseml.server.DemoLakehouse.REGISTER_USER_STATS;
import static io.lakehouseml.server.DemoLakehouse.assertAccessRules;
import static io.lakehouseml.server.JdbcQueries.queryDouble;
import static io.lakehouseml.server.JdbcQueries.queryLong;
import static io.lakehouseml.server.JdbcQueries.queryString;
import static io.lakehouseml.server.JdbcQueries.queryStrings;
import static io.trino.testing.TestingSession.testSessionBuilder;
import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;
import static java.util.concurrent.TimeUnit.MINUTES;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.TestInstance.Lifecycle.PER_CLASS;

/**
 * Starts the production shape with {@code bin/lakehouse cluster start}, as a user does: PostgreSQL,
 * the S3-compatible store, Iceberg's REST catalog, a Trino coordinator and two workers, each a
 * real process; runs the product over JDBC on it, kills a worker during a query and restarts the
 * whole cluster.
 */
@TestInstance(PER_CLASS)
final class TestClusterEndToEnd
{
    private static final String POINT_IN_TIME_FEATURES =
            """
            SELECT label_id, user_id, label_ts, churned, avg_spend_30d, txn_count_7d
            FROM TABLE(feature_store.system.point_in_time_features(
                schema_name => 'ecommerce', spine_table => 'iceberg.ml.churn_labels',
                spine_timestamp_column => 'label_ts', features => ARRAY['user_stats:*']))
            """;
    private static final String POINT_IN_TIME_FEATURES_FOR =
            """
            SELECT label_id, user_id, label_ts, churned, avg_spend_30d, txn_count_7d
            FROM TABLE(feature_store.system.point_in_time_features_for(
                spine => TABLE(SELECT *, iceberg.system.bucket(user_id, 4) AS bucket FROM iceberg.ml.churn_labels) PARTITION BY bucket,
                spine_timestamp_column => 'label_ts', schema_name => 'ecommerce', features => ARRAY['user_stats:*']))
            """;
    private static final String POINT_IN_TIME_JOIN =
            """
            SELECT label_id, user_id, ts, churned, avg_spend_30d, txn_count_7d
            FROM TABLE(feature_store.system.point_in_time_join(
                input => TABLE(
                    SELECT label_id, user_id, label_ts AS ts, churned,
                           CAST(NULL AS double) AS avg_spend_30d, CAST(NULL AS bigint) AS txn_count_7d,
                           CAST(NULL AS timestamp(6) with time zone) AS created_ts, 'spine' AS row_kind
                    FROM iceberg.ml.churn_labels
                    UNION ALL
                    SELECT NULL, user_id, event_ts, NULL, avg_spend_30d, txn_count_7d, created_ts, 'feature'
                    FROM feature_store.ecommerce.user_stats)
                    PARTITION BY user_id,
                timestamp_column => 'ts',
                features => DESCRIPTOR(avg_spend_30d, txn_count_7d),
                created_timestamp_column => 'created_ts',
                ttl => '30d'))
            """;

    private Path dataDirectory;
    private int port;
    private LakehouseLauncher launcher;
    private long phaseStart;

    @BeforeAll
    void setUp()
            throws IOException
    {
        // directly under the temporary folder: PostgreSQL's own user must be able to reach it when the tests run as root
        dataDirectory = Files.createTempDirectory("lakehouse-cluster");
        port = freePortBase();
        launcher = new LakehouseLauncher(port, dataDirectory);
    }

    @AfterAll
    void tearDown()
            throws Exception
    {
        lakehouse("cluster", "stop");
        MoreFiles.deleteRecursively(dataDirectory, ALLOW_INSECURE);
    }

    @Test
    @Timeout(value = 15, unit = MINUTES)
    void testCluster()
            throws Exception
    {
        phaseStart = System.nanoTime();
        CommandResult start = lakehouse("cluster", "start", "--workers", "2");
        assertThat(start.exitCode()).as(start.output()).isZero();
        assertThat(start.output())
                .contains("a coordinator and 2 worker(s)")
                .contains("jdbc:trino://127.0.0.1:" + port + "/iceberg")
                .contains("Loading the demo data");
        phase("first start, with the demo data");

        String trainingSetRows;
        String trainingSetFingerprint;
        String killedWorker;
        try (Connection connection = connect("admin"); Statement statement = connection.createStatement()) {
            assertThat(queryLong(statement, "SELECT count(*) FROM system.runtime.nodes WHERE NOT coordinator AND state = 'active'")).isEqualTo(2);
            // the tables live in the bucket, the catalog answers over REST
            assertThat(queryLong(statement, "SELECT count(*) FROM iceberg.features.user_stats")).isEqualTo(6000);
            assertThat(queryString(statement, "SELECT file_path FROM iceberg.features.\"user_stats$files\" LIMIT 1")).startsWith("s3://warehouse/");

            // the registry in the REST catalog, and both point-in-time joins with the same rows
            statement.execute(REGISTER_USER_STATS);
            // a value longer than a namespace property of the catalog's PostgreSQL store can hold (1,000 characters)
            statement.execute("CALL feature_store.system.register_entity(schema_name => 'ecommerce', name => 'merchant', join_keys => ARRAY['merchant_id'], " +
                    "description => 'A merchant (Händler, 商人) selling to users. ' || array_join(repeat('Long description.', 200), ' '))");
            assertThat(queryStrings(statement, "SELECT view_name FROM feature_store.system.feature_views")).containsExactly("user_stats");
            assertThat(queryStrings(statement, "SELECT name || ':' || CAST(length(description) AS varchar) FROM feature_store.system.entities")).containsExactly("merchant:3642");
            assertThat(queryLong(statement, "SELECT count(*) /* worker-reads */ FROM (%s) WHERE txn_count_7d IS NOT NULL".formatted(POINT_IN_TIME_FEATURES))).isBetween(100L, 2900L);
            assertThat(queryLong(statement, "SELECT count(*) FROM (((%1$s) EXCEPT ALL (%2$s)) UNION ALL ((%2$s) EXCEPT ALL (%1$s)))".formatted(POINT_IN_TIME_FEATURES, POINT_IN_TIME_JOIN))).isZero();
            // the spine as a query, partitioned by bucket over the workers, which read the feature files in the store: the same rows
            assertThat(queryLong(statement, "SELECT count(*) FROM (((%1$s) EXCEPT ALL (%2$s)) UNION ALL ((%2$s) EXCEPT ALL (%1$s)))".formatted(POINT_IN_TIME_FEATURES, POINT_IN_TIME_FEATURES_FOR))).isZero();

            // the files of point_in_time_features are read by the workers (the coordinator schedules no tasks)
            String queryId = queryString(statement, "SELECT query_id FROM system.runtime.queries WHERE query LIKE '%/* worker-reads */%' AND query NOT LIKE '%system.runtime%'");
            assertThat(queryStrings(statement, "SELECT DISTINCT node_id FROM system.runtime.tasks WHERE query_id = '%s'".formatted(queryId)))
                    .isNotEmpty()
                    .allMatch(node -> node.startsWith("worker-"));

            // a training set pinned to the snapshots of today stays pinned after appends
            statement.execute(
                    """
                    CALL feature_store.system.create_training_set(schema_name => 'ecommerce', name => 'churn_v1',
                        spine_table => 'iceberg.ml.churn_labels', spine_timestamp_column => 'label_ts',
                        features => ARRAY['user_stats:avg_spend_30d', 'user_stats:txn_count_7d'])
                    """);
            trainingSetRows = queryString(statement, "SELECT to_hex(checksum(ROW(label_id, avg_spend_30d, txn_count_7d))) FROM feature_store.ecommerce.churn_v1");
            trainingSetFingerprint = queryString(statement, "SELECT content_fingerprint FROM feature_store.ecommerce.\"churn_v1$fingerprint\" WHERE source = 'training set'");
            statement.execute("INSERT INTO iceberg.features.user_stats SELECT user_id, event_ts + INTERVAL '1' HOUR, created_ts + INTERVAL '1' HOUR, avg_spend_30d + 1, txn_count_7d + 1, " +
                    "days_since_signup, is_premium, favourite_category FROM iceberg.features.user_stats WHERE user_id < 100");
            statement.execute("INSERT INTO iceberg.ml.churn_labels SELECT label_id + 100000, user_id, merchant_id, label_ts, churned FROM iceberg.ml.churn_labels WHERE label_id <= 10");
            assertThat(queryLong(statement, "SELECT count(*) FROM feature_store.ecommerce.churn_v1")).isEqualTo(3000);
            assertThat(queryString(statement, "SELECT to_hex(checksum(ROW(label_id, avg_spend_30d, txn_count_7d))) FROM feature_store.ecommerce.churn_v1")).isEqualTo(trainingSetRows);
            assertThat(queryLong(statement, "SELECT count(*) FROM (%s)".formatted(POINT_IN_TIME_FEATURES))).isEqualTo(3010);

            // write-audit-publish on a branch of the table in the bucket
            statement.execute("CALL feature_store.system.add_expectation(schema_name => 'ecommerce', view_name => 'user_stats', expectation_name => 'spend', kind => 'range', column_name => 'avg_spend_30d', min_value => '0')");
            long before = queryLong(statement, "SELECT count(*) FROM iceberg.features.user_stats");
            statement.execute("CALL feature_store.system.begin_write('ecommerce', 'user_stats', 'audit')");
            statement.execute("INSERT INTO iceberg.features.user_stats_staging_audit SELECT user_id, event_ts + INTERVAL '2' HOUR, created_ts + INTERVAL '2' HOUR, avg_spend_30d, txn_count_7d, " +
                    "days_since_signup, is_premium, favourite_category FROM iceberg.features.user_stats ORDER BY user_id, event_ts LIMIT 5");
            statement.execute("CALL feature_store.system.commit_write('ecommerce', 'user_stats', 'audit')");
            assertThat(queryLong(statement, "SELECT count(*) FROM iceberg.features.user_stats FOR VERSION AS OF 'audit'")).isEqualTo(before + 5);
            assertThat(queryLong(statement, "SELECT count(*) FROM iceberg.features.user_stats")).isEqualTo(before);
            assertThat(queryLong(statement, "SELECT count(*) FROM feature_store.ecommerce.\"user_stats$violations@audit\"")).isZero();
            statement.execute("CALL feature_store.system.publish_write('ecommerce', 'user_stats', 'audit')");
            assertThat(queryLong(statement, "SELECT count(*) FROM iceberg.features.user_stats")).isEqualTo(before + 5);

            // vector functions over a packed column
            statement.execute("CREATE TABLE iceberg.ml.product_embeddings_f16 AS SELECT product_id, vector_pack(embedding, 'float16') AS embedding FROM iceberg.ml.product_embeddings");
            assertThat(queryDouble(statement,
                    """
                    SELECT max(abs(cosine_distance(p16.embedding, vector_pack(q.embedding, 'float16')) - cosine_distance(p.embedding, q.embedding)))
                    FROM iceberg.ml.product_embeddings_f16 p16
                    JOIN iceberg.ml.product_embeddings p ON p.product_id = p16.product_id
                    CROSS JOIN iceberg.ml.product_embeddings q
                    WHERE q.product_id = 7
                    """)).isLessThan(1e-2);
            assertThat(queryLong(statement,
                    """
                    SELECT p.product_id
                    FROM iceberg.ml.product_embeddings_f16 p, iceberg.ml.product_embeddings q
                    WHERE q.product_id = 7
                    ORDER BY cosine_distance(p.embedding, vector_pack(q.embedding, 'float16'))
                    LIMIT 1
                    """)).isEqualTo(7);

            // the demo's vector index, in the bucket, searched on the workers: the nearest product to product 7's vector is product 7
            assertThat(queryLong(statement, "SELECT indexed_rows FROM feature_store.system.vector_indexes WHERE table_name = 'iceberg.ml.product_embeddings'")).isEqualTo(4000);
            String query = queryString(statement, "SELECT 'ARRAY[' || array_join(transform(embedding, x -> 'REAL ''' || CAST(x AS varchar) || ''''), ', ') || ']' FROM iceberg.ml.product_embeddings WHERE product_id = 7");
            assertThat(queryLong(statement, ("SELECT product_id FROM TABLE(feature_store.system.vector_search(table_name => 'iceberg.ml.product_embeddings', column_name => 'embedding', query => %s, k => 3)) " +
                    "ORDER BY distance LIMIT 1").formatted(query))).isEqualTo(7);
        }

        phase("registry, joins, training set, write-audit-publish, vectors");
        // the access rules: masks, row filters, a user they do not name, and the connector's own reads refused where a mask applies
        assertAccessRules(this::connect);
        try (Connection connection = connect("data_scientist"); Statement statement = connection.createStatement()) {
            assertThat(queryLong(statement, "SELECT count(*) FROM feature_store.ecommerce.churn_v1")).isEqualTo(3000);
        }

        phase("access rules");
        CommandResult status = lakehouse("cluster", "status");
        assertThat(status.exitCode()).as(status.output()).isZero();
        assertThat(status.output()).contains("with 2 active worker(s)");
        CommandResult sql = lakehouse("sql", "--execute", "SELECT count(*) FROM ml.churn_labels", "--output-format", "TSV");
        assertThat(sql.exitCode()).as(sql.output()).isZero();
        assertThat(sql.output().strip()).isEqualTo("3010");

        // a worker killed during a query: the query fails with a clear error; 30 s later the remaining nodes answer.
        // The GROUP BY runs in a hash-partitioned stage with a task on every worker until the last joined row, so
        // whichever worker is killed, the query still needs it (a task that had finished its part would not)
        try (Connection connection = connect("admin"); Statement statement = connection.createStatement()) {
            CompletableFuture<Long> longQuery = CompletableFuture.supplyAsync(() -> {
                try (Connection queryConnection = connect("admin"); Statement queryStatement = queryConnection.createStatement()) {
                    return queryLong(queryStatement,
                            """
                            SELECT count(*) /* killed-worker */
                            FROM (
                                SELECT p.product_id, count(*) AS near
                                FROM iceberg.ml.product_embeddings p
                                CROSS JOIN iceberg.ml.product_embeddings q
                                CROSS JOIN UNNEST(sequence(1, 16)) AS r(k)
                                WHERE cosine_distance(p.embedding, q.embedding) + k < 1000
                                GROUP BY p.product_id)
                            """);
                }
                catch (SQLException e) {
                    throw new RuntimeException(e);
                }
            });
            // the worker that runs the query's tasks
            killedWorker = runningWorker(statement, "/* killed-worker */");
            killWorker(killedWorker);
            long killedAt = System.nanoTime();

            // while the coordinator takes the node out, a second coordinator starts in this process
            // (on a thread of its own: the query above blocks the one of the common pool that two cores give)
            ExecutorService starter = Executors.newSingleThreadExecutor();
            CompletableFuture<DistributedQueryRunner> starting = CompletableFuture.supplyAsync(() -> {
                try {
                    return secondCoordinator();
                }
                catch (Exception e) {
                    throw new RuntimeException(e);
                }
            }, starter);
            starter.shutdown();
            // by 20 s after the kill the coordinator has taken the node out (its poll of the nodes, every 5 s, finds it gone;
            // its schedulers' map of the nodes, kept 5 s, follows) and the query above has failed: new queries run on the
            // other worker. A query started sooner could still be given to the dead worker and fail with the query above;
            // the procedures, which run on the coordinator alone, do not wait
            Runnable nodeTakenOut = () -> {
                try {
                    Thread.sleep(Math.max(0, 20_000 - (System.nanoTime() - killedAt) / 1_000_000));
                    assertThat(queryLong(statement, "SELECT count(*) FROM system.runtime.nodes WHERE NOT coordinator AND state = 'active'")).isEqualTo(1);
                }
                catch (InterruptedException | SQLException e) {
                    throw new RuntimeException(e);
                }
            };
            try (DistributedQueryRunner second = starting.join()) {
                phase("a worker killed during a query, until the second coordinator has started");

                // a second coordinator on the same REST catalog and bucket, with the cluster's catalog files: of eight clients at
                // once, four on each coordinator, registering one feature view name exactly one succeeds; their entities of
                // different names are all registered; both coordinators see the same registry
                registryOnTwoCoordinators(second, nodeTakenOut);
                phase("second coordinator, with the remaining worker");
            }

            // queries started 30 s after the worker died run on the remaining one
            Thread.sleep(Math.max(0, 30_000 - (System.nanoTime() - killedAt) / 1_000_000));
            assertThat(queryLong(statement, "SELECT count(*) FROM (%s)".formatted(POINT_IN_TIME_FEATURES))).isEqualTo(3010);
            assertThat(queryLong(statement, "SELECT count(*) FROM feature_store.ecommerce.churn_v1")).isEqualTo(3000);

            // the query that lost its worker fails once the coordinator gives up on the node (query.remote-task.max-error-duration)
            assertThatThrownBy(longQuery::join)
                    .satisfies(failure -> assertThat(Throwables.getCausalChain(failure).stream().filter(SQLException.class::isInstance).findFirst())
                            .hasValueSatisfying(error -> assertThat(error.getMessage())
                                    .matches("(?s)Query failed .*(worker node|node may have crashed|Remote node|REMOTE_HOST_GONE|too many errors talking).*")));
            assertThat((System.nanoTime() - killedAt) / 1e9).as("seconds from the kill to the queries above").isGreaterThanOrEqualTo(30);
        }
        phase("a worker killed during a query: 30 s later");
        CommandResult degraded = lakehouse("cluster", "status");
        assertThat(degraded.exitCode()).as(degraded.output()).isEqualTo(4);
        assertThat(degraded.output()).contains("Trino worker " + killedWorker.substring("worker-".length()) + ":       stopped");

        // a restart of the whole cluster keeps everything and does not load the demo data twice; this time with
        // fault-tolerant execution
        CommandResult stop = lakehouse("stop");
        assertThat(stop.exitCode()).as(stop.output()).isZero();
        assertThat(stop.output()).contains("Stopped PostgreSQL");
        assertThat(lakehouse("status").exitCode()).isEqualTo(3);
        CommandResult restart = lakehouse("cluster", "start", "--fault-tolerant");
        assertThat(restart.exitCode()).as(restart.output()).isZero();
        assertThat(restart.output())
                .doesNotContain("Loading the demo data")
                .contains("fault-tolerant (retry-policy=TASK)");
        phase("stop and fault-tolerant restart");
        try (Connection connection = connect("admin"); Statement statement = connection.createStatement()) {
            assertThat(queryLong(statement, "SELECT count(*) FROM system.runtime.nodes WHERE NOT coordinator AND state = 'active'")).isEqualTo(2);
            // a worker killed during a CREATE TABLE AS that reads the training set: the query succeeds with the same rows
            CompletableFuture<Long> copy = CompletableFuture.supplyAsync(() -> {
                try (Connection queryConnection = connect("admin"); Statement queryStatement = queryConnection.createStatement()) {
                    return queryStatement.executeLargeUpdate(
                            """
                            CREATE TABLE iceberg.sandbox.churn_v1_copy /* fault-tolerant */ AS
                            SELECT label_id, avg_spend_30d, txn_count_7d, k
                            FROM feature_store.ecommerce.churn_v1 CROSS JOIN UNNEST(sequence(1, 3000)) AS r(k)
                            """);
                }
                catch (SQLException e) {
                    throw new RuntimeException(e);
                }
            });
            String worker = runningWorker(statement, "/* fault-tolerant */");
            killWorker(worker);
            assertThat(copy).as("the worker was killed before the query ended").isNotDone();
            phase("after the restart, a fault-tolerant CREATE TABLE AS, until its worker is killed");

            // while the statement waits out the lost worker: nothing was lost in the restart, read on the cluster that
            // has just lost a worker (a read given to that worker before the coordinator took it out is run again)
            assertThat(queryStrings(statement, "SHOW TABLES FROM feature_store.ecommerce")).containsExactlyInAnyOrder("churn_v1", "user_stats");
            assertThat(queryString(statement, "SELECT to_hex(checksum(ROW(label_id, avg_spend_30d, txn_count_7d))) FROM feature_store.ecommerce.churn_v1")).isEqualTo(trainingSetRows);
            assertThat(queryString(statement, "SELECT content_fingerprint FROM feature_store.ecommerce.\"churn_v1$fingerprint\" WHERE source = 'training set'")).isEqualTo(trainingSetFingerprint);
            assertThat(queryLong(statement, "SELECT count(*) FROM iceberg.ml.churn_labels")).isEqualTo(3010);
            assertThat(queryLong(statement, "SELECT count(*) FROM iceberg.ml.product_embeddings_f16")).isEqualTo(4000);
            assertThat(queryStrings(statement, "SELECT name || ':' || CAST(length(description) AS varchar) FROM feature_store.system.entities WHERE schema_name = 'ecommerce'")).containsExactly("merchant:3642");
            assertThat(copy.join()).isEqualTo(9_000_000);
            phase("the reads while it waits out the lost worker, until it succeeds");
            // the check needs no retries
            statement.execute("SET SESSION retry_policy = 'NONE'");
            // every one of the 3,000 copies holds exactly the rows of the training set
            assertThat(queryLong(statement,
                    """
                    SELECT count(*) FROM (
                        SELECT k FROM iceberg.sandbox.churn_v1_copy
                        GROUP BY k
                        HAVING count(*) = 3000 AND to_hex(checksum(ROW(label_id, avg_spend_30d, txn_count_7d))) = '%s')
                    WHERE k BETWEEN 1 AND 3000
                    """.formatted(trainingSetRows))).isEqualTo(3000);
        }
        phase("the rows it wrote");
    }

    // the procedures run while the cluster's coordinator takes out a lost worker; nodeTakenOut returns once it has,
    // before the first query that the cluster's workers run
    private void registryOnTwoCoordinators(DistributedQueryRunner second, Runnable nodeTakenOut)
            throws Exception
    {
        Session admin = testSessionBuilder().setIdentity(Identity.ofUser("admin")).build();
        List<CompletableFuture<String>> registrations = new ArrayList<>();
        ExecutorService clients = Executors.newFixedThreadPool(8);
        try {
            for (int client = 0; client < 8; client++) {
                int id = client;
                registrations.add(CompletableFuture.supplyAsync(() -> {
                    String view = "CALL feature_store.system.register_feature_view(schema_name => 'race', view_name => 'user_stats', source_table => 'iceberg.features.user_stats', " +
                            "entity_columns => ARRAY['user_id'], timestamp_column => 'event_ts', ttl => '%sd', features => ARRAY['avg_spend_30d'])".formatted(id + 1);
                    String entity = "CALL feature_store.system.register_entity(schema_name => 'race', name => 'entity_%s', join_keys => ARRAY['user_id'])".formatted(id);
                    try {
                        if (id % 2 == 0) {
                            try (Connection connection = connect("admin"); Statement statement = connection.createStatement()) {
                                statement.execute(entity);
                                statement.execute(view);
                            }
                        }
                        else {
                            second.execute(admin, entity);
                            second.execute(admin, view);
                        }
                        return "registered with ttl " + (id + 1) + "d";
                    }
                    catch (SQLException | RuntimeException e) {
                        return e.getMessage();
                    }
                }, clients));
            }
            List<String> outcomes = registrations.stream().map(CompletableFuture::join).toList();
            assertThat(outcomes.stream().filter(outcome -> outcome.startsWith("registered with ttl ")).count()).as(outcomes.toString()).isEqualTo(1);
            assertThat(outcomes.stream().filter(outcome -> !outcome.startsWith("registered with ttl ")))
                    .hasSize(7)
                    .allMatch(outcome -> outcome.contains("Feature view race.user_stats already exists"), "fails only with a clear error");
            String winner = outcomes.stream().filter(outcome -> outcome.startsWith("registered with ttl ")).findFirst().orElseThrow().substring("registered with ttl ".length());
            assertThat(second.execute(admin, "SELECT ttl FROM feature_store.system.feature_views WHERE schema_name = 'race'").getOnlyValue()).isEqualTo(winner);
            assertThat(second.execute(admin, "SELECT count(*) FROM feature_store.system.entities WHERE schema_name = 'race'").getOnlyValue()).isEqualTo(8L);
            assertThat(second.execute(admin, "SELECT count(*) FROM feature_store.race.user_stats").getOnlyValue()).isEqualTo(second.execute(admin, "SELECT count(*) FROM iceberg.features.user_stats").getOnlyValue());

            // feature services registered and dropped in random order on both coordinators: every call takes
            // effect or fails with a clear error, so a name exists at the end exactly when its successful
            // registrations outnumber its successful drops by one
            Map<String, AtomicInteger> balance = new ConcurrentHashMap<>();
            List<CompletableFuture<Void>> interleavings = new ArrayList<>();
            for (int client = 0; client < 8; client++) {
                Random random = new Random(20261202L + client);
                interleavings.add(CompletableFuture.runAsync(() -> {
                    for (int call = 0; call < 6; call++) {
                        String name = "svc_" + random.nextInt(2);
                        boolean register = random.nextBoolean();
                        String sql = register
                                ? "CALL feature_store.system.register_feature_service('race', '%s', ARRAY['user_stats:avg_spend_30d'])".formatted(name)
                                : "CALL feature_store.system.drop_feature_service('race', '%s')".formatted(name);
                        try {
                            if (random.nextBoolean()) {
                                try (Connection connection = connect("admin"); Statement statement = connection.createStatement()) {
                                    statement.execute(sql);
                                }
                            }
                            else {
                                second.execute(admin, sql);
                            }
                            balance.computeIfAbsent(name, _ -> new AtomicInteger()).addAndGet(register ? 1 : -1);
                        }
                        catch (SQLException | RuntimeException e) {
                            assertThat(e.getMessage()).contains(register ? "Feature service race.%s already exists".formatted(name) : "Feature service race.%s does not exist".formatted(name));
                        }
                    }
                }, clients));
            }
            interleavings.forEach(CompletableFuture::join);
            for (String name : List.of("svc_0", "svc_1")) {
                assertThat(second.execute(admin, "SELECT count(*) FROM feature_store.system.feature_services WHERE schema_name = 'race' AND name = '%s'".formatted(name)).getOnlyValue())
                        .as(name).isEqualTo((long) balance.getOrDefault(name, new AtomicInteger()).get());
            }

            // a write begun on one coordinator is committed and published on the other, and a training set made
            // on the second coordinator reads the same rows on the first
            second.execute(admin, "CREATE TABLE iceberg.sandbox.race_labels AS SELECT * FROM iceberg.ml.churn_labels WHERE label_id <= 100");
            second.execute(admin, "CALL feature_store.system.begin_write(table_name => 'iceberg.sandbox.race_labels', branch_name => 'second')");

            // the cluster's view of the registry: its reads run on its workers, so once the lost one is out
            nodeTakenOut.run();
            try (Connection connection = connect("admin"); Statement statement = connection.createStatement()) {
                assertThat(queryString(statement, "SELECT ttl FROM feature_store.system.feature_views WHERE schema_name = 'race'")).isEqualTo(winner);
                assertThat(queryLong(statement, "SELECT count(*) FROM feature_store.system.entities WHERE schema_name = 'race'")).isEqualTo(8);
                for (String name : List.of("svc_0", "svc_1")) {
                    int registered = balance.getOrDefault(name, new AtomicInteger()).get();
                    assertThat(registered).as(name).isBetween(0, 1);
                    assertThat(queryLong(statement, "SELECT count(*) FROM feature_store.system.feature_services WHERE schema_name = 'race' AND name = '%s'".formatted(name))).as(name).isEqualTo(registered);
                }
            }
            try (Connection connection = connect("admin"); Statement statement = connection.createStatement()) {
                statement.execute("INSERT INTO iceberg.sandbox.race_labels_staging_second SELECT label_id + 200000, user_id, merchant_id, label_ts, churned FROM iceberg.sandbox.race_labels WHERE label_id <= 5");
                statement.execute("CALL feature_store.system.commit_write(table_name => 'iceberg.sandbox.race_labels', branch_name => 'second')");
            }
            second.execute(admin, "CALL feature_store.system.publish_write(table_name => 'iceberg.sandbox.race_labels', branch_name => 'second')");
            second.execute(admin, "CALL feature_store.system.create_training_set('race', 'churn_second', 'iceberg.sandbox.race_labels', 'label_ts', ARRAY['user_stats:avg_spend_30d'])");
            try (Connection connection = connect("admin"); Statement statement = connection.createStatement()) {
                assertThat(queryLong(statement, "SELECT count(*) FROM iceberg.sandbox.race_labels")).isEqualTo(105);
                assertThat(queryLong(statement, "SELECT count(*) FROM feature_store.race.churn_second")).isEqualTo(105);
                assertThat(queryString(statement, "SELECT to_hex(checksum(ROW(label_id, avg_spend_30d))) FROM feature_store.race.churn_second"))
                        .isEqualTo(second.execute(admin, "SELECT to_hex(checksum(ROW(label_id, avg_spend_30d))) FROM feature_store.race.churn_second").getOnlyValue());
            }
        }
        finally {
            clients.shutdownNow();
        }
    }

    // what each part of the test took: the suite's time budget is kept by these
    private void phase(String name)
    {
        long now = System.nanoTime();
        // one string: the second coordinator's logging takes over standard output and would log each piece of a printf
        System.out.println("TestClusterEndToEnd phase: %s: %.1f s".formatted(name, (now - phaseStart) / 1e9));
        phaseStart = now;
    }

    // SIGKILL, as a crash or the kernel's OOM killer would
    private void killWorker(String nodeId)
            throws IOException
    {
        long pid = Long.parseLong(Files.readString(dataDirectory.resolve("run/" + nodeId + ".pid"), UTF_8).strip());
        assertThat(ProcessHandle.of(pid).orElseThrow().destroyForcibly()).isTrue();
    }

    // the node id of a worker that runs a task of the running query with the marker in its text
    private static String runningWorker(Statement statement, String marker)
            throws SQLException, InterruptedException
    {
        for (int attempt = 0; attempt < 600; attempt++) {
            List<String> nodes = queryStrings(statement,
                    """
                    SELECT t.node_id
                    FROM system.runtime.tasks t JOIN system.runtime.queries q ON t.query_id = q.query_id
                    WHERE q.query LIKE '%%%s%%' AND q.query NOT LIKE '%%system.runtime%%' AND q.state = 'RUNNING' AND t.state = 'RUNNING'
                      AND t.node_id LIKE 'worker-%%'
                    ORDER BY t.running_splits DESC, t.node_id
                    """.formatted(marker));
            if (!nodes.isEmpty()) {
                // give the task a moment with its splits
                Thread.sleep(2_000);
                return nodes.getFirst();
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the query " + marker + " never ran");
    }

    // the coordinator's port, the workers' next two and the components' at + 101 to + 104 must all be free
    private static int freePortBase()
            throws IOException
    {
        for (int attempt = 0; attempt < 100; attempt++) {
            int base = ThreadLocalRandom.current().nextInt(20_000, 40_000);
            if (List.of(0, 1, 2, 101, 102, 103, 104).stream().allMatch(offset -> isFree(base + offset))) {
                return base;
            }
        }
        throw new IOException("no free ports for the cluster");
    }

    private static boolean isFree(int port)
    {
        try (ServerSocket _ = new ServerSocket(port)) {
            return true;
        }
        catch (IOException e) {
            return false;
        }
    }

    /**
     * A coordinator of its own (in this process, without workers) with the cluster's catalog files
     * for the REST catalog and the bucket, their variables set as bin/lakehouse cluster sets them.
     */
    private DistributedQueryRunner secondCoordinator()
            throws Exception
    {
        Path home = Path.of(requireNonNull(System.getProperty("lakehouse.home"), "lakehouse.home is not set"));
        Map<String, String> environment = ImmutableMap.<String, String>builder()
                .put("LAKEHOUSE_REST_URI", "http://127.0.0.1:" + (port + 101))
                .put("LAKEHOUSE_S3_ENDPOINT", "http://127.0.0.1:" + (port + 102))
                .put("AWS_REGION", "us-east-1")
                .put("AWS_ACCESS_KEY_ID", "lakehouse")
                .put("AWS_SECRET_ACCESS_KEY", "lakehouse-secret")
                .put("LAKEHOUSE_ETC_DIR", home.resolve("etc").toString())
                .put("LAKEHOUSE_DATA_DIR", Files.createDirectories(dataDirectory.resolve("second-coordinator")).toString())
                .buildOrThrow();
        DistributedQueryRunner runner = DistributedQueryRunner.builder(testSessionBuilder().setIdentity(Identity.ofUser("admin")).build())
                .setWorkerCount(0)
                .build();
        try {
            runner.installPlugin(new IcebergPlugin());
            runner.createCatalog("iceberg", "iceberg", catalogProperties(home.resolve("etc/cluster/catalog/iceberg.properties"), environment));
            FeatureStorePlugin featureStore = new FeatureStorePlugin();
            // the connector alone: Trino's test servers would create the plugin's lineage listener without its configuration
            runner.installPlugin(new Plugin()
            {
                @Override
                public Iterable<ConnectorFactory> getConnectorFactories()
                {
                    return featureStore.getConnectorFactories();
                }
            });
            runner.createCatalog("feature_store", "feature_store", catalogProperties(home.resolve("etc/cluster/catalog/feature_store.properties"), environment));
            return runner;
        }
        catch (Exception e) {
            runner.close();
            throw e;
        }
    }

    private static Map<String, String> catalogProperties(Path file, Map<String, String> environment)
            throws IOException
    {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            properties.load(reader);
        }
        ImmutableMap.Builder<String, String> resolved = ImmutableMap.builder();
        for (String name : properties.stringPropertyNames()) {
            if (name.equals("connector.name")) {
                continue;
            }
            String value = properties.getProperty(name);
            for (Map.Entry<String, String> variable : environment.entrySet()) {
                value = value.replace("${ENV:" + variable.getKey() + "}", variable.getValue());
            }
            resolved.put(name, value);
        }
        return resolved.buildOrThrow();
    }

    private Connection connect(String user)
            throws SQLException
    {
        return DriverManager.getConnection("jdbc:trino://127.0.0.1:" + port + "/iceberg", user, null);
    }

    private CommandResult lakehouse(String command, String... arguments)
            throws IOException, InterruptedException
    {
        return launcher.run(command, arguments);
    }
}
