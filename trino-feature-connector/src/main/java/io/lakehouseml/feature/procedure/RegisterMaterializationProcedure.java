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
package io.lakehouseml.feature.procedure;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSet;
import com.google.inject.Inject;
import io.lakehouseml.feature.FeatureStoreConfig;
import io.lakehouseml.feature.iceberg.IcebergTypes;
import io.lakehouseml.feature.lineage.ProcedureLineage;
import io.lakehouseml.feature.registry.FeatureRegistry;
import io.lakehouseml.feature.registry.FeatureViewDefinition.ColumnDefinition;
import io.lakehouseml.feature.registry.FeatureViewDefinition.SourceTable;
import io.lakehouseml.feature.registry.MaterializationDefinition;
import io.lakehouseml.feature.registry.RegistryNames;
import io.lakehouseml.feature.registry.TrainingSetDefinition;
import io.lakehouseml.feature.security.SourceAccessControl;
import io.trino.spi.connector.ConnectorSession;
import io.trino.spi.procedure.Procedure;
import io.trino.spi.procedure.Procedure.Argument;
import jakarta.inject.Provider;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static io.lakehouseml.feature.FeatureStoreErrorCode.FEATURE_STORE_INVALID_DEFINITION;
import static io.lakehouseml.feature.FeatureStoreErrorCode.FEATURE_STORE_NOT_FOUND;
import static io.lakehouseml.feature.iceberg.IcebergSnapshots.currentSnapshot;
import static io.trino.spi.type.VarcharType.VARCHAR;
import static java.util.Objects.requireNonNull;

/**
 * {@code CALL feature_store.system.register_materialization(schema_name, name, table_name)}: records
 * an Iceberg table that holds the rows of a training set (made with {@code CREATE TABLE ... AS
 * SELECT * FROM} the training set) at its current snapshot.
 */
public class RegisterMaterializationProcedure
        implements Provider<Procedure>
{
    private final FeatureRegistry registry;
    private final String sourceCatalog;
    private final SourceAccessControl sourceAccess;
    private final ProcedureLineage lineage;

    @Inject
    public RegisterMaterializationProcedure(FeatureRegistry registry, FeatureStoreConfig config, SourceAccessControl sourceAccess, ProcedureLineage lineage)
    {
        this.lineage = requireNonNull(lineage, "lineage is null");
        this.sourceAccess = requireNonNull(sourceAccess, "sourceAccess is null");
        this.registry = requireNonNull(registry, "registry is null");
        this.sourceCatalog = config.getSourceCatalog();
    }

    @Override
    public Procedure get()
    {
        return new Procedure(
                "system",
                "register_materialization",
                ImmutableList.of(
                        new Argument("SCHEMA_NAME", VARCHAR),
                        new Argument("NAME", VARCHAR),
                        new Argument("TABLE_NAME", VARCHAR)),
                ProcedureMethods.bind(this, "registerMaterialization", ConnectorSession.class, String.class, String.class, String.class));
    }

    public void registerMaterialization(ConnectorSession session, String schemaName, String name, String tableName)
    {
        String schema = RegistryNames.schemaName(schemaName);
        String trainingSetName = RegistryNames.identifier("name", name);
        TrainingSetDefinition trainingSet = registry.getTrainingSet(schema, trainingSetName)
                .orElseThrow(() -> FEATURE_STORE_NOT_FOUND.error("Training set %s.%s does not exist", schema, trainingSetName));
        SourceTable tableReference = RegistryNames.sourceTable("table_name", tableName, sourceCatalog);
        sourceAccess.checkCanSelect(session, tableReference.catalogSchemaTableName(), ImmutableSet.of());
        Table table = registry.loadSourceTable(tableReference);
        List<ColumnDefinition> columns = table.schema().columns().stream()
                .map(field -> new ColumnDefinition(field.name(), IcebergTypes.columnType(field, tableReference)))
                .toList();
        if (!columns.equals(trainingSet.columns())) {
            throw FEATURE_STORE_INVALID_DEFINITION.error(
                    "%s does not have the columns of training set %s.%s: it has %s, the training set has %s",
                    tableReference,
                    schema,
                    trainingSetName,
                    columns.stream().map(column -> column.name() + " " + column.type()).toList(),
                    trainingSet.columns().stream().map(column -> column.name() + " " + column.type()).toList());
        }
        Snapshot snapshot = currentSnapshot(table, tableReference);
        registry.createMaterialization(new MaterializationDefinition(
                schema,
                trainingSetName,
                tableReference,
                snapshot.snapshotId(),
                Instant.ofEpochMilli(snapshot.timestampMillis()),
                Optional.ofNullable(snapshot.summary().get("total-records")).map(Long::parseLong),
                session.getUser(),
                Instant.now()));
        lineage.record(
                session,
                "register_materialization",
                "register_materialization: %s holds the rows of training set %s.%s".formatted(tableReference, schema, trainingSetName),
                ImmutableList.of(lineage.registryObject(schema, trainingSetName, trainingSet.columns())),
                ImmutableList.of(ProcedureLineage.table(tableReference, columns.stream().map(ColumnDefinition::name).toList(), snapshot.snapshotId())));
    }
}
