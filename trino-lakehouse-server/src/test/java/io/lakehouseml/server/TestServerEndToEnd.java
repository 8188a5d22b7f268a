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

import com.google.common.io.MoreFiles;
import io.lakehouseml.server.LakehouseLauncher.CommandResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static com.google.common.io.RecursiveDeleteOption.ALLOW_INSECURE;
import static io.lakehouseml.server.DemoLakehouse.REGISTER_USER_STATS;
import static io.lakehouseml.server.DemoLakehouse.assertAccessRules;
import static io.lakehouseml.server.JdbcQueries.queryDouble;
import static io.lakehouseml.server.JdbcQueries.queryLong;
import static io.lakehouseml.server.JdbcQueries.queryString;
import static io.lakehouseml.server.JdbcQueries.queryStrings;
import static java.util.concurrent.TimeUnit.MINUTES;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.TestInstance.Lifecycle.PER_CLASS;

/**
 * Starts the real Trino 483 server assembled by this module with {@code bin/lakehouse}, as a user
 * does, and talks to it over JDBC.
 */
@TestInstance(PER_CLASS)
final class TestServerEndToEnd
{
    private Path dataDirectory;
    private int port;
    private LakehouseLauncher launcher;

    @BeforeAll
    void setUp()
            throws IOException
    {
        dataDirectory = Files.createTempDirectory("lakehouse-e2e");
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        launcher = new LakehouseLauncher(port, dataDirectory);
    }

    @AfterAll
    void tearDown()
            throws Exception
    {
        lakehouse("stop");
        MoreFiles.deleteRecursively(dataDirectory, ALLOW_INSECURE);
    }

