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
package io.lakehouseml.feature.registry;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableSet;
import com.google.inject.Inject;
import io.airlift.json.JsonCodec;
import io.lakehouseml.feature.FeatureStoreConfig;
import io.lakehouseml.feature.iceberg.IcebergCatalogFactory;
import io.lakehouseml.feature.iceberg.IcebergCatalogFactory.RegistryCatalog;
import io.trino.spi.TrinoException;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.AlreadyExistsException;
import org.apache.iceberg.exceptions.NoSuchNamespaceException;
import org.apache.iceberg.exceptions.NoSuchTableException;
import org.apache.iceberg.exceptions.NoSuchViewException;
import org.apache.iceberg.view.View;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

import static com.google.common.collect.ImmutableList.toImmutableList;
import static com.google.common.collect.ImmutableSet.toImmutableSet;
import static io.lakehouseml.feature.FeatureStoreErrorCode.FEATURE_STORE_ALREADY_EXISTS;
import static io.lakehouseml.feature.FeatureStoreErrorCode.FEATURE_STORE_CATALOG_ERROR;
import static io.lakehouseml.feature.FeatureStoreErrorCode.FEATURE_STORE_NOT_FOUND;
import static java.lang.String.format;
import static java.util.Locale.ROOT;
import static java.util.Objects.requireNonNull;

/**
 * The feature registry, kept in the Iceberg catalog itself: each schema of the feature store is an
 * Iceberg namespace under the registry namespace; a feature view is an Iceberg view there (its SQL
 * reads the source table, its properties hold the definition); entities and feature services are
 * properties of the namespace. Every coordinator that uses the same Iceberg catalog sees the same
 * registry, and it survives restarts.
 */
public class FeatureRegistry
{
    private static final String DIALECT = "trino";
    private static final String KIND_PROPERTY = "feature-store.kind";
    private static final String DEFINITION_PROPERTY = "feature-store.definition";
    private static final String FEATURE_VIEW_KIND = "feature_view";
    private static final String TRAINING_SET_KIND = "training_set";
    private static final String ENTITY_PREFIX = "feature-store.entity.";
    private static final String FEATURE_SERVICE_PREFIX = "feature-store.feature-service.";
    private static final String EXPECTATION_PREFIX = "feature-store.expectation.";
    private static final String MATERIALIZATION_PREFIX = "feature-store.materialization.";

    private final RegistryCatalog catalog;
    private final Namespace registryNamespace;
    private final JsonCodec<FeatureViewDefinition> featureViewCodec;
    private final JsonCodec<EntityDefinition> entityCodec;
    private final JsonCodec<FeatureServiceDefinition> featureServiceCodec;
    private final JsonCodec<TrainingSetDefinition> trainingSetCodec;
    private final JsonCodec<ExpectationDefinition> expectationCodec;
    private final JsonCodec<MaterializationDefinition> materializationCodec;

    @Inject
    public FeatureRegistry(
            IcebergCatalogFactory catalogFactory,
            FeatureStoreConfig config,
            JsonCodec<FeatureViewDefinition> featureViewCodec,
            JsonCodec<EntityDefinition> entityCodec,
            JsonCodec<FeatureServiceDefinition> featureServiceCodec,
            JsonCodec<TrainingSetDefinition> trainingSetCodec,
            JsonCodec<ExpectationDefinition> expectationCodec,
            JsonCodec<MaterializationDefinition> materializationCodec)
    {
        this.catalog = catalogFactory.catalog();
        this.registryNamespace = Namespace.of(requireNonNull(config, "config is null").getRegistryNamespace());
        this.featureViewCodec = requireNonNull(featureViewCodec, "featureViewCodec is null");
        this.entityCodec = requireNonNull(entityCodec, "entityCodec is null");
        this.featureServiceCodec = requireNonNull(featureServiceCodec, "featureServiceCodec is null");
        this.trainingSetCodec = requireNonNull(trainingSetCodec, "trainingSetCodec is null");
        this.expectationCodec = requireNonNull(expectationCodec, "expectationCodec is null");
        this.materializationCodec = requireNonNull(materializationCodec, "materializationCodec is null");
    }

