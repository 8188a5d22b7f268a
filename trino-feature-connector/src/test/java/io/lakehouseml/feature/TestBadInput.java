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
package io.lakehouseml.feature;

import io.trino.client.ErrorInfo;
import io.trino.client.FailureException;
import io.trino.spi.ErrorCode;
import io.trino.spi.ErrorType;
import io.trino.spi.TrinoException;
import io.trino.testing.AbstractTestQueryFramework;
import io.trino.testing.QueryRunner;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.trino.spi.ErrorType.USER_ERROR;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.SoftAssertions.assertSoftly;

/**
 * Bad input to every procedure, table function and metadata table of the feature store: each call
 * fails with a user error whose message names the problem (never an internal or a catalog error
 * for the user's own mistake), leaves nothing behind, and the server keeps answering. A new
 * procedure, table function or metadata table adds its cases here.
 */
final class TestBadInput
        extends AbstractTestQueryFramework
{
    private static final String LONG_NAME = "n".repeat(101);
    // 5,000 feature references, 'user_stats:f1' to 'user_stats:f5000'
    private static final String HUGE_ARRAY = "split('user_stats:f' || array_join(sequence(1, 5000), ',user_stats:f'), ',')";
    private static final String FEATURE_TABLE_KEYS = "[table, version, entity_columns, timestamp_column, created_timestamp_column, ttl, features]";

    @Override
    protected QueryRunner createQueryRunner()
            throws Exception
    {
        return FeatureStoreQueryRunner.builder().build();
    }

    @BeforeAll
    void createSources()
    {
        assertUpdate("CREATE SCHEMA iceberg.bad");
        assertUpdate("CREATE TABLE iceberg.bad.users AS SELECT user_id, TIMESTAMP '2025-01-01 00:00:00 UTC' + user_id * INTERVAL '1' HOUR AS event_ts, user_id * 1.5e0 AS spend, ARRAY[1e0] AS embedding FROM UNNEST(sequence(BIGINT '1', 10)) AS t (user_id)", 10);
        assertUpdate("CREATE TABLE iceberg.bad.labels AS SELECT user_id, TIMESTAMP '2025-03-01 00:00:00 UTC' AS label_ts, true AS churned FROM UNNEST(sequence(BIGINT '1', 10)) AS t (user_id)", 10);
        assertUpdate("CALL feature_store.system.register_feature_view('good', 'user_stats', 'iceberg.bad.users', ARRAY['user_id'], 'event_ts', NULL, NULL, ARRAY['spend'])");
        assertUpdate("CALL feature_store.system.create_training_set('good', 'churn', 'iceberg.bad.labels', 'label_ts', ARRAY['user_stats:spend'])");
    }

    @Test
    void testProcedures()
    {
        assertUserErrors(List.of(
                // names
                new Case("CALL feature_store.system.register_entity(NULL, 'user', ARRAY['user_id'])", "schema_name is required"),
                new Case("CALL feature_store.system.register_entity('', 'user', ARRAY['user_id'])", "schema_name is required"),
                new Case("CALL feature_store.system.register_entity('system', 'user', ARRAY['user_id'])", "schema_name 'system' is reserved"),
                new Case("CALL feature_store.system.register_entity('good', 'a b', ARRAY['user_id'])", "name must be a simple identifier (letters, digits, underscores), not 'a b'"),
                new Case("CALL feature_store.system.register_entity('good', 'kunde_ö', ARRAY['user_id'])", "name must be a simple identifier (letters, digits, underscores), not 'kunde_ö'"),
                new Case("CALL feature_store.system.register_entity('good', '\"user\"', ARRAY['user_id'])", "name must be a simple identifier (letters, digits, underscores), not '\"user\"'"),
                new Case("CALL feature_store.system.register_entity('good', '%s', ARRAY['user_id'])".formatted(LONG_NAME), "name is longer than 100 characters: '%s'".formatted(LONG_NAME)),
                new Case("CALL feature_store.system.register_entity('%s', 'user', ARRAY['user_id'])".formatted(LONG_NAME), "schema_name is longer than 100 characters: '%s'".formatted(LONG_NAME)),
                new Case("CALL feature_store.system.register_entity('good', 'user', NULL)", "join_keys must name at least one column"),
                new Case("CALL feature_store.system.register_entity('good', 'user', ARRAY[])", "join_keys must name at least one column"),
                new Case("CALL feature_store.system.register_entity('good', 'user', ARRAY[NULL])", "join_keys contains a NULL or empty name"),
                new Case("CALL feature_store.system.register_entity('good', 'user', ARRAY['user_id', 'USER_ID'])", "join_keys names 'user_id' twice"),
                new Case("CALL feature_store.system.drop_entity('good', 'nobody')", "Entity good.nobody does not exist"),
                new Case("CALL feature_store.system.drop_entity('nowhere', 'nobody')", "Entity nowhere.nobody does not exist"),

                // feature views
                new Case(registerView("'iceberg.bad.missing'", "ARRAY['user_id']", "'event_ts'", ""), "Source table iceberg.bad.missing does not exist"),
                new Case(registerView("'bad.users'", "ARRAY['user_id']", "'event_ts'", ""), "source_table must be catalog.schema.table, not 'bad.users'"),
                new Case(registerView("'other.bad.users'", "ARRAY['user_id']", "'event_ts'", ""), "source_table must be a table of catalog 'iceberg', the Iceberg catalog this feature store uses, not of 'other'"),
                new Case(registerView("'iceberg.bad.users'", "ARRAY['nope']", "'event_ts'", ""), "entity column 'nope' does not exist in iceberg.bad.users; its columns are user_id, event_ts, spend, embedding"),
                new Case(registerView("'iceberg.bad.users'", "ARRAY['spend']", "'event_ts'", ""), "entity column 'spend' of iceberg.bad.users has type double, which cannot key an entity (use integers, strings, dates, decimals or UUIDs)"),
                new Case(registerView("'iceberg.bad.users'", "ARRAY['user_id']", "'spend'", ""), "timestamp_column 'spend' of iceberg.bad.users has type double; it must be a timestamp or a timestamp with time zone"),
                new Case(registerView("'iceberg.bad.users'", "ARRAY['user_id']", "NULL", ""), "timestamp_column is required"),
                new Case(registerView("'iceberg.bad.users'", "ARRAY['user_id']", "'event_ts'", ", ttl => '-1d'"), "ttl must be a duration such as '30d', '12h' or '90m', not '-1d'"),
                new Case(registerView("'iceberg.bad.users'", "ARRAY['user_id']", "'event_ts'", ", ttl => '0d'"), "ttl must be positive, not '0d'"),
                new Case(registerView("'iceberg.bad.users'", "ARRAY['user_id']", "'event_ts'", ", freshness_target => 'soon'"), "freshness_target must be a duration such as '30d', '12h' or '90m', not 'soon'"),
                new Case(registerView("'iceberg.bad.users'", "ARRAY['user_id']", "'event_ts'", ", features => ARRAY['user_id']"), "feature 'user_id' is an entity or timestamp column"),
                new Case(registerView("'iceberg.bad.users'", "ARRAY['user_id']", "'event_ts'", ", features => ARRAY['nope']"), "feature 'nope' does not exist in iceberg.bad.users; its columns are user_id, event_ts, spend, embedding"),
                new Case("CALL feature_store.system.register_feature_view('good', 'user_stats', 'iceberg.bad.users', ARRAY['user_id'], 'event_ts')", "Feature view good.user_stats already exists"),
                new Case("CALL feature_store.system.register_feature_view('good', 'churn', 'iceberg.bad.users', ARRAY['user_id'], 'event_ts')", "Training set good.churn already exists"),
                new Case("CALL feature_store.system.drop_feature_view('good', 'nope')", "Feature view good.nope does not exist"),

                // feature services and training sets
                new Case("CALL feature_store.system.register_feature_service('good', 'model', ARRAY[])", "features must name at least one feature: ARRAY['view:feature', ...]"),
                new Case("CALL feature_store.system.register_feature_service('good', 'model', ARRAY['spend'])", "A feature is named 'view:feature', 'view:\"feature\"' or 'view:*', with 'view@v2' for a version of the view, not 'spend'"),
                new Case("CALL feature_store.system.register_feature_service('good', 'model', ARRAY['nope:spend'])", "Feature view good.nope does not exist"),
                new Case("CALL feature_store.system.register_feature_service('good', 'model', %s)".formatted(HUGE_ARRAY), "Feature view good.user_stats has no feature 'f1'; its features are [spend]"),
                new Case(createTrainingSet("'iceberg.bad.labels'", "'label_ts'", "ARRAY[NULL]"), "features contains a NULL or empty name"),
                new Case(createTrainingSet("'iceberg.bad.labels'", "'churned'", "ARRAY['user_stats:spend']"), "spine_timestamp_column 'churned' of iceberg.bad.labels has type boolean; it must be a timestamp or a timestamp with time zone"),
                new Case(createTrainingSet("'iceberg.bad.labels'", "'label_ts'", "ARRAY['user_stats:spend', 'user_stats:*']"), "Feature user_stats:spend is named twice"),
                new Case("CALL feature_store.system.drop_training_set('good', 'nope')", "Training set good.nope does not exist"),
                new Case("CALL feature_store.system.register_materialization('good', 'nope', 'iceberg.bad.users')", "Training set good.nope does not exist"),
                new Case(
                        "CALL feature_store.system.register_materialization('good', 'churn', 'iceberg.bad.users')",
                        "iceberg.bad.users does not have the columns of training set good.churn: it has [user_id bigint, event_ts timestamp(6) with time zone, spend double, embedding array(double)], the training set has [user_id bigint, label_ts timestamp(6) with time zone, churned boolean, spend double]"),

                // expectations
                new Case(addExpectation("'unknown'", "'spend'", ""), "kind must be one of [not_null, range, allowed_values, max_null_rate, freshness], not 'unknown'"),
                new Case(addExpectation("'max_null_rate'", "'spend'", ", max_null_rate => 2e0"), "max_null_rate must be a fraction from 0 to 1, not 2.0"),
                new Case(addExpectation("'max_null_rate'", "'spend'", ", max_null_rate => nan()"), "max_null_rate must be a fraction from 0 to 1, not NaN"),
                new Case(addExpectation("'range'", "'spend'", ", min_value => '5', max_value => '1'"), "min_value 5 is larger than max_value 1"),
                new Case(addExpectation("'range'", "'spend'", ", min_value => 'abc'"), "min_value: 'abc' is not a value of type double"),
                new Case(addExpectation("'range'", "'spend'", ", allowed_values => ARRAY['1']"), "allowed_values applies to kind 'allowed_values' only, not to 'range'"),
                new Case(addExpectation("'not_null'", "'nope'", ""), "column_name 'nope' is not a column of feature view good.user_stats; its columns are [user_id, event_ts, spend]"),
                new Case(addExpectation("'freshness'", "'spend'", ", max_lag => '1d'"), "Freshness needs a timestamp column; column 'spend' has type double"),
                new Case("CALL feature_store.system.drop_expectation('good', 'user_stats', 'nope')", "Expectation good.user_stats.nope does not exist"),

                // write-audit-publish
                new Case("CALL feature_store.system.begin_write('good', 'user_stats', 'main')", "branch_name cannot be 'main': new rows are written to another branch and published to main"),
                new Case("CALL feature_store.system.begin_write('good', 'user_stats', 'a/b')", "branch_name must be a simple identifier (letters, digits, underscores), not 'a/b'"),
                new Case("CALL feature_store.system.begin_write('good', 'nope', 'audit')", "Feature view good.nope does not exist"),
                new Case("CALL feature_store.system.commit_write('good', 'user_stats', 'audit')", "iceberg.bad.users has no branch 'audit'; begin_write creates it"),
                new Case("CALL feature_store.system.publish_write('good', 'user_stats', 'audit', -1)", "iceberg.bad.users has no branch 'audit'; begin_write creates it"),
                new Case("CALL feature_store.system.begin_write(table_name => 'iceberg.bad.nope', branch_name => 'audit')", "Source table iceberg.bad.nope does not exist"),
                new Case("CALL feature_store.system.begin_write(table_name => 'bad.users', branch_name => 'audit')", "table_name must be catalog.schema.table, not 'bad.users'"),
                new Case("CALL feature_store.system.commit_write(schema_name => 'good', table_name => 'iceberg.bad.users', branch_name => 'audit')", "table_name names a table, so schema_name and view_name must be left out (they name a feature view)"),
                new Case("CALL feature_store.system.discard_write(table_name => 'iceberg.bad.users', branch_name => 'audit')", "There is no write to branch audit of iceberg.bad.users"),
                new Case("CALL feature_store.system.publish_write(branch_name => 'audit')", "Name a feature view with schema_name and view_name, or a table with table_name"),
                new Case("CALL feature_store.system.add_expectation(table_name => 'iceberg.bad.users', expectation_name => 'e', kind => 'not_null', column_name => '')", "column_name is required"),
                new Case("CALL feature_store.system.add_expectation(table_name => 'iceberg.bad.users', kind => 'not_null', column_name => 'user_id')", "expectation_name is required"),
                new Case("CALL feature_store.system.drop_expectation(table_name => 'iceberg.bad.users', expectation_name => 'nope')", "Expectation nope of table iceberg.bad.users does not exist"),
                new Case("SELECT * FROM feature_store.system.\"bad.nope$violations\"", "Source table iceberg.bad.nope does not exist"),
                new Case("SELECT * FROM feature_store.system.\"bad.users$violations@nope\"", "iceberg.bad.users has no snapshot, branch or tag 'nope'; its branches and tags are [main]"),
                new Case("CALL feature_store.system.discard_write('good', 'user_stats', 'audit')", "There is no write to branch audit of iceberg.bad.users"),

                // versions of feature views
                new Case(createTrainingSet("'iceberg.bad.labels'", "'label_ts'", "ARRAY['user_stats@v5:spend']"), "Feature view good.user_stats has no version 5; its versions are [1]"),
                new Case(createTrainingSet("'iceberg.bad.labels'", "'label_ts'", "ARRAY['user_stats@v0:spend']"), "Feature view versions start at 1: 'user_stats@v0:spend'"),
                new Case(createTrainingSet("'iceberg.bad.labels'", "'label_ts'", "ARRAY['user_stats@v99999999999:spend']"), "A feature is named 'view:feature', 'view:\"feature\"' or 'view:*', with 'view@v2' for a version of the view, not 'user_stats@v99999999999:spend'"),
                new Case(
                        "CALL feature_store.system.register_feature_view('good', 'user_stats', 'iceberg.bad.users', ARRAY['user_id'], 'event_ts', NULL, NULL, ARRAY['nope'], NULL, true)",
                        "feature 'nope' does not exist in iceberg.bad.users; its columns are user_id, event_ts, spend, embedding"),

                // models
                new Case("CALL feature_store.system.register_model('good', 'churn', NULL, NULL)", "artifact_uri is required"),
                new Case("CALL feature_store.system.register_model('good', '', NULL, 'file:///tmp/m')", "model_name is required"),
                new Case("CALL feature_store.system.register_model('good', '" + LONG_NAME + "', NULL, 'file:///tmp/m')", "model_name is longer than 100 characters: '" + LONG_NAME + "'"),
                new Case("CALL feature_store.system.register_model('good', 'churn', 'nope', 'file:///tmp/m')", "Training set good.nope does not exist"),
                new Case("CALL feature_store.system.register_model('good', 'churn', NULL, 'models/m.onnx')", "artifact_uri must name its file system, such as s3://bucket/models/churn/1/ or file:///data/models/churn/1/model.onnx, not 'models/m.onnx'"),
                new Case("CALL feature_store.system.register_model('good', 'churn', NULL, 'file:///etc/passwd')", "Model artifact file:///etc/passwd is not under a location this catalog reads artefacts from (feature-store.model-artifact-roots: none)"),
                new Case("CALL feature_store.system.register_model('good', 'churn', NULL, 'file:///tmp/m', MAP(ARRAY['auc'], ARRAY[infinity()]))", "metrics: metric 'auc' must be a finite number, not Infinity"),
                new Case("CALL feature_store.system.set_model_alias('good', 'churn', 'champion', 0)", "version must be a version of the model (1, 2, ...), not 0"),
                new Case("CALL feature_store.system.set_model_alias('good', 'churn', 'champion', NULL)", "version is required"),
                new Case("CALL feature_store.system.set_model_alias('good', 'churn', 'champion', 1)", "Model good.churn has no version 1"),
                new Case("CALL feature_store.system.set_model_alias('good', 'churn', 'a b', 1)", "alias must be a simple identifier (letters, digits, underscores), not 'a b'"),
                new Case("CALL feature_store.system.drop_model_alias('good', 'churn', 'champion')", "Model alias good.churn.champion does not exist")));

        // nothing was left behind
        assertThat(computeScalar("SELECT count(*) FROM feature_store.system.entities")).isEqualTo(0L);
        assertThat(computeScalar("SELECT count(*) FROM feature_store.system.feature_services")).isEqualTo(0L);
        assertThat(computeScalar("SELECT count(*) FROM feature_store.system.expectations")).isEqualTo(0L);
        assertThat(computeScalar("SELECT count(*) FROM feature_store.system.training_set_materializations")).isEqualTo(0L);
        assertThat(computeScalar("SELECT count(*) FROM feature_store.system.model_versions")).isEqualTo(0L);
        assertThat(query("SELECT view_name, version FROM feature_store.system.feature_view_versions")).skippingTypesCheck().matches("VALUES ('user_stats', 1)");
        assertThat(query("SELECT view_name FROM feature_store.system.feature_views")).matches("VALUES VARCHAR 'user_stats'");
        assertThat(query("SELECT name FROM feature_store.system.training_sets")).matches("VALUES VARCHAR 'churn'");
        assertThat(computeScalar("SELECT count(*) FROM iceberg.bad.\"users$refs\"")).isEqualTo(1L);
        assertThat(query("SHOW SCHEMAS FROM feature_store")).skippingTypesCheck().matches("VALUES 'good', 'information_schema', 'system'");
    }

    @Test
    void testTableFunctions()
    {
        assertUserErrors(List.of(
                new Case(features("NULL", "'iceberg.bad.labels'", "'label_ts'", "ARRAY['user_stats:spend']"), "schema_name must not be NULL"),
                new Case(features("'good'", "'labels'", "'label_ts'", "ARRAY['user_stats:spend']"), "spine_table must be catalog.schema.table, not 'labels'"),
                new Case(features("'good'", "'iceberg.bad.labels'", "'label_ts'", "NULL"), "features must name at least one feature: ARRAY['view:feature', ...]"),
                new Case(features("'good'", "'iceberg.bad.labels'", "'label_ts'", "ARRAY[]"), "features must name at least one feature: ARRAY['view:feature', ...]"),
                new Case(features("'good'", "'iceberg.bad.labels'", "'label_ts'", "ARRAY[NULL]"), "features contains a NULL or empty name"),
                new Case(features("'good'", "'iceberg.bad.labels'", "'label_ts'", HUGE_ARRAY), "Feature view good.user_stats has no feature 'f1'; its features are [spend]"),
                new Case(features("'good'", "'iceberg.bad.labels'", "'churned'", "ARRAY['user_stats:spend']"), "spine_timestamp_column 'churned' of iceberg.bad.labels must be a timestamp or a timestamp with time zone"),
                new Case(features("'good'", "'iceberg.bad.missing'", "'label_ts'", "ARRAY['user_stats:spend']"), "Source table iceberg.bad.missing does not exist"),
                new Case(features("'nowhere'", "'iceberg.bad.labels'", "'label_ts'", "ARRAY['user_stats:spend']"), "Feature view nowhere.user_stats does not exist"),
                new Case(spendWith(", spine_version => 'nope'"), "iceberg.bad.labels has no snapshot, branch or tag 'nope'; its branches and tags are [main]"),
                new Case(spendWith(", feature_version => '99999999999999999999999'"), "iceberg.bad.users has no snapshot 99999999999999999999999 (expired, rolled back or never made)"),
                new Case(spendWith(", spine_columns => ARRAY['label_ts', NULL]"), "spine_columns must not contain NULL"),
                new Case(spendWith(", spine_columns => ARRAY['label_ts', 'label_ts']"), "spine_columns names 'label_ts' twice"),
                new Case(spendWith(", spine_row_column => 'label_ts'"), "spine_row_column 'label_ts' is named like a spine column; every output column needs its own name"),
                new Case(spendWith(", entity_columns => ARRAY['user_id']"), "entity_columns describes a feature_table; a feature view has its own"),
                new Case(spendWith(", feature_table => 'iceberg.bad.users'"), "schema_name names the schema of feature views; with feature_table, leave it out"),
                new Case(
                        "SELECT * FROM TABLE(feature_store.system.point_in_time_features(spine_table => 'iceberg.bad.labels', spine_timestamp_column => 'label_ts', feature_table => 'iceberg.bad.users', entity_columns => ARRAY[], timestamp_column => 'event_ts', features => ARRAY['spend']))",
                        "entity_columns must name at least one column of feature_table iceberg.bad.users"),
                new Case(
                        "SELECT * FROM TABLE(feature_store.system.point_in_time_features(spine_table => 'iceberg.bad.labels', spine_timestamp_column => 'label_ts', feature_table => 'iceberg.bad.users', entity_columns => ARRAY['user_id'], timestamp_column => 'spend', features => ARRAY['spend']))",
                        "timestamp_column 'spend' of iceberg.bad.users must be a timestamp or a timestamp with time zone"),
                new Case(
                        "SELECT * FROM TABLE(feature_store.system.point_in_time_features(spine_table => 'iceberg.bad.labels', spine_timestamp_column => 'label_ts', feature_table => 'iceberg.bad.users', entity_columns => ARRAY['user_id'], timestamp_column => 'event_ts', created_timestamp_column => 'spend', features => ARRAY['spend']))",
                        "created_timestamp_column 'spend' of iceberg.bad.users must be a timestamp or a timestamp with time zone"),
                new Case(spendWith(", feature_tables => ARRAY['{}']"), "feature_tables describes the feature tables and their features: leave schema_name out"),
                new Case(featureTables("CAST(ARRAY[] AS array(varchar))"), "feature_tables must describe at least one feature table"),
                new Case(featureTables("ARRAY[NULL]"), "feature_tables[1] must not be NULL"),
                new Case(featureTables("ARRAY['nope']"), "feature_tables[1] must be a JSON object with the keys " + FEATURE_TABLE_KEYS + ", not 'nope'"),
                new Case(featureTables("ARRAY['[1]']"), "feature_tables[1] must be a JSON object with the keys " + FEATURE_TABLE_KEYS + ", not '[1]'"),
                new Case(featureTables("ARRAY['{\"table\": \"iceberg.bad.users\", \"colour\": \"red\"}']"), "feature_tables[1] has an unknown key 'colour'; its keys are " + FEATURE_TABLE_KEYS),
                new Case(featureTables("ARRAY['{\"table\": \"iceberg.bad.users\", \"entity_columns\": [\"user_id\"], \"timestamp_column\": \"event_ts\"}']"), "feature_tables[1] has no 'features'; its keys are " + FEATURE_TABLE_KEYS),
                new Case(featureTables("ARRAY['{\"table\": \"iceberg.bad.users\", \"entity_columns\": \"user_id\", \"timestamp_column\": \"event_ts\", \"features\": [\"spend\"]}']"), "feature_tables[1].entity_columns must be a non-empty array of column names, not user_id"),
                new Case(featureTables("ARRAY['{\"table\": \"iceberg.bad.users\", \"entity_columns\": [\"user_id\"], \"timestamp_column\": \"event_ts\", \"version\": 7, \"features\": [\"spend\"]}']"), "feature_tables[1].version must be a string, not 7"),
                new Case(
                        featureTables("ARRAY['{\"table\": \"iceberg.bad.users\", \"entity_columns\": [\"user_id\"], \"timestamp_column\": \"event_ts\", \"features\": [\"spend\"]}', '{\"table\": \"iceberg.bad.users\", \"entity_columns\": [\"user_id\"], \"timestamp_column\": \"event_ts\", \"features\": [\"spend\"]}']"),
                        "Feature spend is named by feature_tables[1] iceberg.bad.users and by feature_tables[2] iceberg.bad.users, and every output column needs its own name"),
                new Case(
                        "SELECT * FROM TABLE(feature_store.system.point_in_time_join(input => TABLE(SELECT user_id, event_ts, spend, 'spine' AS row_kind FROM iceberg.bad.users) PARTITION BY user_id, timestamp_column => 'event_ts', features => DESCRIPTOR(spend), ttl => '-5m'))",
                        "ttl must be a duration such as '30d', '12h' or '90m', not '-5m'"),
                // the spine as a relation: the same feature arguments, checked the same way
                new Case(spineRelation("'label_ts'", "NULL"), "features must name at least one feature: ARRAY['view:feature', ...]"),
                new Case(spineRelation("NULL", "ARRAY['user_stats:spend']"), "spine_timestamp_column must not be NULL"),
                new Case(spineRelation("'churned'", "ARRAY['user_stats:spend']"), "spine_timestamp_column 'churned' must be a timestamp or a timestamp with time zone, not boolean"),
                new Case(spineRelation("'label_ts'", "ARRAY['nope:spend']"), "Feature view good.nope does not exist"),
                new Case(spineRelation("'label_ts'", "ARRAY['user_stats:spend'], feature_version => 'nope'"), "iceberg.bad.users has no snapshot, branch or tag 'nope'; its branches and tags are [main]"),
                new Case(spineRelation("'label_ts'", "ARRAY['user_stats:spend'], respect_created_timestamp => NULL"), "respect_created_timestamp must be true or false, not NULL")));
    }

    @Test
    void testMetadataTables()
    {
        assertUserErrors(List.of(
                new Case("SELECT * FROM feature_store.good.\"user_stats$drift@nope\"", "iceberg.bad.users has no snapshot, branch or tag 'nope'; its branches and tags are [main]"),
                new Case("SELECT * FROM feature_store.good.\"user_stats$statistics@99999999999999999999999\"", "iceberg.bad.users has no snapshot 99999999999999999999999 (expired, rolled back or never made)"),
                new Case("SELECT * FROM feature_store.good.\"user_stats$violations@-1\"", "iceberg.bad.users has no snapshot, branch or tag '-1'; its branches and tags are [main]"),
                new Case("SELECT * FROM feature_store.good.\"user_stats$drift@1..2..3\"", "A drift between two versions is written '@<from>..<to>', not '@1..2..3'"),
                new Case("SELECT * FROM feature_store.good.\"user_stats$latest@1\"", "\"user_stats$latest\" does not read a version of its source table: remove '@1'"),
                new Case("SELECT * FROM feature_store.good.\"churn$fingerprint@1\"", "\"churn$fingerprint\" does not read a version of its source table: remove '@1'"),
                new Case("SELECT * FROM feature_store.good.\"user_stats$nope\"", "line 1:15: Table 'feature_store.good.\"user_stats$nope\"' does not exist"),
                new Case("SELECT * FROM feature_store.good.\"nope$latest\"", "line 1:15: Table 'feature_store.good.\"nope$latest\"' does not exist"),
                new Case("SELECT * FROM feature_store.nowhere.user_stats", "line 1:15: Schema 'nowhere' does not exist")));
        // the server keeps answering
        assertThat(computeScalar("SELECT count(*) FROM feature_store.good.user_stats")).isEqualTo(10L);
    }

    private static String registerView(String sourceTable, String entityColumns, String timestampColumn, String options)
    {
        return "CALL feature_store.system.register_feature_view(schema_name => 'good', view_name => 'bad_view', source_table => %s, entity_columns => %s, timestamp_column => %s%s)"
                .formatted(sourceTable, entityColumns, timestampColumn, options);
    }

    private static String createTrainingSet(String spineTable, String spineTimestampColumn, String features)
    {
        return "CALL feature_store.system.create_training_set('good', 'bad_set', %s, %s, %s)".formatted(spineTable, spineTimestampColumn, features);
    }

    private static String addExpectation(String kind, String column, String options)
    {
        return "CALL feature_store.system.add_expectation(schema_name => 'good', view_name => 'user_stats', expectation_name => 'bad', kind => %s, column_name => %s%s)"
                .formatted(kind, column, options);
    }

    /**
     * point_in_time_features of the labels with the feature tables given.
     */
    private static String featureTables(String featureTables)
    {
        return "SELECT * FROM TABLE(feature_store.system.point_in_time_features(spine_table => 'iceberg.bad.labels', spine_timestamp_column => 'label_ts', feature_tables => %s))".formatted(featureTables);
    }

    /**
     * point_in_time_features of the spend feature on the labels, with further arguments.
     */
    private static String spendWith(String arguments)
    {
        return "SELECT * FROM TABLE(feature_store.system.point_in_time_features(schema_name => 'good', spine_table => 'iceberg.bad.labels', spine_timestamp_column => 'label_ts', features => ARRAY['user_stats:spend']%s))"
                .formatted(arguments);
    }

    private static String spineRelation(String spineTimestampColumn, String features)
    {
        return "SELECT * FROM TABLE(feature_store.system.point_in_time_features_for(spine => TABLE(iceberg.bad.labels), spine_timestamp_column => %s, schema_name => 'good', features => %s))"
                .formatted(spineTimestampColumn, features);
    }

    private static String features(String schema, String spineTable, String spineTimestampColumn, String features)
    {
        return "SELECT * FROM TABLE(feature_store.system.point_in_time_features(schema_name => %s, spine_table => %s, spine_timestamp_column => %s, features => %s))"
                .formatted(schema, spineTable, spineTimestampColumn, features);
    }

    /**
     * Runs every case, and checks that each fails with a user error and exactly its message.
     */
    private void assertUserErrors(List<Case> cases)
    {
        assertSoftly(softly -> {
            for (Case badInput : cases) {
                try {
                    computeActual(badInput.sql());
                    softly.fail("no error from: " + badInput.sql());
                }
                catch (RuntimeException e) {
                    ErrorCode errorCode = errorCode(e);
                    softly.assertThat(errorCode.getType()).as("error type of %s (%s)", badInput.sql(), errorCode).isEqualTo(USER_ERROR);
                    softly.assertThat(e.getMessage()).as(badInput.sql()).isEqualTo(badInput.message());
                }
            }
        });
    }

    private static ErrorCode errorCode(Throwable failure)
    {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof FailureException remoteFailure && remoteFailure.getFailureInfo().getErrorInfo() != null) {
                ErrorInfo error = remoteFailure.getFailureInfo().getErrorInfo();
                return new ErrorCode(error.getCode(), error.getName(), ErrorType.valueOf(error.getType()));
            }
            if (cause instanceof TrinoException trinoException) {
                return trinoException.getErrorCode();
            }
        }
        throw new AssertionError("No error code in " + failure, failure);
    }

    private record Case(String sql, String message) {}
}
