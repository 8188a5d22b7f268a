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
import com.google.inject.Inject;
import io.trino.filesystem.TrinoFileSystemFactory;
import io.trino.spi.TrinoException;
import io.trino.spi.security.ConnectorIdentity;
import jakarta.annotation.PreDestroy;
import org.apache.iceberg.CatalogProperties;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.SupportsNamespaces;
import org.apache.iceberg.catalog.ViewCatalog;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.jdbc.JdbcCatalog;
import org.apache.iceberg.jdbc.JdbcClientPool;
import org.apache.iceberg.rest.HTTPClient;
import org.apache.iceberg.rest.RESTCatalog;
import org.apache.iceberg.rest.RESTClient;
import org.apache.iceberg.rest.RESTSessionCatalog;

import java.io.Closeable;
import java.io.IOException;
import java.util.Map;
import java.util.function.Function;

import static io.lakehouseml.feature.FeatureStoreErrorCode.FEATURE_STORE_CATALOG_ERROR;
import static java.util.Objects.requireNonNull;

/**
 * Opens the Iceberg catalog that the Trino Iceberg catalog uses too, through iceberg-core.
 */
public class IcebergCatalogFactory
{
    private static final String CATALOG_IDENTITY = "feature_store";

    private final RegistryCatalog catalog;

    @Inject
    public IcebergCatalogFactory(IcebergCatalogConfig config, TrinoFileSystemFactory fileSystemFactory)
    {
        FileIO fileIo = new TrinoFileIo(fileSystemFactory.create(ConnectorIdentity.ofUser(CATALOG_IDENTITY)));
        this.catalog = switch (config.getCatalogType()) {
            case JDBC -> openJdbcCatalog(config, fileIo);
            case REST -> openRestCatalog(config, fileIo);
        };
    }

    public RegistryCatalog catalog()
    {
        return catalog;
    }

    @PreDestroy
    public void shutdown()
            throws IOException
    {
        if (catalog.tables() instanceof Closeable closeable) {
            closeable.close();
        }
    }

    private static RegistryCatalog openJdbcCatalog(IcebergCatalogConfig config, FileIO fileIo)
    {
        String driverClass = config.getJdbcDriverClass().orElseThrow();
        try {
            Class.forName(driverClass, true, IcebergCatalogFactory.class.getClassLoader());
        }
        catch (ClassNotFoundException e) {
            throw new TrinoException(FEATURE_STORE_CATALOG_ERROR, "JDBC driver class not found: " + driverClass, e);
        }

        ImmutableMap.Builder<String, String> properties = ImmutableMap.builder();
        properties.put(CatalogProperties.URI, config.getJdbcConnectionUrl().orElseThrow());
        properties.put(CatalogProperties.WAREHOUSE_LOCATION, config.getJdbcDefaultWarehouseDir().orElseThrow());
        properties.put(JdbcCatalog.PROPERTY_PREFIX + "schema-version", "V1");
        // the catalog tables are created when missing, as every iceberg-core JDBC catalog client does
        properties.put(JdbcCatalog.PROPERTY_PREFIX + "init-catalog-tables", "true");
        config.getJdbcConnectionUser().ifPresent(user -> properties.put(JdbcCatalog.PROPERTY_PREFIX + "user", user));
        config.getJdbcConnectionPassword().ifPresent(password -> properties.put(JdbcCatalog.PROPERTY_PREFIX + "password", password));
        Map<String, String> catalogProperties = properties.buildOrThrow();

        JdbcCatalog jdbcCatalog = new JdbcCatalog(
                _ -> fileIo,
                catalogPropertiesForPool -> new JdbcClientPool(catalogPropertiesForPool.get(CatalogProperties.URI), catalogPropertiesForPool),
                true);
        try {
            jdbcCatalog.initialize(config.getJdbcCatalogName().orElseThrow(), catalogProperties);
        }
        catch (RuntimeException e) {
            throw new TrinoException(FEATURE_STORE_CATALOG_ERROR, "Cannot open the Iceberg JDBC catalog: " + e.getMessage(), e);
        }
        return new RegistryCatalog(jdbcCatalog, jdbcCatalog, jdbcCatalog);
    }

    private static RegistryCatalog openRestCatalog(IcebergCatalogConfig config, FileIO fileIo)
    {
        ImmutableMap.Builder<String, String> properties = ImmutableMap.builder();
        properties.put(CatalogProperties.URI, config.getRestUri().orElseThrow());
        config.getRestWarehouse().ifPresent(warehouse -> properties.put(CatalogProperties.WAREHOUSE_LOCATION, warehouse));
        config.getRestPrefix().ifPresent(prefix -> properties.put("prefix", prefix));

        RESTCatalog restCatalog = new RESTCatalog()
        {
            @Override
            protected RESTSessionCatalog newSessionCatalog(Function<Map<String, String>, RESTClient> clientBuilder)
            {
                return new RESTSessionCatalog(
                        restProperties -> HTTPClient.builder(restProperties).uri(restProperties.get(CatalogProperties.URI)).build(),
                        (_, _) -> fileIo);
            }
        };
        try {
            restCatalog.initialize("feature_store", properties.buildOrThrow());
        }
        catch (RuntimeException e) {
            throw new TrinoException(FEATURE_STORE_CATALOG_ERROR, "Cannot open the Iceberg REST catalog: " + e.getMessage(), e);
        }
        return new RegistryCatalog(restCatalog, restCatalog, restCatalog);
    }

    public record RegistryCatalog(Catalog tables, SupportsNamespaces namespaces, ViewCatalog views)
    {
        public RegistryCatalog
        {
            requireNonNull(tables, "tables is null");
            requireNonNull(namespaces, "namespaces is null");
            requireNonNull(views, "views is null");
        }
    }
}
