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
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

import static com.google.common.io.RecursiveDeleteOption.ALLOW_INSECURE;
import static io.lakehouseml.server.JdbcQueries.queryLong;
import static io.lakehouseml.server.JdbcQueries.queryString;
import static java.util.concurrent.TimeUnit.MINUTES;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.TestInstance.Lifecycle.PER_CLASS;

/**
 * {@code bin/lakehouse start --secure} on the real server: HTTPS with the certificate it made,
 * passwords for the demo users, plain HTTP and wrong passwords refused; and the shipped access
 * rules for each demo user over JDBC with TLS.
 */
@TestInstance(PER_CLASS)
final class TestSecureServer
{
    private Path dataDirectory;
    private int port;
    private LakehouseLauncher launcher;
    private Map<String, String> passwords;

    @BeforeAll
    void setUp()
            throws Exception
    {
        dataDirectory = Files.createTempDirectory("lakehouse-secure");
        port = freePortPair();
        launcher = new LakehouseLauncher(port, dataDirectory);
        CommandResult start = lakehouse("start", "--secure");
        assertThat(start.exitCode()).as(start.output()).isZero();
        assertThat(start.output())
                .contains("https://127.0.0.1:" + port)
                .contains("jdbc:trino://127.0.0.1:" + port + "/iceberg?SSL=true&SSLTrustStorePath=");
        passwords = new HashMap<>();
        for (String line : Files.readAllLines(dataDirectory.resolve("security/demo-passwords"))) {
            int separator = line.indexOf('=');
            passwords.put(line.substring(0, separator), line.substring(separator + 1));
        }
        assertThat(passwords).containsOnlyKeys("admin", "data_engineer", "data_scientist", "analyst");
        assertThat(Files.getPosixFilePermissions(dataDirectory.resolve("security/demo-passwords")).toString()).isEqualTo("[OWNER_READ, OWNER_WRITE]");
    }

    @AfterAll
    void tearDown()
            throws Exception
    {
        lakehouse("stop");
        MoreFiles.deleteRecursively(dataDirectory, ALLOW_INSECURE);
    }

    @Test
    @Timeout(value = 5, unit = MINUTES)
    void testAuthentication()
            throws Exception
    {
        try (Connection connection = connect("admin", passwords.get("admin")); Statement statement = connection.createStatement()) {
            assertThat(queryString(statement, "SELECT current_user")).isEqualTo("admin");
            assertThat(queryLong(statement, "SELECT count(*) FROM iceberg.crm.customers")).isEqualTo(500);
        }
        assertThatThrownBy(() -> connect("admin", "not the password").createStatement().executeQuery("SELECT 1"))
                .isInstanceOf(SQLException.class)
                .hasStackTraceContaining("Invalid credentials");
        assertThatThrownBy(() -> connect("mallory", passwords.get("admin")).createStatement().executeQuery("SELECT 1"))
                .isInstanceOf(SQLException.class)
                .hasStackTraceContaining("Invalid credentials");
        // the driver itself refuses to send a password without TLS
        assertThatThrownBy(() -> DriverManager.getConnection("jdbc:trino://127.0.0.1:%d/iceberg".formatted(port + 1), "admin", passwords.get("admin")).createStatement().executeQuery("SELECT 1"))
                .isInstanceOf(SQLException.class)
                .hasStackTraceContaining("TLS/SSL");

        // plain HTTP with a user name taken on trust is refused, on the internal port and on the HTTPS port
        HttpClient client = HttpClient.newHttpClient();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:%d/v1/statement".formatted(port + 1)))
                .header("X-Trino-User", "admin")
                .POST(HttpRequest.BodyPublishers.ofString("SELECT 1"))
                .build();
        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isIn(401, 403);
        assertThatThrownBy(() -> connectWithoutTls("admin").createStatement().executeQuery("SELECT 1"))
                .isInstanceOf(SQLException.class);

        CommandResult status = lakehouse("status");
        assertThat(status.exitCode()).as(status.output()).isZero();
        assertThat(status.output()).contains("running").contains("https://127.0.0.1:" + port);

        // bin/lakehouse sql connects with TLS and the user's password
        CommandResult sql = lakehouse("sql", "--user", "data_scientist", "--execute", "SELECT count(*), count(phone) FROM crm.customers", "--output-format", "TSV");
        assertThat(sql.exitCode()).as(sql.output()).isZero();
        assertThat(sql.output().strip()).isEqualTo("500\t0");
    }

