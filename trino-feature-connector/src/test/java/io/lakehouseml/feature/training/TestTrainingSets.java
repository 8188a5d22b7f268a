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
package io.lakehouseml.feature.training;

import io.lakehouseml.feature.FeatureStoreQueryRunner;
import io.trino.testing.AbstractTestQueryFramework;
import io.trino.testing.MaterializedResult;
import io.trino.testing.QueryRunner;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Training sets: the point-in-time join of a spine with several feature views, every source pinned
 * to its snapshot at creation, so the rows stay the same however the sources change.
 */
final class TestTrainingSets
        extends AbstractTestQueryFramework
{
    /**
     * The same join written with Trino's LEFT JOIN NEAREST, on the tables as they are now: every
     * entity has distinct event times, so the result is unique.
     */
    private static final String REFERENCE =
            """
            SELECT s.label_id, s.user_id, s.merchant_id, s.label_ts, s.churned, u.spend, u.visits, m.risk
            FROM iceberg.src.labels s
            LEFT JOIN NEAREST (
                FROM iceberg.src.users u
                WHERE u.user_id = s.user_id AND u.created_ts <= s.label_ts AND u.event_ts >= s.label_ts - INTERVAL '30' DAY
                MATCH u.event_ts <= s.label_ts) ON TRUE
            LEFT JOIN NEAREST (
                FROM iceberg.src.merchants m
                WHERE m.merchant_id = s.merchant_id
                MATCH with_timezone(m.event_ts, 'UTC') <= s.label_ts) ON TRUE
            """;

    @Override
    protected QueryRunner createQueryRunner()
            throws Exception
    {
        return FeatureStoreQueryRunner.builder()
                .setIcebergProperties(Map.of("iceberg.expire-snapshots.min-retention", "0s"))
                .build();
    }

    @BeforeAll
    void createSources()
    {
        assertUpdate("CREATE SCHEMA iceberg.src");
        // 20 users, a row every 9 days with a distinct time per user; every fourth row backfilled 20 days late, some values NULL
        assertUpdate(
                """
                CREATE TABLE iceberg.src.users AS
                SELECT
                    user_id,
                    TIMESTAMP '2025-01-01 00:00:00.000000 UTC' + n * INTERVAL '9' DAY + user_id * INTERVAL '1' MINUTE AS event_ts,
                    TIMESTAMP '2025-01-01 00:00:00.000000 UTC' + n * INTERVAL '9' DAY + user_id * INTERVAL '1' MINUTE + IF(n % 4 = 0, INTERVAL '20' DAY, INTERVAL '1' HOUR) AS created_ts,
                    IF((user_id + n) % 7 = 0, NULL, (user_id * 31 + n * 17) % 101 + 0.5e0) AS spend,
                    CAST((user_id + n * 3) % 13 AS bigint) AS visits
                FROM UNNEST(sequence(BIGINT '1', 20)) AS u (user_id)
                CROSS JOIN UNNEST(sequence(0, 39)) AS t (n)
                """,
                800);
        // 10 merchants, timestamps without a time zone (they count as UTC), integer keys against bigint spine keys
        assertUpdate(
                """
                CREATE TABLE iceberg.src.merchants AS
                SELECT
                    merchant_id,
                    TIMESTAMP '2025-01-01 00:00:00.000000' + n * INTERVAL '5' DAY + merchant_id * INTERVAL '1' HOUR AS event_ts,
                    (merchant_id * 7 + n * 3) % 50 / 100e0 AS risk
                FROM UNNEST(sequence(1, 10)) AS m (merchant_id)
                CROSS JOIN UNNEST(sequence(0, 69)) AS t (n)
                """,
                700);
        assertUpdate(
                """
                CREATE TABLE iceberg.src.labels AS
                SELECT
                    label_id,
                    label_id % 23 AS user_id,
                    label_id % 11 AS merchant_id,
                    TIMESTAMP '2025-01-20 00:00:00.000000 UTC' + label_id * INTERVAL '7' HOUR AS label_ts,
                    label_id % 5 = 0 AS churned
                FROM UNNEST(sequence(BIGINT '1', 1000)) AS l (label_id)
                """,
                1000);
        assertUpdate(
                """
                CALL feature_store.system.register_feature_view(schema_name => 'ml', view_name => 'user_stats',
                    source_table => 'iceberg.src.users', entity_columns => ARRAY['user_id'], timestamp_column => 'event_ts',
                    created_timestamp_column => 'created_ts', ttl => '30d', features => ARRAY['spend', 'visits'])
                """);
        assertUpdate(
                """
                CALL feature_store.system.register_feature_view(schema_name => 'ml', view_name => 'merchant_risk',
                    source_table => 'iceberg.src.merchants', entity_columns => ARRAY['merchant_id'], timestamp_column => 'event_ts')
                """);
        assertUpdate("CALL feature_store.system.register_feature_service(schema_name => 'ml', name => 'churn', features => ARRAY['user_stats:*', 'merchant_risk:risk'])");
    }

    @Test
    void testPinnedToSnapshots()
    {
        assertUpdate(
                """
                CALL feature_store.system.create_training_set(schema_name => 'ml', name => 'churn_v1', spine_table => 'iceberg.src.labels',
                    spine_timestamp_column => 'label_ts', features => ARRAY['user_stats:spend', 'user_stats:visits', 'merchant_risk:*'])
                """);
        // a feature service stands for its list
        assertUpdate("CALL feature_store.system.create_training_set('ml', 'churn_service', 'iceberg.src.labels', 'label_ts', ARRAY['churn'])");

        MaterializedResult before = computeActual("SELECT * FROM feature_store.ml.churn_v1");
        assertThat(before.getColumnNames()).containsExactly("label_id", "user_id", "merchant_id", "label_ts", "churned", "spend", "visits", "risk");
        assertThat(before.getRowCount()).isEqualTo(1000);
        assertThat(query("SELECT * FROM feature_store.ml.churn_v1")).matches(REFERENCE);
        assertThat(query("SELECT * FROM feature_store.ml.churn_service")).matches(REFERENCE);
        assertThat(computeScalar("SELECT count(spend) FROM feature_store.ml.churn_v1")).isNotEqualTo(0L);
        assertThat(computeScalar("SELECT count(risk) FROM feature_store.ml.churn_v1")).isNotEqualTo(0L);
        long spineSnapshot = (long) computeScalar("SELECT snapshot_id FROM iceberg.src.\"labels$history\" WHERE is_current_ancestor ORDER BY made_current_at DESC LIMIT 1");

        // the manifest: pinned snapshots and a fingerprint that names them
        assertThat(query("SELECT role, source_table FROM feature_store.system.training_set_sources WHERE training_set = 'churn_v1'"))
                .skippingTypesCheck()
                .matches("VALUES ('spine', 'iceberg.src.labels'), ('user_stats', 'iceberg.src.users'), ('merchant_risk', 'iceberg.src.merchants')");
        assertThat(computeScalar("SELECT snapshot_id FROM feature_store.system.training_set_sources WHERE training_set = 'churn_v1' AND role = 'spine'")).isEqualTo(spineSnapshot);
        assertThat(query("SELECT features, respect_created_timestamp FROM feature_store.system.training_sets WHERE name = 'churn_v1'"))
                .matches("VALUES (ARRAY[VARCHAR 'user_stats:spend', VARCHAR 'user_stats:visits', VARCHAR 'merchant_risk:risk'], true)");
        assertThat(computeActual("SELECT DISTINCT fingerprint FROM feature_store.system.training_sets WHERE name IN ('churn_v1', 'churn_service')").getRowCount()).isEqualTo(1);

        // change every source: appends, deletes, updates, a new column
        assertUpdate("INSERT INTO iceberg.src.users SELECT user_id, label_ts, label_ts, 1000e0, BIGINT '1000' FROM iceberg.src.labels", 1000);
        assertUpdate("DELETE FROM iceberg.src.labels WHERE label_id % 3 = 0", 333);
        assertUpdate("INSERT INTO iceberg.src.labels VALUES (5000, 1, 1, TIMESTAMP '2025-06-01 00:00:00.000000 UTC', true)", 1);
        assertUpdate("UPDATE iceberg.src.merchants SET risk = -1", 700);
        assertUpdate("ALTER TABLE iceberg.src.users ADD COLUMN extra varchar");

        assertThat(computeActual("SELECT * FROM feature_store.ml.churn_v1").getMaterializedRows()).containsExactlyInAnyOrderElementsOf(before.getMaterializedRows());
        assertThat(computeActual("SELECT * FROM feature_store.ml.churn_service").getMaterializedRows()).containsExactlyInAnyOrderElementsOf(before.getMaterializedRows());

        // a training set created now sees the changes
        assertUpdate("CALL feature_store.system.create_training_set('ml', 'churn_v2', 'iceberg.src.labels', 'label_ts', ARRAY['churn'])");
        assertThat(query("SELECT * FROM feature_store.ml.churn_v2")).matches(REFERENCE);
        assertThat(computeScalar("SELECT count(*) FROM feature_store.ml.churn_v2 WHERE spend = 1000e0")).isEqualTo(668L);
        assertThat(computeActual("SELECT DISTINCT fingerprint FROM feature_store.system.training_sets WHERE name IN ('churn_v1', 'churn_v2')").getRowCount()).isEqualTo(2);

        assertThat(query("SHOW TABLES FROM feature_store.ml")).skippingTypesCheck().containsAll("VALUES 'churn_v1', 'churn_v2', 'churn_service', 'user_stats', 'merchant_risk'");
        assertUpdate("CALL feature_store.system.drop_training_set('ml', 'churn_v2')");
        assertQueryFails("SELECT * FROM feature_store.ml.churn_v2", ".*Table 'feature_store.ml.churn_v2' does not exist");
        assertQueryFails("CALL feature_store.system.drop_training_set('ml', 'churn_v2')", "Training set ml.churn_v2 does not exist");
    }

    /**
     * A training set is read by point_in_time_features from the pinned data files, with the
     * definitions of its views as they were, and returns what the engine's query returns: keys of
     * integer types of different widths and varchar of different lengths compared by value,
     * timestamps without a time zone as UTC, composite keys.
     */
    @Test
    void testReadFromDataFiles()
    {
        assertUpdate(
                """
                CREATE TABLE iceberg.src.files_labels AS
                SELECT label_id, CAST(label_id % 23 AS integer) AS user_id, CAST(element_at(ARRAY['eu', 'us'], 1 + label_id % 2) AS varchar(8)) AS region,
                    CAST(label_id % 11 AS smallint) AS shop, TIMESTAMP '2025-01-20 00:00:00.000000' + label_id * INTERVAL '7' HOUR AS label_ts
                FROM UNNEST(sequence(BIGINT '1', 1000)) AS l (label_id)
                """,
                1000);
        assertUpdate("CREATE TABLE iceberg.src.files_users AS SELECT user_id, event_ts, created_ts, spend, visits FROM iceberg.src.users WHERE event_ts < TIMESTAMP '2026-01-01 00:00:00 UTC'", 800);
        assertUpdate(
                """
                CREATE TABLE iceberg.src.files_shops AS
                SELECT element_at(ARRAY['eu', 'us'], 1 + n % 2) AS region, CAST(n % 11 AS bigint) AS shop, TIMESTAMP '2025-01-01 00:00:00.000000' + n * INTERVAL '13' HOUR AS event_ts, n * 0.25e0 AS rating
                FROM UNNEST(sequence(1, 600)) AS t (n)
                """,
                600);
        assertUpdate("CALL feature_store.system.register_feature_view(schema_name => 'files', view_name => 'user_stats', source_table => 'iceberg.src.files_users', entity_columns => ARRAY['user_id'], timestamp_column => 'event_ts', created_timestamp_column => 'created_ts', ttl => '30d')");
        assertUpdate("CALL feature_store.system.register_feature_view(schema_name => 'files', view_name => 'shop_ratings', source_table => 'iceberg.src.files_shops', entity_columns => ARRAY['region', 'shop'], timestamp_column => 'event_ts')");
        assertUpdate("CALL feature_store.system.create_training_set(schema_name => 'files', name => 'labels_v1', spine_table => 'iceberg.src.files_labels', spine_timestamp_column => 'label_ts', features => ARRAY['user_stats:*', 'shop_ratings:rating'])");

        String engineQuery = (String) computeScalar("SELECT query FROM feature_store.system.training_sets WHERE schema_name = 'files' AND name = 'labels_v1'");
        assertThat((String) computeScalar("SELECT files_query FROM feature_store.system.training_sets WHERE schema_name = 'files' AND name = 'labels_v1'"))
                .contains("point_in_time_features")
                .contains("\"table\":\"iceberg.src.files_users\"")
                .doesNotContain("user_stats")
                .doesNotContain("JOIN");
        assertThat((String) computeScalar("EXPLAIN SELECT * FROM feature_store.files.labels_v1"))
                .contains("point_in_time_features")
                .doesNotContain("point_in_time_join");
        MaterializedResult rows = computeActual("SELECT * FROM feature_store.files.labels_v1");
        assertThat(rows.getColumnNames()).containsExactly("label_id", "user_id", "region", "shop", "label_ts", "spend", "visits", "rating");
        assertThat(rows.getMaterializedRows()).containsExactlyInAnyOrderElementsOf(computeActual(engineQuery).getMaterializedRows());
        assertThat(computeScalar("SELECT count(rating) FROM feature_store.files.labels_v1")).isNotEqualTo(0L);
        assertThat(computeScalar("SELECT count(spend) FROM feature_store.files.labels_v1")).isNotEqualTo(0L);
        String fingerprint = "SELECT content_fingerprint FROM feature_store.files.\"labels_v1$fingerprint\"";
        Object contentFingerprint = computeScalar(fingerprint);
        assertThat(computeScalar("SELECT lower(to_hex(checksum(ROW(label_id, user_id, region, shop, label_ts, spend, visits, rating)))) FROM (%s)".formatted(engineQuery))).isEqualTo(contentFingerprint);

        // the views of both entities are read by one call (feature_tables), which gives every spine column the training set has
        assertUpdate("CREATE TABLE iceberg.src.files_user_scores AS SELECT CAST(user_id AS bigint) AS user_id, created_ts AS scored_ts, spend * 2 AS score FROM iceberg.src.files_users", 800);
        assertUpdate("CALL feature_store.system.register_feature_view(schema_name => 'files', view_name => 'user_scores', source_table => 'iceberg.src.files_user_scores', entity_columns => ARRAY['user_id'], timestamp_column => 'scored_ts', ttl => '10d')");
        assertUpdate("CALL feature_store.system.create_training_set(schema_name => 'files', name => 'labels_v3', spine_table => 'iceberg.src.files_labels', spine_timestamp_column => 'label_ts', features => ARRAY['user_stats:*', 'shop_ratings:rating', 'user_scores:score'])");
        String groupedQuery = (String) computeScalar("SELECT files_query FROM feature_store.system.training_sets WHERE schema_name = 'files' AND name = 'labels_v3'");
        assertThat(groupedQuery.split("point_in_time_features", -1)).hasSize(2);
        assertThat(groupedQuery).contains("feature_tables => ARRAY[").contains("\"table\":\"iceberg.src.files_user_scores\"").contains("\"table\":\"iceberg.src.files_shops\"").doesNotContain("JOIN");
        MaterializedResult grouped = computeActual("SELECT * FROM feature_store.files.labels_v3");
        assertThat(grouped.getColumnNames()).containsExactly("label_id", "user_id", "region", "shop", "label_ts", "spend", "visits", "rating", "score");
        assertThat(grouped.getMaterializedRows())
                .containsExactlyInAnyOrderElementsOf(computeActual((String) computeScalar("SELECT query FROM feature_store.system.training_sets WHERE schema_name = 'files' AND name = 'labels_v3'")).getMaterializedRows());
        assertThat(computeScalar("SELECT count(score) FROM feature_store.files.labels_v3")).isNotEqualTo(0L);

        // the views change or go, the sources grow: the training set keeps its rows
        assertUpdate("CALL feature_store.system.drop_feature_view(schema_name => 'files', view_name => 'user_stats')");
        assertUpdate("CALL feature_store.system.register_feature_view(schema_name => 'files', view_name => 'user_stats', source_table => 'iceberg.src.files_users', entity_columns => ARRAY['user_id'], timestamp_column => 'created_ts')");
        assertUpdate("INSERT INTO iceberg.src.files_shops SELECT region, shop, event_ts + INTERVAL '1' HOUR, -1 FROM iceberg.src.files_shops", 600);
        assertThat(computeActual("SELECT * FROM feature_store.files.labels_v1").getMaterializedRows()).containsExactlyInAnyOrderElementsOf(rows.getMaterializedRows());
        assertThat(computeScalar(fingerprint)).isEqualTo(contentFingerprint);

        // sources with row-level deletes are read through the engine
        assertUpdate("DELETE FROM iceberg.src.files_shops WHERE rating = -1 AND shop = 3", 55);
        assertUpdate("CALL feature_store.system.create_training_set(schema_name => 'files', name => 'labels_v2', spine_table => 'iceberg.src.files_labels', spine_timestamp_column => 'label_ts', features => ARRAY['shop_ratings:rating'])");
        assertThat(computeScalar("SELECT files_query FROM feature_store.system.training_sets WHERE schema_name = 'files' AND name = 'labels_v2'")).isNull();
        assertThat((String) computeScalar("EXPLAIN SELECT * FROM feature_store.files.labels_v2")).contains("point_in_time_join");
        assertThat(computeScalar("SELECT count(*) FROM feature_store.files.labels_v2 WHERE rating = -1 AND shop <> 3")).isNotEqualTo(0L);
    }

    /**
     * Training sets made by an earlier release keep returning the same rows: where feature rows tie
     * on event and created time, the row chosen is decided by a hash of the feature values, so that
     * hash and the sweep must not change. The expected fingerprints were computed by the release
     * before the connector was split into packages, on the same deterministic data.
     */
    @Test
    void testFingerprintOfEarlierRelease()
    {
        assertUpdate("CREATE SCHEMA iceberg.compat");
        // three rows of every user share each event and created time: the tie-breaking hash decides
        assertUpdate(
                """
                CREATE TABLE iceberg.compat.users AS
                SELECT
                    user_id,
                    TIMESTAMP '2025-01-01 00:00:00.000000 UTC' + (n / 3) * INTERVAL '1' DAY AS event_ts,
                    TIMESTAMP '2025-01-01 01:00:00.000000 UTC' + (n / 3) * INTERVAL '1' DAY AS created_ts,
                    IF((user_id + n) % 11 = 0, NULL, (user_id * 7 + n * 13) % 17 + 0.25e0) AS spend,
                    element_at(ARRAY['gold', 'silver', 'bronze'], 1 + CAST((user_id + n) % 3 AS integer)) AS tier,
                    CAST((user_id * 3 + n) % 29 AS decimal(20, 2)) AS balance
                FROM UNNEST(sequence(BIGINT '1', 12)) AS u (user_id)
                CROSS JOIN UNNEST(sequence(0, 59)) AS t (n)
                """,
                720);
        // a composite key of a varchar and an integer, timestamps without a time zone, ties too
        assertUpdate(
                """
                CREATE TABLE iceberg.compat.shops AS
                SELECT
                    element_at(ARRAY['eu', 'us'], 1 + shop % 2) AS region,
                    shop,
                    TIMESTAMP '2025-01-01 00:00:00.000000' + (n / 2) * INTERVAL '36' HOUR AS event_ts,
                    CAST((shop * 5 + n * 3) % 7 AS integer) AS rating,
                    TIMESTAMP '2024-12-01 00:00:00.000000 UTC' + n * INTERVAL '1' HOUR AS opened_at
                FROM UNNEST(sequence(1, 6)) AS s (shop)
                CROSS JOIN UNNEST(sequence(0, 79)) AS t (n)
                """,
                480);
        assertUpdate(
                """
                CREATE TABLE iceberg.compat.labels AS
                SELECT
                    label_id,
                    label_id % 13 AS user_id,
                    element_at(ARRAY['eu', 'us'], 1 + CAST(label_id % 2 AS integer)) AS region,
                    CAST(label_id % 7 AS integer) AS shop,
                    TIMESTAMP '2025-01-03 00:00:00.000000 UTC' + label_id * INTERVAL '5' HOUR AS label_ts
                FROM UNNEST(sequence(BIGINT '1', 300)) AS l (label_id)
                """,
                300);
        assertUpdate("INSERT INTO iceberg.compat.labels SELECT * FROM iceberg.compat.labels WHERE label_id % 50 = 0", 6);
        assertUpdate(
                """
                CALL feature_store.system.register_feature_view(schema_name => 'compat', view_name => 'user_stats',
                    source_table => 'iceberg.compat.users', entity_columns => ARRAY['user_id'], timestamp_column => 'event_ts',
                    created_timestamp_column => 'created_ts', ttl => '10d')
                """);
        assertUpdate(
                """
                CALL feature_store.system.register_feature_view(schema_name => 'compat', view_name => 'shop_ratings',
                    source_table => 'iceberg.compat.shops', entity_columns => ARRAY['region', 'shop'], timestamp_column => 'event_ts')
                """);

        assertUpdate(
                """
                CALL feature_store.system.create_training_set(schema_name => 'compat', name => 'ties', spine_table => 'iceberg.compat.labels',
                    spine_timestamp_column => 'label_ts', features => ARRAY['user_stats:*', 'shop_ratings:*'])
                """);
        assertUpdate(
                """
                CALL feature_store.system.create_training_set(schema_name => 'compat', name => 'ties_ignoring_created', spine_table => 'iceberg.compat.labels',
                    spine_timestamp_column => 'label_ts', features => ARRAY['user_stats:spend', 'user_stats:tier'], respect_created_timestamp => false)
                """);
        assertThat(computeActual("SELECT row_count, content_fingerprint FROM feature_store.compat.\"ties$fingerprint\"").getMaterializedRows().getFirst().getFields())
                .containsExactly(306L, "dd7fb7727d819e5d");
        assertThat(computeActual("SELECT row_count, content_fingerprint FROM feature_store.compat.\"ties_ignoring_created$fingerprint\"").getMaterializedRows().getFirst().getFields())
                .containsExactly(306L, "b0faff2d18196d95");
        // the ties are real: many spine rows find tied feature rows with different values
        assertThat((long) computeScalar("SELECT count(*) FROM (SELECT user_id, event_ts FROM iceberg.compat.users GROUP BY 1, 2 HAVING count(DISTINCT spend) > 1)"))
                .isGreaterThan(200L);
    }

    /**
     * Features of nested types: the view of the training set gets field ids of its own for the
     * columns and their nested fields, which come from several tables.
     */
    @Test
    void testNestedFeatures()
    {
        assertUpdate(
                """
                CREATE TABLE iceberg.src.embeddings AS
                SELECT
                    user_id,
                    TIMESTAMP '2025-01-01 00:00:00.000000 UTC' AS event_ts,
                    ARRAY[CAST(user_id AS double), 0.5e0] AS embedding,
                    CAST(ROW(user_id, 'u' || CAST(user_id AS varchar)) AS row(id bigint, tag varchar)) AS details,
                    MAP(ARRAY['k'], ARRAY[user_id]) AS extras
                FROM UNNEST(sequence(BIGINT '1', 22)) AS u (user_id)
                """,
                22);
        assertUpdate(
                """
                CALL feature_store.system.register_feature_view(schema_name => 'ml', view_name => 'user_embeddings',
                    source_table => 'iceberg.src.embeddings', entity_columns => ARRAY['user_id'], timestamp_column => 'event_ts')
                """);
        assertUpdate("CALL feature_store.system.create_training_set('ml', 'nested', 'iceberg.src.labels', 'label_ts', ARRAY['user_embeddings:*', 'user_stats:spend'])");
        assertThat(query("SELECT embedding, details.tag, extras['k'] FROM feature_store.ml.nested WHERE label_id = 25"))
                .matches("VALUES (ARRAY[2e0, 0.5e0], VARCHAR 'u2', BIGINT '2')");
        assertThat(computeScalar("SELECT count(*) FROM feature_store.ml.\"nested$fingerprint\"")).isEqualTo(1L);
    }

    @Test
    void testExpiredSnapshot()
    {
        assertUpdate("CREATE TABLE iceberg.src.short_lived AS SELECT label_id, label_id % 11 AS merchant_id, TIMESTAMP '2025-03-01 00:00:00 UTC' + label_id * INTERVAL '1' HOUR AS label_ts FROM UNNEST(sequence(1, 100)) AS t (label_id)", 100);
        assertUpdate("CALL feature_store.system.create_training_set('ml', 'short_lived', 'iceberg.src.short_lived', 'label_ts', ARRAY['merchant_risk:risk'])");
        assertThat(computeScalar("SELECT count(*) FROM feature_store.ml.short_lived")).isEqualTo(100L);
        assertUpdate("INSERT INTO iceberg.src.short_lived VALUES (101, 1, TIMESTAMP '2025-03-01 00:00:00 UTC')", 1);
        assertUpdate("ALTER TABLE iceberg.src.short_lived EXECUTE expire_snapshots(retention_threshold => '0s')");
        assertQueryFails(
                "SELECT * FROM feature_store.ml.short_lived",
                "Training set ml.short_lived reads iceberg.src.short_lived at snapshot \\d+ \\(committed .*\\), which no longer exists \\(expired or rolled back\\); the training set cannot be reproduced");
        assertUpdate("CALL feature_store.system.drop_training_set('ml', 'short_lived')");
    }

    @Test
    void testInvalidDefinitions()
    {
        assertUpdate("CREATE TABLE iceberg.src.labels_without_merchant AS SELECT label_id, user_id, label_ts FROM iceberg.src.labels", 1000);
        assertQueryFails(
                "CALL feature_store.system.create_training_set('ml', 'bad', 'iceberg.src.labels_without_merchant', 'label_ts', ARRAY['churn'])",
                "The spine has no column 'merchant_id', an entity column of feature view merchant_risk; the spine needs a column named like each entity column");
        assertUpdate("CREATE TABLE iceberg.src.labels_with_spend AS SELECT label_id, user_id, label_ts, 1e0 AS spend FROM iceberg.src.labels", 1000);
        assertQueryFails(
                "CALL feature_store.system.create_training_set('ml', 'bad', 'iceberg.src.labels_with_spend', 'label_ts', ARRAY['user_stats:*'])",
                "Feature user_stats:spend would be a column named like the spine column; every column of a training set needs its own name");
        assertQueryFails(
                "CALL feature_store.system.create_training_set('ml', 'bad', 'iceberg.src.labels', 'label_ts', ARRAY['nothing'])",
                "features: 'nothing' is neither 'view:feature' nor a feature service of schema ml");
        assertQueryFails(
                "CALL feature_store.system.create_training_set('ml', 'bad', 'iceberg.src.labels', 'label_ts', ARRAY['user_stats:spend', 'user_stats:spend'])",
                "features names 'user_stats:spend' twice");
        assertQueryFails(
                "CALL feature_store.system.create_training_set('ml', 'bad', 'iceberg.src.labels', 'label_ts', ARRAY['user_stats:nope'])",
                "Feature view ml.user_stats has no feature 'nope'; its features are \\[spend, visits\\]");
        assertQueryFails(
                "CALL feature_store.system.create_training_set('ml', 'bad', 'iceberg.src.labels', 'churned', ARRAY['churn'])",
                "spine_timestamp_column 'churned' of iceberg.src.labels has type boolean; it must be a timestamp or a timestamp with time zone");
        assertQueryFails(
                "CALL feature_store.system.create_training_set('ml', 'bad', 'iceberg.src.labels', 'missing', ARRAY['churn'])",
                "spine_timestamp_column 'missing' does not exist in iceberg.src.labels; its columns are .*");
        assertQueryFails(
                "CALL feature_store.system.create_training_set('ml', 'user_stats', 'iceberg.src.labels', 'label_ts', ARRAY['churn'])",
                "Feature view ml.user_stats already exists");
        assertQueryFails(
                "CALL feature_store.system.create_training_set('ml', 'bad', 'iceberg.src.nothing', 'label_ts', ARRAY['churn'])",
                "Source table iceberg.src.nothing does not exist");
    }
}
