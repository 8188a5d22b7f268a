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
import io.lakehouseml.feature.vector.VectorSearchColumnHandle;
import io.lakehouseml.feature.vector.VectorSearchFunction;
import io.lakehouseml.feature.vector.VectorSearchHandle;
import io.lakehouseml.feature.vector.VectorSearchSplitManager;
import io.lakehouseml.feature.vector.VectorSearchTableHandle;
import io.lakehouseml.feature.vector.VectorSearchTableHandle.Ordering;
import io.lakehouseml.feature.views.RegistryViews;
import io.trino.spi.connector.ColumnHandle;
import io.trino.spi.connector.ColumnMetadata;
import io.trino.spi.connector.ConnectorMetadata;
import io.trino.spi.connector.ConnectorSession;
import io.trino.spi.connector.ConnectorTableHandle;
import io.trino.spi.connector.ConnectorTableMetadata;
import io.trino.spi.connector.ConnectorTableVersion;
import io.trino.spi.connector.ConnectorViewDefinition;
import io.trino.spi.connector.LimitApplicationResult;
import io.trino.spi.connector.SchemaTableName;
import io.trino.spi.connector.SortItem;
import io.trino.spi.connector.TableFunctionApplicationResult;
import io.trino.spi.connector.TopNApplicationResult;
import io.trino.spi.function.table.ConnectorTableFunctionHandle;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

import static com.google.common.collect.ImmutableList.toImmutableList;
import static com.google.common.collect.ImmutableMap.toImmutableMap;
import static io.lakehouseml.feature.registry.RegistryNames.SYSTEM_SCHEMA;
import static java.util.Objects.requireNonNull;

/**
 * Schemas are the registry's schemas and {@code system}; each feature view and training set is a
 * view (see {@link RegistryViews}), run with the permissions of the user who queries it. The
 * feature store has no tables of its own: the system tables are the connector's. A
 * {@code vector_search} call is read as a table, so that the engine prunes its columns and hands
 * it the {@code ORDER BY ... LIMIT} of a query (see {@link VectorSearchTableHandle}).
 */
public class FeatureStoreMetadata
        implements ConnectorMetadata
{
    private final FeatureRegistry registry;
    private final RegistryViews views;
    private final VectorSearchSplitManager vectorSearch;

    @Inject
    public FeatureStoreMetadata(FeatureRegistry registry, RegistryViews views, VectorSearchSplitManager vectorSearch)
    {
        this.registry = requireNonNull(registry, "registry is null");
        this.views = requireNonNull(views, "views is null");
        this.vectorSearch = requireNonNull(vectorSearch, "vectorSearch is null");
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

    @Override
    public Optional<TableFunctionApplicationResult<ConnectorTableHandle>> applyTableFunction(ConnectorSession session, ConnectorTableFunctionHandle handle)
    {
        if (!(handle instanceof VectorSearchHandle search)) {
            return Optional.empty();
        }
        int splits = vectorSearch.plan(session, search).size();
        List<ColumnHandle> columns = ImmutableList.copyOf(search.resultColumns());
        return Optional.of(new TableFunctionApplicationResult<>(new VectorSearchTableHandle(search, splits, ImmutableList.of(), OptionalLong.empty()), columns));
    }

    @Override
    public ConnectorTableMetadata getTableMetadata(ConnectorSession session, ConnectorTableHandle table)
    {
        VectorSearchTableHandle search = (VectorSearchTableHandle) table;
        return new ConnectorTableMetadata(
                new SchemaTableName(SYSTEM_SCHEMA, VectorSearchFunction.NAME),
                search.search().resultColumns().stream()
                        .map(VectorSearchColumnHandle::columnMetadata)
                        .collect(toImmutableList()));
    }

    @Override
    public ColumnMetadata getColumnMetadata(ConnectorSession session, ConnectorTableHandle table, ColumnHandle column)
    {
        return ((VectorSearchColumnHandle) column).columnMetadata();
    }

    /**
     * A call of one split limits its rows itself: they are all the call's rows.
     */
    @Override
    public Optional<LimitApplicationResult<ConnectorTableHandle>> applyLimit(ConnectorSession session, ConnectorTableHandle table, long limit)
    {
        if (!(table instanceof VectorSearchTableHandle search) || search.splits() > 1 || search.ordersOrLimits()) {
            return Optional.empty();
        }
        return Optional.of(new LimitApplicationResult<>(new VectorSearchTableHandle(search.search(), search.splits(), ImmutableList.of(), OptionalLong.of(limit)), true, false));
    }

    /**
     * A call of one split orders and limits its rows itself, so the query's {@code ORDER BY ...
     * LIMIT} needs no stage of its own.
     */
    @Override
    public Optional<TopNApplicationResult<ConnectorTableHandle>> applyTopN(ConnectorSession session, ConnectorTableHandle table, long topNCount, List<SortItem> sortItems, Map<String, ColumnHandle> assignments)
    {
        if (!(table instanceof VectorSearchTableHandle search) || search.splits() > 1 || search.ordersOrLimits()) {
            return Optional.empty();
        }
        List<Ordering> orderBy = sortItems.stream()
                .map(item -> new Ordering(((VectorSearchColumnHandle) assignments.get(item.getName())).index(), item.getSortOrder()))
                .collect(toImmutableList());
        return Optional.of(new TopNApplicationResult<>(new VectorSearchTableHandle(search.search(), search.splits(), orderBy, OptionalLong.of(topNCount)), true, false));
    }
}
