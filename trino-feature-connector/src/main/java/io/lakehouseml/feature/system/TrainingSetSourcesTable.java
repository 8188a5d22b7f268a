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
import io.trino.spi.connector.ConnectorSession;

import java.util.List;
import java.util.Optional;

import static io.trino.spi.type.BigintType.BIGINT;
import static io.trino.spi.type.IntegerType.INTEGER;
import static io.trino.spi.type.TimestampWithTimeZoneType.TIMESTAMP_TZ_MILLIS;
import static io.trino.spi.type.VarcharType.VARCHAR;
import static java.util.Objects.requireNonNull;

/**
 * {@code feature_store.system.training_set_sources}: the manifest of every training set: the spine
 * and the source table of every feature view it reads, each at its pinned snapshot, with the
 * version of the view's definition it used.
 */
public class TrainingSetSourcesTable
        extends ListingTable<Object[]>
{
    private final FeatureRegistry registry;

    @Inject
    public TrainingSetSourcesTable(FeatureRegistry registry)
    {
        super("training_set_sources", ImmutableList.of(
                column("schema_name", VARCHAR),
                column("training_set", VARCHAR),
                column("role", VARCHAR),
                column("source_table", VARCHAR),
                column("snapshot_id", BIGINT),
                column("committed_at", TIMESTAMP_TZ_MILLIS),
                column("feature_view_version", INTEGER)));
        this.registry = requireNonNull(registry, "registry is null");
    }

    @Override
    protected List<Object[]> rows(ConnectorSession session)
    {
        return registry.listTrainingSets(Optional.empty()).stream()
                .flatMap(trainingSet -> trainingSet.sources().stream().map(source -> new Object[] {
                        trainingSet.schema(),
                        trainingSet.name(),
                        source.role(),
                        source.table().toString(),
                        source.snapshotId(),
                        timestamp(source.committedAt()),
                        source.featureViewVersion().orElse(null),
                }))
                .toList();
    }

    @Override
    protected Object[] toRow(Object[] row)
    {
        return row;
    }
}
