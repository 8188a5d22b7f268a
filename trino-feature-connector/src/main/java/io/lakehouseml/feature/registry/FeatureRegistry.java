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
import com.google.common.hash.Hashing;
import com.google.inject.Inject;
import io.airlift.json.JsonCodec;
import io.lakehouseml.feature.FeatureStoreConfig;
import io.lakehouseml.feature.iceberg.IcebergCatalogFactory;
import io.lakehouseml.feature.iceberg.IcebergCatalogFactory.RegistryCatalog;
import io.lakehouseml.feature.vector.VectorIndexDefinition;
import io.lakehouseml.feature.vector.VectorIndexSegment;
import io.trino.spi.TrinoException;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.AlreadyExistsException;
import org.apache.iceberg.exceptions.NoSuchNamespaceException;
import org.apache.iceberg.exceptions.NoSuchTableException;
import org.apache.iceberg.exceptions.NoSuchViewException;
import org.apache.iceberg.types.Types.NestedField;
import org.apache.iceberg.types.Types.StringType;

import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import static com.google.common.collect.ImmutableList.toImmutableList;
import static io.lakehouseml.feature.FeatureStoreErrorCode.FEATURE_STORE_ALREADY_EXISTS;
import static io.lakehouseml.feature.FeatureStoreErrorCode.FEATURE_STORE_CATALOG_ERROR;
import static io.lakehouseml.feature.FeatureStoreErrorCode.FEATURE_STORE_NOT_FOUND;
import static io.lakehouseml.feature.registry.RegistryNames.MAX_NAME_LENGTH;
import static io.lakehouseml.feature.registry.RegistryNames.SYSTEM_SCHEMA;
import static io.lakehouseml.feature.sql.SqlText.stringLiteral;
import static java.lang.String.format;
import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Locale.ROOT;
import static java.util.Objects.requireNonNull;

/**
 * The feature registry, kept in the Iceberg catalog itself: each schema of the feature store is an
 * Iceberg namespace under the registry namespace; a feature view or training set is an Iceberg view
 * there (its SQL reads the sources, its properties hold the definition). Entities, feature services,
 * expectations and materializations are Iceberg views too, one per item, in a namespace of their
 * kind under the schema's ({@code <registry>.<schema>.entities}, ...), whose properties hold the
 * definition.
 * <p>
 * Every object is created by the catalog's create, which fails when the name is taken, and dropped
 * by its drop, which fails when it is gone: so of two coordinators registering the same name at the
 * same time exactly one succeeds, and nothing is overwritten. (Earlier releases kept the items as
 * namespace properties, which have no compare-and-set; they are moved to views when a schema is
 * first used.) Every coordinator that uses the same Iceberg catalog sees the same registry, and it
 * survives restarts.
 */
public class FeatureRegistry
{
    private static final String DIALECT = "trino";
    private static final String KIND_PROPERTY = "feature-store.kind";
    private static final String DEFINITION_PROPERTY = "feature-store.definition";
    private static final String FEATURE_VIEW_KIND = "feature_view";
    private static final String TRAINING_SET_KIND = "training_set";
    private static final Schema ITEM_SCHEMA = new Schema(NestedField.required(1, "item", StringType.get()));

    private final RegistryCatalog catalog;
    private final Namespace registryNamespace;
    private final JsonCodec<FeatureViewDefinition> featureViewCodec;
    private final JsonCodec<EntityDefinition> entityCodec;
    private final JsonCodec<FeatureServiceDefinition> featureServiceCodec;
    private final JsonCodec<TrainingSetDefinition> trainingSetCodec;
    private final JsonCodec<ExpectationDefinition> expectationCodec;
    private final JsonCodec<MaterializationDefinition> materializationCodec;
    private final JsonCodec<VectorIndexDefinition> vectorIndexCodec;
    private final JsonCodec<VectorIndexSegment> vectorIndexSegmentCodec;
    // the schemas whose items this coordinator has moved from namespace properties to views
    private final Set<String> migratedSchemas = ConcurrentHashMap.newKeySet();

