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
import io.lakehouseml.feature.registry.EntityDefinition;
import io.lakehouseml.feature.registry.FeatureRegistry;
import io.lakehouseml.feature.registry.RegistryNames;
import io.trino.spi.connector.ConnectorSession;
import io.trino.spi.procedure.Procedure;
import io.trino.spi.procedure.Procedure.Argument;
import io.trino.spi.type.ArrayType;
import jakarta.inject.Provider;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static io.trino.spi.type.VarcharType.VARCHAR;
import static java.util.Objects.requireNonNull;

/**
 * {@code CALL feature_store.system.register_entity(schema_name, name, join_keys, description)}
 */
public class RegisterEntityProcedure
        implements Provider<Procedure>
{
    private final FeatureRegistry registry;

    @Inject
    public RegisterEntityProcedure(FeatureRegistry registry)
    {
        this.registry = requireNonNull(registry, "registry is null");
    }

    @Override
    public Procedure get()
    {
        return new Procedure(
                "system",
                "register_entity",
                ImmutableList.of(
                        new Argument("SCHEMA_NAME", VARCHAR),
                        new Argument("NAME", VARCHAR),
                        new Argument("JOIN_KEYS", new ArrayType(VARCHAR)),
                        new Argument("DESCRIPTION", VARCHAR, false, null)),
                ProcedureMethods.bind(this, "registerEntity", ConnectorSession.class, String.class, String.class, List.class, String.class));
    }

    public void registerEntity(ConnectorSession session, String schemaName, String name, List<?> joinKeys, String description)
    {
        registry.createEntity(new EntityDefinition(
                RegistryNames.schemaName(schemaName),
                RegistryNames.identifier("name", name),
                RegistryNames.names("join_keys", joinKeys, true),
                Optional.ofNullable(description),
                session.getUser(),
                Instant.now()));
    }
}
