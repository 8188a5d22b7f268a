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
import io.lakehouseml.feature.registry.ModelAliasDefinition;
import io.lakehouseml.feature.registry.ModelVersionDefinition;
import io.lakehouseml.feature.registry.RegistryNames;
import io.trino.spi.connector.ConnectorSession;
import io.trino.spi.procedure.Procedure;
import io.trino.spi.procedure.Procedure.Argument;
import jakarta.inject.Provider;

import java.time.Instant;

import static io.lakehouseml.feature.FeatureStoreErrorCode.FEATURE_STORE_INVALID_ARGUMENT;
import static io.lakehouseml.feature.FeatureStoreErrorCode.FEATURE_STORE_NOT_FOUND;
import static io.trino.spi.type.BigintType.BIGINT;
import static io.trino.spi.type.VarcharType.VARCHAR;
import static java.util.Objects.requireNonNull;

/**
 * {@code CALL feature_store.system.set_model_alias(schema_name, model_name, alias, version)}:
 * points an alias, such as {@code champion}, at a version of a model, moving it from the version
 * it named before.
 */
public class SetModelAliasProcedure
        implements Provider<Procedure>
{
    private final FeatureRegistry registry;

    @Inject
    public SetModelAliasProcedure(FeatureRegistry registry)
    {
        this.registry = requireNonNull(registry, "registry is null");
    }

    @Override
    public Procedure get()
    {
        return new Procedure(
                "system",
                "set_model_alias",
                ImmutableList.of(
                        new Argument("SCHEMA_NAME", VARCHAR),
                        new Argument("MODEL_NAME", VARCHAR),
                        new Argument("ALIAS", VARCHAR),
                        new Argument("VERSION", BIGINT)),
                ProcedureMethods.bind(this, "setModelAlias", ConnectorSession.class, String.class, String.class, String.class, Long.class));
    }

    public void setModelAlias(ConnectorSession session, String schemaName, String modelName, String alias, Long version)
    {
        String schema = RegistryNames.schemaName(schemaName);
        String model = RegistryNames.identifier("model_name", modelName);
        String name = RegistryNames.identifier("alias", alias);
        if (version == null) {
            throw FEATURE_STORE_INVALID_ARGUMENT.error("version is required");
        }
        if (version < ModelVersionDefinition.FIRST_VERSION || version > Integer.MAX_VALUE) {
            throw FEATURE_STORE_INVALID_ARGUMENT.error("version must be a version of the model (1, 2, ...), not %s", version);
        }
        if (registry.getModelVersion(schema, model, version.intValue()).isEmpty()) {
            throw FEATURE_STORE_NOT_FOUND.error("Model %s.%s has no version %s", schema, model, version);
        }
        registry.setModelAlias(new ModelAliasDefinition(schema, model, name, version.intValue(), session.getUser(), Instant.now()));
    }
}
