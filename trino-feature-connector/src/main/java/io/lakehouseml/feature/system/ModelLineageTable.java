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
import io.lakehouseml.feature.registry.ModelVersionDefinition;
import io.lakehouseml.feature.registry.TrainingSetDefinition.PinnedSource;
import io.trino.spi.connector.ConnectorSession;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static io.trino.spi.type.BigintType.BIGINT;
import static io.trino.spi.type.IntegerType.INTEGER;
import static io.trino.spi.type.TimestampWithTimeZoneType.TIMESTAMP_TZ_MILLIS;
import static io.trino.spi.type.VarcharType.VARCHAR;
import static java.util.Objects.requireNonNull;

/**
 * {@code feature_store.system.model_lineage}: every model version back to the snapshots that
 * trained it: one row for the spine of its training set and one for the source of each feature
 * view, with the view's version, as the training set pinned them when the model was registered.
 * A model registered without a training set has no rows.
 */
public class ModelLineageTable
        extends ListingTable<Object[]>
{
    private final FeatureRegistry registry;

    @Inject
    public ModelLineageTable(FeatureRegistry registry)
    {
        super("model_lineage", ImmutableList.of(
                column("schema_name", VARCHAR),
                column("model_name", VARCHAR),
                column("version", INTEGER),
                column("training_set", VARCHAR),
                column("role", VARCHAR),
                column("source_table", VARCHAR),
                column("snapshot_id", BIGINT),
                column("committed_at", TIMESTAMP_TZ_MILLIS),
                column("feature_view", VARCHAR),
                column("feature_view_version", INTEGER)));
        this.registry = requireNonNull(registry, "registry is null");
    }

    @Override
    protected List<Object[]> rows(ConnectorSession session)
    {
        List<Object[]> rows = new ArrayList<>();
        for (ModelVersionDefinition model : registry.listModelVersions(Optional.empty())) {
            for (int index = 0; index < model.sources().size(); index++) {
                PinnedSource source = model.sources().get(index);
                // the spine comes first
                boolean spine = index == 0;
                rows.add(new Object[] {
                        model.schema(),
                        model.model(),
                        model.version(),
                        model.trainingSet().orElse(null),
                        spine ? "spine" : "feature_view",
                        source.table().toString(),
                        source.snapshotId(),
                        timestamp(source.committedAt()),
                        spine ? null : source.role(),
                        source.featureViewVersion().orElse(null),
                });
            }
        }
        return rows;
    }

    @Override
    protected Object[] toRow(Object[] row)
    {
        return row;
    }
}
