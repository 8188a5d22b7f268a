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
import io.lakehouseml.feature.registry.FeatureViewDefinition.SourceTable;
import io.lakehouseml.feature.registry.TrainingSetDefinition.PinnedSource;
import io.lakehouseml.feature.vector.VectorIndexDefinition;
import io.lakehouseml.feature.vector.VectorIndexSegment;
import io.trino.spi.TrinoException;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.AlreadyExistsException;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.exceptions.NoSuchNamespaceException;
import org.apache.iceberg.exceptions.NoSuchTableException;
import org.apache.iceberg.exceptions.NoSuchViewException;
import org.apache.iceberg.exceptions.NotFoundException;
import org.apache.iceberg.types.Types.NestedField;
import org.apache.iceberg.types.Types.StringType;
import org.apache.iceberg.view.ViewBuilder;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
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
import static io.lakehouseml.feature.FeatureStoreErrorCode.FEATURE_STORE_INVALID_DEFINITION;
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
    // how often a create that met a concurrent drop of the same name is made again
    private static final int MAX_CREATE_ATTEMPTS = 3;
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
    private final JsonCodec<ModelVersionDefinition> modelVersionCodec;
    private final JsonCodec<ModelAliasDefinition> modelAliasCodec;
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
            JsonCodec<VectorIndexSegment> vectorIndexSegmentCodec,
            JsonCodec<ModelVersionDefinition> modelVersionCodec,
            JsonCodec<ModelAliasDefinition> modelAliasCodec)
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
        this.modelVersionCodec = requireNonNull(modelVersionCodec, "modelVersionCodec is null");
        this.modelAliasCodec = requireNonNull(modelAliasCodec, "modelAliasCodec is null");
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

    /**
     * The feature view a reference names: its current definition, or the version it names.
     */
    public FeatureViewDefinition getExistingFeatureView(String schema, FeatureReference reference)
    {
        if (reference.version().isEmpty()) {
            return getExistingFeatureView(schema, reference.view());
        }
        int version = reference.version().get();
        return getFeatureViewVersion(schema, reference.view(), version).orElseThrow(() -> {
            List<Integer> versions = listFeatureViewVersions(schema, reference.view()).stream().map(FeatureViewDefinition::version).toList();
            if (versions.isEmpty()) {
                return FEATURE_STORE_NOT_FOUND.error("Feature view %s.%s does not exist", schema, reference.view());
            }
            return FEATURE_STORE_NOT_FOUND.error("Feature view %s.%s has no version %s; its versions are %s", schema, reference.view(), version, versions);
        });
    }

    /**
     * A version of a feature view: the one kept, or the view's current definition when it has that version.
     */
    public Optional<FeatureViewDefinition> getFeatureViewVersion(String schema, String name, int version)
    {
        migrate(schema);
        Optional<FeatureViewDefinition> kept = loadItem(itemIdentifier(schema, ItemKind.FEATURE_VIEW_VERSION, versionItemName(name, version))).map(featureViewCodec::fromJson);
        if (kept.isPresent()) {
            return kept;
        }
        return getFeatureView(schema, name).filter(view -> view.version() == version);
    }

    /**
     * Every version of every feature view of a schema, or of the store, by schema, view and version.
     */
    public List<FeatureViewDefinition> listFeatureViewVersions(Optional<String> schema)
    {
        ImmutableList.Builder<FeatureViewDefinition> versions = ImmutableList.builder();
        for (String schemaName : schema.map(List::of).orElseGet(this::listSchemas)) {
            versions.addAll(versions(schemaName, Optional.empty()));
        }
        return versions.build();
    }

    /**
     * Every version of a feature view, oldest first; also the versions a dropped view left for the
     * training sets and models made with them.
     */
    public List<FeatureViewDefinition> listFeatureViewVersions(String schema, String name)
    {
        return versions(schema, Optional.of(name));
    }

    /**
     * The versions kept as items, and the current definition of every view, which a view
     * registered before versions existed (or by a call that stopped before it wrote the item) has
     * only there.
     */
    private List<FeatureViewDefinition> versions(String schema, Optional<String> name)
    {
        Map<String, FeatureViewDefinition> versions = new HashMap<>();
        for (FeatureViewDefinition kept : listItems(Optional.of(schema), ItemKind.FEATURE_VIEW_VERSION, name.map(view -> view + ".").orElse(""), featureViewCodec)) {
            versions.put(versionItemName(kept.name(), kept.version()), kept);
        }
        List<FeatureViewDefinition> current = name.map(view -> getFeatureView(schema, view).stream().toList()).orElseGet(() -> listFeatureViews(Optional.of(schema)));
        for (FeatureViewDefinition view : current) {
            versions.putIfAbsent(versionItemName(view.name(), view.version()), view);
        }
        return versions.values().stream()
                .sorted(Comparator.comparing(FeatureViewDefinition::name).thenComparing(FeatureViewDefinition::version))
                .collect(toImmutableList());
    }

    /**
     * The version a view registered under a name now gets: the first, or the one after the
     * versions a dropped view of that name left, so that a version never names two definitions.
     */
    public int nextFeatureViewVersion(String schema, String name)
    {
        return listFeatureViewVersions(schema, name).stream()
                .mapToInt(FeatureViewDefinition::version)
                .max()
                .orElse(FeatureViewDefinition.FIRST_VERSION - 1) + 1;
    }

    /**
     * Registers a feature view under a name that no view has; fails when one has, also one another
     * coordinator registers at the same time.
     */
    public void createFeatureView(FeatureViewDefinition definition, Schema viewSchema)
    {
        createView(definition.schema(), definition.name(), viewSchema, definition.sql(), FEATURE_VIEW_KIND, featureViewCodec.toJson(definition), "Feature view");
        access("keep version %s of feature view %s.%s".formatted(definition.version(), definition.schema(), definition.name()), () ->
                writeItem(definition.schema(), ItemKind.FEATURE_VIEW_VERSION, versionItemName(definition.name(), definition.version()), featureViewCodec.toJson(definition)));
    }

    /**
     * Makes a changed definition the next version of a view. The version is claimed by creating its
     * item, which fails when another registration claimed it first: then that registration's
     * definition is made current (should its call have stopped before it did) and this one is
     * refused. The view then shows the highest version kept.
     *
     * @param current the view's current definition, which {@code next} follows
     */
    public void createFeatureViewVersion(FeatureViewDefinition current, FeatureViewDefinition next, Schema viewSchema)
    {
        String schema = next.schema();
        String name = next.name();
        access("register version %s of feature view %s.%s".formatted(next.version(), schema, name), () -> {
            // the current definition of a view registered before versions existed is kept first
            writeItem(schema, ItemKind.FEATURE_VIEW_VERSION, versionItemName(name, current.version()), featureViewCodec.toJson(current));
            if (!writeItem(schema, ItemKind.FEATURE_VIEW_VERSION, versionItemName(name, next.version()), featureViewCodec.toJson(next))) {
                showHighestVersion(schema, name, Optional.empty());
                throw FEATURE_STORE_ALREADY_EXISTS.error(
                        "Feature view %s.%s was changed by another registration at the same time: it has version %s now; register yours again to make it the next version",
                        schema,
                        name,
                        next.version());
            }
            showHighestVersion(schema, name, Optional.of(new ViewVersion(next, viewSchema)));
            return null;
        });
    }

    /**
     * Replaces the view with its highest kept version until it shows it: a registration that
     * replaces it with an older version it read before a newer one was claimed is undone here.
     *
     * @param claimed the version this coordinator claimed, with the schema of its view
     */
    private void showHighestVersion(String schema, String name, Optional<ViewVersion> claimed)
    {
        TableIdentifier identifier = TableIdentifier.of(namespace(schema), name);
        while (true) {
            Optional<FeatureViewDefinition> shown = getFeatureView(schema, name);
            List<FeatureViewDefinition> versions = listFeatureViewVersions(schema, name);
            if (shown.isEmpty() || versions.isEmpty()) {
                throw FEATURE_STORE_NOT_FOUND.error("Feature view %s.%s was dropped while a version of it was registered", schema, name);
            }
            FeatureViewDefinition highest = versions.getLast();
            if (shown.get().version() >= highest.version()) {
                return;
            }
            Schema viewSchema = claimed.filter(version -> version.definition().version() == highest.version())
                    .map(ViewVersion::viewSchema)
                    .orElseGet(() -> viewSchema(highest));
            try {
                catalog.views().buildView(identifier)
                        .withSchema(viewSchema)
                        .withDefaultNamespace(namespace(schema))
                        .withQuery(DIALECT, highest.sql())
                        .withProperty(KIND_PROPERTY, FEATURE_VIEW_KIND)
                        .withProperty(DEFINITION_PROPERTY, featureViewCodec.toJson(highest))
                        .replace();
            }
            catch (AlreadyExistsException | CommitFailedException e) {
                // replaced by another coordinator in the meantime (the catalog's builder reports it as either): look again
            }
        }
    }

    /**
     * The schema of the catalog view of a feature view's definition: its columns as the source table has them.
     */
    private Schema viewSchema(FeatureViewDefinition definition)
    {
        Schema tableSchema = loadSourceTable(definition.sourceTable()).schema();
        List<NestedField> fields = definition.columns().stream()
                .map(column -> Optional.ofNullable(tableSchema.caseInsensitiveFindField(column.name()))
                        .orElseThrow(() -> FEATURE_STORE_INVALID_DEFINITION.error("Column '%s' of feature view %s.%s is no longer a column of %s", column.name(), definition.schema(), definition.name(), definition.sourceTable())))
                .collect(toImmutableList());
        return new Schema(fields);
    }

    private record ViewVersion(FeatureViewDefinition definition, Schema viewSchema) {}

    private static String versionItemName(String name, int version)
    {
        return name + "." + version;
    }

    /**
     * Drops a feature view with its expectations; the versions of it that training sets or models
     * were made with are kept, so that the definitions they used can still be listed.
     */
    public void dropFeatureView(String schema, String name)
    {
        getExistingFeatureView(schema, name);
        dropView(schema, name, "Feature view");
        // its expectations go with it
        dropItems(schema, ItemKind.EXPECTATION, name + ".");
        Set<Integer> used = new HashSet<>();
        boolean usedWithoutVersion = false;
        List<PinnedSource> sources = new ArrayList<>();
        listTrainingSets(Optional.of(schema)).forEach(trainingSet -> sources.addAll(trainingSet.sources().subList(1, trainingSet.sources().size())));
        listModelVersions(Optional.of(schema)).forEach(model -> sources.addAll(model.featureViewSources()));
        for (PinnedSource source : sources) {
            if (source.role().equals(name)) {
                source.featureViewVersion().ifPresent(used::add);
                usedWithoutVersion |= source.featureViewVersion().isEmpty();
            }
        }
        if (usedWithoutVersion) {
            // made before versions were recorded: which version it used is not known
            return;
        }
        for (TableIdentifier identifier : itemIdentifiers(schema, ItemKind.FEATURE_VIEW_VERSION, name + ".")) {
            int version = Integer.parseInt(identifier.name().substring(name.length() + 1));
            if (!used.contains(version)) {
                access("drop " + identifier, () -> catalog.views().dropView(identifier));
            }
        }
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
            boolean created = createUnlessExists(() -> catalog.views().buildView(TableIdentifier.of(namespace, name))
                    .withSchema(viewSchema)
                    .withDefaultNamespace(namespace)
                    .withQuery(DIALECT, sql)
                    .withProperty(KIND_PROPERTY, kind)
                    .withProperty(DEFINITION_PROPERTY, definition));
            if (!created) {
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

    /**
     * The expectations of tables (added with {@code table_name}), of one table or of all. Like
     * vector indexes they belong to no schema of the feature store and are kept under the
     * {@code system} schema's name; a table's are kept until they are dropped, also when the
     * table is dropped.
     */
    public List<ExpectationDefinition> listTableExpectations(Optional<SourceTable> table)
    {
        return listItems(Optional.of(SYSTEM_SCHEMA), ItemKind.EXPECTATION, table.map(FeatureRegistry::tableItemPrefix).orElse(""), expectationCodec);
    }

    public void createTableExpectation(ExpectationDefinition expectation)
    {
        SourceTable table = expectation.table().orElseThrow(() -> new IllegalArgumentException("not an expectation of a table: " + expectation.name()));
        access("register expectation %s of %s".formatted(expectation.name(), table), () -> {
            if (!writeItem(SYSTEM_SCHEMA, ItemKind.EXPECTATION, tableItemPrefix(table) + expectation.name(), expectationCodec.toJson(expectation))) {
                throw FEATURE_STORE_ALREADY_EXISTS.error("Table %s already has an expectation named %s", table, expectation.name());
            }
            return null;
        });
    }

    public void dropTableExpectation(SourceTable table, String name)
    {
        dropObject(itemIdentifier(SYSTEM_SCHEMA, ItemKind.EXPECTATION, tableItemPrefix(table) + name), "Expectation", "%s of table %s".formatted(name, table));
    }

    // the names of source tables contain no dots (RegistryNames.sourceTable), so the dots end them
    private static String tableItemPrefix(SourceTable table)
    {
        return table.schema() + "." + table.table() + ".";
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
     * The model versions of a schema, or of the store, by schema, model and version.
     */
    public List<ModelVersionDefinition> listModelVersions(Optional<String> schema)
    {
        return listItems(schema, ItemKind.MODEL_VERSION, "", modelVersionCodec).stream()
                .sorted(Comparator.comparing(ModelVersionDefinition::schema).thenComparing(ModelVersionDefinition::model).thenComparing(ModelVersionDefinition::version))
                .collect(toImmutableList());
    }

    public List<ModelVersionDefinition> listModelVersions(String schema, String model)
    {
        return listItems(Optional.of(schema), ItemKind.MODEL_VERSION, model + ".", modelVersionCodec).stream()
                .sorted(Comparator.comparing(ModelVersionDefinition::version))
                .collect(toImmutableList());
    }

    public Optional<ModelVersionDefinition> getModelVersion(String schema, String model, int version)
    {
        migrate(schema);
        return loadItem(itemIdentifier(schema, ItemKind.MODEL_VERSION, versionItemName(model, version))).map(modelVersionCodec::fromJson);
    }

    /**
     * Registers a model version; false when another registration took its number first. A version
     * is never changed afterwards.
     */
    public boolean createModelVersion(ModelVersionDefinition version)
    {
        migrate(version.schema());
        return access(
                "register version %s of model %s.%s".formatted(version.version(), version.schema(), version.model()),
                () -> writeItem(version.schema(), ItemKind.MODEL_VERSION, versionItemName(version.model(), version.version()), modelVersionCodec.toJson(version)));
    }

    public List<ModelAliasDefinition> listModelAliases(Optional<String> schema)
    {
        return listItems(schema, ItemKind.MODEL_ALIAS, "", modelAliasCodec);
    }

    /**
     * Points an alias of a model at a version: creates it, or moves it; of two calls at the same
     * time, the one committed last wins.
     */
    public void setModelAlias(ModelAliasDefinition alias)
    {
        migrate(alias.schema());
        access("set alias %s of model %s.%s".formatted(alias.alias(), alias.schema(), alias.model()), () -> {
            String name = alias.model() + "." + alias.alias();
            while (!writeItem(alias.schema(), ItemKind.MODEL_ALIAS, name, modelAliasCodec.toJson(alias))) {
                try {
                    buildItem(alias.schema(), ItemKind.MODEL_ALIAS, name, modelAliasCodec.toJson(alias)).replace();
                    return null;
                }
                catch (NoSuchViewException e) {
                    // dropped in the meantime: create it again
                }
                catch (AlreadyExistsException | CommitFailedException e) {
                    // moved by another call in the meantime: this call moves it again
                }
            }
            return null;
        });
    }

    public void dropModelAlias(String schema, String model, String alias)
    {
        dropItem(schema, ItemKind.MODEL_ALIAS, model + "." + alias);
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
        return createUnlessExists(() -> buildItem(schema, kind, name, definition));
    }

    /**
     * Creates a view; false when one of that name exists. A create that meets a drop of the same
     * name (it found the view, and the drop deleted the view's metadata before the create read
     * it) is made again: the name is free by then, or taken by a third call. A JDBC catalog
     * reports that race as {@link NotFoundException}; a REST catalog answers 404 for it, which
     * its client reports as {@link NoSuchViewException}.
     */
    private static boolean createUnlessExists(Supplier<ViewBuilder> view)
    {
        for (int attempt = 1; ; attempt++) {
            try {
                view.get().create();
                return true;
            }
            catch (AlreadyExistsException e) {
                return false;
            }
            catch (NotFoundException | NoSuchViewException e) {
                if (attempt == MAX_CREATE_ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    private ViewBuilder buildItem(String schema, ItemKind kind, String name, String definition)
    {
        Namespace namespace = itemNamespace(schema, kind);
        return catalog.views().buildView(TableIdentifier.of(namespace, name))
                .withSchema(ITEM_SCHEMA)
                .withDefaultNamespace(namespace)
                .withQuery(DIALECT, format("SELECT %s AS item", stringLiteral(kind.description())))
                .withProperty(KIND_PROPERTY, kind.name().toLowerCase(ROOT))
                .withProperty(DEFINITION_PROPERTY, definition);
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
        VECTOR_INDEX_SEGMENT("vector_index_segments", "feature-store.vector-index-segment.", "Vector index segment"),
        // never kept as namespace properties
        FEATURE_VIEW_VERSION("feature_view_versions", "feature-store.feature-view-version.", "Feature view version"),
        MODEL_VERSION("model_versions", "feature-store.model-version.", "Model version"),
        MODEL_ALIAS("model_aliases", "feature-store.model-alias.", "Model alias");

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