    public List<String> listSchemas()
    {
        return access("list the feature store schemas", () -> {
            try {
                return catalog.namespaces().listNamespaces(registryNamespace).stream()
                        .map(namespace -> namespace.level(namespace.length() - 1))
                        .sorted()
                        .collect(toImmutableList());
            }
            catch (NoSuchNamespaceException e) {
                return ImmutableList.of();
            }
        });
    }

    public List<FeatureViewDefinition> listFeatureViews(Optional<String> schema)
    {
        return listViews(schema, FeatureViewDefinition.class);
    }

    public Optional<FeatureViewDefinition> getFeatureView(String schema, String name)
    {
        return getView(schema, name, FeatureViewDefinition.class);
    }

    public List<TrainingSetDefinition> listTrainingSets(Optional<String> schema)
    {
        return listViews(schema, TrainingSetDefinition.class);
    }

    public Optional<TrainingSetDefinition> getTrainingSet(String schema, String name)
    {
        return getView(schema, name, TrainingSetDefinition.class);
    }

    private <T extends RegistryView> List<T> listViews(Optional<String> schema, Class<T> kind)
    {
        return listViews(schema).stream()
                .filter(kind::isInstance)
                .map(kind::cast)
                .collect(toImmutableList());
    }

    private <T extends RegistryView> Optional<T> getView(String schema, String name, Class<T> kind)
    {
        return getView(schema, name).filter(kind::isInstance).map(kind::cast);
    }

    /**
     * The feature views and training sets of a schema, or of every schema; each view of the
     * catalog is loaded once.
     */
    public List<RegistryView> listViews(Optional<String> schema)
    {
        ImmutableList.Builder<RegistryView> views = ImmutableList.builder();
        for (String schemaName : schema.map(List::of).orElseGet(this::listSchemas)) {
            List<TableIdentifier> identifiers = access("list the views of " + schemaName, () -> {
                try {
                    return catalog.views().listViews(namespace(schemaName));
                }
                catch (NoSuchNamespaceException e) {
                    return ImmutableList.of();
                }
            });
            for (TableIdentifier identifier : identifiers) {
                getView(schemaName, identifier.name()).ifPresent(views::add);
            }
        }
        return views.build();
    }

    /**
     * The feature view or training set of that name; empty for a missing view or one the registry did not write.
     */
    public Optional<RegistryView> getView(String schema, String name)
    {
        return access(format("read view %s.%s", schema, name), () -> {
            View view;
            try {
                view = catalog.views().loadView(TableIdentifier.of(namespace(schema), name));
            }
            catch (NoSuchViewException | NoSuchNamespaceException e) {
                return Optional.empty();
            }
            String definition = view.properties().get(DEFINITION_PROPERTY);
            return switch (view.properties().getOrDefault(KIND_PROPERTY, "")) {
                case FEATURE_VIEW_KIND -> Optional.<RegistryView>of(featureViewCodec.fromJson(definition));
                case TRAINING_SET_KIND -> Optional.<RegistryView>of(trainingSetCodec.fromJson(definition));
                default -> Optional.empty();
            };
        });
    }

    public FeatureViewDefinition getExistingFeatureView(String schema, String name)
    {
        return getFeatureView(schema, name)
                .orElseThrow(() -> new TrinoException(FEATURE_STORE_NOT_FOUND, format("Feature view %s.%s does not exist", schema, name)));
    }

    public void createFeatureView(FeatureViewDefinition definition, Schema viewSchema)
    {
        createView(definition.schema(), definition.name(), viewSchema, definition.sql(), FEATURE_VIEW_KIND, featureViewCodec.toJson(definition), "Feature view");
    }

    public void dropFeatureView(String schema, String name)
    {
        getExistingFeatureView(schema, name);
        access(format("drop feature view %s.%s", schema, name), () -> catalog.views().dropView(TableIdentifier.of(namespace(schema), name)));
        // its expectations go with it
        dropProperties(schema, expectationPrefix(name));
    }

    public void createTrainingSet(TrainingSetDefinition definition, Schema viewSchema)
    {
        createView(definition.schema(), definition.name(), viewSchema, definition.sql(), TRAINING_SET_KIND, trainingSetCodec.toJson(definition), "Training set");
    }

