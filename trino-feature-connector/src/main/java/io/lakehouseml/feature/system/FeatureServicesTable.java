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
import io.lakehouseml.feature.registry.FeatureServiceDefinition;
import io.trino.spi.connector.ConnectorSession;

import java.util.List;
import java.util.Optional;

import static io.trino.spi.type.TimestampWithTimeZoneType.TIMESTAMP_TZ_MILLIS;
import static io.trino.spi.type.VarcharType.VARCHAR;
import static java.util.Objects.requireNonNull;

/**
 * {@code feature_store.system.feature_services}: every feature service of every schema.
 */
public class FeatureServicesTable
        extends ListingTable<FeatureServiceDefinition>
{
    private final FeatureRegistry registry;

    @Inject
    public FeatureServicesTable(FeatureRegistry registry)
    {
        super("feature_services", ImmutableList.of(
                column("schema_name", VARCHAR),
                column("name", VARCHAR),
                column("features", VARCHAR_ARRAY),
                column("description", VARCHAR),
                column("owner", VARCHAR),
                column("created_at", TIMESTAMP_TZ_MILLIS)));
        this.registry = requireNonNull(registry, "registry is null");
    }

    @Override
    protected List<FeatureServiceDefinition> rows(ConnectorSession session)
    {
        return registry.listFeatureServices(Optional.empty());
    }

    @Override
    protected Object[] toRow(FeatureServiceDefinition service)
    {
        return new Object[] {
                service.schema(),
                service.name(),
                array(service.features()),
                service.description().orElse(null),
                service.owner(),
                timestamp(service.createdAt()),
        };
    }
}
