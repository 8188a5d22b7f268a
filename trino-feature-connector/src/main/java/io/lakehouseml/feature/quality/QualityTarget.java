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
package io.lakehouseml.feature.quality;

import io.lakehouseml.feature.registry.FeatureRegistry;
import io.lakehouseml.feature.registry.FeatureViewDefinition;
import io.lakehouseml.feature.registry.FeatureViewDefinition.SourceTable;
import io.lakehouseml.feature.registry.RegistryNames;

import java.util.Optional;

import static io.lakehouseml.feature.FeatureStoreErrorCode.FEATURE_STORE_INVALID_ARGUMENT;
import static java.util.Objects.requireNonNull;

/**
 * What a quality gate (expectations, write-audit-publish) applies to: the source table of a
 * feature view, named by {@code schema_name} and {@code view_name}, or any Iceberg table of the
 * source catalog, named by {@code table_name}.
 *
 * @param view the feature view, when the gate was named by one
 */
public record QualityTarget(SourceTable table, Optional<FeatureViewDefinition> view)
{
    public QualityTarget
    {
        requireNonNull(table, "table is null");
        requireNonNull(view, "view is null");
    }

    /**
     * The target the arguments of a procedure name: either a feature view, which must exist, or a
     * table, which is not looked up here: the callers check the caller's rights on it first, then
     * load it ({@link FeatureRegistry#loadSourceTable} refuses a missing table with its name).
     */
    public static QualityTarget of(FeatureRegistry registry, String sourceCatalog, String schemaName, String viewName, String tableName)
    {
        Optional<SourceTable> table = tableName(sourceCatalog, schemaName, viewName, tableName);
        if (table.isPresent()) {
            return new QualityTarget(table.get(), Optional.empty());
        }
        FeatureViewDefinition view = registry.getExistingFeatureView(RegistryNames.schemaName(schemaName), RegistryNames.identifier("view_name", viewName));
        return new QualityTarget(view.sourceTable(), Optional.of(view));
    }

    /**
     * The table the arguments name with {@code table_name}; empty when they name a feature view
     * instead. Both, or neither, are refused.
     */
    public static Optional<SourceTable> tableName(String sourceCatalog, String schemaName, String viewName, String tableName)
    {
        if (tableName == null) {
            if (schemaName == null && viewName == null) {
                throw FEATURE_STORE_INVALID_ARGUMENT.error("Name a feature view with schema_name and view_name, or a table with table_name");
            }
            return Optional.empty();
        }
        if (schemaName != null || viewName != null) {
            throw FEATURE_STORE_INVALID_ARGUMENT.error("table_name names a table, so schema_name and view_name must be left out (they name a feature view)");
        }
        return Optional.of(RegistryNames.sourceTable("table_name", tableName, sourceCatalog));
    }

    /**
     * The target in words, for messages.
     */
    public String description()
    {
        return view.map(definition -> "feature view %s.%s".formatted(definition.schema(), definition.name())).orElseGet(() -> "table " + table);
    }
}
