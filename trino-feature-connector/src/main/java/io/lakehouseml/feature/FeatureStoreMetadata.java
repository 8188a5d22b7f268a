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

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import com.google.inject.Inject;
import io.lakehouseml.feature.registry.FeatureRegistry;
import io.lakehouseml.feature.views.RegistryViews;
import io.trino.spi.connector.ConnectorMetadata;
import io.trino.spi.connector.ConnectorSession;
import io.trino.spi.connector.ConnectorTableHandle;
import io.trino.spi.connector.ConnectorTableVersion;
import io.trino.spi.connector.ConnectorViewDefinition;
import io.trino.spi.connector.SchemaTableName;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static com.google.common.collect.ImmutableList.toImmutableList;
import static com.google.common.collect.ImmutableMap.toImmutableMap;
import static io.lakehouseml.feature.registry.RegistryNames.SYSTEM_SCHEMA;
import static java.util.Objects.requireNonNull;

/**
 * Schemas are the registry's schemas and {@code system}; each feature view and training set is a
 * view (see {@link RegistryViews}), run with the permissions of the user who queries it. The
 * feature store has no tables of its own: the system tables are the connector's.
 */
public class FeatureStoreMetadata
        implements ConnectorMetadata
{
    private final FeatureRegistry registry;
    private final RegistryViews views;

    @Inject
    public FeatureStoreMetadata(FeatureRegistry registry, RegistryViews views)
    {
        this.registry = requireNonNull(registry, "registry is null");
        this.views = requireNonNull(views, "views is null");
    }

    @Override
    public List<String> listSchemaNames(ConnectorSession session)
    {
        return ImmutableList.<String>builder()
                .addAll(registry.listSchemas())
                .add(SYSTEM_SCHEMA)
                .build();
    }

    @Override
    public boolean schemaExists(ConnectorSession session, String schemaName)
    {
        return schemaName.equals(SYSTEM_SCHEMA) || registry.listSchemas().contains(schemaName);
    }

    @Override
    public List<SchemaTableName> listTables(ConnectorSession session, Optional<String> schemaName)
    {
        return listViews(session, schemaName);
    }

    /**
     * The feature store has views and system tables only: no table handles.
     */
    @Override
    public ConnectorTableHandle getTableHandle(ConnectorSession session, SchemaTableName tableName, Optional<ConnectorTableVersion> startVersion, Optional<ConnectorTableVersion> endVersion)
    {
        return null;
    }

    @Override
    public List<SchemaTableName> listViews(ConnectorSession session, Optional<String> schemaName)
    {
        if (schemaName.isPresent() && schemaName.get().equals(SYSTEM_SCHEMA)) {
            return ImmutableList.of();
        }
        return registry.listViews(schemaName).stream()
                .map(view -> new SchemaTableName(view.schema(), view.name()))
                .collect(toImmutableList());
    }

    @Override
    public Map<SchemaTableName, ConnectorViewDefinition> getViews(ConnectorSession session, Optional<String> schemaName)
    {
        if (schemaName.isPresent() && schemaName.get().equals(SYSTEM_SCHEMA)) {
            return ImmutableMap.of();
        }
        return registry.listViews(schemaName).stream()
                .collect(toImmutableMap(view -> new SchemaTableName(view.schema(), view.name()), views::toView));
    }

    @Override
    public Optional<ConnectorViewDefinition> getView(ConnectorSession session, SchemaTableName viewName)
    {
        if (viewName.getSchemaName().equals(SYSTEM_SCHEMA)) {
            return views.getTableView(viewName.getTableName());
        }
        return views.getView(session, viewName.getSchemaName(), viewName.getTableName());
    }
}
