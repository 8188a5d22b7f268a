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

import com.google.common.collect.ImmutableList;
import com.google.inject.Inject;
import io.trino.spi.TrinoException;
import io.trino.spi.connector.ConnectorSession;
import io.trino.spi.procedure.Procedure;
import io.trino.spi.procedure.Procedure.Argument;
import io.trino.spi.type.ArrayType;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import static io.lakehouseml.feature.FeatureStoreErrorCode.FEATURE_STORE_INVALID_DEFINITION;
import static io.trino.spi.type.VarcharType.VARCHAR;
import static java.lang.String.format;
import static java.util.Objects.requireNonNull;

/**
 * {@code register_entity}, {@code drop_entity}, {@code register_feature_service} and
 * {@code drop_feature_service} in {@code feature_store.system}.
 */
public class EntityAndServiceProcedures
{
    private final FeatureRegistry registry;

    @Inject
    public EntityAndServiceProcedures(FeatureRegistry registry)
    {
        this.registry = requireNonNull(registry, "registry is null");
    }

    public List<Procedure> procedures()
    {
        return ImmutableList.of(
                new Procedure(
                        "system",
                        "register_entity",
                        ImmutableList.of(
                                new Argument("SCHEMA_NAME", VARCHAR),
                                new Argument("NAME", VARCHAR),
                                new Argument("JOIN_KEYS", new ArrayType(VARCHAR)),
                                new Argument("DESCRIPTION", VARCHAR, false, null)),
                        ProcedureMethods.bind(this, "registerEntity", ConnectorSession.class, String.class, String.class, List.class, String.class)),
                new Procedure(
                        "system",
                        "drop_entity",
                        ImmutableList.of(
                                new Argument("SCHEMA_NAME", VARCHAR),
                                new Argument("NAME", VARCHAR)),
                        ProcedureMethods.bind(this, "dropEntity", String.class, String.class)),
                new Procedure(
                        "system",
                        "register_feature_service",
                        ImmutableList.of(
                                new Argument("SCHEMA_NAME", VARCHAR),
                                new Argument("NAME", VARCHAR),
                                new Argument("FEATURES", new ArrayType(VARCHAR)),
                                new Argument("DESCRIPTION", VARCHAR, false, null)),
                        ProcedureMethods.bind(this, "registerFeatureService", ConnectorSession.class, String.class, String.class, List.class, String.class)),
                new Procedure(
                        "system",
                        "drop_feature_service",
                        ImmutableList.of(
                                new Argument("SCHEMA_NAME", VARCHAR),
                                new Argument("NAME", VARCHAR)),
                        ProcedureMethods.bind(this, "dropFeatureService", String.class, String.class)));
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

    public void dropEntity(String schemaName, String name)
    {
        registry.dropEntity(RegistryNames.schemaName(schemaName), RegistryNames.identifier("name", name));
    }

    public void registerFeatureService(ConnectorSession session, String schemaName, String name, List<?> features, String description)
    {
        String schema = RegistryNames.schemaName(schemaName);
        List<String> references = RegistryNames.names("features", features, true);
        Map<String, FeatureViewDefinition> views = new HashMap<>();
        for (String reference : references) {
            FeatureReference.parse(reference).resolve(view -> views.computeIfAbsent(view, _ -> registry.getExistingFeatureView(schema, view)));
        }
        registry.createFeatureService(new FeatureServiceDefinition(
                schema,
                RegistryNames.identifier("name", name),
                references,
                Optional.ofNullable(description),
                session.getUser(),
                Instant.now()));
    }

    public void dropFeatureService(String schemaName, String name)
    {
        registry.dropFeatureService(RegistryNames.schemaName(schemaName), RegistryNames.identifier("name", name));
    }

    /**
     * {@code view:feature} or {@code view:*}.
     */
    public record FeatureReference(String view, Optional<String> feature)
    {
        public FeatureReference
        {
            requireNonNull(view, "view is null");
            requireNonNull(feature, "feature is null");
        }

        public static FeatureReference parse(String reference)
        {
            String[] parts = reference.trim().toLowerCase(Locale.ROOT).split(":", -1);
            if (parts.length != 2 || parts[0].isEmpty() || parts[1].isEmpty()) {
                throw new TrinoException(FEATURE_STORE_INVALID_DEFINITION, format("A feature is named 'view:feature' or 'view:*', not '%s'", reference));
            }
            return new FeatureReference(parts[0], parts[1].equals("*") ? Optional.empty() : Optional.of(parts[1]));
        }

        /**
         * The features this reference names, checked against its feature view.
         *
         * @param views the feature views by name; fails for a missing one
         */
        public List<String> resolve(Function<String, FeatureViewDefinition> views)
        {
            FeatureViewDefinition definition = views.apply(view);
            if (feature.isEmpty()) {
                return definition.features();
            }
            if (!definition.features().contains(feature.get())) {
                throw new TrinoException(FEATURE_STORE_INVALID_DEFINITION, format("Feature view %s.%s has no feature '%s'; its features are %s", definition.schema(), view, feature.get(), definition.features()));
            }
            return ImmutableList.of(feature.get());
        }
    }
}