    @Test
    @Timeout(value = 5, unit = MINUTES)
    void testAccessRulesOverJdbc()
            throws Exception
    {
        try (Connection connection = connect("data_engineer", passwords.get("data_engineer")); Statement statement = connection.createStatement()) {
            statement.execute(
                    """
                    CALL feature_store.system.register_feature_view(schema_name => 'crm', view_name => 'customer_profile',
                        source_table => 'iceberg.crm.customers', entity_columns => ARRAY['customer_id'], timestamp_column => 'updated_at')""");
            statement.execute(
                    """
                    CALL feature_store.system.register_feature_view(schema_name => 'ecommerce', view_name => 'user_stats',
                        source_table => 'iceberg.features.user_stats', entity_columns => ARRAY['user_id'], timestamp_column => 'event_ts',
                        created_timestamp_column => 'created_ts', ttl => '30d', features => ARRAY['avg_spend_30d'])""");
            statement.execute("CALL feature_store.system.begin_write('ecommerce', 'user_stats', 'audit')");
            statement.execute("CALL feature_store.system.discard_write('ecommerce', 'user_stats', 'audit')");
            assertThat(queryString(statement, "SELECT email FROM feature_store.crm.customer_profile WHERE customer_id = 1")).endsWith("1@example.com");
        }
        try (Connection connection = connect("data_scientist", passwords.get("data_scientist")); Statement statement = connection.createStatement()) {
            // a keyed hash of the email, no phone, the year of birth
            assertThat(queryString(statement, "SELECT email FROM iceberg.crm.customers WHERE customer_id = 1")).matches("[0-9a-f]{64}");
            assertThat(queryLong(statement, "SELECT count(*) FROM feature_store.crm.customer_profile WHERE phone IS NOT NULL OR day_of_year(birth_date) <> 1 OR email LIKE '%@%'")).isZero();
            assertThat(queryLong(statement, "SELECT count(*) FROM iceberg.crm.customers c JOIN feature_store.crm.\"customer_profile$latest\" p ON c.email = p.email")).isEqualTo(500);
            statement.execute(
                    """
                    CALL feature_store.system.create_training_set(schema_name => 'ecommerce', name => 'churn_v1', spine_table => 'iceberg.ml.churn_labels',
                        spine_timestamp_column => 'label_ts', features => ARRAY['user_stats:avg_spend_30d'])""");
            assertThat(queryLong(statement, "SELECT count(*) FROM feature_store.ecommerce.churn_v1")).isEqualTo(3000);
            assertThat(queryLong(statement, "SELECT count(avg_spend_30d) FROM TABLE(feature_store.system.point_in_time_features(schema_name => 'ecommerce', spine_table => 'iceberg.ml.churn_labels', spine_timestamp_column => 'label_ts', features => ARRAY['user_stats:avg_spend_30d']))"))
                    .isEqualTo(queryLong(statement, "SELECT count(avg_spend_30d) FROM feature_store.ecommerce.churn_v1"));
            // a spine of the data scientist's own, in the sandbox schema
            statement.execute("CREATE TABLE iceberg.sandbox.customer_spine AS SELECT user_id AS customer_id, label_ts FROM iceberg.ml.churn_labels");
            assertThatThrownBy(() -> statement.executeQuery("SELECT * FROM TABLE(feature_store.system.point_in_time_features(schema_name => 'crm', spine_table => 'iceberg.sandbox.customer_spine', spine_timestamp_column => 'label_ts', features => ARRAY['customer_profile:email']))"))
                    .hasMessageContaining("Access Denied: Column email of iceberg.crm.customers is masked for user data_scientist");
            assertThatThrownBy(() -> statement.execute("CALL feature_store.system.register_entity('ecommerce', 'user', ARRAY['user_id'])"))
                    .hasMessageContaining("Access Denied: Cannot execute procedure feature_store.system.register_entity");
            assertThatThrownBy(() -> statement.executeQuery("SELECT * FROM iceberg.governance.mask_keys"))
                    .hasMessageContaining("Access Denied");
        }
        try (Connection connection = connect("analyst", passwords.get("analyst")); Statement statement = connection.createStatement()) {
            assertThat(queryLong(statement, "SELECT count(*) FROM iceberg.crm.customers WHERE country NOT IN ('DE', 'ES', 'FR', 'NL')")).isZero();
            assertThat(queryLong(statement, "SELECT count(*) FROM feature_store.crm.customer_profile")).isBetween(1L, 499L);
            assertThat(queryLong(statement, "SELECT count(*) FROM feature_store.ecommerce.churn_v1")).isEqualTo(3000);
            assertThatThrownBy(() -> statement.execute("CALL feature_store.system.drop_training_set('ecommerce', 'churn_v1')"))
                    .hasMessageContaining("Access Denied: Cannot execute procedure feature_store.system.drop_training_set");
            assertThatThrownBy(() -> statement.execute("CREATE TABLE iceberg.ml.copy AS SELECT 1 AS x"))
                    .hasMessageContaining("Access Denied");
        }
    }

    private Connection connect(String user, String password)
            throws SQLException
    {
        Properties properties = new Properties();
        properties.setProperty("user", user);
        properties.setProperty("password", password);
        properties.setProperty("SSL", "true");
        properties.setProperty("SSLTrustStorePath", dataDirectory.resolve("security/server.pem").toString());
        return DriverManager.getConnection("jdbc:trino://127.0.0.1:%d/iceberg".formatted(port), properties);
    }

    private Connection connectWithoutTls(String user)
            throws SQLException
    {
        return DriverManager.getConnection("jdbc:trino://127.0.0.1:%d/iceberg".formatted(port), user, null);
    }

    /**
     * A free port whose next port is free too: --secure listens on both.
     */
    private static int freePortPair()
            throws IOException
    {
        for (int attempt = 0; attempt < 100; attempt++) {
            try (ServerSocket first = new ServerSocket(0)) {
                int candidate = first.getLocalPort();
                if (candidate < 65535) {
                    try (ServerSocket _ = new ServerSocket(candidate + 1)) {
                        return candidate;
                    }
                    catch (IOException _) {
                        // taken: try another
                    }
                }
            }
        }
        throw new IOException("No two free consecutive ports");
    }

    private CommandResult lakehouse(String command, String... arguments)
            throws IOException, InterruptedException
    {
        return launcher.run(command, arguments);
    }
}
