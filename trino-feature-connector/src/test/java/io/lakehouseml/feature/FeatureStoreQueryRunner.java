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
package io.lakehouseml.feature;

import com.google.common.collect.ImmutableMap;
import io.airlift.log.Logger;
import io.airlift.log.Logging;
import io.lakehouseml.testing.LakehouseQueryRunner;
import io.trino.spi.Plugin;
import io.trino.spi.connector.ConnectorFactory;
import io.trino.testing.DistributedQueryRunner;

import java.util.Map;

import static java.util.Objects.requireNonNullElse;

public final class FeatureStoreQueryRunner
{
    public static final String FEATURE_STORE_CATALOG = "feature_store";

    private FeatureStoreQueryRunner() {}

    /**
     * A query runner without access control, so the feature store reads files for every user.
     */
    public static LakehouseQueryRunner.Builder builder()
    {
        return builder(ImmutableMap.of("feature-store.security", "ALLOW_ALL"));
    }

    public static LakehouseQueryRunner.Builder builder(Map<String, String> properties)
    {
        return LakehouseQueryRunner.builder()
                .addPlugin(withoutEventListeners(new FeatureStorePlugin()))
                .addLakehouseCatalog(FEATURE_STORE_CATALOG, FeatureStoreConnectorFactory.CONNECTOR_NAME, ImmutableMap.<String, String>builder()
                        .put("feature-store.source-catalog", LakehouseQueryRunner.ICEBERG_CATALOG)
                        .putAll(properties)
                        .buildOrThrow());
    }

    /**
     * The plugin's connectors without its event listener: Trino's test servers create every event
     * listener a plugin offers, with an empty configuration, and the lineage listener needs one (its
     * tests create it themselves).
     */
    public static Plugin withoutEventListeners(Plugin plugin)
    {
        return new Plugin()
        {
            @Override
            public Iterable<ConnectorFactory> getConnectorFactories()
            {
                return plugin.getConnectorFactories();
            }
        };
    }

    public static void main(String[] args)
            throws Exception
    {
        Logging.initialize();
        DistributedQueryRunner queryRunner = builder()
                .setExtraProperties(Map.of("http-server.http.port", requireNonNullElse(System.getenv("TRINO_PORT"), "8080")))
                .build();
        Logger log = Logger.get(FeatureStoreQueryRunner.class);
        log.info("======== SERVER STARTED ========");
        log.info("\n====\n%s\n====", queryRunner.getCoordinator().getBaseUrl());
    }
}
