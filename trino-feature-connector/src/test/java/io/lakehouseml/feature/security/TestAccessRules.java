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
package io.lakehouseml.feature.security;

import com.google.common.collect.ImmutableMap;
import io.lakehouseml.feature.FeatureStoreQueryRunner;
import io.trino.Session;
import io.trino.spi.security.Identity;
import io.trino.testing.AbstractTestQueryFramework;
import io.trino.testing.DistributedQueryRunner;
import io.trino.testing.MaterializedResult;
import io.trino.testing.MaterializedRow;
import io.trino.testing.QueryRunner;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.LocalDate;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static com.google.common.base.Preconditions.checkState;
import static com.google.common.collect.ImmutableSet.toImmutableSet;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The shipped access rules ({@code etc/rules.json}) on a distributed query runner, checked for
 * each demo user on every path that reads data: the engine's paths (tables, feature views and
 * their companions, training sets, {@code point_in_time_join}) apply masks and filters, the
 * connector's own file reads ({@code point_in_time_features}, {@code feature_freshness}) refuse
 * what they cannot apply, procedures are authorized, and a user the rules do not name reads
 * nothing.
 */
final class TestAccessRules
        extends AbstractTestQueryFramework
{
    static final Path RULES = Path.of("..", "etc", "rules.json").toAbsolutePath().normalize();
    private static final String MASK_KEY = "a key only admin may read";
    // id, email, phone, country, birth date
    private static final List<Customer> CUSTOMERS = List.of(
            new Customer(1, "ann@example.com", "+49-30-1234567", "DE", LocalDate.of(1980, 5, 17)),
            new Customer(2, "bob@example.com", "+1-212-5550101", "US", LocalDate.of(1975, 11, 2)),
            new Customer(3, "chloe@example.com", "+33-1-44556677", "FR", LocalDate.of(1992, 2, 29)),
            new Customer(4, "dan@example.com", "+44-20-79460000", "GB", LocalDate.of(2001, 7, 4)),
            new Customer(5, "eva@example.com", "+31-20-5551234", "NL", LocalDate.of(1968, 1, 1)),
            new Customer(6, "finn@example.com", "+1-415-5550199", "US", LocalDate.of(1988, 12, 31)));
    private static final Set<Long> EU_CUSTOMERS = Set.of(1L, 3L, 5L);

    /**
     * Every statement that could return a customer's email. A new path that reads data (a table
     * function, a metadata table, a companion view) is added here: no statement of this list
     * may return a raw email to {@code data_scientist} or {@code analyst}.
     */
    static final List<String> PATHS_THAT_READ_EMAIL = List.of(
            "SELECT * FROM iceberg.crm.customers",
            "SELECT * FROM iceberg.crm.customers FOR VERSION AS OF 'main'",
            "SELECT * FROM iceberg.crm.\"customers$files\"",
            "SELECT * FROM iceberg.crm.\"customers$partitions\"",
            "SELECT * FROM iceberg.crm.\"customers$history\"",
            "SELECT * FROM iceberg.governance.mask_keys",
            "SELECT * FROM feature_store.governed.customer_profile",
            "SELECT * FROM feature_store.governed.\"customer_profile$latest\"",
            "SELECT * FROM feature_store.governed.\"customer_profile$history\"",
            "SELECT * FROM feature_store.governed.\"customer_profile$statistics\"",
            "SELECT * FROM feature_store.governed.\"customer_profile$drift\"",
            "SELECT * FROM feature_store.governed.\"customer_profile$violations\"",
            "SELECT * FROM feature_store.governed.churn_admin",
            "SELECT * FROM feature_store.governed.\"churn_admin$fingerprint\"",
            "SELECT * FROM feature_store.system.feature_freshness",
            "SELECT * FROM feature_store.system.feature_views",
            "SELECT * FROM feature_store.system.training_sets",
            "SELECT * FROM feature_store.system.training_set_sources",
            "SELECT * FROM feature_store.system.expectations",
            """
            SELECT * FROM TABLE(feature_store.system.point_in_time_join(
                input => TABLE(
                    SELECT customer_id, label_ts AS ts, CAST(NULL AS varchar) AS email, 'spine' AS row_kind FROM iceberg.ml.labels
                    UNION ALL
                    SELECT customer_id, updated_at, email, 'feature' FROM iceberg.crm.customers)
                    PARTITION BY customer_id,
                timestamp_column => 'ts',
                features => DESCRIPTOR(email)))
            """,
            """
            SELECT * FROM TABLE(feature_store.system.point_in_time_features(
                schema_name => 'governed', spine_table => 'iceberg.ml.labels', spine_timestamp_column => 'label_ts',
                features => ARRAY['customer_profile:*']))
            """,
            """
            SELECT * FROM TABLE(feature_store.system.point_in_time_features_for(
                spine => TABLE(iceberg.ml.labels), spine_timestamp_column => 'label_ts',
                schema_name => 'governed', features => ARRAY['customer_profile:*']))
            """);

    @Override
    protected QueryRunner createQueryRunner()
            throws Exception
    {
        checkState(Files.isRegularFile(RULES), "The shipped rules file is missing: %s", RULES);
        return FeatureStoreQueryRunner.builder(ImmutableMap.of(
                        "feature-store.security", "FILE",
                        "feature-store.security.config-file", RULES.toString(),
                        "feature-store.lineage-table", "lineage.query_runs"))
                .amendSession(session -> session.setIdentity(Identity.ofUser("admin")))
                .setSystemAccessControl("file", ImmutableMap.of("security.config-file", RULES.toString()))
                .build();
    }

    @BeforeAll
    void createData()
    {
        for (String schema : List.of("crm", "governance", "features", "ml", "sandbox")) {
            assertUpdate("CREATE SCHEMA iceberg." + schema);
        }
        assertUpdate("CREATE TABLE iceberg.governance.mask_keys AS SELECT 'email' AS key_name, to_utf8('%s') AS mask_key".formatted(MASK_KEY), 1);
        assertUpdate(
                """
                CREATE TABLE iceberg.crm.customers AS
                SELECT customer_id, email, phone, country, birth_date, TIMESTAMP '2025-01-01 00:00:00.000000 UTC' + customer_id * INTERVAL '1' DAY AS updated_at, customer_id * 100.5e0 AS lifetime_value
                FROM (VALUES %s) AS t (customer_id, email, phone, country, birth_date)
                """.formatted(CUSTOMERS.stream().map(Customer::values).collect(Collectors.joining(", "))),
                CUSTOMERS.size());
        assertUpdate("CREATE TABLE iceberg.features.spend AS SELECT customer_id, TIMESTAMP '2025-02-01 00:00:00.000000 UTC' AS event_ts, customer_id * 2.5e0 AS spend_30d FROM UNNEST(sequence(BIGINT '1', 6)) AS t (customer_id)", 6);
        assertUpdate("CREATE TABLE iceberg.ml.labels AS SELECT customer_id, TIMESTAMP '2025-03-01 00:00:00.000000 UTC' AS label_ts, customer_id % 2 = 0 AS churned FROM UNNEST(sequence(BIGINT '1', 6)) AS t (customer_id)", 6);
        assertUpdate("CALL feature_store.system.register_feature_view(schema_name => 'governed', view_name => 'customer_profile', source_table => 'iceberg.crm.customers', entity_columns => ARRAY['customer_id'], timestamp_column => 'updated_at')");
        assertUpdate("CALL feature_store.system.register_feature_view(schema_name => 'governed', view_name => 'spend', source_table => 'iceberg.features.spend', entity_columns => ARRAY['customer_id'], timestamp_column => 'event_ts')");
        assertUpdate("CALL feature_store.system.add_expectation(schema_name => 'governed', view_name => 'customer_profile', expectation_name => 'emails', kind => 'range', column_name => 'email', min_value => 'a')");
        assertUpdate("CALL feature_store.system.create_training_set(schema_name => 'governed', name => 'churn_admin', spine_table => 'iceberg.ml.labels', spine_timestamp_column => 'label_ts', features => ARRAY['customer_profile:*', 'spend:spend_30d'])");
    }

    @Test
    void testAdminReadsRawValues()
    {
        assertThat(column("admin", "SELECT email FROM iceberg.crm.customers ORDER BY customer_id"))
                .containsExactlyElementsOf(CUSTOMERS.stream().map(Customer::email).toList());
        assertThat(column("admin", "SELECT email FROM feature_store.governed.churn_admin ORDER BY customer_id"))
                .containsExactlyElementsOf(CUSTOMERS.stream().map(Customer::email).toList());
        assertThat(column("data_engineer", "SELECT phone FROM feature_store.governed.customer_profile ORDER BY customer_id"))
                .containsExactlyElementsOf(CUSTOMERS.stream().map(Customer::phone).toList());
    }

    @Test
    void testDataScientistReadsMaskedValues()
    {
        List<Object> hashes = CUSTOMERS.stream().map(customer -> (Object) hmac(customer.email())).toList();
        List<Object> years = CUSTOMERS.stream().map(customer -> (Object) customer.birthDate().withDayOfYear(1)).toList();
        for (String table : List.of("iceberg.crm.customers", "feature_store.governed.customer_profile", "feature_store.governed.\"customer_profile$latest\"", "feature_store.governed.churn_admin")) {
            assertThat(column("data_scientist", "SELECT email FROM %s ORDER BY customer_id".formatted(table))).as(table).containsExactlyElementsOf(hashes);
            assertThat(column("data_scientist", "SELECT birth_date FROM %s ORDER BY customer_id".formatted(table))).as(table).containsExactlyElementsOf(years);
            assertThat(column("data_scientist", "SELECT phone FROM %s ORDER BY customer_id".formatted(table))).as(table).allMatch(Objects::isNull).hasSize(CUSTOMERS.size());
        }
        // the keyed hash stays a join key
        assertThat(column("data_scientist", "SELECT count(*) FROM iceberg.crm.customers c JOIN feature_store.governed.churn_admin t ON c.email = t.email")).containsExactly(6L);
        // other data is read as it is
        assertThat(column("data_scientist", "SELECT spend_30d FROM feature_store.governed.churn_admin ORDER BY customer_id")).containsExactly(2.5, 5.0, 7.5, 10.0, 12.5, 15.0);
    }

    @Test
    void testAnalystReadsFilteredRows()
    {
        assertThat(column("analyst", "SELECT customer_id FROM iceberg.crm.customers ORDER BY 1")).containsExactlyElementsOf(List.copyOf(new TreeSet<>(EU_CUSTOMERS)));
        assertThat(column("analyst", "SELECT customer_id FROM feature_store.governed.customer_profile ORDER BY 1")).containsExactlyElementsOf(List.copyOf(new TreeSet<>(EU_CUSTOMERS)));
        assertThat(column("analyst", "SELECT email FROM feature_store.governed.customer_profile")).allMatch(Objects::isNull);
        // the spine is not filtered, the features of customers outside the filter are not found
        MaterializedResult trainingSet = query("analyst", "SELECT customer_id, country FROM feature_store.governed.churn_admin ORDER BY customer_id");
        assertThat(trainingSet.getRowCount()).isEqualTo(6);
        for (MaterializedRow row : trainingSet.getMaterializedRows()) {
            assertThat(row.getField(1) != null).as("customer %s", row.getField(0)).isEqualTo(EU_CUSTOMERS.contains((Long) row.getField(0)));
        }
        // freshness figures come from the files, which the filter cannot apply to
        assertThat(query("analyst", "SELECT total_rows, newest_event_ts FROM feature_store.system.feature_freshness WHERE view_name = 'customer_profile'").getMaterializedRows())
                .singleElement()
                .satisfies(row -> assertThat(row.getFields()).containsOnlyNulls());
        assertThat(column("data_scientist", "SELECT total_rows FROM feature_store.system.feature_freshness WHERE view_name = 'customer_profile'")).containsExactly(6L);
    }

    @Test
    void testLayoutListsFilesOfReadableTablesOnly()
    {
        String views = "SELECT DISTINCT view_name FROM feature_store.system.feature_view_layout WHERE schema_name = 'governed' ORDER BY 1";
        assertThat(column("admin", views)).contains("customer_profile", "spend");
        // the listing shows no column's values, so a mask does not hide it; a row filter does, since the counts describe the rows
        assertThat(column("data_scientist", views)).contains("customer_profile", "spend");
        assertThat(column("analyst", views)).doesNotContain("customer_profile").contains("spend");
        assertDenied("mallory", views, "Access Denied: .*");
    }

    @Test
    void testPointInTimeFeaturesRefusesWhatItCannotMask()
    {
        // the spine as a table, read by the connector, and as a relation, read by the engine with its rules: the connector checks every file it reads
        for (String function : List.of("point_in_time_features", "point_in_time_features_for")) {
            String spine = function.equals("point_in_time_features") ? "spine_table => 'iceberg.ml.labels'" : "spine => TABLE(iceberg.ml.labels)";
            String call = "FROM TABLE(feature_store.system.%s(schema_name => 'governed', %s, spine_timestamp_column => 'label_ts', features => ARRAY[%%s]))".formatted(function, spine);
            String customerProfile = "SELECT count(email) " + call.formatted("'customer_profile:email'");
            String spend = "SELECT sum(spend_30d) " + call.formatted("'spend:spend_30d'");
            assertThat(column("admin", customerProfile)).containsExactly(6L);
            assertThat(column("data_engineer", customerProfile)).containsExactly(6L);
            assertDenied("data_scientist", customerProfile, "Access Denied: Column email of iceberg.crm.customers is masked for user data_scientist, which %s cannot apply .*".formatted(function));
            assertDenied("analyst", customerProfile, "Access Denied: iceberg.crm.customers has a row filter for user analyst, which %s cannot apply .*".formatted(function));
            // features without masks or filters are read by everyone who may read them
            for (String user : List.of("admin", "data_engineer", "data_scientist", "analyst")) {
                assertThat(column(user, spend)).as(user).containsExactly(52.5);
            }
            assertDenied("mallory", spend, "Access Denied: .*");
        }
    }

    @Test
    void testProceduresAreAuthorized()
    {
        String createTrainingSet = "CALL feature_store.system.create_training_set(schema_name => 'governed', name => 'churn_%s', spine_table => 'iceberg.ml.labels', spine_timestamp_column => 'label_ts', features => ARRAY['spend:spend_30d'])";
        assertDenied("analyst", createTrainingSet.formatted("analyst"), "Access Denied: Cannot execute procedure feature_store.system.create_training_set");
        assertDenied("mallory", createTrainingSet.formatted("mallory"), "Access Denied: .*");
        getQueryRunner().execute(session("data_scientist"), createTrainingSet.formatted("scientist"));
        // a training set made by one user is read as its reader: with the reader's masks
        assertThat(column("data_scientist", "SELECT email FROM feature_store.governed.churn_admin WHERE customer_id = 1")).containsExactly(hmac("ann@example.com"));
        assertThat(column("admin", "SELECT count(*) FROM feature_store.governed.churn_scientist")).containsExactly(6L);

        String registerModel = "CALL feature_store.system.register_model(schema_name => 'governed', model_name => 'churn', training_set => 'churn_scientist', artifact_uri => 's3://models/churn/1/model.onnx')";
        assertDenied("analyst", registerModel, "Access Denied: Cannot execute procedure feature_store.system.register_model");
        // data scientists may register models: this one is refused only because this catalog reads artefacts nowhere
        assertThatThrownBy(() -> getQueryRunner().execute(session("data_scientist"), registerModel))
                .hasMessage("Model artifact s3://models/churn/1/model.onnx is not under a location this catalog reads artefacts from (feature-store.model-artifact-roots: none)");

        // the procedures' lineage: the walk reads the lineage table, which the rules keep from all but admin and data_engineer
        String walk = "SELECT DISTINCT operation FROM feature_store.system.lineage WHERE start_dataset = 'feature_store.governed.churn_scientist'";
        assertThat(column("data_engineer", walk)).containsExactly("create_training_set");
        assertDenied("data_scientist", walk, "Access Denied: Cannot select from table iceberg.lineage.query_runs");
        assertDenied("analyst", walk, "Access Denied: Cannot select from table iceberg.lineage.query_runs");

        String register = "CALL feature_store.system.register_feature_view(schema_name => 'governed', view_name => '%s', source_table => '%s', entity_columns => ARRAY['customer_id'], timestamp_column => 'event_ts')";
        assertDenied("data_scientist", register.formatted("spend_copy", "iceberg.features.spend"), "Access Denied: Cannot execute procedure feature_store.system.register_feature_view");
        assertDenied("analyst", register.formatted("spend_copy", "iceberg.features.spend"), "Access Denied: Cannot execute procedure feature_store.system.register_feature_view");
        getQueryRunner().execute(session("data_engineer"), register.formatted("spend_copy", "iceberg.features.spend"));
        // registering reveals nothing of a table the caller may not read: not its columns, not whether a column exists
        assertThatThrownBy(() -> getQueryRunner().execute(session("data_engineer"), register.formatted("keys", "iceberg.governance.mask_keys")))
                .hasMessage("Access Denied: Cannot select from table iceberg.governance.mask_keys")
                .hasMessageNotContaining("mask_key ");
        // nor does adding an expectation to it, or beginning a write to a table of a schema closed to the caller, which does not say whether the table exists
        String addExpectation = "CALL feature_store.system.add_expectation(table_name => 'iceberg.governance.mask_keys', expectation_name => 'probe', kind => 'not_null', column_name => 'no_such_column')";
        assertThatThrownBy(() -> getQueryRunner().execute(session("data_engineer"), addExpectation))
                .hasMessage("Access Denied: Cannot select from table iceberg.governance.mask_keys")
                .hasMessageNotContaining("mask_key ");
        assertDenied("data_engineer", "CALL feature_store.system.begin_write(table_name => 'iceberg.governance.no_such_table', branch_name => 'probe')", "Access Denied: Cannot insert into table iceberg.governance.no_such_table");

        String beginWrite = "CALL feature_store.system.begin_write(schema_name => 'governed', view_name => 'spend', branch_name => 'audit_%s')";
        assertDenied("data_scientist", beginWrite.formatted("scientist"), "Access Denied: Cannot execute procedure feature_store.system.begin_write");
        getQueryRunner().execute(session("data_engineer"), beginWrite.formatted("engineer"));
        getQueryRunner().execute(session("data_engineer"), "CALL feature_store.system.discard_write(schema_name => 'governed', view_name => 'spend', branch_name => 'audit_engineer')");
    }

    @Test
    void testUnknownUserReadsNothing()
    {
        for (String sql : PATHS_THAT_READ_EMAIL) {
            assertDenied("mallory", sql, "Access Denied: .*");
        }
        assertDenied("mallory", "SELECT * FROM iceberg.features.spend", "Access Denied: .*");
        assertDenied("mallory", "SHOW SCHEMAS FROM feature_store", "Access Denied: .*");
    }

    @Test
    void testNoPathReturnsRawEmail()
    {
        Set<String> emails = CUSTOMERS.stream().map(Customer::email).collect(toImmutableSet());
        for (String user : List.of("data_scientist", "analyst")) {
            for (String sql : PATHS_THAT_READ_EMAIL) {
                MaterializedResult result;
                try {
                    result = query(user, sql);
                }
                catch (RuntimeException e) {
                    assertThat(e).as("%s: %s", user, sql).hasMessageContaining("Access Denied: ");
                    continue;
                }
                for (MaterializedRow row : result.getMaterializedRows()) {
                    for (Object field : row.getFields()) {
                        assertThat(emails).as("%s: %s", user, sql).noneMatch(email -> String.valueOf(field).contains(email));
                    }
                }
            }
        }
        // the same statements do return the emails to admin, so the check above can fail
        assertThat(query("admin", "SELECT * FROM feature_store.governed.\"customer_profile$latest\"").toString()).contains("ann@example.com");
    }

    @Test
    void testFingerprintDependsOnTheReader()
    {
        String fingerprint = "SELECT content_fingerprint FROM feature_store.governed.\"churn_admin$fingerprint\"";
        assertThat(column("data_scientist", fingerprint)).isNotEqualTo(column("admin", fingerprint));
        String recorded = "SELECT fingerprint FROM feature_store.system.training_sets WHERE name = 'churn_admin'";
        assertThat(column("data_scientist", recorded)).isEqualTo(column("admin", recorded));
    }

    @Test
    void testEngineModeRefusesFileReads()
            throws Exception
    {
        try (DistributedQueryRunner runner = FeatureStoreQueryRunner.builder(ImmutableMap.of())
                .setWorkerCount(0)
                .build()) {
            runner.execute("CREATE SCHEMA iceberg.ml");
            runner.execute("CREATE TABLE iceberg.ml.spend AS SELECT customer_id, TIMESTAMP '2025-02-01 00:00:00.000000 UTC' AS event_ts, customer_id * 2.5e0 AS spend_30d FROM UNNEST(sequence(BIGINT '1', 6)) AS t (customer_id)");
            runner.execute("CREATE TABLE iceberg.ml.labels AS SELECT customer_id, TIMESTAMP '2025-03-01 00:00:00.000000 UTC' AS label_ts FROM UNNEST(sequence(BIGINT '1', 6)) AS t (customer_id)");
            runner.execute("CALL feature_store.system.register_feature_view(schema_name => 'engine', view_name => 'spend', source_table => 'iceberg.ml.spend', entity_columns => ARRAY['customer_id'], timestamp_column => 'event_ts')");
            assertThatThrownBy(() -> runner.execute("SELECT * FROM TABLE(feature_store.system.point_in_time_features(schema_name => 'engine', spine_table => 'iceberg.ml.labels', spine_timestamp_column => 'label_ts', features => ARRAY['spend:spend_30d']))"))
                    .hasMessageStartingWith("Access Denied: point_in_time_features reads the data files of iceberg.ml.labels itself, and this catalog cannot evaluate the server's access control (feature-store.security=ENGINE)");
            assertThatThrownBy(() -> runner.execute("SELECT * FROM TABLE(feature_store.system.point_in_time_features_for(spine => TABLE(iceberg.ml.labels), spine_timestamp_column => 'label_ts', schema_name => 'engine', features => ARRAY['spend:spend_30d']))"))
                    .hasMessageStartingWith("Access Denied: point_in_time_features_for reads the data files of iceberg.ml.spend itself, and this catalog cannot evaluate the server's access control (feature-store.security=ENGINE)");
            // the engine's paths work: a training set is read through the engine's query
            assertThat(runner.execute("SELECT sum(spend_30d) FROM feature_store.engine.spend").getOnlyValue()).isEqualTo(52.5);
            assertThat(runner.execute("SELECT total_rows FROM feature_store.system.feature_freshness").getOnlyValue()).isNull();
            runner.execute("CALL feature_store.system.create_training_set(schema_name => 'engine', name => 'labelled', spine_table => 'iceberg.ml.labels', spine_timestamp_column => 'label_ts', features => ARRAY['spend:spend_30d'])");
            assertThat(runner.execute("SELECT sum(spend_30d) FROM feature_store.engine.labelled").getOnlyValue()).isEqualTo(52.5);
            assertThat((String) runner.execute("EXPLAIN SELECT * FROM feature_store.engine.labelled").getOnlyValue()).contains("point_in_time_join").doesNotContain("point_in_time_features");
            // and the file listing, which describes the rows, is empty
            assertThat(runner.execute("SELECT count(*) FROM feature_store.system.feature_view_layout").getOnlyValue()).isEqualTo(0L);
        }
    }

    private void assertDenied(String user, String sql, String messageRegex)
    {
        assertThatThrownBy(() -> getQueryRunner().execute(session(user), sql))
                .as("%s: %s", user, sql)
                .hasMessageMatching("(?s)(line \\d+:\\d+: Failed analyzing stored view .*: )?" + messageRegex);
    }

    private List<Object> column(String user, String sql)
    {
        // NULLs included
        return query(user, sql).getMaterializedRows().stream().map(row -> row.getField(0)).collect(Collectors.toList());
    }

    private MaterializedResult query(String user, String sql)
    {
        return getQueryRunner().execute(session(user), sql);
    }

    private Session session(String user)
    {
        return Session.builder(getSession()).setIdentity(Identity.ofUser(user)).build();
    }

    private static String hmac(String value)
    {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(MASK_KEY.getBytes(UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(value.getBytes(UTF_8)));
        }
        catch (GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }

    private record Customer(long id, String email, String phone, String country, LocalDate birthDate)
    {
        String values()
        {
            return "(BIGINT '%d', '%s', '%s', '%s', DATE '%s')".formatted(id, email, phone, country, birthDate);
        }
    }
}