    @Inject
    public FeatureRegistry(
            IcebergCatalogFactory catalogFactory,
            FeatureStoreConfig config,
            JsonCodec<FeatureViewDefinition> featureViewCodec,
            JsonCodec<EntityDefinition> entityCodec,
            JsonCodec<FeatureServiceDefinition> featureServiceCodec,
            JsonCodec<TrainingSetDefinition> trainingSetCodec,
            JsonCodec<ExpectationDefinition> expectationCodec,
            JsonCodec<MaterializationDefinition> materializationCodec,
            JsonCodec<VectorIndexDefinition> vectorIndexCodec,
            JsonCodec<VectorIndexSegment> vectorIndexSegmentCodec)
    {
        this.catalog = catalogFactory.catalog();
        this.registryNamespace = Namespace.of(requireNonNull(config, "config is null").getRegistryNamespace());
        this.featureViewCodec = requireNonNull(featureViewCodec, "featureViewCodec is null");
        this.entityCodec = requireNonNull(entityCodec, "entityCodec is null");
        this.featureServiceCodec = requireNonNull(featureServiceCodec, "featureServiceCodec is null");
        this.trainingSetCodec = requireNonNull(trainingSetCodec, "trainingSetCodec is null");
        this.expectationCodec = requireNonNull(expectationCodec, "expectationCodec is null");
        this.materializationCodec = requireNonNull(materializationCodec, "materializationCodec is null");
        this.vectorIndexCodec = requireNonNull(vectorIndexCodec, "vectorIndexCodec is null");
        this.vectorIndexSegmentCodec = requireNonNull(vectorIndexSegmentCodec, "vectorIndexSegmentCodec is null");
    }