    public void dropTrainingSet(String schema, String name)
    {
        if (getTrainingSet(schema, name).isEmpty()) {
            throw new TrinoException(FEATURE_STORE_NOT_FOUND, format("Training set %s.%s does not exist", schema, name));
        }
        access(format("drop training set %s.%s", schema, name), () -> catalog.views().dropView(TableIdentifier.of(namespace(schema), name)));
        // the record of its materializations goes with it; the tables stay
        dropProperties(schema, materializationPrefix(name));
    }

    private void createView(String schema, String name, Schema viewSchema, String sql, String kind, String definition, String description)
    {
        access(format("register %s %s.%s", description.toLowerCase(ROOT), schema, name), () -> {
            Namespace namespace = ensureNamespace(schema);
            try {
                catalog.views().buildView(TableIdentifier.of(namespace, name))
                        .withSchema(viewSchema)
                        .withDefaultNamespace(namespace)
                        .withQuery(DIALECT, sql)
                        .withProperty(KIND_PROPERTY, kind)
                        .withProperty(DEFINITION_PROPERTY, definition)
                        .create();
            }
            catch (AlreadyExistsException e) {
                // feature views and training sets of a schema share one name space
                String existing = switch (getView(schema, name).orElse(null)) {
                    case FeatureViewDefinition _ -> "Feature view";
                    case TrainingSetDefinition _ -> "Training set";
                    case null -> "A view";
                };
                throw new TrinoException(FEATURE_STORE_ALREADY_EXISTS, format("%s %s.%s already exists", existing, schema, name));
            }
            return null;
        });
    }

    public Table loadSourceTable(FeatureViewDefinition.SourceTable source)
    {
        return access("load table " + source, () -> {
            try {
                return catalog.tables().loadTable(TableIdentifier.of(source.schema(), source.table()));
            }
            catch (NoSuchTableException e) {
                throw new TrinoException(FEATURE_STORE_NOT_FOUND, format("Source table %s does not exist", source));
            }
        });
    }

    public List<EntityDefinition> listEntities(Optional<String> schema)
    {
        return listProperties(schema, ENTITY_PREFIX, entityCodec);
    }

    public void createEntity(EntityDefinition entity)
    {
        createProperty(entity.schema(), ENTITY_PREFIX + entity.name(), entityCodec.toJson(entity), "Entity", entity.name());
    }

    public void dropEntity(String schema, String name)
    {
        dropProperty(schema, ENTITY_PREFIX + name, "Entity", name);
    }

    public List<FeatureServiceDefinition> listFeatureServices(Optional<String> schema)
    {
        return listProperties(schema, FEATURE_SERVICE_PREFIX, featureServiceCodec);
    }

    public Optional<FeatureServiceDefinition> getFeatureService(String schema, String name)
    {
        return Optional.ofNullable(namespaceProperties(schema).get(FEATURE_SERVICE_PREFIX + name)).map(featureServiceCodec::fromJson);
    }

    public void createFeatureService(FeatureServiceDefinition service)
    {
        createProperty(service.schema(), FEATURE_SERVICE_PREFIX + service.name(), featureServiceCodec.toJson(service), "Feature service", service.name());
    }

    public void dropFeatureService(String schema, String name)
    {
        dropProperty(schema, FEATURE_SERVICE_PREFIX + name, "Feature service", name);
    }

    /**
     * The expectations of a feature view, or of every feature view of a schema or of the store.
     */
    public List<ExpectationDefinition> listExpectations(Optional<String> schema, Optional<String> viewName)
    {
        return listProperties(schema, viewName.map(FeatureRegistry::expectationPrefix).orElse(EXPECTATION_PREFIX), expectationCodec);
    }

    public void createExpectation(ExpectationDefinition expectation)
    {
        createProperty(
                expectation.schema(),
                expectationPrefix(expectation.viewName()) + expectation.name(),
                expectationCodec.toJson(expectation),
                "Expectation",
                expectation.viewName() + "." + expectation.name());
    }

    public void dropExpectation(String schema, String viewName, String name)
    {
        dropProperty(schema, expectationPrefix(viewName) + name, "Expectation", viewName + "." + name);
    }

    public List<MaterializationDefinition> listMaterializations(Optional<String> schema, Optional<String> trainingSet)
    {
        return listProperties(schema, trainingSet.map(FeatureRegistry::materializationPrefix).orElse(MATERIALIZATION_PREFIX), materializationCodec);
    }

