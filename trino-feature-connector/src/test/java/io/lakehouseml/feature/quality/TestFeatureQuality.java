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
package io.lakehouseml.feature.quality;

import io.lakehouseml.feature.FeatureStoreQueryRunner;
import io.trino.testing.AbstractTestQueryFramework;
import io.trino.testing.QueryRunner;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Quality gates: expectations per feature view, their violations at any version of the source
 * table, write-audit-publish on Iceberg branches, drift between chosen snapshots and the content
 * fingerprint of training sets. Every test uses its own source table.
 */
final class TestFeatureQuality
        extends AbstractTestQueryFramework
{
    private static final String VIOLATIONS = "SELECT expectation_name, kind, column_name, total_rows, failing_rows FROM feature_store.quality.\"%s$violations%s\"";

    @Override
    protected QueryRunner createQueryRunner()
            throws Exception
    {
        QueryRunner queryRunner = FeatureStoreQueryRunner.builder().build();
        queryRunner.execute("CREATE SCHEMA iceberg.q");
        return queryRunner;
    }

    /**
     * A source table partitioned by segment with 100 clean rows from 2025, and a feature view over it.
     */
    private void createSource(String name)
    {
        assertUpdate(
                """
                CREATE TABLE iceberg.q.%s WITH (partitioning = ARRAY['segment']) AS
                SELECT
                    n %% 10 AS user_id,
                    TIMESTAMP '2025-03-01 00:00:00.000000 UTC' + n * INTERVAL '1' HOUR AS event_ts,
                    n / 100e0 AS score,
                    IF(n %% 2 = 0, 'a', 'b') AS segment
                FROM UNNEST(sequence(0, 99)) AS t (n)
                """.formatted(name),
                100);
        assertUpdate(
                """
                CALL feature_store.system.register_feature_view(schema_name => 'quality', view_name => '%1$s',
                    source_table => 'iceberg.q.%1$s', entity_columns => ARRAY['user_id'], timestamp_column => 'event_ts')
                """.formatted(name));
    }

    private void addExpectations(String view)
    {
        assertUpdate("CALL feature_store.system.add_expectation('quality', '%s', 'score_present', 'not_null', 'score')".formatted(view));
        assertUpdate("CALL feature_store.system.add_expectation(schema_name => 'quality', view_name => '%s', expectation_name => 'score_range', kind => 'range', column_name => 'score', min_value => '0', max_value => '1')".formatted(view));
        assertUpdate("CALL feature_store.system.add_expectation(schema_name => 'quality', view_name => '%s', expectation_name => 'segments', kind => 'allowed_values', column_name => 'segment', allowed_values => ARRAY['a', 'b'])".formatted(view));
        assertUpdate("CALL feature_store.system.add_expectation(schema_name => 'quality', view_name => '%s', expectation_name => 'segment_nulls', kind => 'max_null_rate', column_name => 'segment', max_null_rate => 0.05)".formatted(view));
        assertUpdate("CALL feature_store.system.add_expectation(schema_name => 'quality', view_name => '%s', expectation_name => 'recent', kind => 'freshness', max_lag => '36500d')".formatted(view));
    }

    @Test
    void testViolations()
    {
        createSource("checked");
        assertThat(query(VIOLATIONS.formatted("checked", ""))).returnsEmptyResult();
        addExpectations("checked");
        assertThat(query(VIOLATIONS.formatted("checked", ""))).returnsEmptyResult();

        // 10 bad rows: 2 NULL scores, 3 scores out of range (one NaN), 4 unknown segments, 1 NULL segment
        assertUpdate(
                """
                INSERT INTO iceberg.q.checked VALUES
                    (1, TIMESTAMP '2025-04-01 00:00:00.000000 UTC', NULL, 'a'),
                    (2, TIMESTAMP '2025-04-01 00:00:00.000000 UTC', NULL, 'b'),
                    (3, TIMESTAMP '2025-04-01 00:00:00.000000 UTC', -0.5e0, 'a'),
                    (4, TIMESTAMP '2025-04-01 00:00:00.000000 UTC', 7e0, 'b'),
                    (5, TIMESTAMP '2025-04-01 00:00:00.000000 UTC', nan(), 'a'),
                    (6, TIMESTAMP '2025-04-01 00:00:00.000000 UTC', 0.5e0, 'c'),
                    (7, TIMESTAMP '2025-04-01 00:00:00.000000 UTC', 0.5e0, 'c'),
                    (8, TIMESTAMP '2025-04-01 00:00:00.000000 UTC', 0.5e0, 'zz'),
                    (9, TIMESTAMP '2025-04-01 00:00:00.000000 UTC', 0.5e0, 'A'),
                    (0, TIMESTAMP '2025-04-01 00:00:00.000000 UTC', 0.5e0, NULL)
                """,
                10);
        assertThat(query(VIOLATIONS.formatted("checked", "")))
                .matches(
                        """
                        VALUES
                            (CAST('score_present' AS varchar), CAST('not_null' AS varchar), CAST('score' AS varchar), BIGINT '110', BIGINT '2'),
                            ('score_range', 'range', 'score', 110, 3),
                            ('segments', 'allowed_values', 'segment', 110, 4)
                        """);
        // NULL rate 1/110 is within 5%; with 6 more NULLs it is not
        assertUpdate("INSERT INTO iceberg.q.checked SELECT 1, TIMESTAMP '2025-04-02 00:00:00.000000 UTC', 0.5e0, CAST(NULL AS varchar) FROM UNNEST(sequence(1, 6))", 6);
        assertThat(query("SELECT failing_rows, observed, expected FROM feature_store.quality.\"checked$violations\" WHERE expectation_name IN ('segment_nulls', 'segments')"))
                .matches(
                        """
                        VALUES
                            (BIGINT '7', CAST('NULL rate 0.0603: 7 of 116 rows are NULL' AS varchar), CAST('a NULL rate of at most 0.05' AS varchar)),
                            (4, '4 of 116 rows hold values outside the set, from A to zz', 'values in [a, b]')
                        """);
        // the same counts as plain SQL
        assertThat(query("SELECT failing_rows FROM feature_store.quality.\"checked$violations\" WHERE expectation_name = 'score_range'"))
                .matches("SELECT count_if(score < 0 OR score > 1 OR is_nan(score)) FROM iceberg.q.checked");

        // the snapshot before the bad rows has none of them
        long clean = (long) computeScalar("SELECT snapshot_id FROM iceberg.q.\"checked$snapshots\" ORDER BY committed_at LIMIT 1");
        assertThat(query(VIOLATIONS.formatted("checked", "@" + clean))).returnsEmptyResult();
        assertThat(query("SELECT DISTINCT snapshot_id FROM feature_store.quality.\"checked$violations\""))
                .matches("SELECT snapshot_id FROM iceberg.q.\"checked$snapshots\" ORDER BY committed_at DESC LIMIT 1");

        // a stale view: its newest event is from 2025
        assertUpdate("CALL feature_store.system.add_expectation(schema_name => 'quality', view_name => 'checked', expectation_name => 'daily', kind => 'freshness', column_name => 'event_ts', max_lag => '1d')");
        assertThat(query("SELECT kind, failing_rows, observed FROM feature_store.quality.\"checked$violations\" WHERE expectation_name = 'daily'"))
                .matches("VALUES (CAST('freshness' AS varchar), CAST(NULL AS bigint), CAST('the newest event is from 2025-04-02 00:00:00.000000 UTC' AS varchar))");

        assertThat(query("SELECT view_name, expectation_name, kind, column_name, min_value, max_value, allowed_values, max_null_rate, max_lag, expected FROM feature_store.system.expectations WHERE view_name = 'checked'"))
                .matches(
                        """
                        VALUES
                            (CAST('checked' AS varchar), CAST('daily' AS varchar), CAST('freshness' AS varchar), CAST('event_ts' AS varchar), CAST(NULL AS varchar), CAST(NULL AS varchar), CAST(NULL AS array(varchar)), CAST(NULL AS double), CAST('1d' AS varchar), CAST('a newest event at most 1d old' AS varchar)),
                            ('checked', 'recent', 'freshness', 'event_ts', NULL, NULL, NULL, NULL, '36500d', 'a newest event at most 36500d old'),
                            ('checked', 'score_present', 'not_null', 'score', NULL, NULL, NULL, NULL, NULL, 'no NULL values'),
                            ('checked', 'score_range', 'range', 'score', '0', '1', NULL, NULL, NULL, 'values between 0 and 1'),
                            ('checked', 'segment_nulls', 'max_null_rate', 'segment', NULL, NULL, NULL, 0.05, NULL, 'a NULL rate of at most 0.05'),
                            ('checked', 'segments', 'allowed_values', 'segment', NULL, NULL, ARRAY['a', 'b'], NULL, NULL, 'values in [a, b]')
                        """);

        assertUpdate("CALL feature_store.system.drop_expectation('quality', 'checked', 'daily')");
        assertQueryFails("CALL feature_store.system.drop_expectation('quality', 'checked', 'daily')", "Expectation quality.checked.daily does not exist");
        // dropping the view drops its expectations
        assertUpdate("CALL feature_store.system.drop_feature_view('quality', 'checked')");
        assertQueryReturnsEmptyResult("SELECT * FROM feature_store.system.expectations WHERE view_name = 'checked'");
    }

    @Test
    void testInvalidExpectations()
    {
        createSource("invalid");
        String call = "CALL feature_store.system.add_expectation(schema_name => 'quality', view_name => 'invalid', expectation_name => 'e', %s)";
        assertQueryFails(call.formatted("kind => 'unique', column_name => 'score'"), "kind must be one of \\[not_null, range, allowed_values, max_null_rate, freshness], not 'unique'");
        assertQueryFails(call.formatted("kind => 'not_null', column_name => 'speed'"), "column_name 'speed' is not a column of feature view quality.invalid; its columns are \\[user_id, event_ts, score, segment]");
        assertQueryFails(call.formatted("kind => 'not_null'"), "column_name is required");
        assertQueryFails(call.formatted("kind => 'not_null', column_name => 'score', min_value => '0'"), "min_value applies to kind 'range' only, not to 'not_null'");
        assertQueryFails(call.formatted("kind => 'range', column_name => 'score'"), "A range needs min_value, max_value or both");
        assertQueryFails(call.formatted("kind => 'range', column_name => 'score', min_value => 'zero'"), "min_value: 'zero' is not a value of type double");
        assertQueryFails(call.formatted("kind => 'range', column_name => 'score', min_value => '2', max_value => '1'"), "min_value 2 is larger than max_value 1");
        assertQueryFails(call.formatted("kind => 'range', column_name => 'event_ts', min_value => 'yesterday'"), "min_value: 'yesterday' is not a value of type timestamp\\(6\\) with time zone");
        assertQueryFails(call.formatted("kind => 'allowed_values', column_name => 'score', allowed_values => ARRAY['1']"), "Allowed values need a column of integers, text, booleans or dates; column 'score' has type double");
        assertQueryFails(call.formatted("kind => 'allowed_values', column_name => 'user_id', allowed_values => ARRAY['1', 'x']"), "allowed_values: 'x' is not a value of type bigint");
        assertQueryFails(call.formatted("kind => 'allowed_values', column_name => 'segment', allowed_values => ARRAY['a', NULL]"), "allowed_values contains a NULL; NULLs are checked with kind 'not_null' or 'max_null_rate'");
        assertQueryFails(call.formatted("kind => 'max_null_rate', column_name => 'score', max_null_rate => 1.5"), "max_null_rate must be a fraction from 0 to 1, not 1.5");
        assertQueryFails(call.formatted("kind => 'freshness', column_name => 'score', max_lag => '1d'"), "Freshness needs a timestamp column; column 'score' has type double");
        assertQueryFails(call.formatted("kind => 'freshness', max_lag => 'a day'"), "max_lag must be a duration such as '30d', '12h' or '90m', not 'a day'");
        assertQueryFails("CALL feature_store.system.add_expectation('quality', 'missing', 'e', 'not_null', 'score')", "Feature view quality.missing does not exist");

        assertUpdate(call.formatted("kind => 'range', column_name => 'event_ts', min_value => '2020-01-01 00:00:00 UTC'"));
        assertQueryFails(call.formatted("kind => 'not_null', column_name => 'score'"), "Expectation quality.invalid.e already exists");
        assertThat(query("SELECT failing_rows FROM feature_store.quality.\"invalid$violations\"")).returnsEmptyResult();

        assertQueryFails("SELECT * FROM feature_store.quality.\"invalid$violations@audit\"", "iceberg.q.invalid has no snapshot, branch or tag 'audit'; its branches and tags are \\[main]");
        assertQueryFails("SELECT * FROM feature_store.quality.\"invalid$violations@123\"", "iceberg.q.invalid has no snapshot 123 \\(expired, rolled back or never made\\)");
        assertQueryFails("SELECT * FROM feature_store.quality.\"invalid$latest@main\"", "\"invalid\\$latest\" does not read a version of its source table: remove '@main'");
        assertQueryFails("SELECT * FROM feature_store.quality.\"invalid$drift@main..main..main\"", "A drift between two versions is written '@<from>..<to>', not '@main..main..main'");
    }

    /**
     * New rows reach main only through a branch: staged, committed to the branch, audited there,
     * then published; bad rows are discarded without ever being on main.
     */
    @Test
    void testWriteAuditPublish()
    {
        createSource("wap");
        addExpectations("wap");
        long before = (long) computeScalar("SELECT snapshot_id FROM iceberg.q.\"wap$refs\" WHERE name = 'main'");

        // a bad write
        assertUpdate("CALL feature_store.system.begin_write('quality', 'wap', 'audit')");
        assertThat(query("SELECT column_name, data_type FROM iceberg.information_schema.columns WHERE table_schema = 'q' AND table_name = 'wap_staging_audit'"))
                .matches("SELECT column_name, data_type FROM iceberg.information_schema.columns WHERE table_schema = 'q' AND table_name = 'wap'");
        assertQueryFails("CALL feature_store.system.commit_write('quality', 'wap', 'audit')", "Staging table iceberg.q.wap_staging_audit has no rows to commit; INSERT the new rows into it first");
        assertUpdate("INSERT INTO iceberg.q.wap_staging_audit VALUES (1, TIMESTAMP '2025-05-01 00:00:00.000000 UTC', 5e0, 'a'), (2, TIMESTAMP '2025-05-01 00:00:00.000000 UTC', 0.5e0, 'x')", 2);
        assertQueryFails(
                "CALL feature_store.system.publish_write('quality', 'wap', 'audit')",
                "Staging table iceberg.q.wap_staging_audit still holds rows that are not on branch audit; commit_write them \\(and audit the branch\\) or discard this write");
        assertUpdate("CALL feature_store.system.commit_write('quality', 'wap', 'audit')");
        assertQueryReturnsEmptyResult("SELECT * FROM iceberg.information_schema.tables WHERE table_schema = 'q' AND table_name = 'wap_staging_audit'");
        assertQuery("SELECT count(*), count_if(segment = 'x') FROM iceberg.q.wap FOR VERSION AS OF 'audit'", "VALUES (102, 1)");
        assertQuery("SELECT count(*) FROM iceberg.q.wap", "VALUES 100");
        assertThat(query(VIOLATIONS.formatted("wap", "@audit")))
                .matches(
                        """
                        VALUES
                            (CAST('score_range' AS varchar), CAST('range' AS varchar), CAST('score' AS varchar), BIGINT '102', BIGINT '1'),
                            ('segments', 'allowed_values', 'segment', 102, 1)
                        """);
        assertThat(query(VIOLATIONS.formatted("wap", ""))).returnsEmptyResult();
        // the audit compares the branch with main
        assertThat(query("SELECT feature, total_rows_before, total_rows_after FROM feature_store.quality.\"wap$drift@audit\" WHERE feature = 'score'"))
                .matches("VALUES (CAST('score' AS varchar), BIGINT '100', BIGINT '102')");
        assertUpdate("CALL feature_store.system.discard_write('quality', 'wap', 'audit')");
        assertQuery("SELECT count(*) FROM iceberg.q.\"wap$refs\" WHERE name = 'audit'", "VALUES 0");
        assertQuery("SELECT snapshot_id FROM iceberg.q.\"wap$refs\" WHERE name = 'main'", "VALUES " + before);
        assertQueryFails("CALL feature_store.system.discard_write('quality', 'wap', 'audit')", "There is no write to branch audit of iceberg.q.wap");

        // a good write, in two inserts, published
        assertUpdate("CALL feature_store.system.begin_write('quality', 'wap', 'audit')");
        assertQueryFails("CALL feature_store.system.begin_write('quality', 'wap', 'audit')", "iceberg.q.wap already has a branch or tag 'audit'; publish or discard that write first");
        assertUpdate("INSERT INTO iceberg.q.wap_staging_audit VALUES (3, TIMESTAMP '2025-05-02 00:00:00.000000 UTC', 0.25e0, 'b')", 1);
        assertUpdate("INSERT INTO iceberg.q.wap_staging_audit VALUES (4, TIMESTAMP '2025-05-03 00:00:00.000000 UTC', 0.75e0, 'a')", 1);
        assertUpdate("CALL feature_store.system.commit_write('quality', 'wap', 'audit')");
        assertThat(query(VIOLATIONS.formatted("wap", "@audit"))).returnsEmptyResult();
        // the publish names the audited snapshot, so a branch that changed after the audit is refused
        long audited = (long) computeScalar("SELECT snapshot_id FROM iceberg.q.\"wap$refs\" WHERE name = 'audit'");
        assertQueryFails(
                "CALL feature_store.system.publish_write('quality', 'wap', 'audit', 1)",
                "Branch audit of iceberg.q.wap is at snapshot %s, not at the audited snapshot 1: it changed after the audit; audit it again".formatted(audited));
        assertUpdate("CALL feature_store.system.publish_write(schema_name => 'quality', view_name => 'wap', branch_name => 'audit', snapshot_id => %s)".formatted(audited));
        assertThat(query("SELECT count(*), max(event_ts) FROM iceberg.q.wap")).matches("VALUES (BIGINT '102', TIMESTAMP '2025-05-03 00:00:00.000000 UTC')");
        assertQuery("SELECT count(*) FROM iceberg.q.wap WHERE segment = 'a'", "VALUES 51");
        assertQuery("SELECT count(*) FROM iceberg.q.\"wap$refs\"", "VALUES 1");
        assertQuery("SELECT user_id, score FROM feature_store.quality.\"wap$latest\" WHERE user_id IN (3, 4)", "VALUES (3, 0.25e0), (4, 0.75e0)");

        // main moved on while a write was audited: publishing it would lose main's rows
        assertUpdate("CALL feature_store.system.begin_write('quality', 'wap', 'late')");
        assertUpdate("INSERT INTO iceberg.q.wap_staging_late VALUES (5, TIMESTAMP '2025-05-04 00:00:00.000000 UTC', 0.5e0, 'a')", 1);
        assertUpdate("CALL feature_store.system.commit_write('quality', 'wap', 'late')");
        assertUpdate("INSERT INTO iceberg.q.wap VALUES (6, TIMESTAMP '2025-05-04 00:00:00.000000 UTC', 0.5e0, 'b')", 1);
        assertQueryFails(
                "CALL feature_store.system.publish_write('quality', 'wap', 'late')",
                "Cannot publish branch late of iceberg.q.wap: main changed after the branch was made, so the branch does not hold main's newer rows; discard this write and begin again");
        assertUpdate("CALL feature_store.system.discard_write('quality', 'wap', 'late')");
        assertQuery("SELECT count(*) FROM iceberg.q.wap", "VALUES 103");

        // a staging table discarded before its commit takes its rows with it
        assertUpdate("CALL feature_store.system.begin_write('quality', 'wap', 'dropped')");
        assertUpdate("INSERT INTO iceberg.q.wap_staging_dropped VALUES (7, TIMESTAMP '2025-05-05 00:00:00.000000 UTC', 0.5e0, 'a')", 1);
        assertUpdate("CALL feature_store.system.discard_write('quality', 'wap', 'dropped')");
        assertQueryReturnsEmptyResult("SELECT * FROM iceberg.information_schema.tables WHERE table_schema = 'q' AND table_name = 'wap_staging_dropped'");
        assertQuery("SELECT count(*) FROM iceberg.q.wap", "VALUES 103");

        assertQueryFails("CALL feature_store.system.begin_write('quality', 'wap', 'main')", "branch_name cannot be 'main': new rows are written to another branch and published to main");
        assertQueryFails("CALL feature_store.system.commit_write('quality', 'wap', 'nothing')", "iceberg.q.wap has no branch 'nothing'; begin_write creates it");
    }

    /**
     * The layers of a medallion pipeline are tables, not feature views: expectations and
     * write-audit-publish name them with table_name, and a script gates a publish on the audit.
     */
    @Test
    void testTableGates()
    {
        assertUpdate("CREATE TABLE iceberg.q.raw_orders AS SELECT * FROM (VALUES (1, 10e0, 'paid'), (2, -5e0, 'paid'), (NULL, 7e0, 'paid'), (4, 3e0, 'refund')) AS t (user_id, amount, status)", 4);
        assertUpdate("CREATE TABLE iceberg.q.orders (user_id integer, amount double, status varchar)");
        String add = "CALL feature_store.system.add_expectation(table_name => 'iceberg.q.orders', expectation_name => '%s', kind => '%s', column_name => '%s'%s)";
        assertUpdate(add.formatted("user_present", "not_null", "user_id", ""));
        assertUpdate(add.formatted("amount_positive", "range", "amount", ", min_value => '0'"));
        // the positional form: schema_name and view_name left NULL
        assertUpdate("CALL feature_store.system.add_expectation(NULL, NULL, 'statuses', 'allowed_values', 'status', NULL, NULL, ARRAY['paid', 'refund'], NULL, NULL, 'iceberg.q.orders')");
        assertThat(query("SELECT schema_name, view_name, table_name, expectation_name, expected FROM feature_store.system.expectations WHERE table_name = 'iceberg.q.orders'"))
                .matches(
                        """
                        VALUES
                            (CAST(NULL AS varchar), CAST(NULL AS varchar), CAST('iceberg.q.orders' AS varchar), CAST('amount_positive' AS varchar), CAST('values of at least 0' AS varchar)),
                            (NULL, NULL, 'iceberg.q.orders', 'statuses', 'values in [paid, refund]'),
                            (NULL, NULL, 'iceberg.q.orders', 'user_present', 'no NULL values')
                        """);

        assertQueryFails(add.formatted("e", "not_null", "speed", ""), "column_name 'speed' is not a column of table iceberg.q.orders; its columns are \\[user_id, amount, status]");
        assertQueryFails(add.formatted("user_present", "not_null", "user_id", ""), "Table iceberg.q.orders already has an expectation named user_present");
        // a script that runs again keeps the expectation as it is
        assertUpdate(add.formatted("user_present", "not_null", "amount", ", if_not_exists => true"));
        assertQuery("SELECT column_name FROM feature_store.system.expectations WHERE table_name = 'iceberg.q.orders' AND expectation_name = 'user_present'", "VALUES 'user_id'");
        assertQueryFails("CALL feature_store.system.add_expectation(table_name => 'iceberg.q.orders', expectation_name => 'fresh', kind => 'freshness', max_lag => '1d')", "Freshness of a table needs column_name, its event timestamp column");
        assertQueryFails("CALL feature_store.system.add_expectation(table_name => 'iceberg.q.missing', expectation_name => 'e', kind => 'not_null', column_name => 'x')", "Source table iceberg.q.missing does not exist");
        assertQueryFails("CALL feature_store.system.add_expectation(table_name => 'other.q.orders', expectation_name => 'e', kind => 'not_null', column_name => 'x')", "table_name must be a table of catalog 'iceberg'.*");
        assertQueryFails("CALL feature_store.system.add_expectation(schema_name => 'quality', table_name => 'iceberg.q.orders', expectation_name => 'e', kind => 'not_null', column_name => 'user_id')", "table_name names a table, so schema_name and view_name must be left out \\(they name a feature view\\)");
        assertQueryFails("CALL feature_store.system.add_expectation(expectation_name => 'e', kind => 'not_null', column_name => 'user_id')", "Name a feature view with schema_name and view_name, or a table with table_name");
        assertQueryFails("CALL feature_store.system.begin_write(branch_name => 'b')", "Name a feature view with schema_name and view_name, or a table with table_name");
        assertQueryFails("CALL feature_store.system.begin_write(table_name => 'iceberg.q.orders')", "branch_name is required");

        // an empty table meets every expectation
        String violations = "SELECT expectation_name, total_rows, failing_rows FROM feature_store.system.\"q.orders$violations%s\"";
        assertThat(query(violations.formatted(""))).returnsEmptyResult();

        // bronze to silver through a branch: the first load copies the raw rows as they are
        assertUpdate("CALL feature_store.system.begin_write(table_name => 'iceberg.q.orders', branch_name => 'load_1')");
        assertUpdate("INSERT INTO iceberg.q.orders_staging_load_1 SELECT * FROM iceberg.q.raw_orders", 4);
        assertUpdate("CALL feature_store.system.commit_write(table_name => 'iceberg.q.orders', branch_name => 'load_1')");
        assertThat(query(violations.formatted("@load_1")))
                .matches("VALUES (CAST('amount_positive' AS varchar), BIGINT '4', BIGINT '1'), ('user_present', 4, 1)");
        // the gate of a SQL script: the audit fails the statement, so the script stops before publish_write
        String gate = "SELECT fail(format('%%d expectations of iceberg.q.orders are violated', count(*))) FROM feature_store.system.\"q.orders$violations@%s\" HAVING count(*) > 0";
        assertQueryFails(gate.formatted("load_1"), "2 expectations of iceberg.q.orders are violated");
        assertUpdate("CALL feature_store.system.discard_write(table_name => 'iceberg.q.orders', branch_name => 'load_1')");
        assertQuery("SELECT count(*) FROM iceberg.q.orders", "VALUES 0");

        // the cleaned load passes the gate and is published
        assertUpdate("CALL feature_store.system.begin_write(table_name => 'iceberg.q.orders', branch_name => 'load_2')");
        assertUpdate("INSERT INTO iceberg.q.orders_staging_load_2 SELECT * FROM iceberg.q.raw_orders WHERE user_id IS NOT NULL AND amount >= 0", 2);
        assertUpdate("CALL feature_store.system.commit_write(table_name => 'iceberg.q.orders', branch_name => 'load_2')");
        assertQueryReturnsEmptyResult(gate.formatted("load_2"));
        long audited = (long) computeScalar("SELECT snapshot_id FROM iceberg.q.\"orders$refs\" WHERE name = 'load_2'");
        assertUpdate("CALL feature_store.system.publish_write(table_name => 'iceberg.q.orders', branch_name => 'load_2', snapshot_id => %s)".formatted(audited));
        assertQuery("SELECT user_id, amount FROM iceberg.q.orders", "VALUES (1, 10e0), (4, 3e0)");
        assertThat(query(violations.formatted(""))).returnsEmptyResult();
        assertQueryFails("CALL feature_store.system.publish_write(table_name => 'iceberg.q.orders', branch_name => 'load_2')", "iceberg.q.orders has no branch 'load_2'; begin_write creates it");

        // rows written straight to the table skip the gate, and the check finds them
        assertUpdate("INSERT INTO iceberg.q.orders VALUES (5, 1e0, 'lost')", 1);
        assertThat(query("SELECT expectation_name, observed FROM feature_store.system.\"q.orders$violations\""))
                .matches("VALUES (CAST('statuses' AS varchar), CAST('1 of 3 rows hold values outside the set, from lost to lost' AS varchar))");

        // a column that an expectation checks is gone from the snapshots written after it was dropped
        assertUpdate("ALTER TABLE iceberg.q.orders DROP COLUMN status");
        assertThat(query(violations.formatted(""))).matches("VALUES (CAST('statuses' AS varchar), BIGINT '3', BIGINT '1')");
        assertUpdate("INSERT INTO iceberg.q.orders VALUES (6, 2e0)", 1);
        assertQueryFails("SELECT * FROM feature_store.system.\"q.orders$violations\"", "Expectation statuses checks column 'status', which iceberg.q.orders does not have at this snapshot; drop the expectation or read another version");
        assertUpdate("CALL feature_store.system.drop_expectation(table_name => 'iceberg.q.orders', expectation_name => 'statuses')");
        assertThat(query(violations.formatted(""))).returnsEmptyResult();
        assertQueryFails("CALL feature_store.system.drop_expectation(table_name => 'iceberg.q.orders', expectation_name => 'statuses')", "Expectation statuses of table iceberg.q.orders does not exist");
        assertQueryFails("SELECT * FROM feature_store.system.\"q.missing$violations\"", "Source table iceberg.q.missing does not exist");

        // the expectations of a dropped table can still be dropped
        assertUpdate("DROP TABLE iceberg.q.orders");
        assertUpdate("CALL feature_store.system.drop_expectation(NULL, NULL, 'user_present', 'iceberg.q.orders')");
        assertUpdate("CALL feature_store.system.drop_expectation(table_name => 'iceberg.q.orders', expectation_name => 'amount_positive')");
        assertQueryReturnsEmptyResult("SELECT * FROM feature_store.system.expectations WHERE table_name = 'iceberg.q.orders'");
    }

    /**
     * A source table whose partitioning changed: the staged files join it in its current partition spec.
     */
    @Test
    void testWriteToEvolvedPartitioning()
    {
        createSource("evolved");
        assertUpdate("ALTER TABLE iceberg.q.evolved SET PROPERTIES partitioning = ARRAY['segment', 'bucket(user_id, 4)']");
        assertUpdate("INSERT INTO iceberg.q.evolved VALUES (11, TIMESTAMP '2025-05-01 00:00:00.000000 UTC', 0.5e0, 'a')", 1);
        assertUpdate("CALL feature_store.system.begin_write('quality', 'evolved', 'audit')");
        assertUpdate("INSERT INTO iceberg.q.evolved_staging_audit SELECT user_id + 100, event_ts + INTERVAL '90' DAY, score, segment FROM iceberg.q.evolved", 101);
        assertUpdate("CALL feature_store.system.commit_write('quality', 'evolved', 'audit')");
        assertUpdate("CALL feature_store.system.publish_write('quality', 'evolved', 'audit')");
        assertQuery("SELECT count(*), count(DISTINCT user_id), sum(score) FROM iceberg.q.evolved", "VALUES (202, 22, 100.0)");
        // partition pruning sees the staged files' partitions
        assertQuery("SELECT count(*) FROM iceberg.q.evolved WHERE segment = 'b' AND user_id > 100", "VALUES 50");
        assertQuery("SELECT DISTINCT spec_id FROM iceberg.q.\"evolved$files\" WHERE file_path LIKE '%staging%'", "VALUES 1");
    }

    @Test
    void testDriftBetweenSnapshots()
    {
        createSource("drifting");
        long first = (long) computeScalar("SELECT snapshot_id FROM iceberg.q.\"drifting$snapshots\" ORDER BY committed_at DESC LIMIT 1");
        assertUpdate("INSERT INTO iceberg.q.drifting SELECT 1, TIMESTAMP '2025-06-01 00:00:00.000000 UTC', 2e0, 'a' FROM UNNEST(sequence(1, 50))", 50);
        assertUpdate("INSERT INTO iceberg.q.drifting SELECT 1, TIMESTAMP '2025-06-02 00:00:00.000000 UTC', NULL, 'b' FROM UNNEST(sequence(1, 50))", 50);
        long last = (long) computeScalar("SELECT snapshot_id FROM iceberg.q.\"drifting$snapshots\" ORDER BY committed_at DESC LIMIT 1");

        String drift = "SELECT feature, snapshot_id, parent_id, total_rows_before, total_rows_after, null_rate_before, null_rate_after, mean_before, mean_after FROM feature_store.quality.\"drifting$drift%s\" WHERE feature = 'score'";
        // from the first snapshot to the last: both inserts
        assertThat(query(drift.formatted("@%s..%s".formatted(first, last))))
                .matches("VALUES (CAST('score' AS varchar), BIGINT '%s', BIGINT '%s', BIGINT '100', BIGINT '200', 0e0, 0.25e0, 0.495e0, 149.5e0 / 150)".formatted(last, first));
        // the same figures as the statistics of each snapshot
        assertThat(query(drift.formatted("@%s..main".formatted(first))))
                .matches(
                        """
                        SELECT CAST('score' AS varchar), BIGINT '%s', BIGINT '%s', b.total_rows, a.total_rows, b.null_rate, a.null_rate, b.mean, a.mean
                        FROM feature_store.quality."drifting$statistics@%s" b, feature_store.quality."drifting$statistics" a
                        WHERE a.feature = 'score' AND b.feature = 'score'
                        """.formatted(last, first, first));
        // the last commit alone
        assertThat(query("SELECT total_rows_before, total_rows_after FROM feature_store.quality.\"drifting$drift\" WHERE feature = 'score'")).matches("VALUES (BIGINT '150', BIGINT '200')");
        assertThat(query("SELECT total_rows_before, total_rows_after FROM feature_store.quality.\"drifting$drift@%s\" WHERE feature = 'score'".formatted(first))).matches("VALUES (CAST(NULL AS bigint), BIGINT '100')");
    }

    /**
     * The content fingerprint of a training set stays the same however its sources change, a
     * training set over other rows has another, and a table that materializes it has the same.
     */
    @Test
    void testTrainingSetFingerprint()
    {
        createSource("fingerprinted");
        assertUpdate("CREATE TABLE iceberg.q.spine AS SELECT n % 10 AS user_id, TIMESTAMP '2025-03-03 00:00:00.000000 UTC' + n * INTERVAL '7' HOUR AS label_ts, n % 3 = 0 AS label FROM UNNEST(sequence(0, 49)) AS t (n)", 50);
        assertUpdate("CALL feature_store.system.create_training_set('quality', 'fp_v1', 'iceberg.q.spine', 'label_ts', ARRAY['fingerprinted:*'])");
        String fingerprint = (String) computeScalar("SELECT content_fingerprint FROM feature_store.quality.\"fp_v1$fingerprint\"");
        assertThat(fingerprint).matches("[0-9a-f]{16}");
        assertQuery("SELECT source, snapshot_id, row_count FROM feature_store.quality.\"fp_v1$fingerprint\"", "VALUES ('training set', NULL, 50)");
        assertThat(query("SELECT content_fingerprint FROM feature_store.quality.\"fp_v1$fingerprint\""))
                .matches("SELECT lower(to_hex(checksum(ROW(user_id, label_ts, label, score, segment)))) FROM feature_store.quality.fp_v1");

        // materialized, CTAS-style, and recorded with its snapshot
        assertUpdate("CREATE TABLE iceberg.q.fp_v1_rows AS SELECT * FROM feature_store.quality.fp_v1", 50);
        assertUpdate("CALL feature_store.system.register_materialization(schema_name => 'quality', name => 'fp_v1', table_name => 'iceberg.q.fp_v1_rows')");
        long materialized = (long) computeScalar("SELECT snapshot_id FROM iceberg.q.\"fp_v1_rows$refs\" WHERE name = 'main'");
        assertQuery(
                "SELECT training_set, table_name, snapshot_id, total_rows FROM feature_store.system.training_set_materializations WHERE training_set = 'fp_v1'",
                "VALUES ('fp_v1', 'iceberg.q.fp_v1_rows', %s, 50)".formatted(materialized));
        assertQueryFails(
                "CALL feature_store.system.register_materialization('quality', 'fp_v1', 'iceberg.q.fp_v1_rows')",
                "Materialization of training set quality.fp_v1 in iceberg.q.fp_v1_rows already exists");
        assertUpdate("CREATE TABLE iceberg.q.fp_v1_partial AS SELECT user_id, label_ts, label FROM feature_store.quality.fp_v1", 50);
        assertQueryFails(
                "CALL feature_store.system.register_materialization('quality', 'fp_v1', 'iceberg.q.fp_v1_partial')",
                "iceberg.q.fp_v1_partial does not have the columns of training set quality.fp_v1: it has \\[user_id bigint, label_ts timestamp\\(6\\) with time zone, label boolean], the training set has \\[user_id bigint, label_ts timestamp\\(6\\) with time zone, label boolean, score double, segment varchar]");
        assertQueryFails("CALL feature_store.system.register_materialization('quality', 'fp_v9', 'iceberg.q.fp_v1_rows')", "Training set quality.fp_v9 does not exist");

        assertUpdate("INSERT INTO iceberg.q.fingerprinted VALUES (1, TIMESTAMP '2025-03-02 00:00:00.000000 UTC', 0.99e0, 'b')", 1);
        assertUpdate("INSERT INTO iceberg.q.spine VALUES (1, TIMESTAMP '2025-03-09 00:00:00.000000 UTC', true)", 1);
        // the materialized table changes too, but its recorded snapshot does not
        assertUpdate("INSERT INTO iceberg.q.fp_v1_rows SELECT * FROM iceberg.q.fp_v1_rows LIMIT 1", 1);
        assertQuery(
                "SELECT source, snapshot_id, row_count, content_fingerprint FROM feature_store.quality.\"fp_v1$fingerprint\"",
                "VALUES ('training set', NULL, 50, '%1$s'), ('iceberg.q.fp_v1_rows', %2$s, 50, '%1$s')".formatted(fingerprint, materialized));
        assertUpdate("CALL feature_store.system.create_training_set('quality', 'fp_v2', 'iceberg.q.spine', 'label_ts', ARRAY['fingerprinted:*'])");
        assertThat((String) computeScalar("SELECT content_fingerprint FROM feature_store.quality.\"fp_v2$fingerprint\"")).isNotEqualTo(fingerprint);
        assertQueryFails("SELECT * FROM feature_store.quality.\"fp_v1$fingerprint@main\"", "\"fp_v1\\$fingerprint\" does not read a version of its source table: remove '@main'");

        // the record goes with the training set; the table stays
        assertUpdate("CALL feature_store.system.drop_training_set('quality', 'fp_v1')");
        assertQueryReturnsEmptyResult("SELECT * FROM feature_store.system.training_set_materializations WHERE training_set = 'fp_v1'");
        assertQuery("SELECT count(*) FROM iceberg.q.fp_v1_rows", "VALUES 51");
    }
}
