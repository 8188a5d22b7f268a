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
import io.lakehouseml.feature.FeatureStoreQueryRunner;
import io.lakehouseml.testing.TestingLakehouseCatalog;
import io.trino.filesystem.local.LocalFileSystem;
import io.trino.testing.AbstractTestQueryFramework;
import io.trino.testing.QueryRunner;
import org.apache.iceberg.CatalogProperties;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.jdbc.JdbcCatalog;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static com.google.common.collect.ImmutableList.toImmutableList;
import static com.google.common.collect.Streams.stream;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A table written through Trino is an ordinary Iceberg table of the catalog: iceberg-core's own
 * JDBC catalog client loads it from the same catalog database and sees the same snapshots.
 */
final class TestIcebergCatalogInterop
        extends AbstractTestQueryFramework
{
    private TestingLakehouseCatalog lakehouseCatalog;

    @Override
    protected QueryRunner createQueryRunner()
            throws Exception
    {
        lakehouseCatalog = closeAfterClass(new TestingLakehouseCatalog());
        return FeatureStoreQueryRunner.builder()
                .setLakehouseCatalog(lakehouseCatalog)
                .build();
    }

    @Test
    void testTrinoTableLoadedByIcebergCore()
            throws Exception
    {
        assertUpdate("CREATE TABLE interop (id bigint, name varchar)");
        assertUpdate("INSERT INTO interop VALUES (1, 'one')", 1);
        assertUpdate("INSERT INTO interop VALUES (2, 'two')", 1);

        List<Long> trinoSnapshotIds = computeActual("SELECT snapshot_id FROM \"interop$snapshots\" ORDER BY committed_at").getMaterializedRows().stream()
                .map(row -> (Long) row.getField(0))
                .collect(toImmutableList());
        assertThat(trinoSnapshotIds).hasSize(3);

        try (JdbcCatalog catalog = new JdbcCatalog(_ -> new TrinoFileIo(new LocalFileSystem(Path.of("/"))), null, false)) {
            catalog.initialize(TestingLakehouseCatalog.CATALOG_NAME, ImmutableMap.of(
                    CatalogProperties.URI, lakehouseCatalog.jdbcUrl(),
                    CatalogProperties.WAREHOUSE_LOCATION, lakehouseCatalog.warehouseLocation()));
            Table table = catalog.loadTable(TableIdentifier.of("tpch", "interop"));

            assertThat(table.location()).startsWith("file:///");
            assertThat(stream(table.snapshots()).map(Snapshot::snapshotId).collect(toImmutableList()))
                    .containsExactlyElementsOf(trinoSnapshotIds);
            assertThat(table.currentSnapshot().snapshotId()).isEqualTo(trinoSnapshotIds.getLast());
            assertThat(table.schema().columns()).extracting(column -> column.name()).containsExactly("id", "name");
            assertThat(table.currentSnapshot().summary()).containsEntry("total-records", "2");
        }
        assertUpdate("DROP TABLE interop");
    }
}
