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
package io.lakehouseml.feature.model;

import com.google.common.collect.ImmutableMap;
import io.lakehouseml.feature.FeatureStoreConnectorFactory;
import io.lakehouseml.feature.FeatureStorePlugin;
import io.lakehouseml.feature.lineage.LineageEventListener;
import io.lakehouseml.feature.lineage.TestingLineageContext;
import io.lakehouseml.testing.LakehouseQueryRunner;
import io.lakehouseml.testing.TestingLakehouseCatalog;
import io.trino.spi.eventlistener.EventListenerFactory;
import io.trino.testing.AbstractTestQueryFramework;
import io.trino.testing.MaterializedResult;
import io.trino.testing.QueryRunner;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static com.google.common.collect.MoreCollectors.onlyElement;
import static com.google.common.collect.Streams.stream;
import static io.lakehouseml.feature.FeatureStoreQueryRunner.FEATURE_STORE_CATALOG;
import static io.lakehouseml.feature.FeatureStoreQueryRunner.withoutEventListeners;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Versions of feature views, and models: registered with the checksum of their artefact, aliased,
 * and traced back through their training set to the snapshots and feature view versions it pinned;
 * and, with the query lineage listener, through the statements that made the training set's sources
 * to the raw events ({@code feature_store.system.lineage}).
 */
