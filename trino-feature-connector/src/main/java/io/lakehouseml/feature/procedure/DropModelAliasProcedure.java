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
import io.lakehouseml.feature.registry.FeatureRegistry;
import io.lakehouseml.feature.registry.RegistryNames;
import io.trino.spi.procedure.Procedure;
import io.trino.spi.procedure.Procedure.Argument;
import jakarta.inject.Provider;

import static io.trino.spi.type.VarcharType.VARCHAR;
import static java.util.Objects.requireNonNull;

/**
 * {@code CALL feature_store.system.drop_model_alias(schema_name, model_name, alias)}; the version stays.
 */
public class DropModelAliasProcedure
        implements Provider<Procedure>
{
    private final FeatureRegistry registry;

    @Inject
    public DropModelAliasProcedure(FeatureRegistry registry)
    {
        this.registry = requireNonNull(registry, "registry is null");
    }

    @Override
    public Procedure get()
    {
        return new Procedure(
                "system",
                "drop_model_alias",
                ImmutableList.of(new Argument("SCHEMA_NAME", VARCHAR), new Argument("MODEL_NAME", VARCHAR), new Argument("ALIAS", VARCHAR)),
                ProcedureMethods.bind(this, "dropModelAlias", String.class, String.class, String.class));
    }

    public void dropModelAlias(String schemaName, String modelName, String alias)
    {
        registry.dropModelAlias(RegistryNames.schemaName(schemaName), RegistryNames.identifier("model_name", modelName), RegistryNames.identifier("alias", alias));
    }
}
