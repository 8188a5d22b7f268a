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

import com.google.inject.Binder;
import com.google.inject.Scopes;
import com.google.inject.multibindings.Multibinder;
import io.airlift.configuration.AbstractConfigurationAwareModule;
import io.trino.filesystem.manager.FileSystemModule;
import io.trino.spi.connector.ConnectorContext;
import io.trino.spi.function.FunctionProvider;
import io.trino.spi.function.table.ConnectorTableFunction;
import io.trino.spi.procedure.Procedure;

import static com.google.inject.multibindings.Multibinder.newSetBinder;
import static io.airlift.configuration.ConfigBinder.configBinder;
import static java.util.Objects.requireNonNull;

public class FeatureStoreModule
        extends AbstractConfigurationAwareModule
{
    private final String catalogName;
    private final ConnectorContext context;

    public FeatureStoreModule(String catalogName, ConnectorContext context)
    {
        this.catalogName = requireNonNull(catalogName, "catalogName is null");
        this.context = requireNonNull(context, "context is null");
    }

    @Override
    protected void setup(Binder binder)
    {
        configBinder(binder).bindConfig(FeatureStoreConfig.class);
        configBinder(binder).bindConfig(IcebergCatalogConfig.class);
        install(new FileSystemModule(catalogName, context, false));

        binder.bind(IcebergCatalogFactory.class).in(Scopes.SINGLETON);
        binder.bind(FeatureRegistry.class).in(Scopes.SINGLETON);
        binder.bind(FeatureStoreMetadata.class).in(Scopes.SINGLETON);
        binder.bind(FeatureStoreConnector.class).in(Scopes.SINGLETON);
        binder.bind(FunctionProvider.class).to(FeatureStoreFunctionProvider.class).in(Scopes.SINGLETON);
        binder.bind(EntityAndServiceProcedures.class).in(Scopes.SINGLETON);
        binder.bind(TrainingSetProcedures.class).in(Scopes.SINGLETON);
        binder.bind(ExpectationProcedures.class).in(Scopes.SINGLETON);
        binder.bind(WriteAuditPublishProcedures.class).in(Scopes.SINGLETON);

        Multibinder<Procedure> procedures = newSetBinder(binder, Procedure.class);
        procedures.addBinding().toProvider(RegisterFeatureViewProcedure.class).in(Scopes.SINGLETON);
        procedures.addBinding().toProvider(DropFeatureViewProcedure.class).in(Scopes.SINGLETON);

        Multibinder<ConnectorTableFunction> tableFunctions = newSetBinder(binder, ConnectorTableFunction.class);
        tableFunctions.addBinding().toInstance(new PointInTimeJoinFunction());
        tableFunctions.addBinding().to(FeatureJoinFunction.class).in(Scopes.SINGLETON);
        binder.bind(FeatureJoinSplitManager.class).in(Scopes.SINGLETON);
        binder.bind(FeatureJoinMemory.class).in(Scopes.SINGLETON);
        binder.bind(FeatureJoinMemoryTable.class).in(Scopes.SINGLETON);
    }
}
