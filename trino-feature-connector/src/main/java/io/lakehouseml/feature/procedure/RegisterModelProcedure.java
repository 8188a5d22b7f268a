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
import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableSet;
import com.google.inject.Inject;
import io.lakehouseml.feature.lineage.ProcedureLineage;
import io.lakehouseml.feature.model.ModelArtifacts;
import io.lakehouseml.feature.model.ModelArtifacts.Checksum;
import io.lakehouseml.feature.model.ModelTypes;
import io.lakehouseml.feature.registry.FeatureRegistry;
import io.lakehouseml.feature.registry.ModelVersionDefinition;
import io.lakehouseml.feature.registry.RegistryNames;
import io.lakehouseml.feature.registry.TrainingSetDefinition;
import io.lakehouseml.feature.security.SourceAccessControl;
import io.trino.spi.catalog.CatalogName;
import io.trino.spi.connector.CatalogSchemaTableName;
import io.trino.spi.connector.ConnectorSession;
import io.trino.spi.procedure.Procedure;
import io.trino.spi.procedure.Procedure.Argument;
import jakarta.inject.Provider;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.lakehouseml.feature.FeatureStoreErrorCode.FEATURE_STORE_ALREADY_EXISTS;
import static io.lakehouseml.feature.FeatureStoreErrorCode.FEATURE_STORE_INVALID_ARGUMENT;
import static io.lakehouseml.feature.FeatureStoreErrorCode.FEATURE_STORE_NOT_FOUND;
import static io.trino.spi.type.VarcharType.VARCHAR;
import static java.util.Objects.requireNonNull;

/**
 * {@code CALL feature_store.system.register_model(schema_name, model_name, training_set,
 * artifact_uri, metrics, params, code_version, description)}: registers the next version of a
 * model (1, 2, ...), with the size and SHA-256 of its artefact as it is read now, and the pinned
 * sources of the training set it was made from.
 */
