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
import io.lakehouseml.testing.TestingLakehouseCatalog;
import io.trino.spi.Plugin;
import io.trino.spi.connector.Connector;
import io.trino.spi.connector.ConnectorFactory;
import io.trino.spi.connector.SystemTable;
import io.trino.spi.function.table.ConnectorTableFunction;
import io.trino.spi.procedure.Procedure;
import io.trino.testing.TestingConnectorContext;
import org.junit.jupiter.api.Test;

import static com.google.common.collect.MoreCollectors.onlyElement;
import static com.google.common.collect.Streams.stream;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The plugin creates the connector from its configuration, with every procedure, table function
 * and system table it documents.
 */
final class TestFeatureStorePlugin
{
    @Test
    void testCreateConnector()
            throws Exception
    {
        Plugin plugin = new FeatureStorePlugin();
        ConnectorFactory factory = stream(plugin.getConnectorFactories()).collect(onlyElement());
        assertThat(factory.getName()).isEqualTo("feature_store");
        try (TestingLakehouseCatalog catalog = new TestingLakehouseCatalog()) {
            Connector connector = factory.create(
                    "feature_store",
                    ImmutableMap.<String, String>builder()
                            .putAll(catalog.catalogProperties())
                            .put("feature-store.source-catalog", "iceberg")
                            .buildOrThrow(),
                    new TestingConnectorContext());
            try {
                assertThat(connector.getProcedures()).extracting(Procedure::getName).containsExactlyInAnyOrder(
                        "register_entity",
                        "drop_entity",
                        "register_feature_view",
                        "drop_feature_view",
                        "register_feature_service",
                        "drop_feature_service",
                        "create_training_set",
                        "drop_training_set",
                        "register_materialization",
                        "add_expectation",
                        "drop_expectation",
                        "begin_write",
                        "commit_write",
                        "publish_write",
                        "discard_write",
                        "create_vector_index",
                        "refresh_vector_index",
                        "drop_vector_index",
                        "register_model",
                        "set_model_alias",
                        "drop_model_alias");
                assertThat(connector.getTableFunctions()).extracting(ConnectorTableFunction::getName)
                        .containsExactlyInAnyOrder("point_in_time_join", "point_in_time_features", "point_in_time_features_for", "vector_search");
                assertThat(connector.getSystemTables()).extracting(table -> table.getTableMetadata().getTable().getTableName()).containsExactlyInAnyOrder(
                        "feature_views",
                        "entities",
                        "feature_services",
                        "training_sets",
                        "training_set_sources",
                        "training_set_materializations",
                        "feature_freshness",
                        "expectations",
                        "point_in_time_features_memory",
                        "vector_indexes",
                        "feature_view_layout",
                        "feature_view_versions",
                        "model_versions",
                        "model_lineage",
                        "model_artifact_checks",
                        "lineage");
                assertThat(connector.getSystemTables()).extracting(SystemTable::getDistribution).contains(SystemTable.Distribution.ALL_NODES);
            }
            finally {
                connector.shutdown();
            }
        }
    }
}
