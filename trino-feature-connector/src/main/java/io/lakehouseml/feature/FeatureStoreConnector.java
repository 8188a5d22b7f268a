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

import com.google.common.collect.ImmutableSet;
import com.google.inject.Inject;
import io.airlift.bootstrap.LifeCycleManager;
import io.lakehouseml.feature.vector.VectorSearchPageSourceProvider;
import io.trino.plugin.base.classloader.ClassLoaderSafeConnectorPageSourceProvider;
import io.trino.plugin.base.classloader.ClassLoaderSafeConnectorSplitManager;
import io.trino.plugin.base.classloader.ClassLoaderSafeConnectorTableFunction;
import io.trino.plugin.base.classloader.ClassLoaderSafeSystemTable;
import io.trino.spi.connector.Connector;
import io.trino.spi.connector.ConnectorMetadata;
import io.trino.spi.connector.ConnectorPageSourceProvider;
import io.trino.spi.connector.ConnectorSession;
import io.trino.spi.connector.ConnectorSplitManager;
import io.trino.spi.connector.ConnectorTransactionHandle;
import io.trino.spi.connector.SystemTable;
import io.trino.spi.function.FunctionProvider;
import io.trino.spi.function.table.ConnectorTableFunction;
import io.trino.spi.procedure.Procedure;
import io.trino.spi.transaction.IsolationLevel;

import java.util.Optional;
import java.util.Set;

import static com.google.common.collect.ImmutableSet.toImmutableSet;
import static java.util.Objects.requireNonNull;

/**
 * The feature store as Trino sees it: the registry's schemas and views (metadata), the procedures,
 * the table functions with their splits and processors, the reader of {@code vector_search}
 * calls, and the system tables. Everything the engine calls runs with the plugin's class loader.
 */
public class FeatureStoreConnector
        implements Connector
{
    private final LifeCycleManager lifeCycleManager;
    private final FeatureStoreMetadata metadata;
    private final Set<Procedure> procedures;
    private final Set<ConnectorTableFunction> tableFunctions;
    private final FunctionProvider functionProvider;
    private final ConnectorSplitManager splitManager;
    private final ConnectorPageSourceProvider pageSourceProvider;
    private final Set<SystemTable> systemTables;

    @Inject
    public FeatureStoreConnector(
            LifeCycleManager lifeCycleManager,
            FeatureStoreMetadata metadata,
            Set<Procedure> procedures,
            Set<ConnectorTableFunction> tableFunctions,
            FunctionProvider functionProvider,
            FeatureStoreSplitManager splitManager,
            VectorSearchPageSourceProvider pageSourceProvider,
            Set<SystemTable> systemTables)
    {
        ClassLoader classLoader = getClass().getClassLoader();
        this.lifeCycleManager = requireNonNull(lifeCycleManager, "lifeCycleManager is null");
        this.metadata = requireNonNull(metadata, "metadata is null");
        this.procedures = ImmutableSet.copyOf(procedures);
        this.tableFunctions = tableFunctions.stream()
                .map(function -> new ClassLoaderSafeConnectorTableFunction(function, classLoader))
                .collect(toImmutableSet());
        this.functionProvider = requireNonNull(functionProvider, "functionProvider is null");
        this.splitManager = new ClassLoaderSafeConnectorSplitManager(splitManager, classLoader);
        this.pageSourceProvider = new ClassLoaderSafeConnectorPageSourceProvider(pageSourceProvider, classLoader);
        this.systemTables = systemTables.stream()
                .map(table -> new ClassLoaderSafeSystemTable(table, classLoader))
                .collect(toImmutableSet());
    }

    @Override
    public ConnectorTransactionHandle beginTransaction(IsolationLevel isolationLevel, boolean readOnly, boolean autoCommit)
    {
        return FeatureStoreTransactionHandle.INSTANCE;
    }

    @Override
    public ConnectorMetadata getMetadata(ConnectorSession session, ConnectorTransactionHandle transactionHandle)
    {
        return metadata;
    }

    @Override
    public Set<Procedure> getProcedures()
    {
        return procedures;
    }

    @Override
    public Set<ConnectorTableFunction> getTableFunctions()
    {
        return tableFunctions;
    }

    @Override
    public Optional<FunctionProvider> getFunctionProvider()
    {
        return Optional.of(functionProvider);
    }

    @Override
    public ConnectorSplitManager getSplitManager()
    {
        return splitManager;
    }

    @Override
    public ConnectorPageSourceProvider getPageSourceProvider()
    {
        return pageSourceProvider;
    }

    @Override
    public Set<SystemTable> getSystemTables()
    {
        return systemTables;
    }

    @Override
    public void shutdown()
    {
        lifeCycleManager.stop();
    }
}