final class TestModelRegistry
        extends AbstractTestQueryFramework
{
    private Path models;
    private LineageEventListener listener;
    private Path spool;

    @Override
    protected QueryRunner createQueryRunner()
            throws Exception
    {
        TestingLakehouseCatalog catalog = closeAfterClass(new TestingLakehouseCatalog());
        models = Files.createDirectories(catalog.directory().resolve("models"));
        spool = catalog.directory().resolve("lineage-spool");
        // the query lineage listener, with the catalog's lines, committing when the test asks
        EventListenerFactory factory = stream(new FeatureStorePlugin().getEventListenerFactories()).collect(onlyElement());
        listener = (LineageEventListener) factory.create(
                ImmutableMap.<String, String>builder()
                        .putAll(catalog.catalogProperties())
                        .put("lineage.spool-directory", spool.toString())
                        .put("lineage.commit-interval", "1h")
                        .buildOrThrow(),
                new TestingLineageContext());
        return LakehouseQueryRunner.builder()
                .setLakehouseCatalog(catalog)
                .setEventListener(listener)
                .addPlugin(withoutEventListeners(new FeatureStorePlugin()))
                .addLakehouseCatalog(FEATURE_STORE_CATALOG, FeatureStoreConnectorFactory.CONNECTOR_NAME, ImmutableMap.of(
                        "feature-store.source-catalog", LakehouseQueryRunner.ICEBERG_CATALOG,
                        "feature-store.security", "ALLOW_ALL",
                        "feature-store.lineage-table", "lineage.query_runs",
                        "feature-store.lineage-spool-directory", spool.toString(),
                        "feature-store.model-artifact-roots", models.toUri().toString()))
                .build();
    }

    @AfterAll
    void stopListener()
    {
        listener.shutdown();
    }

    @BeforeAll
    void createSources()
    {
        assertUpdate("CREATE SCHEMA iceberg.mr");
        assertUpdate(
                """
                CREATE TABLE iceberg.mr.users AS
                SELECT user_id, TIMESTAMP '2025-01-01 00:00:00.000000 UTC' + n * INTERVAL '3' DAY AS event_ts,
                    (user_id * 7 + n) % 50 + 0.5e0 AS spend, CAST((user_id + n) % 9 AS bigint) AS visits
                FROM UNNEST(sequence(BIGINT '1', 10)) AS u (user_id) CROSS JOIN UNNEST(sequence(0, 29)) AS t (n)
                """,
                300);
        assertUpdate(
                """
                CREATE TABLE iceberg.mr.labels AS
                SELECT label_id, label_id % 10 + 1 AS user_id, TIMESTAMP '2025-01-10 00:00:00.000000 UTC' + label_id * INTERVAL '5' HOUR AS label_ts, label_id % 3 = 0 AS churned
                FROM UNNEST(sequence(BIGINT '1', 200)) AS l (label_id)
                """,
                200);
    }

    @Test
    void testFeatureViewVersions()
    {
        register("user_stats", "ARRAY['spend']", false);
        assertThat(query("SELECT version, is_current FROM feature_store.system.feature_view_versions WHERE view_name = 'user_stats'"))
                .skippingTypesCheck()
                .matches("VALUES (1, true)");
        // the contract stays: a taken name is refused without new_version
        assertQueryFails(registration("user_stats", "ARRAY['spend', 'visits']", false), "Feature view mr.user_stats already exists");
        // an unchanged definition makes no version
        register("user_stats", "ARRAY['spend']", true);
        assertThat(computeScalar("SELECT count(*) FROM feature_store.system.feature_view_versions WHERE view_name = 'user_stats'")).isEqualTo(1L);

        assertUpdate("CALL feature_store.system.create_training_set('mr', 'made_with_v1', 'iceberg.mr.labels', 'label_ts', ARRAY['user_stats:*'])");
        MaterializedResult madeWithV1 = computeActual("SELECT * FROM feature_store.mr.made_with_v1");

        register("user_stats", "ARRAY['spend', 'visits']", true);
        assertThat(query("SELECT version, is_current, json_extract_scalar(definition, '$.features[1]') FROM feature_store.system.feature_view_versions WHERE view_name = 'user_stats'"))
                .skippingTypesCheck()
                .matches("VALUES (1, false, CAST(NULL AS varchar)), (2, true, 'visits')");
        assertThat(query("SELECT * FROM feature_store.mr.user_stats")).skippingTypesCheck().matches("SELECT user_id, event_ts, spend, visits FROM iceberg.mr.users");

        // a training set keeps reading the version it was made with and says which it was
        assertThat(computeActual("SELECT * FROM feature_store.mr.made_with_v1").getMaterializedRows()).containsExactlyInAnyOrderElementsOf(madeWithV1.getMaterializedRows());
        assertThat(computeActual("SELECT * FROM feature_store.mr.made_with_v1").getColumnNames()).containsExactly("label_id", "user_id", "label_ts", "churned", "spend");
        assertUpdate("CALL feature_store.system.create_training_set('mr', 'made_with_v2', 'iceberg.mr.labels', 'label_ts', ARRAY['user_stats:*'])");
        assertUpdate("CALL feature_store.system.create_training_set('mr', 'named_v1', 'iceberg.mr.labels', 'label_ts', ARRAY['user_stats@v1:*'])");
        assertThat(query("SELECT training_set, role, feature_view_version FROM feature_store.system.training_set_sources WHERE training_set LIKE 'made_with%' OR training_set = 'named_v1'"))
                .skippingTypesCheck()
                .matches(
                        """
                        VALUES ('made_with_v1', 'spine', NULL), ('made_with_v1', 'user_stats', 1),
                            ('made_with_v2', 'spine', NULL), ('made_with_v2', 'user_stats', 2),
                            ('named_v1', 'spine', NULL), ('named_v1', 'user_stats', 1)""");
        assertThat(computeActual("SELECT * FROM feature_store.mr.named_v1").getMaterializedRows()).containsExactlyInAnyOrderElementsOf(madeWithV1.getMaterializedRows());
        assertThat(computeActual("SELECT * FROM feature_store.mr.made_with_v2").getColumnNames()).containsExactly("label_id", "user_id", "label_ts", "churned", "spend", "visits");

        // the table functions read a named version too
        assertThat(query(
                """
                SELECT count(*), count(spend)
                FROM TABLE(feature_store.system.point_in_time_features(schema_name => 'mr', spine_table => 'iceberg.mr.labels',
                    spine_timestamp_column => 'label_ts', features => ARRAY['user_stats@v1:spend']))
                """))
                .skippingTypesCheck()
                .matches("SELECT count(*), count(spend) FROM feature_store.mr.made_with_v1");
        assertQueryFails(
                "CALL feature_store.system.create_training_set('mr', 'bad', 'iceberg.mr.labels', 'label_ts', ARRAY['user_stats@v9:spend'])",
                "Feature view mr.user_stats has no version 9; its versions are \\[1, 2\\]");
        assertQueryFails(
                "CALL feature_store.system.create_training_set('mr', 'bad', 'iceberg.mr.labels', 'label_ts', ARRAY['user_stats@v1:visits'])",
                "Feature view mr.user_stats@v1 has no feature 'visits'.*");
        assertQueryFails(
                "CALL feature_store.system.create_training_set('mr', 'bad', 'iceberg.mr.labels', 'label_ts', ARRAY['user_stats@2:spend'])",
                "A feature is named .*, not 'user_stats@2:spend'");

        // dropping the view keeps the versions training sets were made with, and a new view of the name continues them
        assertUpdate("CALL feature_store.system.drop_feature_view('mr', 'user_stats')");
        assertThat(query("SELECT version, is_current FROM feature_store.system.feature_view_versions WHERE view_name = 'user_stats'"))
                .skippingTypesCheck()
                .matches("VALUES (1, false), (2, false)");
        assertThat(computeActual("SELECT * FROM feature_store.mr.made_with_v1").getMaterializedRows()).containsExactlyInAnyOrderElementsOf(madeWithV1.getMaterializedRows());
        register("user_stats", "ARRAY['visits']", false);
        assertThat(query("SELECT version, is_current FROM feature_store.system.feature_view_versions WHERE view_name = 'user_stats'"))
                .skippingTypesCheck()
                .matches("VALUES (1, false), (2, false), (3, true)");

        // a view no training set used leaves nothing when dropped
        register("unused", "ARRAY['spend']", false);
        register("unused", "ARRAY['visits']", true);
        assertUpdate("CALL feature_store.system.drop_feature_view('mr', 'unused')");
        assertThat(computeScalar("SELECT count(*) FROM feature_store.system.feature_view_versions WHERE view_name = 'unused'")).isEqualTo(0L);
    }

    @Test
    void testUnchangedMeansTheColumnsResolved()
    {
        assertUpdate("CREATE TABLE iceberg.mr.growing AS SELECT user_id, event_ts, spend FROM iceberg.mr.users", 300);
        register("growing", "NULL", false);
        // features left out are the table's columns at registration: a column added later changes the definition
        register("growing", "NULL", true);
        assertThat(computeScalar("SELECT max(version) FROM feature_store.system.feature_view_versions WHERE view_name = 'growing'")).isEqualTo(1);
        assertUpdate("ALTER TABLE iceberg.mr.growing ADD COLUMN visits bigint");
        register("growing", "NULL", true);
        assertThat(query("SELECT version, json_format(json_extract(definition, '$.features')) FROM feature_store.system.feature_view_versions WHERE view_name = 'growing'"))
                .skippingTypesCheck()
                .matches("VALUES (1, VARCHAR '[\"spend\"]'), (2, VARCHAR '[\"spend\",\"visits\"]')");
    }

    @Test
    void testConcurrentVersions()
            throws Exception
    {
        register("contended", "ARRAY['spend']", false);
        List<Callable<Boolean>> calls = new ArrayList<>();
        for (int i = 1; i <= 8; i++) {
            String ttl = "'" + i + "d'";
            calls.add(() -> {
                try {
                    getQueryRunner().execute(registration("contended", "ARRAY['spend']", true).replace("features =>", "ttl => " + ttl + ", features =>"));
                    return true;
                }
                catch (RuntimeException e) {
                    assertThat(e).hasMessageContaining("was changed by another registration at the same time");
                    return false;
                }
            });
        }
        long succeeded = run(calls).stream().filter(Boolean::booleanValue).count();
        assertThat(succeeded).isPositive();
        // every success made its own version, and the view shows the last
        assertThat(computeScalar("SELECT count(DISTINCT json_extract_scalar(definition, '$.ttl')) FROM feature_store.system.feature_view_versions WHERE view_name = 'contended' AND version > 1"))
                .isEqualTo(succeeded);
        assertThat(query("SELECT version FROM feature_store.system.feature_view_versions WHERE view_name = 'contended'"))
                .skippingTypesCheck()
                .matches("SELECT CAST(v AS integer) FROM UNNEST(sequence(1, %s)) AS t (v)".formatted(succeeded + 1));
        assertThat(query("SELECT version FROM feature_store.system.feature_view_versions WHERE view_name = 'contended' AND is_current"))
                .skippingTypesCheck()
                .matches("VALUES %s".formatted(succeeded + 1));
    }

    @Test
    void testModels()
            throws Exception
    {
        register("model_stats", "ARRAY['spend', 'visits']", false);
        assertUpdate("CALL feature_store.system.create_training_set('mr', 'churn_v1', 'iceberg.mr.labels', 'label_ts', ARRAY['model_stats:*'])");
        Path file = write("churn/1/model.onnx", 300_000);
        String fileUri = file.toUri().toString();
        assertUpdate(
                """
                CALL feature_store.system.register_model(schema_name => 'mr', model_name => 'churn', training_set => 'churn_v1',
                    artifact_uri => '%s', metrics => MAP(ARRAY['auc', 'logloss'], ARRAY[0.91e0, 0.3e0]),
                    params => MAP(ARRAY['max_depth'], ARRAY['6']), code_version => '4f2a9c1', description => 'first')
                """.formatted(fileUri));
        assertThat(query("SELECT version, training_set, artifact_uri, artifact_sha256, artifact_size, metrics['auc'], params['max_depth'], code_version, owner, cardinality(artifact_files) FROM feature_store.system.model_versions WHERE model_name = 'churn'"))
                .skippingTypesCheck()
                .matches("VALUES (1, 'churn_v1', '%s', '%s', BIGINT '300000', 0.91e0, '6', '4f2a9c1', 'user', BIGINT '0')".formatted(fileUri, shell("sha256sum " + file + " | cut -d' ' -f1")));

        // a prefix: every file under it, and a checksum sha256sum gives from the folder
        write("churn/2/model.bin", 1000);
        write("churn/2/config/params.json", 10);
        Path prefix = models.resolve("churn/2");
        assertUpdate("CALL feature_store.system.register_model(schema_name => 'mr', model_name => 'churn', training_set => 'churn_v1', artifact_uri => '%s/')".formatted(prefix.toUri().toString().replaceAll("/$", "")));
        String expected = shell("cd " + prefix + " && find . -type f -printf '%P\\n' | LC_ALL=C sort | xargs sha256sum | sha256sum | cut -d' ' -f1");
        assertThat(query("SELECT version, artifact_sha256, artifact_size, transform(artifact_files, file -> file.path) FROM feature_store.system.model_versions WHERE model_name = 'churn' AND version = 2"))
                .skippingTypesCheck()
                .matches("VALUES (2, '%s', BIGINT '1010', ARRAY[VARCHAR 'config/params.json', 'model.bin'])".formatted(expected));

        // refused: a missing artefact, one outside the roots, a path that climbs, the same artefact again, bad metrics, a missing training set
        assertQueryFails(
                "CALL feature_store.system.register_model('mr', 'churn', 'churn_v1', '%s')".formatted(models.resolve("churn/9/model.onnx").toUri()),
                "Model artifact .*churn/9/model.onnx does not exist.*");
        assertQueryFails("CALL feature_store.system.register_model('mr', 'churn', 'churn_v1', 'file:///etc/passwd')", "Model artifact file:///etc/passwd is not under a location this catalog reads artefacts from.*");
        assertQueryFails("CALL feature_store.system.register_model('mr', 'churn', 'churn_v1', '%s../../etc/passwd')".formatted(prefix.toUri()), "artifact_uri must not hold '.' or '..' segments.*");
        assertQueryFails("CALL feature_store.system.register_model('mr', 'churn', 'churn_v1', '%s')".formatted(fileUri), "Model mr.churn has this artefact already: version 1 .*");
        assertQueryFails(
                "CALL feature_store.system.register_model(schema_name => 'mr', model_name => 'churn', training_set => NULL, artifact_uri => '%s', metrics => MAP(ARRAY['auc'], ARRAY[nan()]))".formatted(write("churn/3/m", 5).toUri()),
                "metrics: metric 'auc' must be a finite number, not NaN");
        assertQueryFails("CALL feature_store.system.register_model('mr', 'churn', 'nope', '%s')".formatted(fileUri), "Training set mr.nope does not exist");
        assertThat(computeScalar("SELECT max(version) FROM feature_store.system.model_versions WHERE model_name = 'churn'")).isEqualTo(2);

        // aliases
        assertUpdate("CALL feature_store.system.set_model_alias('mr', 'churn', 'champion', 1)");
        assertUpdate("CALL feature_store.system.set_model_alias('mr', 'churn', 'challenger', 2)");
        assertUpdate("CALL feature_store.system.set_model_alias('mr', 'churn', 'champion', 2)");
        assertThat(query("SELECT version, aliases FROM feature_store.system.model_versions WHERE model_name = 'churn'"))
                .skippingTypesCheck()
                .matches("VALUES (1, CAST(ARRAY[] AS array(varchar))), (2, ARRAY[VARCHAR 'challenger', 'champion'])");
        assertQueryFails("CALL feature_store.system.set_model_alias('mr', 'churn', 'champion', 7)", "Model mr.churn has no version 7");
        assertUpdate("CALL feature_store.system.drop_model_alias('mr', 'churn', 'challenger')");
        assertThat(query("SELECT aliases FROM feature_store.system.model_versions WHERE model_name = 'churn' AND version = 2")).skippingTypesCheck().matches("VALUES ARRAY[VARCHAR 'champion']");

        // lineage: back to the snapshots and the feature view version the training set pinned, also once the training set is gone
        assertUpdate("CALL feature_store.system.drop_training_set('mr', 'churn_v1')");
        assertThat(query("SELECT version, training_set, role, source_table, feature_view, feature_view_version FROM feature_store.system.model_lineage WHERE model_name = 'churn'"))
                .skippingTypesCheck()
                .matches(
                        """
                        VALUES (1, 'churn_v1', 'spine', 'iceberg.mr.labels', NULL, NULL), (1, 'churn_v1', 'feature_view', 'iceberg.mr.users', 'model_stats', 1),
                            (2, 'churn_v1', 'spine', 'iceberg.mr.labels', NULL, NULL), (2, 'churn_v1', 'feature_view', 'iceberg.mr.users', 'model_stats', 1)""");
        assertThat(query("SELECT DISTINCT snapshot_id FROM feature_store.system.model_lineage WHERE model_name = 'churn' AND role = 'spine'"))
                .skippingTypesCheck()
                .matches("SELECT snapshot_id FROM iceberg.mr.\"labels$snapshots\"");
        // the model keeps the feature view version it was made with
        assertUpdate("CALL feature_store.system.drop_feature_view('mr', 'model_stats')");
        assertThat(query("SELECT version FROM feature_store.system.feature_view_versions WHERE view_name = 'model_stats'")).skippingTypesCheck().matches("VALUES 1");

        // checks read the artefacts again
        assertThat(query("SELECT version, status, current_sha256 = recorded_sha256 FROM feature_store.system.model_artifact_checks WHERE model_name = 'churn'"))
                .skippingTypesCheck()
                .matches("VALUES (1, 'unchanged', true), (2, 'unchanged', true)");
        Files.writeString(models.resolve("churn/2/config/params.json"), "{\"x\": 2}", UTF_8);
        Files.delete(file);
        assertThat(query("SELECT version, status FROM feature_store.system.model_artifact_checks WHERE model_name = 'churn'"))
                .skippingTypesCheck()
                .matches("VALUES (1, 'missing'), (2, 'changed')");
    }

    @Test
    void testConcurrentModelVersions()
            throws Exception
    {
        List<Callable<Boolean>> calls = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            String uri = write("concurrent/" + i + "/model.onnx", 100 + i).toUri().toString();
            calls.add(() -> {
                getQueryRunner().execute("CALL feature_store.system.register_model(schema_name => 'mr', model_name => 'concurrent', training_set => NULL, artifact_uri => '%s')".formatted(uri));
                return true;
            });
        }
        assertThat(run(calls)).hasSize(6);
        assertThat(query("SELECT version FROM feature_store.system.model_versions WHERE model_name = 'concurrent'"))
                .skippingTypesCheck()
                .matches("SELECT CAST(v AS integer) FROM UNNEST(sequence(1, 6)) AS t (v)");
        assertThat(computeScalar("SELECT count(DISTINCT artifact_uri) FROM feature_store.system.model_versions WHERE model_name = 'concurrent'")).isEqualTo(6L);
        assertThat(query("SELECT count(*) FROM feature_store.system.model_lineage WHERE model_name = 'concurrent'")).skippingTypesCheck().matches("VALUES BIGINT '0'");
    }

    @Test
    void testFromModelToRawEvents()
            throws Exception
    {
        for (String schema : new String[] {"bronze", "silver", "gold"}) {
            assertUpdate("CREATE SCHEMA iceberg." + schema);
        }
        assertUpdate(
                """
                CREATE TABLE iceberg.bronze.raw_events AS
                SELECT n % 20 AS user_id, TIMESTAMP '2025-01-01 00:00:00.000000 UTC' + n * INTERVAL '7' HOUR AS event_ts,
                       IF(n % 13 = 0, NULL, IF(n % 17 = 0, -1e0, (n * 37) % 100 + 0.5e0)) AS amount
                FROM UNNEST(sequence(1, 600)) AS t (n)
                """,
                600);
        assertUpdate("CREATE TABLE iceberg.silver.events AS SELECT user_id, event_ts, amount FROM iceberg.bronze.raw_events WHERE amount >= 0", (long) computeScalar("SELECT count(*) FROM iceberg.bronze.raw_events WHERE amount >= 0"));
        assertUpdate("CREATE TABLE iceberg.gold.user_spend AS SELECT user_id, date_trunc('day', event_ts) AS event_ts, sum(amount) AS spend FROM iceberg.silver.events GROUP BY 1, 2", (long) computeScalar("SELECT count(DISTINCT (user_id, date_trunc('day', event_ts))) FROM iceberg.silver.events"));
        assertUpdate("CREATE TABLE iceberg.gold.labels AS SELECT DISTINCT user_id, TIMESTAMP '2025-04-01 00:00:00.000000 UTC' AS label_ts, user_id % 3 = 0 AS churned FROM iceberg.silver.events", 20);
        assertUpdate("CALL feature_store.system.register_feature_view('mr', 'user_spend', 'iceberg.gold.user_spend', ARRAY['user_id'], 'event_ts')");
        assertUpdate("CALL feature_store.system.create_training_set('mr', 'spend_v1', 'iceberg.gold.labels', 'label_ts', ARRAY['user_spend:*'])");
        Path model = write("medallion/1/model.onnx", 64);
        assertUpdate("CALL feature_store.system.register_model('mr', 'medallion', 'spend_v1', '%s')".formatted(model.toUri()));
        awaitRecorded("iceberg.gold.labels");

        // upstream from the model: the training set, its sources, and what they were made from, down to the raw events
        assertThat(query("SELECT input_dataset, output_dataset, depth, run_kind FROM feature_store.system.lineage WHERE start_dataset = 'feature_store.mr.medallion' AND direction = 'upstream'"))
                .skippingTypesCheck()
                .matches(
                        """
                        VALUES ('feature_store.mr.spend_v1', 'feature_store.mr.medallion', 1, 'procedure'),
                            ('iceberg.gold.labels', 'feature_store.mr.spend_v1', 2, 'procedure'),
                            ('iceberg.gold.user_spend', 'feature_store.mr.spend_v1', 2, 'procedure'),
                            ('iceberg.silver.events', 'iceberg.gold.labels', 3, 'query'),
                            ('iceberg.silver.events', 'iceberg.gold.user_spend', 3, 'query'),
                            ('iceberg.bronze.raw_events', 'iceberg.silver.events', 4, 'query')""");
        // the snapshots are those each step read: the training set pinned what the features query wrote
        assertThat(query("SELECT input_snapshot_id FROM feature_store.system.lineage WHERE start_dataset = 'feature_store.mr.medallion' AND input_dataset = 'iceberg.gold.user_spend'"))
                .matches("SELECT snapshot_id FROM feature_store.system.training_set_sources WHERE training_set = 'spend_v1' AND role = 'user_spend'");
        assertThat(query("SELECT input_snapshot_id FROM feature_store.system.lineage WHERE start_dataset = 'feature_store.mr.medallion' AND input_dataset = 'iceberg.bronze.raw_events'"))
                .matches("SELECT snapshot_id FROM iceberg.bronze.\"raw_events$snapshots\"");
        // downstream from the raw events: everything made from them, the model last
        assertThat(query("SELECT output_dataset, max(depth) FROM feature_store.system.lineage WHERE start_dataset = 'iceberg.bronze.raw_events' AND direction = 'downstream' GROUP BY 1"))
                .skippingTypesCheck()
                .matches(
                        """
                        VALUES ('iceberg.silver.events', 1), ('iceberg.gold.labels', 2), ('iceberg.gold.user_spend', 2),
                            ('feature_store.mr.spend_v1', 3), ('feature_store.mr.medallion', 4)""");
        // the other procedures that make something: a materialization, and rows written through a branch
        assertUpdate("CREATE TABLE iceberg.gold.spend_rows AS SELECT * FROM feature_store.mr.spend_v1", 20);
        assertUpdate("CALL feature_store.system.register_materialization('mr', 'spend_v1', 'iceberg.gold.spend_rows')");
        assertUpdate("CALL feature_store.system.begin_write('mr', 'user_spend', 'audit')");
        assertUpdate("INSERT INTO iceberg.gold.user_spend_staging_audit SELECT user_id, event_ts + INTERVAL '1' YEAR, spend FROM iceberg.gold.user_spend WHERE user_id = 1", (long) computeScalar("SELECT count(*) FROM iceberg.gold.user_spend WHERE user_id = 1"));
        assertUpdate("CALL feature_store.system.commit_write('mr', 'user_spend', 'audit')");
        assertUpdate("CALL feature_store.system.publish_write('mr', 'user_spend', 'audit')");
        awaitRecorded("iceberg.gold.user_spend_staging_audit");
        assertThat(query("SELECT DISTINCT operation, output_dataset FROM feature_store.system.lineage WHERE start_dataset = 'feature_store.mr.spend_v1' AND direction = 'downstream' AND depth = 1"))
                .skippingTypesCheck()
                .matches("VALUES ('register_model', 'feature_store.mr.medallion'), ('register_materialization', 'iceberg.gold.spend_rows')");
        assertThat(query("SELECT operation, input_dataset, depth FROM feature_store.system.lineage WHERE start_dataset = 'iceberg.gold.user_spend' AND direction = 'upstream' AND depth <= 2 AND operation <> 'CREATE TABLE AS'"))
                .skippingTypesCheck()
                .matches("VALUES ('commit_write', 'iceberg.gold.user_spend_staging_audit', 1), ('INSERT', 'iceberg.gold.user_spend', 2)");

        // every run also has its OpenLineage event
        assertThat(query("SELECT DISTINCT json_extract_scalar(openlineage, '$.eventType') FROM iceberg.lineage.query_runs WHERE direction = 'output'"))
                .matches("VALUES VARCHAR 'COMPLETE'");
        assertThat(query("SELECT * FROM feature_store.system.lineage"))
                .failure().hasMessage("feature_store.system.lineage walks from a table, training set or model: add WHERE start_dataset = 'catalog.schema.name'");
    }

    /**
     * The engine does not see what the table functions read from Iceberg files: the connector
     * hands it to the listener, and the runs of the queries that wrote their results have it.
     */
    @Test
    void testTableFunctionReadsRecorded()
            throws Exception
    {
        assertUpdate("CREATE TABLE iceberg.mr.reads_spine AS SELECT n AS id, TIMESTAMP '2025-02-01 00:00:00.000000 UTC' AS ts FROM UNNEST(sequence(1, 5)) AS t (n)", 5);
        assertUpdate("CREATE TABLE iceberg.mr.reads_features AS SELECT n AS id, TIMESTAMP '2025-01-01 00:00:00.000000 UTC' AS ts, n * 2 AS v, ARRAY[REAL '1', n, 0] AS embedding FROM UNNEST(sequence(1, 5)) AS t (n)", 5);
        assertUpdate(
                """
                CREATE TABLE iceberg.mr.reads_joined AS
                SELECT * FROM TABLE(feature_store.system.point_in_time_features(
                    spine_table => 'iceberg.mr.reads_spine', spine_timestamp_column => 'ts',
                    feature_table => 'iceberg.mr.reads_features', entity_columns => ARRAY['id'], timestamp_column => 'ts', features => ARRAY['v']))
                """,
                5);
        assertUpdate("CALL feature_store.system.create_vector_index(table_name => 'iceberg.mr.reads_features', column_name => 'embedding')");
        assertUpdate("CREATE TABLE iceberg.mr.reads_nearest AS SELECT id, distance FROM TABLE(feature_store.system.vector_search(table_name => 'iceberg.mr.reads_features', column_name => 'embedding', query => ARRAY[REAL '1', 2, 0], k => 2))", 2);
        awaitRecorded("iceberg.mr.reads_nearest");
        awaitRecorded("iceberg.mr.reads_joined");

        String inputs = "SELECT table_name, columns, snapshot_id FROM iceberg.lineage.query_runs WHERE direction = 'input' AND run_id = (SELECT run_id FROM iceberg.lineage.query_runs WHERE direction = 'output' AND table_name = '%s')";
        long spineSnapshot = (long) computeScalar("SELECT snapshot_id FROM iceberg.mr.\"reads_spine$refs\" WHERE name = 'main'");
        long featureSnapshot = (long) computeScalar("SELECT snapshot_id FROM iceberg.mr.\"reads_features$refs\" WHERE name = 'main'");
        assertThat(query(inputs.formatted("reads_joined")))
                .skippingTypesCheck()
                .matches("VALUES ('reads_spine', ARRAY['id', 'ts'], BIGINT '%s'), ('reads_features', ARRAY['id', 'ts', 'v'], %s)".formatted(spineSnapshot, featureSnapshot));
        assertThat(query(inputs.formatted("reads_nearest")))
                .skippingTypesCheck()
                .matches("VALUES ('reads_features', ARRAY['embedding', 'id', 'ts', 'v'], BIGINT '%s')".formatted(featureSnapshot));
        // what a query read is taken from the spool directory when it completes, also when it wrote nothing
        Path reads = spool.resolve("connector-reads").resolve(getDistributedQueryRunner().executeWithPlan(getSession(),
                "SELECT count(*) FROM TABLE(feature_store.system.point_in_time_features(spine_table => 'iceberg.mr.reads_spine', spine_timestamp_column => 'ts', " +
                        "feature_table => 'iceberg.mr.reads_features', entity_columns => ARRAY['id'], timestamp_column => 'ts', features => ARRAY['v']))").queryId().toString());
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (Files.exists(reads)) {
            assertThat(System.nanoTime()).as("%s taken in time", reads).isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    /**
     * Commits what the listener spooled until the lineage table has a run that wrote the table.
     */
    private void awaitRecorded(String table)
            throws IOException, InterruptedException
    {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (true) {
            listener.commit();
            if ((long) computeScalar("SELECT count(*) FROM iceberg.lineage.query_runs WHERE direction = 'output' AND catalog_name || '.' || schema_name || '.' || table_name = '" + table + "'") > 0) {
                return;
            }
            assertThat(System.nanoTime()).as("runs recorded in time").isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    private void register(String view, String features, boolean newVersion)
    {
        assertUpdate(registration(view, features, newVersion));
    }

    private static String registration(String view, String features, boolean newVersion)
    {
        return """
               CALL feature_store.system.register_feature_view(schema_name => 'mr', view_name => '%s', source_table => 'iceberg.mr.%s',
                   entity_columns => ARRAY['user_id'], timestamp_column => 'event_ts', features => %s, new_version => %s)
               """.formatted(view, view.equals("growing") ? view : "users", features, newVersion);
    }

    private Path write(String relativePath, int size)
            throws IOException
    {
        Path path = models.resolve(relativePath);
        Files.createDirectories(path.getParent());
        byte[] bytes = new byte[size];
        new Random(size).nextBytes(bytes);
        Files.write(path, bytes);
        return path;
    }

    private static String shell(String command)
            throws IOException, InterruptedException
    {
        Process process = new ProcessBuilder("bash", "-c", command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), UTF_8).trim();
        assertThat(process.waitFor()).as(output).isZero();
        return output;
    }

    private static <T> List<T> run(List<Callable<T>> calls)
            throws Exception
    {
        ExecutorService executor = Executors.newFixedThreadPool(calls.size());
        try {
            List<T> results = new ArrayList<>();
            for (Future<T> future : executor.invokeAll(calls)) {
                results.add(future.get());
            }
            return results;
        }
        finally {
            executor.shutdownNow();
        }
    }
}
