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
import io.lakehouseml.feature.registry.EntityDefinition;
import io.lakehouseml.feature.registry.FeatureRegistry;
import io.trino.spi.connector.ConnectorSession;

import java.util.List;
import java.util.Optional;

import static io.trino.spi.type.TimestampWithTimeZoneType.TIMESTAMP_TZ_MILLIS;
import static io.trino.spi.type.VarcharType.VARCHAR;
import static java.util.Objects.requireNonNull;

/**
 * {@code feature_store.system.entities}: every entity of every schema.
 */
public class EntitiesTable
        extends ListingTable<EntityDefinition>
{
    private final FeatureRegistry registry;

    @Inject
    public EntitiesTable(FeatureRegistry registry)
    {
        super("entities", ImmutableList.of(
                column("schema_name", VARCHAR),
                column("name", VARCHAR),
                column("join_keys", VARCHAR_ARRAY),
                column("description", VARCHAR),
                column("owner", VARCHAR),
                column("created_at", TIMESTAMP_TZ_MILLIS)));
        this.registry = requireNonNull(registry, "registry is null");
    }

    @Override
    protected List<EntityDefinition> rows(ConnectorSession session)
    {
        return registry.listEntities(Optional.empty());
    }

    @Override
    protected Object[] toRow(EntityDefinition entity)
    {
        return new Object[] {
                entity.schema(),
                entity.name(),
                array(entity.joinKeys()),
                entity.description().orElse(null),
                entity.owner(),
                timestamp(entity.createdAt()),
        };
    }
}
