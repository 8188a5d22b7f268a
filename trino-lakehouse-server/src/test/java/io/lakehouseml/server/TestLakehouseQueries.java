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

import com.google.common.collect.ImmutableMap;
import io.lakehouseml.feature.FeatureStorePlugin;
import io.lakehouseml.ml.MlFunctionsPlugin;
import io.lakehouseml.testing.LakehouseQueryRunner;
import io.trino.spi.Plugin;
import io.trino.spi.connector.ConnectorFactory;
import io.trino.testing.AbstractTestQueryFramework;
import io.trino.testing.QueryRunner;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Both plugins next to Trino's Iceberg connector on one distributed query runner, configured as
 * {@code etc/} configures the lakehouse server.
 */
final class TestLakehouseQueries
        extends AbstractTestQueryFramework
{
    @Override
    protected QueryRunner createQueryRunner()
            throws Exception
    {
        return LakehouseQueryRunner.builder()
                .addPlugin(new MlFunctionsPlugin())
                // its connector: Trino's test servers would create its event listener with an empty configuration
                .addPlugin(new Plugin()
                {
                    @Override
                    public Iterable<ConnectorFactory> getConnectorFactories()
                    {
                        return new FeatureStorePlugin().getConnectorFactories();
                    }
                })
                .addLakehouseCatalog("feature_store", "feature_store", ImmutableMap.of("feature-store.source-catalog", "iceberg", "feature-store.security", "ALLOW_ALL"))
                .build();
    }

    @Test
    void testRunsOnSeveralNodes()
    {
        assertThat(getQueryRunner().getNodeCount()).isGreaterThanOrEqualTo(3);
        assertThat(query("SELECT count(*) FROM system.runtime.nodes WHERE state = 'active'")).matches("VALUES BIGINT '3'");
    }

    @Test
    void testCatalogs()
    {
        assertThat(query("SHOW CATALOGS"))
                .skippingTypesCheck()
                .matches("VALUES 'feature_store', 'iceberg', 'system'");
        assertThat(query("SHOW SCHEMAS FROM feature_store"))
                .skippingTypesCheck()
                .matches("VALUES 'information_schema', 'system'");
    }

    @Test
    void testTimeTravel()
    {
        assertUpdate("CREATE TABLE time_travel (id bigint)");
        assertUpdate("INSERT INTO time_travel VALUES 1", 1);
        long firstInsert = (long) computeScalar("SELECT snapshot_id FROM \"time_travel$snapshots\" ORDER BY committed_at DESC LIMIT 1");
        assertUpdate("INSERT INTO time_travel VALUES 2", 1);

        assertQuery("SELECT id FROM time_travel FOR VERSION AS OF " + firstInsert, "VALUES 1");
        assertQuery("SELECT id FROM time_travel", "VALUES 1, 2");
        assertUpdate("DROP TABLE time_travel");
    }

    @Test
    void testVectorFunctionOnIcebergTable()
    {
        assertUpdate("CREATE TABLE embeddings AS SELECT id, ARRAY[REAL '3', REAL '4'] AS embedding FROM UNNEST(sequence(1, 100)) AS t (id)", 100);
        assertQuery("SELECT count(*), min(vector_norm(embedding)), max(vector_norm(embedding)) FROM embeddings", "VALUES (100, 5.0, 5.0)");
        assertUpdate("DROP TABLE embeddings");
    }
}