    @Test
    @Timeout(value = 10, unit = MINUTES)
    void testServer()
            throws Exception
    {
        CommandResult start = lakehouse("start");
        assertThat(start.exitCode()).as(start.output()).isZero();
        assertThat(start.output()).contains("jdbc:trino://127.0.0.1:" + port + "/iceberg");

        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            // the demo data set
            assertThat(queryLong(statement, "SELECT count(*) FROM iceberg.features.user_stats")).isEqualTo(6000);
            assertThat(queryLong(statement, "SELECT count(*) FROM iceberg.ml.product_embeddings WHERE cardinality(embedding) = 384")).isEqualTo(4000);
            // the README's semantic search: embeddings made by embed_text, searched through the demo's vector index
            assertThat(queryLong(statement,
                    """
                    SELECT count(*) FROM (
                        SELECT category FROM TABLE(feature_store.system.vector_search(
                            table_name => 'iceberg.ml.product_embeddings', column_name => 'embedding',
                            query => embed_text('wireless noise cancelling headphones'), k => 5))
                        ORDER BY distance LIMIT 5)
                    WHERE category = 'electronics'
                    """)).isEqualTo(5);
            assertThat(queryString(statement,
                    """
                    SELECT title FROM TABLE(feature_store.system.vector_search(
                        table_name => 'iceberg.ml.product_embeddings', column_name => 'embedding',
                        query => embed_text('wireless noise cancelling headphones'), k => 1))
                    ORDER BY distance LIMIT 1
                    """)).containsIgnoringCase("headphones");

            // an Iceberg table written in two commits, read at the first one
            statement.execute("CREATE SCHEMA iceberg.e2e");
            statement.execute("CREATE TABLE iceberg.e2e.events (id bigint, name varchar)");
            statement.execute("INSERT INTO iceberg.e2e.events VALUES (1, 'first')");
            long firstCommit = queryLong(statement, "SELECT snapshot_id FROM iceberg.e2e.\"events$snapshots\" ORDER BY committed_at DESC LIMIT 1");
            statement.execute("INSERT INTO iceberg.e2e.events VALUES (2, 'second')");
            assertThat(queryLong(statement, "SELECT count(*) FROM iceberg.e2e.events")).isEqualTo(2);
            assertThat(queryLong(statement, "SELECT count(*) FROM iceberg.e2e.events FOR VERSION AS OF " + firstCommit)).isEqualTo(1);
            assertThat(queryLong(statement, "SELECT max(id) FROM iceberg.e2e.events FOR VERSION AS OF " + firstCommit)).isEqualTo(1);

            // a function of each plugin
            assertThat(queryDouble(statement, "SELECT vector_norm(ARRAY[REAL '3', REAL '4'])")).isEqualTo(5.0);
            assertThat(queryStrings(statement, "SHOW SCHEMAS FROM feature_store")).contains("information_schema");

            // a feature view registered in the Iceberg catalog, and a point-in-time join with it
            statement.execute(REGISTER_USER_STATS);
            assertThat(queryLong(statement, "SELECT count(*) FROM feature_store.ecommerce.user_stats")).isEqualTo(6000);
            long withFeatures = queryLong(statement,
                    """
                    SELECT count(f.txn_count_7d)
                    FROM iceberg.ml.churn_labels s
                    LEFT JOIN NEAREST (
                        FROM iceberg.features.user_stats f
                        WHERE f.user_id = s.user_id AND f.created_ts <= s.label_ts AND f.event_ts >= s.label_ts - INTERVAL '30' DAY
                        MATCH f.event_ts <= s.label_ts) ON TRUE
                    """);
            assertThat(withFeatures).isBetween(100L, 2900L);
            assertThat(queryLong(statement,
                    """
                    SELECT count(DISTINCT label_id) + 10000 * count(txn_count_7d)
                    FROM TABLE(feature_store.system.point_in_time_join(
                        input => TABLE(
                            SELECT label_id, user_id, label_ts AS ts, CAST(NULL AS double) AS avg_spend_30d, CAST(NULL AS bigint) AS txn_count_7d,
                                   CAST(NULL AS timestamp(6) with time zone) AS created_ts, 'spine' AS row_kind
                            FROM iceberg.ml.churn_labels
                            UNION ALL
                            SELECT NULL, user_id, event_ts, avg_spend_30d, txn_count_7d, created_ts, 'feature'
                            FROM feature_store.ecommerce.user_stats)
                            PARTITION BY user_id,
                        timestamp_column => 'ts',
                        features => DESCRIPTOR(avg_spend_30d, txn_count_7d),
                        created_timestamp_column => 'created_ts',
                        ttl => '30d'))
                    """)).isEqualTo(3000 + 10000 * withFeatures);

            assertConcurrentWritesKept(statement);

            // the join that reads the files, on the table and on a bucketed copy of it, and what its splits held
            statement.execute("CREATE TABLE iceberg.features.user_stats_bucketed WITH (partitioning = ARRAY['bucket(user_id, 4)']) AS SELECT * FROM iceberg.features.user_stats");
            statement.execute(
                    """
                    CALL feature_store.system.register_feature_view(schema_name => 'ecommerce', view_name => 'user_stats_bucketed',
                        source_table => 'iceberg.features.user_stats_bucketed', entity_columns => ARRAY['user_id'],
                        timestamp_column => 'event_ts', created_timestamp_column => 'created_ts', ttl => '30d',
                        features => ARRAY['avg_spend_30d', 'txn_count_7d'])
                    """);
            for (String view : List.of("user_stats", "user_stats_bucketed")) {
                assertThat(queryLong(statement,
                        """
                        SELECT count(DISTINCT label_id) + 10000 * count(txn_count_7d)
                        FROM TABLE(feature_store.system.point_in_time_features(
                            schema_name => 'ecommerce', spine_table => 'iceberg.ml.churn_labels', spine_timestamp_column => 'label_ts',
                            features => ARRAY['%s:*']))
                        """.formatted(view))).as(view).isEqualTo(3000 + 10000 * withFeatures);
            }
            assertThat(queryLong(statement, "SELECT count(*) FROM feature_store.system.point_in_time_features_memory WHERE peak_bytes > 0 AND held_bytes = 0")).isEqualTo(2);

            // new rows written to a branch, audited against an expectation, then published to main
            statement.execute("CALL feature_store.system.add_expectation(schema_name => 'ecommerce', view_name => 'user_stats', expectation_name => 'spend', kind => 'range', column_name => 'avg_spend_30d', min_value => '0')");
            statement.execute("CALL feature_store.system.begin_write('ecommerce', 'user_stats', 'audit')");
            statement.execute("INSERT INTO iceberg.features.user_stats_staging_audit SELECT * FROM iceberg.features.user_stats ORDER BY user_id, event_ts LIMIT 1");
            statement.execute("CALL feature_store.system.commit_write('ecommerce', 'user_stats', 'audit')");
            assertThat(queryLong(statement, "SELECT count(*) FROM iceberg.features.user_stats FOR VERSION AS OF 'audit'")).isEqualTo(6001);
            assertThat(queryLong(statement, "SELECT count(*) FROM iceberg.features.user_stats")).isEqualTo(6000);
            assertThat(queryLong(statement, "SELECT count(*) FROM feature_store.ecommerce.\"user_stats$violations@audit\"")).isZero();
            statement.execute("CALL feature_store.system.publish_write('ecommerce', 'user_stats', 'audit')");

            // the demo's medallion pipeline ran at the first start: bronze cleaned into silver, aggregated into gold, both
            // through write-audit-publish gated by the tables' expectations (the branches are gone, the expectations hold)
            assertThat(queryLong(statement, "SELECT count(*) FROM iceberg.bronze.raw_events")).isEqualTo(20215);
            assertThat(queryLong(statement, "SELECT count(*) FROM iceberg.silver.events")).isEqualTo(19837);
            assertThat(queryLong(statement, "SELECT count(*) FROM iceberg.gold.user_activity")).isEqualTo(5794);
            assertThat(queryStrings(statement, "SELECT name FROM iceberg.silver.\"events$refs\"")).containsExactly("main");
            assertThat(queryStrings(statement, "SELECT table_name || ' ' || expectation_name FROM feature_store.system.expectations WHERE table_name IS NOT NULL ORDER BY 1"))
                    .containsExactly(
                            "iceberg.gold.user_activity spend_positive",
                            "iceberg.gold.user_activity user_present",
                            "iceberg.silver.events amount_positive",
                            "iceberg.silver.events event_types",
                            "iceberg.silver.events user_present");
            assertThat(queryLong(statement, "SELECT count(*) FROM feature_store.system.\"silver.events$violations\"")).isZero();
            statement.execute(
                    """
                    CALL feature_store.system.register_feature_view(schema_name => 'ecommerce', view_name => 'user_activity', source_table => 'iceberg.gold.user_activity',
                        entity_columns => ARRAY['user_id'], timestamp_column => 'event_ts', ttl => '45d', features => ARRAY['purchases_month', 'spend_month'])
                    """);

            // a model made from a training set: its artefact (under the data directory's models/) checksummed, its lineage recorded
            statement.execute("CALL feature_store.system.create_training_set('ecommerce', 'churn_v1', 'iceberg.ml.churn_labels', 'label_ts', ARRAY['user_stats:*', 'user_activity:purchases_month'])");
            // the README's spine as a query: the churned labels, the same rows as the spine table's call keeps for them
            String churned = "SELECT label_id, user_id, label_ts, avg_spend_30d, txn_count_7d FROM TABLE(feature_store.system.point_in_time_features_for(spine => TABLE(SELECT * FROM iceberg.ml.churn_labels WHERE churned), spine_timestamp_column => 'label_ts', schema_name => 'ecommerce', features => ARRAY['user_stats:*']))";
            String fromTable = "SELECT label_id, user_id, label_ts, avg_spend_30d, txn_count_7d FROM TABLE(feature_store.system.point_in_time_features(schema_name => 'ecommerce', spine_table => 'iceberg.ml.churn_labels', spine_timestamp_column => 'label_ts', features => ARRAY['user_stats:*'])) WHERE churned";
            assertThat(queryLong(statement, "SELECT count(*) FROM (%s)".formatted(churned))).isEqualTo(queryLong(statement, "SELECT count(*) FROM iceberg.ml.churn_labels WHERE churned")).isPositive();
            assertThat(queryLong(statement, "SELECT count(*) FROM ((%s) EXCEPT ALL (%s))".formatted(churned, fromTable))).isZero();
            // both views are of user_id: the training set reads them in one call, the same rows as the README's call over both views
            assertThat(queryString(statement, "SELECT files_query FROM feature_store.system.training_sets WHERE name = 'churn_v1'")).contains("feature_tables");
            String oneCall = "SELECT label_id, avg_spend_30d, purchases_month FROM TABLE(feature_store.system.point_in_time_features(schema_name => 'ecommerce', spine_table => 'iceberg.ml.churn_labels', spine_timestamp_column => 'label_ts', features => ARRAY['user_stats:avg_spend_30d', 'user_activity:purchases_month']))";
            assertThat(queryLong(statement, "SELECT count(*) FROM (%s)".formatted(oneCall))).isEqualTo(queryLong(statement, "SELECT count(*) FROM feature_store.ecommerce.churn_v1"));
            assertThat(queryLong(statement, "SELECT count(*) FROM (SELECT label_id, avg_spend_30d, purchases_month FROM feature_store.ecommerce.churn_v1 EXCEPT ALL %s)".formatted(oneCall))).isZero();
            assertThat(queryLong(statement, "SELECT count(purchases_month) FROM feature_store.ecommerce.churn_v1")).isPositive();
            // the README's views of two entities in one call: the same rows as a call per entity joined on the spine's row number
            statement.execute("CALL feature_store.system.register_feature_view(schema_name => 'ecommerce', view_name => 'merchant_risk', source_table => 'iceberg.features.merchant_risk', entity_columns => ARRAY['merchant_id'], timestamp_column => 'event_ts', created_timestamp_column => 'created_ts', features => ARRAY['risk_score'])");
            String twoEntities = "SELECT label_id, avg_spend_30d, risk_score FROM TABLE(feature_store.system.point_in_time_features(schema_name => 'ecommerce', spine_table => 'iceberg.ml.churn_labels', spine_timestamp_column => 'label_ts', features => ARRAY['user_stats:avg_spend_30d', 'merchant_risk:risk_score']))";
            String joinedOnRow =
                    """
                    SELECT u.label_id, u.avg_spend_30d, m.risk_score
                    FROM TABLE(feature_store.system.point_in_time_features(schema_name => 'ecommerce', spine_table => 'iceberg.ml.churn_labels', spine_timestamp_column => 'label_ts',
                        spine_row_column => 'n', features => ARRAY['user_stats:avg_spend_30d'])) u
                    JOIN TABLE(feature_store.system.point_in_time_features(schema_name => 'ecommerce', spine_table => 'iceberg.ml.churn_labels', spine_timestamp_column => 'label_ts',
                        spine_row_column => 'n', spine_columns => CAST(ARRAY[] AS array(varchar)), features => ARRAY['merchant_risk:risk_score'])) m
                      ON u.n = m.n
                    """;
            assertThat(queryLong(statement, "SELECT count(*) FROM (((%1$s) EXCEPT ALL (%2$s)) UNION ALL ((%2$s) EXCEPT ALL (%1$s)))".formatted(twoEntities, joinedOnRow))).isZero();
            assertThat(queryLong(statement, "SELECT count(risk_score) FROM (%s)".formatted(twoEntities))).isPositive();
            Path artifact = dataDirectory.resolve("models/churn/1/model.json");
            Files.createDirectories(artifact.getParent());
            Files.writeString(artifact, "{\"weights\": [0.42, -1.3]}");
            statement.execute(
                    """
                    CALL feature_store.system.register_model(schema_name => 'ecommerce', model_name => 'churn', training_set => 'churn_v1',
                        artifact_uri => '%s', metrics => MAP(ARRAY['auc'], ARRAY[0.91e0]), code_version => '4f2a9c1')
                    """.formatted(artifact.toUri()));
            assertThat(queryString(statement, "SELECT artifact_sha256 FROM feature_store.system.model_versions WHERE model_name = 'churn' AND version = 1"))
                    .isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(artifact))));
            assertThat(queryStrings(statement, "SELECT role || ' ' || source_table FROM feature_store.system.model_lineage WHERE model_name = 'churn'"))
                    .containsExactlyInAnyOrder("feature_view iceberg.features.user_stats", "feature_view iceberg.gold.user_activity", "spine iceberg.ml.churn_labels");
            // the procedures and the query lineage listener recorded their runs in the lineage table: the walk from the
            // model reaches the training set's sources and, through the medallion pipeline, the raw events; the listener
            // commits what it spooled in the background, so the demo's runs are waited for
            String walk = "SELECT DISTINCT operation || ' ' || input_dataset || ' -> ' || output_dataset FROM feature_store.system.lineage WHERE start_dataset = 'feature_store.ecommerce.churn' AND direction = 'upstream'";
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
            while (!queryStrings(statement, walk).contains("INSERT iceberg.bronze.raw_events -> iceberg.silver.events_staging_load_2025") && System.nanoTime() < deadline) {
                Thread.sleep(1000);
            }
            // with the audited write of user_stats above too; its INSERT may not be committed yet, so the edges are not exactly these
            assertThat(queryStrings(statement, walk)).contains(
                    "register_model feature_store.ecommerce.churn_v1 -> feature_store.ecommerce.churn",
                    "create_training_set iceberg.features.user_stats -> feature_store.ecommerce.churn_v1",
                    "create_training_set iceberg.ml.churn_labels -> feature_store.ecommerce.churn_v1",
                    "create_training_set iceberg.gold.user_activity -> feature_store.ecommerce.churn_v1",
                    "commit_write iceberg.gold.user_activity_staging_load_2025 -> iceberg.gold.user_activity",
                    "INSERT iceberg.silver.events -> iceberg.gold.user_activity_staging_load_2025",
                    "commit_write iceberg.silver.events_staging_load_2025 -> iceberg.silver.events",
                    "INSERT iceberg.bronze.raw_events -> iceberg.silver.events_staging_load_2025",
                    "commit_write iceberg.features.user_stats_staging_audit -> iceberg.features.user_stats");
        }

        // the shipped access rules apply: masks, row filters, and nothing for a user they do not name
        assertAccessRules(this::connect);

        CommandResult status = lakehouse("status");
        assertThat(status.exitCode()).as(status.output()).isZero();
        assertThat(status.output()).contains("running");

        CommandResult sql = lakehouse("sql", "--execute", "SELECT count(*) FROM ml.churn_labels", "--output-format", "TSV");
        assertThat(sql.exitCode()).as(sql.output()).isZero();
        assertThat(sql.output().strip()).isEqualTo("3000");

        CommandResult stop = lakehouse("stop");
        assertThat(stop.exitCode()).as(stop.output()).isZero();
        assertThat(lakehouse("status").exitCode()).isEqualTo(3);

        // a restart keeps the data and does not load the demo data twice
        CommandResult restart = lakehouse("start");
        assertThat(restart.exitCode()).as(restart.output()).isZero();
        assertThat(restart.output()).doesNotContain("Loading the demo data");
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            assertThat(queryLong(statement, "SELECT count(*) FROM iceberg.features.user_stats")).isEqualTo(6001);
            assertThat(queryLong(statement, "SELECT count(*) FROM iceberg.e2e.events")).isEqualTo(2);
            // the registry lives in the Iceberg catalog
            assertThat(queryStrings(statement, "SHOW TABLES FROM feature_store.ecommerce")).containsExactly("churn_v1", "merchant_risk", "user_activity", "user_stats", "user_stats_bucketed");
            assertThat(queryString(statement, "SELECT status FROM feature_store.system.model_artifact_checks WHERE model_name = 'churn'")).isEqualTo("unchanged");
        }
    }

    // Eight clients write at once through both plugins on the local SQLite catalog: Iceberg commits (through the
    // Iceberg connector, each followed by the lineage listener's commit) and feature service registrations (through
    // the feature store). Every call that reported success is there afterwards, and no call failed on the catalog's
    // storage. The server holds one copy of the SQLite library: with two (one per plugin class loader), SQLite's
    // per-process file locks did not exclude each other, and commits that had reported success were lost.
    private void assertConcurrentWritesKept(Statement statement)
            throws Exception
    {
        long pid = Long.parseLong(Files.readString(dataDirectory.resolve("server.pid")).strip());
        int clients = 8;
        int rounds = 6;
        for (int client = 0; client < clients; client++) {
            statement.execute("CREATE TABLE iceberg.e2e.writes_%s (round integer)".formatted(client));
        }
        ExecutorService executor = Executors.newFixedThreadPool(clients);
        try {
            List<Future<ClientWrites>> futures = new ArrayList<>();
            for (int client = 0; client < clients; client++) {
                int clientNumber = client;
                futures.add(executor.submit(() -> {
                    ClientWrites writes = new ClientWrites(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
                    try (Connection clientConnection = connect(); Statement clientStatement = clientConnection.createStatement()) {
                        for (int round = 0; round < rounds; round++) {
                            try {
                                clientStatement.execute("INSERT INTO iceberg.e2e.writes_%s VALUES (%s)".formatted(clientNumber, round));
                                writes.rounds().add(round);
                            }
                            catch (SQLException e) {
                                writes.failures().add(e.getMessage());
                            }
                            String service = "concurrent_%s_%s".formatted(clientNumber, round);
                            try {
                                clientStatement.execute("CALL feature_store.system.register_feature_service(schema_name => 'ecommerce', name => '%s', features => ARRAY['user_stats:txn_count_7d'])".formatted(service));
                                writes.services().add(service);
                            }
                            catch (SQLException e) {
                                writes.failures().add(e.getMessage());
                            }
                        }
                    }
                    return writes;
                }));
            }
            int rows = 0;
            List<String> services = new ArrayList<>();
            List<String> failures = new ArrayList<>();
            for (int client = 0; client < clients; client++) {
                ClientWrites writes = futures.get(client).get(5, MINUTES);
                assertThat(queryStrings(statement, "SELECT CAST(round AS varchar) FROM iceberg.e2e.writes_%s".formatted(client)))
                        .as("the rows client %s was told were committed", client)
                        .containsExactlyInAnyOrderElementsOf(writes.rounds().stream().map(String::valueOf).toList());
                rows += writes.rounds().size();
                services.addAll(writes.services());
                failures.addAll(writes.failures());
            }
            assertThat(queryStrings(statement, "SELECT name FROM feature_store.system.feature_services WHERE schema_name = 'ecommerce' AND name LIKE 'concurrent%'"))
                    .containsExactlyInAnyOrderElementsOf(services);
            assertThat(failures).as("calls that failed").noneMatch(message -> message.contains("SQLITE_") || message.contains("SQLException"));
            assertThat(rows).as("committed rows").isPositive();
            assertThat(services).as("registered services").isNotEmpty();
        }
        finally {
            executor.shutdownNow();
        }
        for (int client = 0; client < clients; client++) {
            statement.execute("DROP TABLE iceberg.e2e.writes_%s".formatted(client));
        }

        // one copy of SQLite's native library in the server process
        List<String> sqliteLibraries = Files.readAllLines(Path.of("/proc/%s/maps".formatted(pid))).stream()
                .map(line -> line.replaceAll("^.* (/\\S+).*$", "$1"))
                .filter(path -> path.contains("sqlitejdbc"))
                .distinct()
                .toList();
        assertThat(sqliteLibraries).hasSize(1);
    }

    private record ClientWrites(List<Integer> rounds, List<String> services, List<String> failures) {}

    private Connection connect()
            throws SQLException
    {
        return connect("admin");
    }

    private Connection connect(String user)
            throws SQLException
    {
        // without --secure the user name is taken on trust
        return DriverManager.getConnection("jdbc:trino://127.0.0.1:" + port + "/iceberg", user, null);
    }

    private CommandResult lakehouse(String command, String... arguments)
            throws IOException, InterruptedException
    {
        return launcher.run(command, arguments);
    }
}
