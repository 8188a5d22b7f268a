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

import com.google.common.collect.ImmutableMap;
import com.google.common.io.MoreFiles;
import org.apache.iceberg.CatalogProperties;
import org.apache.iceberg.inmemory.InMemoryFileIO;
import org.apache.iceberg.jdbc.JdbcCatalog;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static com.google.common.io.RecursiveDeleteOption.ALLOW_INSECURE;

/**
 * An embedded Iceberg catalog in a temporary directory, laid out as {@code bin/lakehouse} lays out
 * its data directory: Iceberg's JDBC catalog on a SQLite file and a local warehouse with
 * {@code file:///} locations.
 */
public final class TestingLakehouseCatalog
        implements AutoCloseable
{
    public static final String CATALOG_NAME = "lakehouse";

    private final Path directory;

    public TestingLakehouseCatalog()
    {
        this(createTemporaryDirectory());
    }

    /**
     * The catalog in the given directory: made there if it is not yet, used as it is otherwise (by
     * a server started again on the same data, for example). {@link #close()} deletes the directory.
     */
    public TestingLakehouseCatalog(Path directory)
    {
        try {
            this.directory = directory.toRealPath();
            Files.createDirectories(warehouse());
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        createCatalogTables();
    }

    private static Path createTemporaryDirectory()
    {
        try {
            return Files.createTempDirectory("lakehouse-test");
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path directory()
    {
        return directory;
    }

    public Path warehouse()
    {
        return directory.resolve("warehouse");
    }

    public String jdbcUrl()
    {
        return "jdbc:sqlite:" + directory.resolve("catalog.db");
    }

    public String warehouseLocation()
    {
        return warehouse().toUri().toString();
    }

    /**
     * The lines of {@code etc/catalog/iceberg.properties} for this catalog, without the connector name.
     */
    public Map<String, String> catalogProperties()
    {
        return ImmutableMap.<String, String>builder()
                .put("iceberg.catalog.type", "jdbc")
                .put("iceberg.jdbc-catalog.driver-class", "org.sqlite.JDBC")
                .put("iceberg.jdbc-catalog.connection-url", jdbcUrl())
                .put("iceberg.jdbc-catalog.catalog-name", CATALOG_NAME)
                .put("iceberg.jdbc-catalog.default-warehouse-dir", warehouseLocation())
                .put("fs.local.enabled", "true")
                .put("local.location", "/")
                .buildOrThrow();
    }

    /**
     * Creates the catalog's own tables in the SQLite file, as iceberg-core's JDBC catalog does on
     * first use; Trino's Iceberg connector expects them to exist.
     */
    private void createCatalogTables()
    {
        try (JdbcCatalog catalog = new JdbcCatalog(_ -> new InMemoryFileIO(), null, true)) {
            catalog.initialize(CATALOG_NAME, ImmutableMap.of(
                    CatalogProperties.URI, jdbcUrl(),
                    CatalogProperties.WAREHOUSE_LOCATION, warehouseLocation(),
                    JdbcCatalog.PROPERTY_PREFIX + "schema-version", "V1"));
        }
    }

    @Override
    public void close()
            throws IOException
    {
        MoreFiles.deleteRecursively(directory, ALLOW_INSECURE);
    }
}
