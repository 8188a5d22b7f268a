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
import io.lakehouseml.feature.iceberg.IcebergCatalogConfig;
import io.lakehouseml.feature.iceberg.IcebergCatalogFactory;
import io.lakehouseml.feature.join.FeatureJoinFunction;
import io.lakehouseml.feature.join.FeatureJoinMemory;
import io.lakehouseml.feature.join.FeatureJoinSplitManager;
import io.lakehouseml.feature.join.PointInTimeJoinFunction;
import io.lakehouseml.feature.join.SpineFeaturesFunction;
import io.lakehouseml.feature.lineage.ConnectorReads;
import io.lakehouseml.feature.lineage.ProcedureLineage;
import io.lakehouseml.feature.model.ModelArtifacts;
import io.lakehouseml.feature.model.ModelRegistryConfig;
import io.lakehouseml.feature.procedure.AddExpectationProcedure;
import io.lakehouseml.feature.procedure.BeginWriteProcedure;
import io.lakehouseml.feature.procedure.CommitWriteProcedure;
import io.lakehouseml.feature.procedure.CreateTrainingSetProcedure;
import io.lakehouseml.feature.procedure.CreateVectorIndexProcedure;
import io.lakehouseml.feature.procedure.DiscardWriteProcedure;
import io.lakehouseml.feature.procedure.DropEntityProcedure;
import io.lakehouseml.feature.procedure.DropExpectationProcedure;
import io.lakehouseml.feature.procedure.DropFeatureServiceProcedure;
import io.lakehouseml.feature.procedure.DropFeatureViewProcedure;
import io.lakehouseml.feature.procedure.DropModelAliasProcedure;
import io.lakehouseml.feature.procedure.DropTrainingSetProcedure;
import io.lakehouseml.feature.procedure.DropVectorIndexProcedure;
import io.lakehouseml.feature.procedure.PublishWriteProcedure;
import io.lakehouseml.feature.procedure.RefreshVectorIndexProcedure;
import io.lakehouseml.feature.procedure.RegisterEntityProcedure;
import io.lakehouseml.feature.procedure.RegisterFeatureServiceProcedure;
import io.lakehouseml.feature.procedure.RegisterFeatureViewProcedure;
import io.lakehouseml.feature.procedure.RegisterMaterializationProcedure;
import io.lakehouseml.feature.procedure.RegisterModelProcedure;
import io.lakehouseml.feature.procedure.SetModelAliasProcedure;
import io.lakehouseml.feature.quality.WriteAuditPublish;
import io.lakehouseml.feature.registry.EntityDefinition;
import io.lakehouseml.feature.registry.ExpectationDefinition;
import io.lakehouseml.feature.registry.FeatureRegistry;
import io.lakehouseml.feature.registry.FeatureServiceDefinition;
import io.lakehouseml.feature.registry.FeatureViewDefinition;
import io.lakehouseml.feature.registry.MaterializationDefinition;
import io.lakehouseml.feature.registry.ModelAliasDefinition;
import io.lakehouseml.feature.registry.ModelVersionDefinition;
import io.lakehouseml.feature.registry.TrainingSetDefinition;
import io.lakehouseml.feature.security.FeatureStoreSecurityModule;
import io.lakehouseml.feature.system.EntitiesTable;
import io.lakehouseml.feature.system.ExpectationsTable;
import io.lakehouseml.feature.system.FeatureFreshnessTable;
import io.lakehouseml.feature.system.FeatureServicesTable;
import io.lakehouseml.feature.system.FeatureViewLayoutTable;
import io.lakehouseml.feature.system.FeatureViewVersionsTable;
import io.lakehouseml.feature.system.FeatureViewsTable;
import io.lakehouseml.feature.system.LineageTable;
import io.lakehouseml.feature.system.ModelArtifactChecksTable;
import io.lakehouseml.feature.system.ModelLineageTable;
import io.lakehouseml.feature.system.ModelVersionsTable;
import io.lakehouseml.feature.system.PointInTimeFeaturesMemoryTable;
import io.lakehouseml.feature.system.TrainingSetMaterializationsTable;
import io.lakehouseml.feature.system.TrainingSetSourcesTable;
import io.lakehouseml.feature.system.TrainingSetsTable;
import io.lakehouseml.feature.system.VectorIndexesTable;
import io.lakehouseml.feature.vector.VectorIndexCache;
import io.lakehouseml.feature.vector.VectorIndexCleaner;
import io.lakehouseml.feature.vector.VectorIndexConfig;
import io.lakehouseml.feature.vector.VectorIndexDefinition;
import io.lakehouseml.feature.vector.VectorIndexSegment;
import io.lakehouseml.feature.vector.VectorIndexes;
import io.lakehouseml.feature.vector.VectorSearchFunction;
import io.lakehouseml.feature.vector.VectorSearchPageSourceProvider;
import io.lakehouseml.feature.vector.VectorSearchSplitManager;
import io.lakehouseml.feature.views.RegistryViews;
import io.trino.filesystem.manager.FileSystemModule;
import io.trino.spi.connector.ConnectorContext;
import io.trino.spi.connector.SystemTable;
import io.trino.spi.function.FunctionProvider;
import io.trino.spi.function.table.ConnectorTableFunction;
import io.trino.spi.procedure.Procedure;

