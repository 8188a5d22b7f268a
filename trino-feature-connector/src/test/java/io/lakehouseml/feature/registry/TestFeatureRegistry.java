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
package io.lakehouseml.feature.registry;

import io.lakehouseml.feature.FeatureStoreQueryRunner;
import io.lakehouseml.testing.TestingLakehouseCatalog;
import io.trino.testing.AbstractTestQueryFramework;
import io.trino.testing.DistributedQueryRunner;
import io.trino.testing.QueryRunner;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The registry through the engine: procedures, feature views as views over Iceberg tables, the
 * registry tables, and errors for every invalid definition.
 */
final class TestFeatureRegistry
        extends AbstractTestQueryFramework
{
    private TestingLakehouseCatalog lakehouseCatalog;

    @Override
    protected QueryRunner createQueryRunner()
            throws Exception
    {
        lakehouseCatalog = closeAfterClass(new TestingLakehouseCatalog());
        return FeatureStoreQueryRunner.builder()
                .setLakehouseCatalog(lakehouseCatalog)
                .build();
    }

    @BeforeAll
    void createSourceTables()
    {
        assertUpdate("CREATE SCHEMA iceberg.features");
        assertUpdate(
                """
                CREATE TABLE iceberg.features.user_stats AS
                SELECT * FROM (VALUES
                    (BIGINT '1', TIMESTAMP '2025-01-01 00:00:00.000000 UTC', TIMESTAMP '2025-01-01 01:00:00.000000 UTC', 10.5e0, BIGINT '3', REAL '1.5'),
                    (BIGINT '1', TIMESTAMP '2025-02-01 00:00:00.000000 UTC', TIMESTAMP '2025-02-01 01:00:00.000000 UTC', 20.5e0, BIGINT '4', REAL '2.5'),
                    (BIGINT '2', TIMESTAMP '2025-01-15 00:00:00.000000 UTC', TIMESTAMP '2025-01-15 01:00:00.000000 UTC', 30.5e0, BIGINT '5', REAL '3.5'))
                AS t (user_id, event_ts, created_ts, avg_spend_30d, txn_count_7d, score)
                """,
                3);
    }

    /**
     * Columns whose names need quoting in SQL (dashes, spaces, colons, quotes, a keyword, a
     * semicolon) through every path: registration, the view and its companions, expectations,
     * feature references quoted as {@code view:"name"}, training sets, their fingerprint and
     * point_in_time_features. Every name reaches SQL quoted, so none can change a statement.
     */
    @Test
    void testNamesThatNeedQuoting()
    {
        assertUpdate("CREATE TABLE iceberg.features.odd_names (\"user-id\" bigint, \"Event Time\" timestamp(6) with time zone, \"score:v2\" double, \"it's \"\"quoted\"\"\" varchar, \"select\" bigint)");
        assertUpdate(
                """
                INSERT INTO iceberg.features.odd_names VALUES
                    (1, TIMESTAMP '2025-01-01 00:00:00 UTC', 1.5, 'a', 10),
                    (1, TIMESTAMP '2025-02-01 00:00:00 UTC', 2.5, 'b', 20),
                    (2, TIMESTAMP '2025-01-01 00:00:00 UTC', 3.5, NULL, 30)
                """,
                3);
        assertUpdate("CREATE TABLE iceberg.features.odd_spine AS SELECT * FROM (VALUES (BIGINT '1', TIMESTAMP '2025-03-01 00:00:00 UTC', true), (BIGINT '2', TIMESTAMP '2025-03-01 00:00:00 UTC', false)) AS t (\"user-id\", \"Label Time\", \"label; DROP\")", 2);
        assertUpdate("CALL feature_store.system.register_feature_view('odd', 'odd_stats', 'iceberg.features.odd_names', ARRAY['USER-ID'], 'Event Time')");
        assertThat(query("SELECT features FROM feature_store.system.feature_views WHERE view_name = 'odd_stats'"))
                .matches("VALUES ARRAY[VARCHAR 'score:v2', VARCHAR 'it''s \"quoted\"', VARCHAR 'select']");
        assertThat(query("SELECT \"user-id\", \"score:v2\", \"it's \"\"quoted\"\"\", \"select\" FROM feature_store.odd.odd_stats"))
                .matches("VALUES (BIGINT '1', 1.5e0, VARCHAR 'a', BIGINT '10'), (1, 2.5e0, 'b', 20), (2, 3.5e0, NULL, 30)");
        assertThat(query("SELECT \"user-id\", \"score:v2\" FROM feature_store.odd.\"odd_stats$latest\""))
                .matches("VALUES (BIGINT '1', 2.5e0), (2, 3.5e0)");
        assertThat(query("SELECT feature, null_rows FROM feature_store.odd.\"odd_stats$statistics\""))
                .matches("VALUES (VARCHAR 'score:v2', BIGINT '0'), ('it''s \"quoted\"', 1), ('select', 0)");
        assertThat(computeScalar("SELECT count(*) FROM feature_store.odd.\"odd_stats$drift\"")).isEqualTo(3L);
        assertThat(computeScalar("SELECT count(*) FROM feature_store.odd.\"odd_stats$history\"")).isEqualTo(2L);

        assertUpdate("CALL feature_store.system.add_expectation(schema_name => 'odd', view_name => 'odd_stats', expectation_name => 'scores', kind => 'range', column_name => 'score:v2', min_value => '0')");
        assertUpdate("CALL feature_store.system.add_expectation(schema_name => 'odd', view_name => 'odd_stats', expectation_name => 'quoted', kind => 'not_null', column_name => 'it''s \"quoted\"')");
        assertThat(query("SELECT expectation_name, column_name, failing_rows FROM feature_store.odd.\"odd_stats$violations\""))
                .matches("VALUES (VARCHAR 'quoted', VARCHAR 'it''s \"quoted\"', BIGINT '1')");

        String features = "ARRAY['odd_stats:\"score:v2\"', 'odd_stats:\"it''s \"\"quoted\"\"\"', 'odd_stats:select']";
        assertUpdate("CALL feature_store.system.register_feature_service('odd', 'odd_service', %s)".formatted(features));
        assertUpdate("CALL feature_store.system.create_training_set('odd', 'odd_set', 'iceberg.features.odd_spine', 'Label Time', ARRAY['odd_service'])");
        String expected = "VALUES (BIGINT '1', true, 2.5e0, VARCHAR 'b', BIGINT '20'), (2, false, 3.5e0, NULL, 30)";
        assertThat(query("SELECT \"user-id\", \"label; drop\", \"score:v2\", \"it's \"\"quoted\"\"\", \"select\" FROM feature_store.odd.odd_set")).matches(expected);
        assertThat(query("SELECT features FROM feature_store.system.training_sets WHERE name = 'odd_set'"))
                .matches("VALUES ARRAY[VARCHAR 'odd_stats:\"score:v2\"', VARCHAR 'odd_stats:\"it''s \"\"quoted\"\"\"', VARCHAR 'odd_stats:select']");
        assertThat(computeScalar("SELECT row_count FROM feature_store.odd.\"odd_set$fingerprint\"")).isEqualTo(2L);
        assertThat(query(
                """
                SELECT "user-id", "label; drop", "score:v2", "it's ""quoted""\", "select"
                FROM TABLE(feature_store.system.point_in_time_features(schema_name => 'odd', spine_table => 'iceberg.features.odd_spine',
                    spine_timestamp_column => 'Label Time', features => %s))
                """.formatted(features)))
                .matches(expected);

        // a quote that is not closed, or a colon outside quotes, is no feature name
        assertQueryFails("CALL feature_store.system.register_feature_service('odd', 'broken', ARRAY['odd_stats:\"score:v2'])", "A feature is named 'view:feature', 'view:\"feature\"' or 'view:\\*', with 'view@v2' for a version of the view, not 'odd_stats:\"score:v2'");
        assertQueryFails("CALL feature_store.system.register_feature_service('odd', 'broken', ARRAY['odd_stats:score:v2'])", "A feature is named 'view:feature', 'view:\"feature\"' or 'view:\\*', with 'view@v2' for a version of the view, not 'odd_stats:score:v2'");
    }

    @Test
    void testFeatureViewLifecycle()
    {
        assertUpdate(
                """
                CALL feature_store.system.register_feature_view(
                    schema_name => 'ecommerce', view_name => 'user_stats', source_table => 'iceberg.features.user_stats',
                    entity_columns => ARRAY['user_id'], timestamp_column => 'event_ts', created_timestamp_column => 'created_ts',
                    ttl => '30d', features => ARRAY['avg_spend_30d', 'txn_count_7d'])
                """);
        assertThat(query("SHOW SCHEMAS FROM feature_store")).skippingTypesCheck().containsAll("VALUES 'ecommerce', 'system'");
        assertThat(query("SHOW TABLES FROM feature_store.ecommerce")).skippingTypesCheck().matches("VALUES 'user_stats'");
        assertQuery("SELECT user_id, avg_spend_30d, txn_count_7d FROM feature_store.ecommerce.user_stats", "VALUES (1, 10.5, 3), (1, 20.5, 4), (2, 30.5, 5)");
        assertThat(query("DESCRIBE feature_store.ecommerce.user_stats"))
                .skippingTypesCheck()
                .matches(
                        """
                        VALUES
                            ('user_id', 'bigint', '', 'entity key'),
                            ('event_ts', 'timestamp(6) with time zone', '', 'event timestamp'),
                            ('created_ts', 'timestamp(6) with time zone', '', 'created timestamp'),
                            ('avg_spend_30d', 'double', '', 'feature'),
                            ('txn_count_7d', 'bigint', '', 'feature')
                        """);
        assertThat(query(
                """
                SELECT schema_name, view_name, entity_columns, timestamp_column, created_timestamp_column, ttl, features, source_table, owner
                FROM feature_store.system.feature_views
                """))
                .matches(
                        """
                        VALUES (VARCHAR 'ecommerce', VARCHAR 'user_stats', ARRAY[VARCHAR 'user_id'], VARCHAR 'event_ts', VARCHAR 'created_ts', VARCHAR '30d',
                            ARRAY[VARCHAR 'avg_spend_30d', VARCHAR 'txn_count_7d'], VARCHAR 'iceberg.features.user_stats', VARCHAR 'user')
                        """);

        // defaults: no created timestamp, no TTL, every other column a feature
        assertUpdate(
                """
                CALL feature_store.system.register_feature_view(
                    schema_name => 'ecommerce', view_name => 'user_all', source_table => 'iceberg.features.user_stats',
                    entity_columns => ARRAY['user_id'], timestamp_column => 'event_ts')
                """);
        assertThat(query("SELECT created_timestamp_column, ttl, features FROM feature_store.system.feature_views WHERE view_name = 'user_all'"))
                .matches("VALUES (CAST(NULL AS varchar), CAST(NULL AS varchar), ARRAY[VARCHAR 'created_ts', VARCHAR 'avg_spend_30d', VARCHAR 'txn_count_7d', VARCHAR 'score'])");

        assertQueryFails(
                """
                CALL feature_store.system.register_feature_view(
                    schema_name => 'ecommerce', view_name => 'user_all', source_table => 'iceberg.features.user_stats',
                    entity_columns => ARRAY['user_id'], timestamp_column => 'event_ts')
                """,
                "Feature view ecommerce.user_all already exists");

        assertUpdate("CALL feature_store.system.drop_feature_view('ecommerce', 'user_all')");
        assertThat(query("SHOW TABLES FROM feature_store.ecommerce")).skippingTypesCheck().matches("VALUES 'user_stats'");
        assertQueryFails("CALL feature_store.system.drop_feature_view('ecommerce', 'user_all')", "Feature view ecommerce.user_all does not exist");
        assertUpdate("CALL feature_store.system.drop_feature_view('ecommerce', 'user_stats')");
    }

    @Test
    void testRegistryIsSharedThroughTheIcebergCatalog()
            throws Exception
    {
        assertUpdate(
                """
                CALL feature_store.system.register_feature_view(
                    schema_name => 'shared', view_name => 'user_stats', source_table => 'iceberg.features.user_stats',
                    entity_columns => ARRAY['user_id'], timestamp_column => 'event_ts')
                """);
        // another cluster on the same Iceberg catalog: a restart, or a second coordinator
        try (DistributedQueryRunner other = FeatureStoreQueryRunner.builder().setLakehouseCatalog(lakehouseCatalog).setWorkerCount(0).build()) {
            assertThat(other.execute("SELECT count(*) FROM feature_store.shared.user_stats").getOnlyValue()).isEqualTo(3L);
            other.execute("CALL feature_store.system.drop_feature_view('shared', 'user_stats')");
        }
        assertThat(query("SHOW TABLES FROM feature_store.shared")).returnsEmptyResult();
    }

    @Test
    void testInvalidFeatureViews()
    {
        String call =
                """
                CALL feature_store.system.register_feature_view(
                    schema_name => '%s', view_name => '%s', source_table => '%s',
                    entity_columns => %s, timestamp_column => '%s', created_timestamp_column => %s, ttl => %s, features => %s)
                """;
        assertQueryFails(call.formatted("bad", "v", "iceberg.features.missing", "ARRAY['user_id']", "event_ts", "NULL", "NULL", "NULL"),
                "Source table iceberg.features.missing does not exist");
        assertQueryFails(call.formatted("bad", "v", "other.features.user_stats", "ARRAY['user_id']", "event_ts", "NULL", "NULL", "NULL"),
                "source_table must be a table of catalog 'iceberg', the Iceberg catalog this feature store uses, not of 'other'");
        assertQueryFails(call.formatted("bad", "v", "user_stats", "ARRAY['user_id']", "event_ts", "NULL", "NULL", "NULL"),
                "source_table must be catalog.schema.table, not 'user_stats'");
        assertQueryFails(call.formatted("bad", "v", "iceberg.features.user_stats", "ARRAY['customer_id']", "event_ts", "NULL", "NULL", "NULL"),
                "entity column 'customer_id' does not exist in iceberg.features.user_stats; its columns are user_id, event_ts, created_ts, avg_spend_30d, txn_count_7d, score");
        assertQueryFails(call.formatted("bad", "v", "iceberg.features.user_stats", "ARRAY['score']", "event_ts", "NULL", "NULL", "NULL"),
                "entity column 'score' of iceberg.features.user_stats has type real, which cannot key an entity \\(use integers, strings, dates, decimals or UUIDs\\)");
        assertQueryFails(call.formatted("bad", "v", "iceberg.features.user_stats", "ARRAY['user_id']", "avg_spend_30d", "NULL", "NULL", "NULL"),
                "timestamp_column 'avg_spend_30d' of iceberg.features.user_stats has type double; it must be a timestamp or a timestamp with time zone");
        assertQueryFails(call.formatted("bad", "v", "iceberg.features.user_stats", "ARRAY['user_id']", "event_ts", "'event_ts'", "NULL", "NULL"),
                "created_timestamp_column 'event_ts' must differ from the timestamp and entity columns");
        assertQueryFails(call.formatted("bad", "v", "iceberg.features.user_stats", "ARRAY['user_id']", "event_ts", "NULL", "'30 days'", "NULL"),
                "ttl must be a duration such as '30d', '12h' or '90m', not '30 days'");
        assertQueryFails(call.formatted("bad", "v", "iceberg.features.user_stats", "ARRAY['user_id']", "event_ts", "NULL", "NULL", "ARRAY['user_id']"),
                "feature 'user_id' is an entity or timestamp column");
        assertQueryFails(call.formatted("bad", "v", "iceberg.features.user_stats", "ARRAY['user_id']", "event_ts", "NULL", "NULL", "ARRAY['avg_spend_30d', 'avg_spend_30d']"),
                "features names 'avg_spend_30d' twice");
        assertQueryFails(call.formatted("system", "v", "iceberg.features.user_stats", "ARRAY['user_id']", "event_ts", "NULL", "NULL", "NULL"),
                "schema_name 'system' is reserved");
        assertQueryFails(call.formatted("bad", "my-view", "iceberg.features.user_stats", "ARRAY['user_id']", "event_ts", "NULL", "NULL", "NULL"),
                "view_name must be a simple identifier \\(letters, digits, underscores\\), not 'my-view'");
        assertQueryFails(call.formatted("bad", "v", "iceberg.features.user_stats", "ARRAY[]", "event_ts", "NULL", "NULL", "NULL"),
                "entity_columns must name at least one column");
        assertThat(query("SELECT count(*) FROM feature_store.system.feature_views WHERE schema_name = 'bad'")).matches("VALUES BIGINT '0'");
    }

    @Test
    void testEntitiesAndFeatureServices()
    {
        assertUpdate(
                """
                CALL feature_store.system.register_feature_view(
                    schema_name => 'services', view_name => 'user_stats', source_table => 'iceberg.features.user_stats',
                    entity_columns => ARRAY['user_id'], timestamp_column => 'event_ts', features => ARRAY['avg_spend_30d', 'txn_count_7d'])
                """);
        assertUpdate("CALL feature_store.system.register_entity(schema_name => 'services', name => 'user', join_keys => ARRAY['user_id'], description => 'A customer')");
        assertUpdate("CALL feature_store.system.register_feature_service(schema_name => 'services', name => 'churn_v1', features => ARRAY['user_stats:avg_spend_30d', 'user_stats:*'])");
        assertThat(query("SELECT name, join_keys, description FROM feature_store.system.entities WHERE schema_name = 'services'"))
                .matches("VALUES (VARCHAR 'user', ARRAY[VARCHAR 'user_id'], VARCHAR 'A customer')");
        assertThat(query("SELECT name, features FROM feature_store.system.feature_services WHERE schema_name = 'services'"))
                .matches("VALUES (VARCHAR 'churn_v1', ARRAY[VARCHAR 'user_stats:avg_spend_30d', VARCHAR 'user_stats:*'])");

        assertQueryFails("CALL feature_store.system.register_entity('services', 'user', ARRAY['user_id'])", "Entity services.user already exists");
        assertQueryFails(
                "CALL feature_store.system.register_feature_service('services', 'v2', ARRAY['user_stats:score'])",
                "Feature view services.user_stats has no feature 'score'; its features are \\[avg_spend_30d, txn_count_7d\\]");
        assertQueryFails("CALL feature_store.system.register_feature_service('services', 'v2', ARRAY['missing:*'])", "Feature view services.missing does not exist");
        assertQueryFails(
                "CALL feature_store.system.register_feature_service('services', 'v2', ARRAY['avg_spend_30d'])",
                "A feature is named 'view:feature', 'view:\"feature\"' or 'view:\\*', with 'view@v2' for a version of the view, not 'avg_spend_30d'");

        assertUpdate("CALL feature_store.system.drop_feature_service('services', 'churn_v1')");
        assertUpdate("CALL feature_store.system.drop_entity('services', 'user')");
        assertQueryFails("CALL feature_store.system.drop_entity('services', 'user')", "Entity services.user does not exist");
        assertThat(query("SELECT count(*) FROM feature_store.system.entities WHERE schema_name = 'services'")).matches("VALUES BIGINT '0'");
        assertUpdate("CALL feature_store.system.drop_feature_view('services', 'user_stats')");
    }

    /**
     * The latest values: per entity, the row a point-in-time join now would pick.
     */
    @Test
    void testLatestValues()
    {
        assertUpdate(
                """
                CREATE TABLE iceberg.features.recent AS
                SELECT user_id, current_timestamp - event_days * INTERVAL '1' DAY AS event_ts, current_timestamp - created_days * INTERVAL '1' DAY AS created_ts, spend
                FROM (VALUES
                    -- user 1: the row of 5 days ago; the one of yesterday is written only tomorrow
                    (BIGINT '1', 20, 20, 1e0), (1, 5, 5, 2e0), (1, 1, -1, 3e0),
                    -- user 2: older than the TTL
                    (2, 15, 15, 4e0),
                    -- user 3: the latest row holds NULL, and it stays NULL
                    (3, 2, 2, NULL), (3, 3, 3, 6e0),
                    -- user 4: an event in the future is not visible yet
                    (4, -1, -1, 7e0), (4, 4, 4, 8e0),
                    (NULL, 1, 1, 9e0))
                AS t (user_id, event_days, created_days, spend)
                """,
                9);
        assertUpdate(
                """
                CALL feature_store.system.register_feature_view(schema_name => 'latest', view_name => 'recent', source_table => 'iceberg.features.recent',
                    entity_columns => ARRAY['user_id'], timestamp_column => 'event_ts', created_timestamp_column => 'created_ts', ttl => '10d')
                """);
        assertQuery("SELECT user_id, spend FROM feature_store.latest.\"recent$latest\"", "VALUES (1, 2e0), (3, NULL), (4, 8e0)");
        assertQuery("SELECT user_id, spend FROM feature_store.latest.\"recent$latest\" WHERE user_id = 4", "VALUES (4, 8e0)");
        assertThat(query("SHOW TABLES FROM feature_store.latest")).skippingTypesCheck().matches("VALUES 'recent'");
        assertQueryFails("SELECT * FROM feature_store.latest.\"missing$latest\"", ".*Table 'feature_store.latest.\"missing\\$latest\"' does not exist");
        assertUpdate("CALL feature_store.system.drop_feature_view('latest', 'recent')");
    }

    /**
     * Freshness from Iceberg metadata, the source table's history, and statistics of every feature.
     */
    @Test
    void testHealth()
    {
        assertUpdate(
                """
                CREATE TABLE iceberg.features.health AS
                SELECT * FROM (VALUES
                    (BIGINT '1', TIMESTAMP '2025-01-01 00:00:00.000000 UTC', 10.5e0, VARCHAR 'a'),
                    (2, TIMESTAMP '2025-03-01 00:00:00.000000 UTC', NULL, 'b'),
                    (3, TIMESTAMP '2025-02-01 00:00:00.000000 UTC', 30.5e0, 'b'))
                AS t (user_id, event_ts, spend, tier)
                """,
                3);
        assertUpdate("INSERT INTO iceberg.features.health VALUES (4, TIMESTAMP '2025-02-15 00:00:00.000000 UTC', 20e0, NULL)", 1);
        assertUpdate(
                """
                CALL feature_store.system.register_feature_view(schema_name => 'health', view_name => 'health', source_table => 'iceberg.features.health',
                    entity_columns => ARRAY['user_id'], timestamp_column => 'event_ts', freshness_target => '1d')
                """);
        assertUpdate(
                """
                CALL feature_store.system.register_feature_view(schema_name => 'health', view_name => 'health_yearly', source_table => 'iceberg.features.health',
                    entity_columns => ARRAY['user_id'], timestamp_column => 'event_ts', features => ARRAY['spend'], freshness_target => '36500d')
                """);
        assertThat(query(
                """
                SELECT view_name, snapshots, total_rows, newest_event_ts, freshness_target, is_fresh, lag_seconds > 0
                FROM feature_store.system.feature_freshness WHERE schema_name = 'health'
                """))
                .matches(
                        """
                        VALUES
                            (VARCHAR 'health', BIGINT '2', BIGINT '4', TIMESTAMP '2025-03-01 00:00:00.000 UTC', VARCHAR '1d', false, true),
                            (VARCHAR 'health_yearly', BIGINT '2', BIGINT '4', TIMESTAMP '2025-03-01 00:00:00.000 UTC', VARCHAR '36500d', true, true)
                        """);
        assertThat(query("SELECT freshness_target FROM feature_store.system.feature_views WHERE view_name = 'health'")).matches("VALUES VARCHAR '1d'");
        assertThat(query("SELECT operation, total_rows, added_rows FROM feature_store.health.\"health$history\" ORDER BY committed_at"))
                .matches("VALUES (VARCHAR 'append', BIGINT '3', BIGINT '3'), (VARCHAR 'append', BIGINT '4', BIGINT '1')");
        assertThat(query("SELECT feature, total_rows, null_rows, null_rate, min, max, mean, distinct_estimate FROM feature_store.health.\"health$statistics\""))
                .matches(
                        """
                        VALUES
                            (VARCHAR 'spend', BIGINT '4', BIGINT '1', 0.25e0, VARCHAR '1.05E1', VARCHAR '3.05E1', 20.333333333333332e0, BIGINT '3'),
                            (VARCHAR 'tier', BIGINT '4', BIGINT '1', 0.25e0, VARCHAR 'a', VARCHAR 'b', CAST(NULL AS double), BIGINT '2')
                        """);
        // what the last commit (one row, with a NULL tier) changed
        assertThat(query("SELECT feature, total_rows_before, total_rows_after, null_rate_before, null_rate_after, mean_before, mean_after FROM feature_store.health.\"health$drift\""))
                .matches(
                        """
                        VALUES
                            (VARCHAR 'spend', BIGINT '3', BIGINT '4', 1e0 / 3, 0.25e0, 20.5e0, 20.333333333333332e0),
                            (VARCHAR 'tier', BIGINT '3', BIGINT '4', 0e0, 0.25e0, CAST(NULL AS double), CAST(NULL AS double))
                        """);
        assertQueryFails(
                """
                CALL feature_store.system.register_feature_view(schema_name => 'health', view_name => 'bad', source_table => 'iceberg.features.health',
                    entity_columns => ARRAY['user_id'], timestamp_column => 'event_ts', freshness_target => 'soon')
                """,
                "freshness_target must be a duration such as '30d', '12h' or '90m', not 'soon'");
        assertUpdate("CALL feature_store.system.drop_feature_view('health', 'health')");
        assertUpdate("CALL feature_store.system.drop_feature_view('health', 'health_yearly')");
    }
}
