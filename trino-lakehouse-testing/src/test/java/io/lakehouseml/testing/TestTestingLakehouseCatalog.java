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
package io.lakehouseml.testing;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;

import static org.assertj.core.api.Assertions.assertThat;

final class TestTestingLakehouseCatalog
{
    @Test
    void testCatalogTablesAndCleanup()
            throws Exception
    {
        Path directory;
        try (TestingLakehouseCatalog catalog = new TestingLakehouseCatalog()) {
            directory = catalog.directory();
            assertThat(catalog.warehouse()).isDirectory();
            assertThat(catalog.warehouseLocation()).startsWith("file:///");
            assertThat(catalog.catalogProperties())
                    .containsEntry("iceberg.jdbc-catalog.connection-url", catalog.jdbcUrl())
                    .containsEntry("local.location", "/");
            try (Connection connection = DriverManager.getConnection(catalog.jdbcUrl())) {
                assertThat(columnExists(connection, "iceberg_tables", "iceberg_type")).isTrue();
                assertThat(columnExists(connection, "iceberg_namespace_properties", "property_key")).isTrue();
            }
        }
        assertThat(directory).doesNotExist();
    }

    private static boolean columnExists(Connection connection, String table, String column)
            throws SQLException
    {
        try (ResultSet columns = connection.getMetaData().getColumns(null, null, table, column)) {
            return columns.next();
        }
    }
}