import static com.google.inject.multibindings.Multibinder.newSetBinder;
import static io.airlift.configuration.ConfigBinder.configBinder;
import static io.airlift.json.JsonCodecBinder.jsonCodecBinder;
import static java.util.Objects.requireNonNull;

/**
 * Every part of the feature store connector, each bound once as a singleton; procedures, table
 * functions and system tables through a set binder each.
 */
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
        configBinder(binder).bindConfig(VectorIndexConfig.class);
        configBinder(binder).bindConfig(ModelRegistryConfig.class);
        install(new FileSystemModule(catalogName, context, false));
        install(new FeatureStoreSecurityModule(context));

        binder.bind(IcebergCatalogFactory.class).in(Scopes.SINGLETON);
        binder.bind(FeatureRegistry.class).in(Scopes.SINGLETON);
        jsonCodecBinder(binder).bindJsonCodec(FeatureViewDefinition.class);
        jsonCodecBinder(binder).bindJsonCodec(TrainingSetDefinition.class);
        jsonCodecBinder(binder).bindJsonCodec(EntityDefinition.class);
        jsonCodecBinder(binder).bindJsonCodec(FeatureServiceDefinition.class);
        jsonCodecBinder(binder).bindJsonCodec(ExpectationDefinition.class);
        jsonCodecBinder(binder).bindJsonCodec(MaterializationDefinition.class);
        jsonCodecBinder(binder).bindJsonCodec(VectorIndexDefinition.class);
        jsonCodecBinder(binder).bindJsonCodec(VectorIndexSegment.class);
        jsonCodecBinder(binder).bindJsonCodec(ModelVersionDefinition.class);
        jsonCodecBinder(binder).bindJsonCodec(ModelAliasDefinition.class);

        binder.bind(FeatureStoreConnector.class).in(Scopes.SINGLETON);
        binder.bind(FeatureStoreMetadata.class).in(Scopes.SINGLETON);
        binder.bind(RegistryViews.class).in(Scopes.SINGLETON);
        binder.bind(FeatureJoinSplitManager.class).in(Scopes.SINGLETON);
        // one instance: every call of a query reads the same snapshot of a table named without a version
        binder.bind(FeatureJoinFunction.class).in(Scopes.SINGLETON);
        binder.bind(VectorSearchSplitManager.class).in(Scopes.SINGLETON);
        binder.bind(VectorSearchPageSourceProvider.class).in(Scopes.SINGLETON);
        binder.bind(FeatureStoreSplitManager.class).in(Scopes.SINGLETON);
        binder.bind(VectorIndexes.class).in(Scopes.SINGLETON);
        binder.bind(VectorIndexCache.class).in(Scopes.SINGLETON);
        binder.bind(VectorIndexCleaner.class).asEagerSingleton();
        binder.bind(FunctionProvider.class).to(FeatureStoreFunctionProvider.class).in(Scopes.SINGLETON);
        binder.bind(FeatureJoinMemory.class).in(Scopes.SINGLETON);
        binder.bind(WriteAuditPublish.class).in(Scopes.SINGLETON);
        binder.bind(ModelArtifacts.class).in(Scopes.SINGLETON);
        binder.bind(ProcedureLineage.class).in(Scopes.SINGLETON);
        binder.bind(ConnectorReads.class).in(Scopes.SINGLETON);

        Multibinder<Procedure> procedures = newSetBinder(binder, Procedure.class);
        procedures.addBinding().toProvider(RegisterEntityProcedure.class).in(Scopes.SINGLETON);
        procedures.addBinding().toProvider(DropEntityProcedure.class).in(Scopes.SINGLETON);
        procedures.addBinding().toProvider(RegisterFeatureViewProcedure.class).in(Scopes.SINGLETON);
        procedures.addBinding().toProvider(DropFeatureViewProcedure.class).in(Scopes.SINGLETON);
        procedures.addBinding().toProvider(RegisterFeatureServiceProcedure.class).in(Scopes.SINGLETON);
        procedures.addBinding().toProvider(DropFeatureServiceProcedure.class).in(Scopes.SINGLETON);
        procedures.addBinding().toProvider(CreateTrainingSetProcedure.class).in(Scopes.SINGLETON);
        procedures.addBinding().toProvider(DropTrainingSetProcedure.class).in(Scopes.SINGLETON);
        procedures.addBinding().toProvider(RegisterMaterializationProcedure.class).in(Scopes.SINGLETON);
        procedures.addBinding().toProvider(AddExpectationProcedure.class).in(Scopes.SINGLETON);
        procedures.addBinding().toProvider(DropExpectationProcedure.class).in(Scopes.SINGLETON);
        procedures.addBinding().toProvider(BeginWriteProcedure.class).in(Scopes.SINGLETON);
        procedures.addBinding().toProvider(CommitWriteProcedure.class).in(Scopes.SINGLETON);
        procedures.addBinding().toProvider(PublishWriteProcedure.class).in(Scopes.SINGLETON);
        procedures.addBinding().toProvider(DiscardWriteProcedure.class).in(Scopes.SINGLETON);
        procedures.addBinding().toProvider(CreateVectorIndexProcedure.class).in(Scopes.SINGLETON);
        procedures.addBinding().toProvider(RefreshVectorIndexProcedure.class).in(Scopes.SINGLETON);
        procedures.addBinding().toProvider(DropVectorIndexProcedure.class).in(Scopes.SINGLETON);
        procedures.addBinding().toProvider(RegisterModelProcedure.class).in(Scopes.SINGLETON);
        procedures.addBinding().toProvider(SetModelAliasProcedure.class).in(Scopes.SINGLETON);
        procedures.addBinding().toProvider(DropModelAliasProcedure.class).in(Scopes.SINGLETON);

        Multibinder<ConnectorTableFunction> tableFunctions = newSetBinder(binder, ConnectorTableFunction.class);
        tableFunctions.addBinding().to(PointInTimeJoinFunction.class).in(Scopes.SINGLETON);
        tableFunctions.addBinding().to(FeatureJoinFunction.class).in(Scopes.SINGLETON);
        tableFunctions.addBinding().to(SpineFeaturesFunction.class).in(Scopes.SINGLETON);
        tableFunctions.addBinding().to(VectorSearchFunction.class).in(Scopes.SINGLETON);

        Multibinder<SystemTable> systemTables = newSetBinder(binder, SystemTable.class);
        systemTables.addBinding().to(FeatureViewsTable.class).in(Scopes.SINGLETON);
        systemTables.addBinding().to(EntitiesTable.class).in(Scopes.SINGLETON);
        systemTables.addBinding().to(FeatureServicesTable.class).in(Scopes.SINGLETON);
        systemTables.addBinding().to(TrainingSetsTable.class).in(Scopes.SINGLETON);
        systemTables.addBinding().to(TrainingSetSourcesTable.class).in(Scopes.SINGLETON);
        systemTables.addBinding().to(TrainingSetMaterializationsTable.class).in(Scopes.SINGLETON);
        systemTables.addBinding().to(FeatureFreshnessTable.class).in(Scopes.SINGLETON);
        systemTables.addBinding().to(FeatureViewLayoutTable.class).in(Scopes.SINGLETON);
        systemTables.addBinding().to(ExpectationsTable.class).in(Scopes.SINGLETON);
        systemTables.addBinding().to(PointInTimeFeaturesMemoryTable.class).in(Scopes.SINGLETON);
        systemTables.addBinding().to(VectorIndexesTable.class).in(Scopes.SINGLETON);
        systemTables.addBinding().to(FeatureViewVersionsTable.class).in(Scopes.SINGLETON);
        systemTables.addBinding().to(ModelVersionsTable.class).in(Scopes.SINGLETON);
        systemTables.addBinding().to(ModelLineageTable.class).in(Scopes.SINGLETON);
        systemTables.addBinding().to(ModelArtifactChecksTable.class).in(Scopes.SINGLETON);
        systemTables.addBinding().to(LineageTable.class).in(Scopes.SINGLETON);
    }
}
