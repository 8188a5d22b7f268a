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

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import io.airlift.log.Level;
import io.airlift.log.Logger;
import io.airlift.log.Logging;
import io.trino.plugin.iceberg.IcebergPlugin;
import io.trino.spi.Plugin;
import io.trino.testing.DistributedQueryRunner;

import java.util.Map;

import static io.airlift.testing.Closeables.closeAllSuppress;
import static io.trino.testing.TestingSession.testSessionBuilder;
import static java.util.Objects.requireNonNull;
import static java.util.Objects.requireNonNullElse;

/**
 * A distributed query runner (a coordinator and two workers by default) with Trino's Iceberg
 * connector as catalog {@code iceberg} on a temporary {@link TestingLakehouseCatalog}, and
 * further plugins and catalogs on the same Iceberg catalog.
 */
public final class LakehouseQueryRunner
{
    public static final String ICEBERG_CATALOG = "iceberg";

    private LakehouseQueryRunner() {}

    public static Builder builder()
    {
        return new Builder();
    }

    public static final class Builder
            extends DistributedQueryRunner.Builder<Builder>
    {
        private final ImmutableList.Builder<Plugin> plugins = ImmutableList.builder();
        private final ImmutableMap.Builder<String, CatalogDefinition> catalogs = ImmutableMap.builder();
        private Map<String, String> icebergProperties = ImmutableMap.of();
        private TestingLakehouseCatalog lakehouseCatalog;

        private Builder()
        {
            super(testSessionBuilder()
                    .setCatalog(ICEBERG_CATALOG)
                    .setSchema("tpch")
                    .build());
        }

        public Builder addPlugin(Plugin plugin)
        {
            plugins.add(requireNonNull(plugin, "plugin is null"));
            return this;
        }

        /**
         * Adds a catalog configured with the lakehouse catalog's properties plus the given ones.
         */
        public Builder addLakehouseCatalog(String catalogName, String connectorName, Map<String, String> properties)
        {
            catalogs.put(catalogName, new CatalogDefinition(connectorName, properties));
            return this;
        }

        /**
         * Uses the given catalog, which the caller closes; by default a new one is made and
         * deleted when the query runner closes.
         */
        public Builder setLakehouseCatalog(TestingLakehouseCatalog lakehouseCatalog)
        {
            this.lakehouseCatalog = requireNonNull(lakehouseCatalog, "lakehouseCatalog is null");
            return this;
        }

        public Builder setIcebergProperties(Map<String, String> icebergProperties)
        {
            this.icebergProperties = ImmutableMap.copyOf(icebergProperties);
            return this;
        }

        @Override
        public DistributedQueryRunner build()
                throws Exception
        {
            TestingLakehouseCatalog catalog = lakehouseCatalog;
            if (catalog == null) {
                catalog = new TestingLakehouseCatalog();
                registerResource(catalog);
            }
            DistributedQueryRunner queryRunner = super.build();
            try {
                queryRunner.installPlugin(new IcebergPlugin());
                queryRunner.createCatalog(ICEBERG_CATALOG, "iceberg", ImmutableMap.<String, String>builder()
                        .putAll(catalog.catalogProperties())
                        .putAll(icebergProperties)
                        .buildOrThrow());
                for (Plugin plugin : plugins.build()) {
                    queryRunner.installPlugin(plugin);
                }
                for (Map.Entry<String, CatalogDefinition> entry : catalogs.buildOrThrow().entrySet()) {
                    queryRunner.createCatalog(entry.getKey(), entry.getValue().connectorName(), ImmutableMap.<String, String>builder()
                            .putAll(catalog.catalogProperties())
                            .putAll(entry.getValue().properties())
                            .buildOrThrow());
                }
                queryRunner.execute("CREATE SCHEMA IF NOT EXISTS iceberg.tpch");
                return queryRunner;
            }
            catch (Exception e) {
                closeAllSuppress(e, queryRunner);
                throw e;
            }
        }
    }

    private record CatalogDefinition(String connectorName, Map<String, String> properties)
    {
        private CatalogDefinition
        {
            requireNonNull(connectorName, "connectorName is null");
            properties = ImmutableMap.copyOf(properties);
        }
    }

    /**
     * A development server on port 8080 (or TRINO_PORT) with only the Iceberg catalog.
     */
    public static void main(String[] args)
            throws Exception
    {
        Logging logging = Logging.initialize();
        logging.setLevel("io.trino", Level.INFO);
        DistributedQueryRunner queryRunner = builder()
                .setExtraProperties(Map.of("http-server.http.port", requireNonNullElse(System.getenv("TRINO_PORT"), "8080")))
                .build();
        Logger log = Logger.get(LakehouseQueryRunner.class);
        log.info("======== SERVER STARTED ========");
        log.info("\n====\n%s\n====", queryRunner.getCoordinator().getBaseUrl());
    }
}
