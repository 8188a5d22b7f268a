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
import io.lakehouseml.feature.registry.FeatureViewDefinition;
import io.trino.spi.connector.ConnectorSession;

import java.util.List;
import java.util.Optional;

import static io.trino.spi.type.IntegerType.INTEGER;
import static io.trino.spi.type.TimestampWithTimeZoneType.TIMESTAMP_TZ_MILLIS;
import static io.trino.spi.type.VarcharType.VARCHAR;
import static java.util.Objects.requireNonNull;

/**
 * {@code feature_store.system.feature_views}: every feature view of every schema.
 */
public class FeatureViewsTable
        extends ListingTable<FeatureViewDefinition>
{
    private final FeatureRegistry registry;

    @Inject
    public FeatureViewsTable(FeatureRegistry registry)
    {
        super("feature_views", ImmutableList.of(
                column("schema_name", VARCHAR),
                column("view_name", VARCHAR),
                column("entity_columns", VARCHAR_ARRAY),
                column("timestamp_column", VARCHAR),
                column("created_timestamp_column", VARCHAR),
                column("ttl", VARCHAR),
                column("features", VARCHAR_ARRAY),
                column("source_table", VARCHAR),
                column("owner", VARCHAR),
                column("created_at", TIMESTAMP_TZ_MILLIS),
                column("freshness_target", VARCHAR),
                column("version", INTEGER)));
        this.registry = requireNonNull(registry, "registry is null");
    }

    @Override
    protected List<FeatureViewDefinition> rows(ConnectorSession session)
    {
        return registry.listFeatureViews(Optional.empty());
    }

    @Override
    protected Object[] toRow(FeatureViewDefinition view)
    {
        return new Object[] {
                view.schema(),
                view.name(),
                array(view.entityColumns()),
                view.timestampColumn(),
                view.createdTimestampColumn().orElse(null),
                view.ttl().orElse(null),
                array(view.features()),
                view.sourceTable().toString(),
                view.owner(),
                timestamp(view.createdAt()),
                view.freshnessTarget().orElse(null),
                view.version(),
        };
    }
}