    public void createMaterialization(MaterializationDefinition materialization)
    {
        createProperty(
                materialization.schema(),
                materializationPrefix(materialization.trainingSet()) + materialization.table(),
                materializationCodec.toJson(materialization),
                "Materialization of training set",
                materialization.trainingSet() + " in " + materialization.table());
    }

    private static String materializationPrefix(String trainingSet)
    {
        return MATERIALIZATION_PREFIX + trainingSet + ".";
    }

    private static String expectationPrefix(String viewName)
    {
        // names are simple identifiers, so the dot ends the view's name
        return EXPECTATION_PREFIX + viewName + ".";
    }

    private <T> List<T> listProperties(Optional<String> schema, String prefix, JsonCodec<T> codec)
    {
        ImmutableList.Builder<T> definitions = ImmutableList.builder();
        for (String schemaName : schema.map(List::of).orElseGet(this::listSchemas)) {
            namespaceProperties(schemaName).entrySet().stream()
                    .filter(entry -> entry.getKey().startsWith(prefix))
                    .sorted(Map.Entry.comparingByKey())
                    .forEach(entry -> definitions.add(codec.fromJson(entry.getValue())));
        }
        return definitions.build();
    }

    private void createProperty(String schema, String key, String value, String kind, String name)
    {
        access(format("register %s %s.%s", kind.toLowerCase(ROOT), schema, name), () -> {
            Namespace namespace = ensureNamespace(schema);
            if (catalog.namespaces().loadNamespaceMetadata(namespace).containsKey(key)) {
                throw new TrinoException(FEATURE_STORE_ALREADY_EXISTS, format("%s %s.%s already exists", kind, schema, name));
            }
            catalog.namespaces().setProperties(namespace, ImmutableMap.of(key, value));
            return null;
        });
    }

    private void dropProperty(String schema, String key, String kind, String name)
    {
        if (!namespaceProperties(schema).containsKey(key)) {
            throw new TrinoException(FEATURE_STORE_NOT_FOUND, format("%s %s.%s does not exist", kind, schema, name));
        }
        access(format("drop %s %s.%s", kind.toLowerCase(ROOT), schema, name),
                () -> catalog.namespaces().removeProperties(namespace(schema), ImmutableSet.of(key)));
    }

    private void dropProperties(String schema, String prefix)
    {
        Set<String> keys = namespaceProperties(schema).keySet().stream()
                .filter(key -> key.startsWith(prefix))
                .collect(toImmutableSet());
        if (!keys.isEmpty()) {
            access(format("drop the properties of schema %s", schema), () -> catalog.namespaces().removeProperties(namespace(schema), keys));
        }
    }

    private Map<String, String> namespaceProperties(String schema)
    {
        return access("read schema " + schema, () -> {
            try {
                return catalog.namespaces().loadNamespaceMetadata(namespace(schema));
            }
            catch (NoSuchNamespaceException e) {
                return ImmutableMap.of();
            }
        });
    }

    private Namespace ensureNamespace(String schema)
    {
        Namespace namespace = namespace(schema);
        if (!catalog.namespaces().namespaceExists(registryNamespace)) {
            createNamespace(registryNamespace);
        }
        if (!catalog.namespaces().namespaceExists(namespace)) {
            createNamespace(namespace);
        }
        return namespace;
    }

    private void createNamespace(Namespace namespace)
    {
        try {
            catalog.namespaces().createNamespace(namespace, ImmutableMap.of("comment", "Feature store registry"));
        }
        catch (AlreadyExistsException e) {
            // made by another coordinator in the meantime
        }
    }

    private Namespace namespace(String schema)
    {
        String[] levels = new String[registryNamespace.length() + 1];
        System.arraycopy(registryNamespace.levels(), 0, levels, 0, registryNamespace.length());
        levels[registryNamespace.length()] = schema;
        return Namespace.of(levels);
    }

    public static <T> T access(String action, Supplier<T> operation)
    {
        try {
            return operation.get();
        }
        catch (TrinoException e) {
            throw e;
        }
        catch (RuntimeException e) {
            throw new TrinoException(FEATURE_STORE_CATALOG_ERROR, format("Cannot %s in the Iceberg catalog: %s", action, e.getMessage()), e);
        }
    }
}
