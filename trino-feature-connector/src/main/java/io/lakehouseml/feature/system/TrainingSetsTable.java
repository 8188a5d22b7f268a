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
import io.lakehouseml.feature.registry.TrainingSetDefinition;
import io.trino.spi.connector.ConnectorSession;

import java.util.List;
import java.util.Optional;

import static io.trino.spi.type.BooleanType.BOOLEAN;
import static io.trino.spi.type.TimestampWithTimeZoneType.TIMESTAMP_TZ_MILLIS;
import static io.trino.spi.type.VarcharType.VARCHAR;
import static java.util.Objects.requireNonNull;

/**
 * {@code feature_store.system.training_sets}: every training set of every schema, with the SHA-256 of its pinned query.
 */
public class TrainingSetsTable
        extends ListingTable<TrainingSetDefinition>
{
    private final FeatureRegistry registry;

    @Inject
    public TrainingSetsTable(FeatureRegistry registry)
    {
        super("training_sets", ImmutableList.of(
                column("schema_name", VARCHAR),
                column("name", VARCHAR),
                column("spine_table", VARCHAR),
                column("spine_timestamp_column", VARCHAR),
                column("features", VARCHAR_ARRAY),
                column("respect_created_timestamp", BOOLEAN),
                column("fingerprint", VARCHAR),
                column("owner", VARCHAR),
                column("created_at", TIMESTAMP_TZ_MILLIS),
                column("query", VARCHAR),
                column("files_query", VARCHAR)));
        this.registry = requireNonNull(registry, "registry is null");
    }

    @Override
    protected List<TrainingSetDefinition> rows(ConnectorSession session)
    {
        return registry.listTrainingSets(Optional.empty());
    }

    @Override
    protected Object[] toRow(TrainingSetDefinition trainingSet)
    {
        return new Object[] {
                trainingSet.schema(),
                trainingSet.name(),
                trainingSet.spineTable().toString(),
                trainingSet.spineTimestampColumn(),
                array(trainingSet.features()),
                trainingSet.respectCreatedTimestamp(),
                trainingSet.fingerprint(),
                trainingSet.owner(),
                timestamp(trainingSet.createdAt()),
                trainingSet.sql(),
                trainingSet.filesSql().orElse(null),
        };
    }
}
