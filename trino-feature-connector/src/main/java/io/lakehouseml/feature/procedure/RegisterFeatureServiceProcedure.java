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
import io.lakehouseml.feature.registry.FeatureReference;
import io.lakehouseml.feature.registry.FeatureRegistry;
import io.lakehouseml.feature.registry.FeatureServiceDefinition;
import io.lakehouseml.feature.registry.FeatureViewDefinition;
import io.lakehouseml.feature.registry.RegistryNames;
import io.trino.spi.connector.ConnectorSession;
import io.trino.spi.procedure.Procedure;
import io.trino.spi.procedure.Procedure.Argument;
import io.trino.spi.type.ArrayType;
import jakarta.inject.Provider;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.trino.spi.type.VarcharType.VARCHAR;
import static java.util.Objects.requireNonNull;

/**
 * {@code CALL feature_store.system.register_feature_service(schema_name, name, features, description)}:
 * the named list of features one model version uses, each checked against its feature view.
 */
public class RegisterFeatureServiceProcedure
        implements Provider<Procedure>
{
    private final FeatureRegistry registry;

    @Inject
    public RegisterFeatureServiceProcedure(FeatureRegistry registry)
    {
        this.registry = requireNonNull(registry, "registry is null");
    }

    @Override
    public Procedure get()
    {
        return new Procedure(
                "system",
                "register_feature_service",
                ImmutableList.of(
                        new Argument("SCHEMA_NAME", VARCHAR),
                        new Argument("NAME", VARCHAR),
                        new Argument("FEATURES", new ArrayType(VARCHAR)),
                        new Argument("DESCRIPTION", VARCHAR, false, null)),
                ProcedureMethods.bind(this, "registerFeatureService", ConnectorSession.class, String.class, String.class, List.class, String.class));
    }

    public void registerFeatureService(ConnectorSession session, String schemaName, String name, List<?> features, String description)
    {
        String schema = RegistryNames.schemaName(schemaName);
        List<String> references = RegistryNames.featureReferences("features", features);
        Map<String, FeatureViewDefinition> views = new HashMap<>();
        for (String reference : references) {
            FeatureReference parsed = FeatureReference.parse(reference);
            parsed.resolve(view -> views.computeIfAbsent(view, _ -> registry.getExistingFeatureView(schema, parsed)));
        }
        registry.createFeatureService(new FeatureServiceDefinition(
                schema,
                RegistryNames.identifier("name", name),
                references,
                Optional.ofNullable(description),
                session.getUser(),
                Instant.now()));
    }
}