    public List<String> listSchemas()
    {
        return access("list the feature store schemas", () -> {
            try {
                return catalog.namespaces().listNamespaces(registryNamespace).stream()
                        .map(namespace -> namespace.level(namespace.length() - 1))
                        // where the registry keeps what belongs to no schema of the feature store
                        .filter(name -> !name.equals(SYSTEM_SCHEMA))
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
        return access(format("read view %s.%s", schema, name), () -> viewProperties(TableIdentifier.of(namespace(schema), name)).flatMap(properties -> {
            String definition = properties.get(DEFINITION_PROPERTY);
            return switch (properties.getOrDefault(KIND_PROPERTY, "")) {
                case FEATURE_VIEW_KIND -> Optional.<RegistryView>of(featureViewCodec.fromJson(definition));
                case TRAINING_SET_KIND -> Optional.<RegistryView>of(trainingSetCodec.fromJson(definition));
                default -> Optional.empty();
            };
        }));
    }

    /**
     * The properties of a view of the catalog; empty for a missing view, also one that another
     * coordinator drops while it is read (the catalog then fails in other ways than with
     * {@link NoSuchViewException}).
     */
    private Optional<Map<String, String>> viewProperties(TableIdentifier identifier)
    {
        try {
            return Optional.of(catalog.views().loadView(identifier).properties());
        }
        catch (NoSuchViewException | NoSuchNamespaceException e) {
            return Optional.empty();
        }
        catch (RuntimeException e) {
            if (!catalog.views().viewExists(identifier)) {
                return Optional.empty();
            }
            throw e;
        }
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
        dropView(schema, name, "Feature view");
        // its expectations go with it
        dropItems(schema, ItemKind.EXPECTATION, name + ".");
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
        dropView(schema, name, "Training set");
        // the record of its materializations goes with it; the tables stay
        dropItems(schema, ItemKind.MATERIALIZATION, name + ".");
    }

    /**
     * Drops a view of the registry; of two coordinators dropping it at the same time, one finds it gone.
     */
    private void dropView(String schema, String name, String description)
    {
        dropObject(TableIdentifier.of(namespace(schema), name), description, schema + "." + name);
    }

    /**
     * Drops a view of the catalog; fails when it does not exist, also when another coordinator
     * dropped it first.
     *
     * @param displayName how the message names the object: {@code <schema>.<name>}
     */
    private void dropObject(TableIdentifier identifier, String description, String displayName)
    {
        boolean dropped = access(format("drop %s %s", description.toLowerCase(ROOT), displayName), () -> {
            try {
                return catalog.views().dropView(identifier);
            }
            catch (NoSuchViewException | NoSuchNamespaceException e) {
                return false;
            }
        });
        if (!dropped) {
            throw FEATURE_STORE_NOT_FOUND.error("%s %s does not exist", description, displayName);
        }
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
        return listItems(schema, ItemKind.ENTITY, "", entityCodec);
    }

    public void createEntity(EntityDefinition entity)
    {
        createItem(entity.schema(), ItemKind.ENTITY, entity.name(), entity.name(), entityCodec.toJson(entity));
    }

    public void dropEntity(String schema, String name)
    {
        dropItem(schema, ItemKind.ENTITY, name);
    }

    public List<FeatureServiceDefinition> listFeatureServices(Optional<String> schema)
    {
        return listItems(schema, ItemKind.FEATURE_SERVICE, "", featureServiceCodec);
    }

    public Optional<FeatureServiceDefinition> getFeatureService(String schema, String name)
    {
        migrate(schema);
        return loadItem(itemIdentifier(schema, ItemKind.FEATURE_SERVICE, name)).map(featureServiceCodec::fromJson);
    }

    public void createFeatureService(FeatureServiceDefinition service)
    {
        createItem(service.schema(), ItemKind.FEATURE_SERVICE, service.name(), service.name(), featureServiceCodec.toJson(service));
    }

    public void dropFeatureService(String schema, String name)
    {
        dropItem(schema, ItemKind.FEATURE_SERVICE, name);
    }

    /**
     * The expectations of a feature view, or of every feature view of a schema or of the store.
     */
    public List<ExpectationDefinition> listExpectations(Optional<String> schema, Optional<String> viewName)
    {
        return listItems(schema, ItemKind.EXPECTATION, viewName.map(name -> name + ".").orElse(""), expectationCodec);
    }

    public void createExpectation(ExpectationDefinition expectation)
    {
        // names are simple identifiers, so the dot ends the view's name
        String name = expectation.viewName() + "." + expectation.name();
        createItem(expectation.schema(), ItemKind.EXPECTATION, name, name, expectationCodec.toJson(expectation));
    }

    public void dropExpectation(String schema, String viewName, String name)
    {
        dropItem(schema, ItemKind.EXPECTATION, viewName + "." + name);
    }

    public List<MaterializationDefinition> listMaterializations(Optional<String> schema, Optional<String> trainingSet)
    {
        return listItems(schema, ItemKind.MATERIALIZATION, trainingSet.map(name -> name + ".").orElse(""), materializationCodec);
    }

    public void createMaterialization(MaterializationDefinition materialization)
    {
        createItem(
                materialization.schema(),
                ItemKind.MATERIALIZATION,
                materializationName(materialization.trainingSet(), materialization.table().toString()),
                materialization.trainingSet() + " in " + materialization.table(),
                materializationCodec.toJson(materialization));
    }

    /**
     * The name of the item of a materialization: the training set's and the table's names, or, where
     * that would be too long for a path segment, the training set's and a hash of the table's.
     */
    private static String materializationName(String trainingSet, String table)
    {
        String name = trainingSet + "." + table;
        if (name.length() <= 2 * MAX_NAME_LENGTH) {
            return name;
        }
        return trainingSet + "." + Hashing.sha256().hashString(table, UTF_8);
    }

    /**
     * The vector indexes of tables of the source catalog. They belong to no schema of the feature
     * store and are kept under the {@code system} schema's name, which no feature store schema can take.
     */
    public List<VectorIndexDefinition> listVectorIndexes()
    {
        return listItems(Optional.of(SYSTEM_SCHEMA), ItemKind.VECTOR_INDEX, "", vectorIndexCodec);
    }

    public Optional<VectorIndexDefinition> getVectorIndex(String name)
    {
        return loadItem(itemIdentifier(SYSTEM_SCHEMA, ItemKind.VECTOR_INDEX, name)).map(vectorIndexCodec::fromJson);
    }

    /**
     * Registers an index; fails when the column has one, also one another coordinator is creating.
     */
    public void createVectorIndex(VectorIndexDefinition index)
    {
        access("register the vector index of %s.%s".formatted(index.table(), index.column()), () -> {
            if (!writeItem(SYSTEM_SCHEMA, ItemKind.VECTOR_INDEX, index.name(), vectorIndexCodec.toJson(index))) {
                throw FEATURE_STORE_ALREADY_EXISTS.error("Column %s of %s has a vector index already", index.column(), index.table());
            }
            return null;
        });
    }

    public void dropVectorIndex(VectorIndexDefinition index)
    {
        dropObject(itemIdentifier(SYSTEM_SCHEMA, ItemKind.VECTOR_INDEX, index.name()), "Vector index", "of " + index.table() + "." + index.column());
    }

    /**
     * The segments of an index, in the order they were made.
     */
    public List<VectorIndexSegment> listVectorIndexSegments(String indexName)
    {
        return listItems(Optional.of(SYSTEM_SCHEMA), ItemKind.VECTOR_INDEX_SEGMENT, indexName + ".", vectorIndexSegmentCodec);
    }

    public void createVectorIndexSegment(VectorIndexSegment segment)
    {
        createItem(SYSTEM_SCHEMA, ItemKind.VECTOR_INDEX_SEGMENT, segment.indexName() + "." + segment.id(), segment.id(), vectorIndexSegmentCodec.toJson(segment));
    }

    /**
     * Forgets a segment; false when it was gone already (dropped by another coordinator).
     */
    public boolean dropVectorIndexSegment(VectorIndexSegment segment)
    {
        TableIdentifier identifier = itemIdentifier(SYSTEM_SCHEMA, ItemKind.VECTOR_INDEX_SEGMENT, segment.indexName() + "." + segment.id());
        return access("drop " + identifier, () -> catalog.views().dropView(identifier));
    }

    /**
     * The items of a kind whose names start with a prefix, in the order of their names.
     */
    private <T> List<T> listItems(Optional<String> schema, ItemKind kind, String prefix, JsonCodec<T> codec)
    {
        ImmutableList.Builder<T> definitions = ImmutableList.builder();
        for (String schemaName : schema.map(List::of).orElseGet(this::listSchemas)) {
            migrate(schemaName);
            for (TableIdentifier identifier : itemIdentifiers(schemaName, kind, prefix)) {
                // an item dropped since it was listed is left out
                loadItem(identifier).map(codec::fromJson).ifPresent(definitions::add);
            }
        }
        return definitions.build();
    }

    private List<TableIdentifier> itemIdentifiers(String schema, ItemKind kind, String prefix)
    {
        return access(format("list the %s of %s", kind.namespace(), schema), () -> {
            try {
                return catalog.views().listViews(itemNamespace(schema, kind)).stream()
                        .filter(identifier -> identifier.name().startsWith(prefix))
                        .sorted(Comparator.comparing(TableIdentifier::name))
                        .collect(toImmutableList());
            }
            catch (NoSuchNamespaceException e) {
                return ImmutableList.of();
            }
        });
    }

    /**
     * The definition an item holds; empty for a missing item.
     */
    private Optional<String> loadItem(TableIdentifier identifier)
    {
        return access("read " + identifier, () -> viewProperties(identifier).map(properties -> properties.get(DEFINITION_PROPERTY)));
    }

    /**
     * Creates an item; fails when an item of that name exists, also one another coordinator is
     * creating at the same time.
     */
    private void createItem(String schema, ItemKind kind, String name, String displayName, String definition)
    {
        migrate(schema);
        access(format("register %s %s.%s", kind.description().toLowerCase(ROOT), schema, name), () -> {
            if (!writeItem(schema, kind, name, definition)) {
                throw FEATURE_STORE_ALREADY_EXISTS.error("%s %s.%s already exists", kind.description(), schema, displayName);
            }
            return null;
        });
    }

    /**
     * @return false when the item exists already
     */
    private boolean writeItem(String schema, ItemKind kind, String name, String definition)
    {
        ensureNamespace(schema);
        Namespace namespace = itemNamespace(schema, kind);
        if (!catalog.namespaces().namespaceExists(namespace)) {
            createNamespace(namespace);
        }
        try {
            catalog.views().buildView(TableIdentifier.of(namespace, name))
                    .withSchema(ITEM_SCHEMA)
                    .withDefaultNamespace(namespace)
                    .withQuery(DIALECT, format("SELECT %s AS item", stringLiteral(kind.description())))
                    .withProperty(KIND_PROPERTY, kind.name().toLowerCase(ROOT))
                    .withProperty(DEFINITION_PROPERTY, definition)
                    .create();
            return true;
        }
        catch (AlreadyExistsException e) {
            return false;
        }
    }

    /**
     * Drops an item; fails when it does not exist, also when another coordinator dropped it first.
     */
    private void dropItem(String schema, ItemKind kind, String name)
    {
        migrate(schema);
        dropObject(itemIdentifier(schema, kind, name), kind.description(), schema + "." + name);
    }

    /**
     * Drops the items of a kind whose names start with a prefix: the items that belong to an object
     * that is dropped.
     */
    private void dropItems(String schema, ItemKind kind, String prefix)
    {
        for (TableIdentifier identifier : itemIdentifiers(schema, kind, prefix)) {
            access("drop " + identifier, () -> catalog.views().dropView(identifier));
        }
    }

    /**
     * Moves the items an earlier release kept as properties of the schema's namespace to views, once
     * per schema and coordinator. It can run on several coordinators at once: each item is created
     * unless it exists, and only the properties that were moved are removed.
     */
    private void migrate(String schema)
    {
        if (migratedSchemas.contains(schema)) {
            return;
        }
        access("move the registry items of schema %s to views".formatted(schema), () -> {
            Map<String, String> properties;
            try {
                properties = catalog.namespaces().loadNamespaceMetadata(namespace(schema));
            }
            catch (NoSuchNamespaceException e) {
                return null;
            }
            Set<String> moved = new HashSet<>();
            for (Map.Entry<String, String> property : properties.entrySet()) {
                for (ItemKind kind : ItemKind.values()) {
                    if (property.getKey().startsWith(kind.legacyPrefix())) {
                        writeItem(schema, kind, property.getKey().substring(kind.legacyPrefix().length()), property.getValue());
                        moved.add(property.getKey());
                    }
                }
            }
            if (!moved.isEmpty()) {
                catalog.namespaces().removeProperties(namespace(schema), moved);
            }
            return null;
        });
        migratedSchemas.add(schema);
    }

    private TableIdentifier itemIdentifier(String schema, ItemKind kind, String name)
    {
        return TableIdentifier.of(itemNamespace(schema, kind), name);
    }

    private Namespace itemNamespace(String schema, ItemKind kind)
    {
        String[] levels = Arrays.copyOf(namespace(schema).levels(), registryNamespace.length() + 2);
        levels[levels.length - 1] = kind.namespace();
        return Namespace.of(levels);
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
        catch (RuntimeException e) {
            // made by another coordinator in the meantime: some catalogs say so, others fail on their own constraint
            if (!catalog.namespaces().namespaceExists(namespace)) {
                throw e;
            }
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

    /**
     * What the registry keeps besides feature views and training sets, each kind in a namespace of
     * its own under the schema's.
     *
     * @param namespace the last level of the kind's namespace
     * @param legacyPrefix the prefix of the namespace properties earlier releases kept the kind in
     * @param description the kind in messages
     */
    private enum ItemKind
    {
        ENTITY("entities", "feature-store.entity.", "Entity"),
        FEATURE_SERVICE("feature_services", "feature-store.feature-service.", "Feature service"),
        EXPECTATION("expectations", "feature-store.expectation.", "Expectation"),
        MATERIALIZATION("materializations", "feature-store.materialization.", "Materialization of training set"),
        // kept under the system schema; never kept as namespace properties
        VECTOR_INDEX("vector_indexes", "feature-store.vector-index.", "Vector index"),
        VECTOR_INDEX_SEGMENT("vector_index_segments", "feature-store.vector-index-segment.", "Vector index segment");

        private final String namespace;
        private final String legacyPrefix;
        private final String description;

        ItemKind(String namespace, String legacyPrefix, String description)
        {
            this.namespace = namespace;
            this.legacyPrefix = legacyPrefix;
            this.description = description;
        }

        String namespace()
        {
            return namespace;
        }

        String legacyPrefix()
        {
            return legacyPrefix;
        }

        String description()
        {
            return description;
        }
    }
}
