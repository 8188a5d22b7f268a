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
package io.lakehouseml.feature.iceberg;

import com.google.common.collect.ImmutableMap;
import io.lakehouseml.feature.iceberg.IcebergCatalogConfig.CatalogType;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.airlift.configuration.testing.ConfigAssertions.assertFullMapping;
import static io.airlift.configuration.testing.ConfigAssertions.assertRecordedDefaults;
import static io.airlift.configuration.testing.ConfigAssertions.recordDefaults;
import static org.assertj.core.api.Assertions.assertThat;

final class TestIcebergCatalogConfig
{
    @Test
    void testDefaults()
    {
        assertRecordedDefaults(recordDefaults(IcebergCatalogConfig.class)
                .setCatalogType(CatalogType.JDBC)
                .setJdbcDriverClass(null)
                .setJdbcConnectionUrl(null)
                .setJdbcConnectionUser(null)
                .setJdbcConnectionPassword(null)
                .setJdbcCatalogName(null)
                .setJdbcDefaultWarehouseDir(null)
                .setRestUri(null)
                .setRestPrefix(null)
                .setRestWarehouse(null));
    }

    @Test
    void testExplicitPropertyMappings()
    {
        Map<String, String> properties = ImmutableMap.<String, String>builder()
                .put("iceberg.catalog.type", "REST")
                .put("iceberg.jdbc-catalog.driver-class", "org.postgresql.Driver")
                .put("iceberg.jdbc-catalog.connection-url", "jdbc:postgresql://db/iceberg")
                .put("iceberg.jdbc-catalog.connection-user", "trino")
                .put("iceberg.jdbc-catalog.connection-password", "secret")
                .put("iceberg.jdbc-catalog.catalog-name", "lakehouse")
                .put("iceberg.jdbc-catalog.default-warehouse-dir", "s3://warehouse/")
                .put("iceberg.rest-catalog.uri", "http://rest:8181")
                .put("iceberg.rest-catalog.prefix", "prod")
                .put("iceberg.rest-catalog.warehouse", "s3://warehouse/")
                .buildOrThrow();

        IcebergCatalogConfig expected = new IcebergCatalogConfig()
                .setCatalogType(CatalogType.REST)
                .setJdbcDriverClass("org.postgresql.Driver")
                .setJdbcConnectionUrl("jdbc:postgresql://db/iceberg")
                .setJdbcConnectionUser("trino")
                .setJdbcConnectionPassword("secret")
                .setJdbcCatalogName("lakehouse")
                .setJdbcDefaultWarehouseDir("s3://warehouse/")
                .setRestUri("http://rest:8181")
                .setRestPrefix("prod")
                .setRestWarehouse("s3://warehouse/");

        assertFullMapping(properties, expected);
    }

    @Test
    void testCompleteness()
    {
        assertThat(new IcebergCatalogConfig().isJdbcCatalogComplete()).isFalse();
        assertThat(new IcebergCatalogConfig()
                .setJdbcDriverClass("org.sqlite.JDBC")
                .setJdbcConnectionUrl("jdbc:sqlite:/tmp/catalog.db")
                .setJdbcCatalogName("lakehouse")
                .setJdbcDefaultWarehouseDir("file:///tmp/warehouse")
                .isJdbcCatalogComplete()).isTrue();
        assertThat(new IcebergCatalogConfig().setCatalogType(CatalogType.REST).isRestCatalogComplete()).isFalse();
        assertThat(new IcebergCatalogConfig().setCatalogType(CatalogType.REST).setRestUri("http://rest:8181").isRestCatalogComplete()).isTrue();
    }
}
