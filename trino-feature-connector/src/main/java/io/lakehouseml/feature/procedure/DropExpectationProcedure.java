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
import com.google.inject.Inject;
import io.lakehouseml.feature.FeatureStoreConfig;
import io.lakehouseml.feature.quality.QualityTarget;
import io.lakehouseml.feature.registry.FeatureRegistry;
import io.lakehouseml.feature.registry.FeatureViewDefinition.SourceTable;
import io.lakehouseml.feature.registry.RegistryNames;
import io.trino.spi.procedure.Procedure;
import io.trino.spi.procedure.Procedure.Argument;
import jakarta.inject.Provider;

import java.util.Optional;

import static io.trino.spi.type.VarcharType.VARCHAR;
import static java.util.Objects.requireNonNull;

/**
 * {@code CALL feature_store.system.drop_expectation(schema_name, view_name, expectation_name, table_name)}:
 * drops an expectation of a feature view, or with {@code table_name} one of a table
 */
public class DropExpectationProcedure
        implements Provider<Procedure>
{
    private final FeatureRegistry registry;
    private final String sourceCatalog;

    @Inject
    public DropExpectationProcedure(FeatureRegistry registry, FeatureStoreConfig config)
    {
        this.registry = requireNonNull(registry, "registry is null");
        this.sourceCatalog = config.getSourceCatalog();
    }

    @Override
    public Procedure get()
    {
        return new Procedure(
                "system",
                "drop_expectation",
                ImmutableList.of(
                        new Argument("SCHEMA_NAME", VARCHAR, false, null),
                        new Argument("VIEW_NAME", VARCHAR, false, null),
                        new Argument("EXPECTATION_NAME", VARCHAR, false, null),
                        new Argument("TABLE_NAME", VARCHAR, false, null)),
                ProcedureMethods.bind(this, "dropExpectation", String.class, String.class, String.class, String.class));
    }

    public void dropExpectation(String schemaName, String viewName, String expectationName, String tableName)
    {
        // the expectations of a table that was dropped can be dropped too, so the table is not looked up
        Optional<SourceTable> table = QualityTarget.tableName(sourceCatalog, schemaName, viewName, tableName);
        String name = RegistryNames.identifier("expectation_name", expectationName);
        if (table.isPresent()) {
            registry.dropTableExpectation(table.get(), name);
            return;
        }
        registry.dropExpectation(RegistryNames.schemaName(schemaName), RegistryNames.identifier("view_name", viewName), name);
    }
}
