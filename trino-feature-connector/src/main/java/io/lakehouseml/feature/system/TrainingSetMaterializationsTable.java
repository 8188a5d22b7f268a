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
package io.lakehouseml.feature.system;

import com.google.common.collect.ImmutableList;
import com.google.inject.Inject;
import io.lakehouseml.feature.registry.FeatureRegistry;
import io.lakehouseml.feature.registry.MaterializationDefinition;
import io.trino.spi.connector.ConnectorSession;

import java.util.List;
import java.util.Optional;

import static io.trino.spi.type.BigintType.BIGINT;
import static io.trino.spi.type.TimestampWithTimeZoneType.TIMESTAMP_TZ_MILLIS;
import static io.trino.spi.type.VarcharType.VARCHAR;
import static java.util.Objects.requireNonNull;

/**
 * {@code feature_store.system.training_set_materializations}: the Iceberg tables registered as holding the rows of a training set, at their recorded snapshots.
 */
public class TrainingSetMaterializationsTable
        extends ListingTable<MaterializationDefinition>
{
    private final FeatureRegistry registry;

    @Inject
    public TrainingSetMaterializationsTable(FeatureRegistry registry)
    {
        super("training_set_materializations", ImmutableList.of(
                column("schema_name", VARCHAR),
                column("training_set", VARCHAR),
                column("table_name", VARCHAR),
                column("snapshot_id", BIGINT),
                column("committed_at", TIMESTAMP_TZ_MILLIS),
                column("total_rows", BIGINT),
                column("owner", VARCHAR),
                column("created_at", TIMESTAMP_TZ_MILLIS)));
        this.registry = requireNonNull(registry, "registry is null");
    }

    @Override
    protected List<MaterializationDefinition> rows(ConnectorSession session)
    {
        return registry.listMaterializations(Optional.empty(), Optional.empty());
    }

    @Override
    protected Object[] toRow(MaterializationDefinition materialization)
    {
        return new Object[] {
                materialization.schema(),
                materialization.trainingSet(),
                materialization.table().toString(),
                materialization.snapshotId(),
                timestamp(materialization.committedAt()),
                materialization.rows().orElse(null),
                materialization.owner(),
                timestamp(materialization.createdAt()),
        };
    }
}
