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

import io.airlift.configuration.Config;
import io.airlift.configuration.ConfigDescription;
import io.airlift.configuration.ConfigSecuritySensitive;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotNull;

import java.util.Optional;

/**
 * The Iceberg catalog that holds the registry and the feature tables. The property names are
 * those of Trino's Iceberg connector, so the same lines configure both catalogs.
 */
public class IcebergCatalogConfig
{
    public enum CatalogType
    {
        JDBC,
        REST,
    }

    private CatalogType catalogType = CatalogType.JDBC;
    private String jdbcDriverClass;
    private String jdbcConnectionUrl;
    private String jdbcConnectionUser;
    private String jdbcConnectionPassword;
    private String jdbcCatalogName;
    private String jdbcDefaultWarehouseDir;
    private String restUri;
    private String restPrefix;
    private String restWarehouse;

    @NotNull
    public CatalogType getCatalogType()
    {
        return catalogType;
    }

    @Config("iceberg.catalog.type")
    @ConfigDescription("Type of the Iceberg catalog: JDBC or REST")
    public IcebergCatalogConfig setCatalogType(CatalogType catalogType)
    {
        this.catalogType = catalogType;
        return this;
    }

    public Optional<String> getJdbcDriverClass()
    {
        return Optional.ofNullable(jdbcDriverClass);
    }

    @Config("iceberg.jdbc-catalog.driver-class")
    @ConfigDescription("JDBC driver class of the catalog database")
    public IcebergCatalogConfig setJdbcDriverClass(String jdbcDriverClass)
    {
        this.jdbcDriverClass = jdbcDriverClass;
        return this;
    }

    public Optional<String> getJdbcConnectionUrl()
    {
        return Optional.ofNullable(jdbcConnectionUrl);
    }

    @Config("iceberg.jdbc-catalog.connection-url")
    @ConfigDescription("JDBC URL of the catalog database")
    public IcebergCatalogConfig setJdbcConnectionUrl(String jdbcConnectionUrl)
    {
        this.jdbcConnectionUrl = jdbcConnectionUrl;
        return this;
    }

    public Optional<String> getJdbcConnectionUser()
    {
        return Optional.ofNullable(jdbcConnectionUser);
    }

    @Config("iceberg.jdbc-catalog.connection-user")
    @ConfigDescription("User name for the catalog database")
    public IcebergCatalogConfig setJdbcConnectionUser(String jdbcConnectionUser)
    {
        this.jdbcConnectionUser = jdbcConnectionUser;
        return this;
    }

    public Optional<String> getJdbcConnectionPassword()
    {
        return Optional.ofNullable(jdbcConnectionPassword);
    }

    @Config("iceberg.jdbc-catalog.connection-password")
    @ConfigDescription("Password for the catalog database")
    @ConfigSecuritySensitive
    public IcebergCatalogConfig setJdbcConnectionPassword(String jdbcConnectionPassword)
    {
        this.jdbcConnectionPassword = jdbcConnectionPassword;
        return this;
    }

    public Optional<String> getJdbcCatalogName()
    {
        return Optional.ofNullable(jdbcCatalogName);
    }

    @Config("iceberg.jdbc-catalog.catalog-name")
    @ConfigDescription("Iceberg catalog name stored in the catalog database")
    public IcebergCatalogConfig setJdbcCatalogName(String jdbcCatalogName)
    {
        this.jdbcCatalogName = jdbcCatalogName;
        return this;
    }

    public Optional<String> getJdbcDefaultWarehouseDir()
    {
        return Optional.ofNullable(jdbcDefaultWarehouseDir);
    }

    @Config("iceberg.jdbc-catalog.default-warehouse-dir")
    @ConfigDescription("Location under which new namespaces and views are written")
    public IcebergCatalogConfig setJdbcDefaultWarehouseDir(String jdbcDefaultWarehouseDir)
    {
        this.jdbcDefaultWarehouseDir = jdbcDefaultWarehouseDir;
        return this;
    }

    public Optional<String> getRestUri()
    {
        return Optional.ofNullable(restUri);
    }

    @Config("iceberg.rest-catalog.uri")
    @ConfigDescription("URI of the Iceberg REST catalog")
    public IcebergCatalogConfig setRestUri(String restUri)
    {
        this.restUri = restUri;
        return this;
    }

    public Optional<String> getRestPrefix()
    {
        return Optional.ofNullable(restPrefix);
    }

    @Config("iceberg.rest-catalog.prefix")
    @ConfigDescription("Path prefix of the Iceberg REST catalog")
    public IcebergCatalogConfig setRestPrefix(String restPrefix)
    {
        this.restPrefix = restPrefix;
        return this;
    }

    public Optional<String> getRestWarehouse()
    {
        return Optional.ofNullable(restWarehouse);
    }

    @Config("iceberg.rest-catalog.warehouse")
    @ConfigDescription("Warehouse of the Iceberg REST catalog")
    public IcebergCatalogConfig setRestWarehouse(String restWarehouse)
    {
        this.restWarehouse = restWarehouse;
        return this;
    }

    @AssertTrue(message = "iceberg.jdbc-catalog.driver-class, connection-url, catalog-name and default-warehouse-dir are required for the JDBC catalog")
    public boolean isJdbcCatalogComplete()
    {
        return catalogType != CatalogType.JDBC ||
                (jdbcDriverClass != null && jdbcConnectionUrl != null && jdbcCatalogName != null && jdbcDefaultWarehouseDir != null);
    }

    @AssertTrue(message = "iceberg.rest-catalog.uri is required for the REST catalog")
    public boolean isRestCatalogComplete()
    {
        return catalogType != CatalogType.REST || restUri != null;
    }
}
