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

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import static io.lakehouseml.server.JdbcQueries.queryLong;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Statements and checks on the demo data set that every shape of the lakehouse must pass alike.
 */
final class DemoLakehouse
{
    static final String REGISTER_USER_STATS =
            """
            CALL feature_store.system.register_feature_view(schema_name => 'ecommerce', view_name => 'user_stats',
                source_table => 'iceberg.features.user_stats', entity_columns => ARRAY['user_id'],
                timestamp_column => 'event_ts', created_timestamp_column => 'created_ts', ttl => '30d',
                features => ARRAY['avg_spend_30d', 'txn_count_7d'])
            """;

    private DemoLakehouse() {}

    interface Connector
    {
        Connection connect(String user)
                throws SQLException;
    }

    /**
     * The shipped access rules: masks for data_scientist, who reads the gold layer but not the raw
     * events, a row filter for analyst, and nothing for a user they do not name.
     */
    static void assertAccessRules(Connector connector)
            throws SQLException
    {
        try (Connection connection = connector.connect("data_scientist"); Statement statement = connection.createStatement()) {
            assertThat(queryLong(statement, "SELECT count(*) FROM iceberg.crm.customers WHERE phone IS NULL AND day_of_year(birth_date) = 1 AND length(email) = 64")).isEqualTo(500);
            // the gold layer of the medallion pipeline, not the raw events under it
            assertThat(queryLong(statement, "SELECT count(*) FROM iceberg.gold.user_activity")).isEqualTo(5794);
            assertThatThrownBy(() -> statement.executeQuery("SELECT count(*) FROM iceberg.bronze.raw_events")).hasMessageContaining("Access Denied");
        }
        try (Connection connection = connector.connect("analyst"); Statement statement = connection.createStatement()) {
            assertThat(queryLong(statement, "SELECT count(*) FROM iceberg.crm.customers WHERE country IN ('DE', 'ES', 'FR', 'NL')"))
                    .isEqualTo(queryLong(statement, "SELECT count(*) FROM iceberg.crm.customers"))
                    .isBetween(1L, 499L);
        }
        try (Connection connection = connector.connect("e2e"); Statement statement = connection.createStatement()) {
            assertThatThrownBy(() -> statement.executeQuery("SELECT count(*) FROM iceberg.features.user_stats")).hasMessageContaining("Access Denied");
        }
    }
}