public class RegisterModelProcedure
        implements Provider<Procedure>
{
    // calls that register versions of one model at the same time each take the next free number
    private static final int ATTEMPTS = 20;

    private final FeatureRegistry registry;
    private final ModelArtifacts artifacts;
    private final SourceAccessControl sourceAccess;
    private final String catalogName;
    private final ProcedureLineage lineage;

    @Inject
    public RegisterModelProcedure(FeatureRegistry registry, ModelArtifacts artifacts, SourceAccessControl sourceAccess, CatalogName catalogName, ProcedureLineage lineage)
    {
        this.lineage = requireNonNull(lineage, "lineage is null");
        this.registry = requireNonNull(registry, "registry is null");
        this.artifacts = requireNonNull(artifacts, "artifacts is null");
        this.sourceAccess = requireNonNull(sourceAccess, "sourceAccess is null");
        this.catalogName = catalogName.toString();
    }

    @Override
    public Procedure get()
    {
        return new Procedure(
                "system",
                "register_model",
                ImmutableList.of(
                        new Argument("SCHEMA_NAME", VARCHAR),
                        new Argument("MODEL_NAME", VARCHAR),
                        // required, as it comes before artifact_uri; NULL for a model made from no training set
                        new Argument("TRAINING_SET", VARCHAR),
                        new Argument("ARTIFACT_URI", VARCHAR),
                        new Argument("METRICS", ModelTypes.METRICS, false, null),
                        new Argument("PARAMS", ModelTypes.PARAMS, false, null),
                        new Argument("CODE_VERSION", VARCHAR, false, null),
                        new Argument("DESCRIPTION", VARCHAR, false, null)),
                ProcedureMethods.bind(this, "registerModel", ConnectorSession.class, String.class, String.class, String.class, String.class, Map.class, Map.class, String.class, String.class));
    }

    public void registerModel(
            ConnectorSession session,
            String schemaName,
            String modelName,
            String trainingSetName,
            String artifactUri,
            Map<?, ?> metrics,
            Map<?, ?> params,
            String codeVersion,
            String description)
    {
        String schema = RegistryNames.schemaName(schemaName);
        String model = RegistryNames.identifier("model_name", modelName);
        String uri = RegistryNames.required("artifact_uri", artifactUri);
        Optional<TrainingSetDefinition> trainingSet = Optional.ofNullable(trainingSetName)
                .map(name -> RegistryNames.identifier("training_set", name))
                .map(name -> registry.getTrainingSet(schema, name)
                        .orElseThrow(() -> FEATURE_STORE_NOT_FOUND.error("Training set %s.%s does not exist", schema, name)));
        // what a model records of its training set, its reader must be able to read
        trainingSet.ifPresent(definition -> sourceAccess.checkCanSelect(session, new CatalogSchemaTableName(catalogName, schema, definition.name()), ImmutableSet.of()));
        Map<String, Double> checkedMetrics = metrics(metrics);
        Map<String, String> checkedParams = params(params);
        Optional<String> checkedCodeVersion = Optional.ofNullable(codeVersion).map(value -> RegistryNames.required("code_version", value));

        Checksum checksum = artifacts.checksum(session, uri);
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            List<ModelVersionDefinition> versions = registry.listModelVersions(schema, model);
            for (ModelVersionDefinition existing : versions) {
                if (existing.artifactSha256().equals(checksum.sha256())) {
                    throw FEATURE_STORE_ALREADY_EXISTS.error("Model %s.%s has this artefact already: version %s (%s, SHA-256 %s)", schema, model, existing.version(), existing.artifactUri(), existing.artifactSha256());
                }
            }
            int version = versions.isEmpty() ? ModelVersionDefinition.FIRST_VERSION : versions.getLast().version() + 1;
            ModelVersionDefinition definition = new ModelVersionDefinition(
                    schema,
                    model,
                    version,
                    trainingSet.map(TrainingSetDefinition::name),
                    trainingSet.map(TrainingSetDefinition::fingerprint),
                    trainingSet.map(TrainingSetDefinition::sources).orElse(ImmutableList.of()),
                    uri,
                    checksum.sha256(),
                    checksum.size(),
                    checksum.files(),
                    checkedMetrics,
                    checkedParams,
                    checkedCodeVersion,
                    Optional.ofNullable(description),
                    session.getUser(),
                    Instant.now());
            if (registry.createModelVersion(definition)) {
                lineage.record(
                        session,
                        "register_model",
                        "register_model %s.%s version %s: %s (SHA-256 %s)".formatted(schema, model, version, uri, checksum.sha256()),
                        trainingSet.map(made -> lineage.registryObject(schema, made.name(), made.columns())).stream().toList(),
                        ImmutableList.of(lineage.registryObject(schema, model, ImmutableList.of())));
                return;
            }
        }
        throw FEATURE_STORE_ALREADY_EXISTS.error("Model %s.%s had its next version taken by other registrations %s times; call again", schema, model, ATTEMPTS);
    }

    private static Map<String, Double> metrics(Map<?, ?> metrics)
    {
        ImmutableMap.Builder<String, Double> checked = ImmutableMap.builder();
        if (metrics != null) {
            metrics.forEach((name, value) -> {
                String key = key("metrics", name);
                if (!(value instanceof Double number) || !Double.isFinite(number)) {
                    throw FEATURE_STORE_INVALID_ARGUMENT.error("metrics: metric '%s' must be a finite number, not %s", key, value);
                }
                checked.put(key, number);
            });
        }
        return checked.buildOrThrow();
    }

    private static Map<String, String> params(Map<?, ?> params)
    {
        ImmutableMap.Builder<String, String> checked = ImmutableMap.builder();
        if (params != null) {
            params.forEach((name, value) -> {
                String key = key("params", name);
                if (value == null) {
                    throw FEATURE_STORE_INVALID_ARGUMENT.error("params: parameter '%s' is NULL", key);
                }
                checked.put(key, value.toString());
            });
        }
        return checked.buildOrThrow();
    }

    private static String key(String argument, Object name)
    {
        if (name == null || name.toString().isBlank()) {
            throw FEATURE_STORE_INVALID_ARGUMENT.error("%s has an empty name", argument);
        }
        return name.toString();
    }
}
