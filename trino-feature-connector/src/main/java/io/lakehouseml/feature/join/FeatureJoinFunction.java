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
package io.lakehouseml.feature.join;

import com.google.common.cache.Cache;
import com.google.common.cache.CacheBuilder;
import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSet;
import com.google.common.util.concurrent.UncheckedExecutionException;
import com.google.inject.Inject;
import io.lakehouseml.feature.FeatureStoreConfig;
import io.lakehouseml.feature.iceberg.IcebergSnapshots;
import io.lakehouseml.feature.iceberg.IcebergTypes;
import io.lakehouseml.feature.join.FeatureJoinHandle.ColumnSpec;
import io.lakehouseml.feature.join.FeatureJoinHandle.FeatureOutput;
import io.lakehouseml.feature.join.FeatureJoinHandle.FeatureSource;
import io.lakehouseml.feature.join.FeatureJoinHandle.SpineTable;
import io.lakehouseml.feature.lineage.ConnectorReads;
import io.lakehouseml.feature.lineage.LineageDataset;
import io.lakehouseml.feature.registry.FeatureReference;
import io.lakehouseml.feature.registry.FeatureRegistry;
import io.lakehouseml.feature.registry.FeatureViewDefinition;
import io.lakehouseml.feature.registry.FeatureViewDefinition.SourceTable;
import io.lakehouseml.feature.registry.RegistryNames;
import io.lakehouseml.feature.security.SourceAccessControl;
import io.trino.spi.block.Block;
import io.trino.spi.catalog.CatalogName;
import io.trino.spi.connector.CatalogSchemaTableName;
import io.trino.spi.connector.ConnectorAccessControl;
import io.trino.spi.connector.ConnectorSession;
import io.trino.spi.connector.ConnectorTransactionHandle;
import io.trino.spi.function.table.AbstractConnectorTableFunction;
import io.trino.spi.function.table.Argument;
import io.trino.spi.function.table.ArgumentSpecification;
import io.trino.spi.function.table.Descriptor;
import io.trino.spi.function.table.ScalarArgument;
import io.trino.spi.function.table.ScalarArgumentSpecification;
import io.trino.spi.function.table.TableFunctionAnalysis;
import io.trino.spi.type.ArrayType;
import io.trino.spi.type.TimestampWithTimeZoneType;
import io.trino.spi.type.Type;
import io.trino.spi.type.TypeManager;
import io.trino.spi.type.VarcharType;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.types.Types.NestedField;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;

import static com.google.common.base.Throwables.throwIfUnchecked;
import static com.google.common.base.Verify.verify;
import static io.lakehouseml.feature.FeatureStoreErrorCode.FEATURE_STORE_INVALID_ARGUMENT;
import static io.lakehouseml.feature.iceberg.IcebergSnapshots.currentSnapshot;
import static io.lakehouseml.feature.sql.ScalarArguments.optionalString;
import static io.lakehouseml.feature.sql.ScalarArguments.string;
import static io.trino.spi.function.table.ReturnTypeSpecification.GenericTable.GENERIC_TABLE;
import static io.trino.spi.type.BigintType.BIGINT;
import static io.trino.spi.type.BooleanType.BOOLEAN;
import static io.trino.spi.type.IntegerType.INTEGER;
import static io.trino.spi.type.SmallintType.SMALLINT;
import static io.trino.spi.type.TimestampType.TIMESTAMP_MICROS;
import static io.trino.spi.type.TinyintType.TINYINT;
import static io.trino.spi.type.VarcharType.VARCHAR;
import static java.util.Objects.requireNonNull;

/**
 * The point-in-time join of a spine table with the features of feature views, or of any table
 * named with its entity and timestamp columns, reading the Iceberg data files itself: each split
 * takes a share of the entities of the first view (its buckets), reads their spine and feature rows,
 * and sweeps them entity by entity, source by source; views of other entity columns are joined for
 * every spine row the split holds, a batch of their own entities at a time. No engine exchange or
 * sort of the rows. The spine and the feature tables are read at their current snapshots (the same
 * for every call of a query) or at the versions named. A call can also return the spine's row
 * number, which is the same in every call that reads the same snapshot of the spine.
 */
public class FeatureJoinFunction
        extends AbstractConnectorTableFunction
{
    public static final String NAME = "point_in_time_features";
    static final String SCHEMA_NAME = "SCHEMA_NAME";
    private static final String SPINE_TABLE = "SPINE_TABLE";
    static final String SPINE_TIMESTAMP_COLUMN = "SPINE_TIMESTAMP_COLUMN";
    static final String FEATURES = "FEATURES";
    static final String RESPECT_CREATED_TIMESTAMP = "RESPECT_CREATED_TIMESTAMP";
    private static final String SPINE_VERSION = "SPINE_VERSION";
    private static final String SPINE_COLUMNS = "SPINE_COLUMNS";
    private static final String SPINE_ROW_COLUMN = "SPINE_ROW_COLUMN";
    static final String FEATURE_TABLE = "FEATURE_TABLE";
    static final String FEATURE_VERSION = "FEATURE_VERSION";
    static final String ENTITY_COLUMNS = "ENTITY_COLUMNS";
    static final String TIMESTAMP_COLUMN = "TIMESTAMP_COLUMN";
    static final String CREATED_TIMESTAMP_COLUMN = "CREATED_TIMESTAMP_COLUMN";
    static final String TTL = "TTL";
    static final String FEATURE_TABLES = "FEATURE_TABLES";
    private static final Set<Type> INTEGER_TYPES = ImmutableSet.of(TINYINT, SMALLINT, INTEGER, BIGINT);
    private static final List<String> FEATURE_TABLE_ARGUMENTS = ImmutableList.of(ENTITY_COLUMNS, TIMESTAMP_COLUMN, CREATED_TIMESTAMP_COLUMN, TTL);

    private final FeatureRegistry registry;
    private final TypeManager typeManager;
    private final String sourceCatalog;
    private final String catalogName;
    private final SourceAccessControl sourceAccess;
    private final ConnectorReads connectorReads;
    // the snapshot each query reads of a table it names without a version: one for all its calls
    private final Cache<List<String>, Long> querySnapshots = CacheBuilder.newBuilder()
            .maximumSize(10_000)
            .expireAfterWrite(Duration.ofHours(1))
            .build();

    @Inject
    public FeatureJoinFunction(FeatureRegistry registry, TypeManager typeManager, FeatureStoreConfig config, CatalogName catalogName, SourceAccessControl sourceAccess, ConnectorReads connectorReads)
    {
        super("system",
                NAME,
                ImmutableList.<ArgumentSpecification>builder().add(
                                featureArgument(SCHEMA_NAME),
                                ScalarArgumentSpecification.builder().name(SPINE_TABLE).type(VARCHAR).build(),
                                featureArgument(SPINE_TIMESTAMP_COLUMN),
                                featureArgument(FEATURES),
                                featureArgument(RESPECT_CREATED_TIMESTAMP),
                                ScalarArgumentSpecification.builder().name(SPINE_VERSION).type(VARCHAR).defaultValue(null).build(),
                                ScalarArgumentSpecification.builder().name(SPINE_COLUMNS).type(new ArrayType(VARCHAR)).defaultValue(null).build(),
                                ScalarArgumentSpecification.builder().name(SPINE_ROW_COLUMN).type(VARCHAR).defaultValue(null).build(),
                                featureArgument(FEATURE_TABLE))
                        .addAll(sourceArguments())
                        .build(),
                GENERIC_TABLE,
                "Point-in-time-correct join of a spine table with registered features, read from the Iceberg files");
        this.registry = requireNonNull(registry, "registry is null");
        this.typeManager = requireNonNull(typeManager, "typeManager is null");
        this.sourceCatalog = config.getSourceCatalog();
        this.catalogName = catalogName.toString();
        this.sourceAccess = requireNonNull(sourceAccess, "sourceAccess is null");
        this.connectorReads = requireNonNull(connectorReads, "connectorReads is null");
    }

    /**
     * The arguments that describe a feature table (after {@code feature_table}), of this function
     * and of {@link SpineFeaturesFunction}.
     */
    static List<ArgumentSpecification> sourceArguments()
    {
        return ImmutableList.of(
                featureArgument(FEATURE_VERSION),
                featureArgument(ENTITY_COLUMNS),
                featureArgument(TIMESTAMP_COLUMN),
                featureArgument(CREATED_TIMESTAMP_COLUMN),
                featureArgument(TTL),
                featureArgument(FEATURE_TABLES));
    }

    /**
     * An argument that names the spine's timestamp or the features, of this function and of
     * {@link SpineFeaturesFunction}.
     */
    static ArgumentSpecification featureArgument(String name)
    {
        ScalarArgumentSpecification.Builder argument = ScalarArgumentSpecification.builder().name(name);
        return switch (name) {
            case SPINE_TIMESTAMP_COLUMN -> argument.type(VARCHAR).build();
            case RESPECT_CREATED_TIMESTAMP -> argument.type(BOOLEAN).defaultValue(true).build();
            // features is required, unless feature_tables names the features
            case FEATURES, ENTITY_COLUMNS, FEATURE_TABLES -> argument.type(new ArrayType(VARCHAR)).defaultValue(null).build();
            case SCHEMA_NAME, FEATURE_TABLE, FEATURE_VERSION, TIMESTAMP_COLUMN, CREATED_TIMESTAMP_COLUMN, TTL -> argument.type(VARCHAR).defaultValue(null).build();
            default -> throw new IllegalArgumentException("Not an argument of the features: " + name);
        };
    }

    @Override
    public TableFunctionAnalysis analyze(ConnectorSession session, ConnectorTransactionHandle transaction, Map<String, Argument> arguments, ConnectorAccessControl accessControl)
    {
        SourceTable spine = RegistryNames.sourceTable("spine_table", string(arguments, SPINE_TABLE), sourceCatalog);
        String spineTimestampColumn = RegistryNames.columnName("spine_timestamp_column", string(arguments, SPINE_TIMESTAMP_COLUMN));
        boolean respectCreated = respectCreatedTimestamp(arguments);
        Optional<String> spineRowColumn = optionalString(arguments, SPINE_ROW_COLUMN).map(name -> RegistryNames.columnName("spine_row_column", name));
        Requested requested = requested(arguments, NAME, Optional.empty());
        // nothing of a table the user may not read is looked at, not even its columns
        checkCanSelect(session, requested, () -> sourceAccess.checkCanSelect(session, spine.catalogSchemaTableName(), ImmutableSet.of()));

        Table spineTable = registry.loadSourceTable(spine);
        long spineSnapshot = snapshot(session, spineTable, spine, optionalString(arguments, SPINE_VERSION));
        Schema spineSchema = schema(spineTable, spineSnapshot, optionalString(arguments, SPINE_VERSION));
        List<ColumnSpec> spineColumns = spineOutput(spineSchema, spine, optionalNames(arguments, SPINE_COLUMNS, "spine_columns"));
        int spineOutputCount = spineColumns.size();
        int spineTimestamp = spineColumn(spineSchema, spine, spineColumns, spineTimestampColumn, "spine_timestamp_column");
        if (!IcebergTypes.isTimestamp(spineSchema.findField(spineColumns.get(spineTimestamp).fieldId()).type())) {
            throw FEATURE_STORE_INVALID_ARGUMENT.error("spine_timestamp_column '%s' of %s must be a timestamp or a timestamp with time zone", spineTimestampColumn, spine);
        }
        if (spineTimestamp >= spineOutputCount) {
            spineColumns.set(spineTimestamp, comparedTimestamp(spineColumns.get(spineTimestamp)));
        }

        JoinedSources joined = joinSources(session, requested, spineColumns, spine.toString(), (name, role) -> spineColumn(spineSchema, spine, spineColumns, name, role));
        // the files are read here, not by the engine: the rights, masks and filters of every column read are checked here
        sourceAccess.checkCanReadFiles(session, spine.catalogSchemaTableName(), types(spineColumns), NAME);
        checkCanReadFiles(session, requested, joined, NAME);
        // the engine does not see what a table function reads: the query's lineage gets it from here
        connectorReads.record(session, ImmutableList.<LineageDataset>builder()
                .add(ConnectorReads.read(spine, spineSnapshot, spineColumns.stream().map(ColumnSpec::name)))
                .addAll(joined.reads())
                .build());

        List<FeatureOutput> outputs = outputs(requested, joined);
        return TableFunctionAnalysis.builder()
                .returnedType(outputType(requested.sources(), joined.sources(), spineColumns.subList(0, spineOutputCount), spineRowColumn, outputs))
                .handle(new FeatureJoinHandle(
                        Optional.of(new SpineTable(spine, spineSnapshot)),
                        spineColumns,
                        spineOutputCount,
                        spineRowColumn.isPresent(),
                        joined.spineKeys(),
                        spineTimestamp,
                        joined.sources(),
                        outputs,
                        respectCreated))
                .build();
    }

    static boolean respectCreatedTimestamp(Map<String, Argument> arguments)
    {
        Object respectCreated = ((ScalarArgument) arguments.get(RESPECT_CREATED_TIMESTAMP)).getValue();
        if (respectCreated == null) {
            throw FEATURE_STORE_INVALID_ARGUMENT.error("respect_created_timestamp must be true or false, not NULL");
        }
        return (boolean) respectCreated;
    }

    /**
     * The feature sources and the features asked for, as the arguments name them.
     *
     * @param function the function the arguments are of, as messages name it
     * @param composition how calls of the function compose, for features of feature views or tables
     *         with different entity columns, when one call cannot read them; empty when it can
     */
    Requested requested(Map<String, Argument> arguments, String function, Optional<String> composition)
    {
        if (((ScalarArgument) arguments.get(FEATURE_TABLES)).getValue() != null) {
            return featureTables(arguments, function, composition);
        }
        return optionalString(arguments, FEATURE_TABLE).isPresent() ? tableFeatures(arguments) : viewFeatures(arguments, function, composition);
    }

    /**
     * Whether the user may select from the feature views and tables (and, through {@code spineCheck},
     * the spine); nothing of a table the user may not read is looked at, not even its columns.
     */
    void checkCanSelect(ConnectorSession session, Requested requested, Runnable spineCheck)
    {
        for (Features features : requested.sources()) {
            features.featureView().ifPresent(featureView -> sourceAccess.checkCanSelect(session, featureView, ImmutableSet.copyOf(features.definition().features())));
        }
        spineCheck.run();
        for (Features features : requested.sources()) {
            sourceAccess.checkCanSelect(session, features.definition().table().catalogSchemaTableName(), ImmutableSet.of());
        }
    }

    /**
     * The feature sources at their snapshots, with the spine columns that key them.
     *
     * @param spineColumns the spine columns, to which {@code spine} may add the entity columns it finds
     * @param spineName how messages name the spine
     */
    JoinedSources joinSources(ConnectorSession session, Requested requested, List<ColumnSpec> spineColumns, String spineName, SpineColumnLookup spine)
    {
        List<Features> sources = requested.sources();
        List<Integer> spineKeys = new ArrayList<>();
        List<FeatureSource> featureSources = new ArrayList<>();
        ImmutableList.Builder<LineageDataset> reads = ImmutableList.builder();
        for (Features features : sources) {
            FeatureTableArgument definition = features.definition();
            Table featureTable = registry.loadSourceTable(definition.table());
            long featureSnapshot = snapshot(session, featureTable, definition.table(), definition.version());
            List<Integer> keys = new ArrayList<>();
            // a source with the first source's entity columns takes them in its order: the same spine columns key both
            List<String> firstEntities = sources.getFirst().definition().entityColumns();
            boolean sameEntities = ImmutableSet.copyOf(firstEntities).equals(ImmutableSet.copyOf(definition.entityColumns()));
            Features ordered = sameEntities ? features.withEntityColumns(firstEntities) : features;
            List<ColumnSpec> featureColumns = featureColumns(ordered, schema(featureTable, featureSnapshot, definition.version()), spineColumns, spineName, spine, keys);
            if (featureSources.isEmpty()) {
                spineKeys.addAll(keys);
            }
            verify(!sameEntities || keys.equals(spineKeys), "entity columns %s of %s are not the spine keys %s", keys, features.displayName(), spineKeys);
            reads.add(ConnectorReads.read(definition.table(), featureSnapshot, featureColumns.stream().map(ColumnSpec::name)));
            featureSources.add(new FeatureSource(
                    definition.table(),
                    featureSnapshot,
                    featureColumns,
                    keys,
                    definition.createdTimestampColumn().isPresent(),
                    definition.ttl().map(PointInTimeJoinFunction::ttlMicros)));
        }
        return new JoinedSources(spineKeys, featureSources, reads.build());
    }

    /**
     * The feature files are read by the connector, not by the engine: the rights, masks and filters
     * of every column read are checked here.
     */
    void checkCanReadFiles(ConnectorSession session, Requested requested, JoinedSources joined, String function)
    {
        for (int index = 0; index < requested.sources().size(); index++) {
            Features features = requested.sources().get(index);
            List<ColumnSpec> featureColumns = joined.sources().get(index).columns();
            sourceAccess.checkCanReadFiles(session, features.definition().table().catalogSchemaTableName(), types(featureColumns), function);
            List<ColumnSpec> featureOutput = featureColumns.subList(featureColumns.size() - features.definition().features().size(), featureColumns.size());
            features.featureView().ifPresent(featureView -> sourceAccess.checkCanReadFiles(session, featureView, types(featureOutput), function));
        }
    }

    static List<FeatureOutput> outputs(Requested requested, JoinedSources joined)
    {
        List<FeatureOutput> outputs = new ArrayList<>();
        for (RequestedFeature feature : requested.outputs()) {
            FeatureSource source = joined.sources().get(feature.source());
            int column = source.firstFeature() + requested.sources().get(feature.source()).definition().features().indexOf(feature.name());
            outputs.add(new FeatureOutput(feature.source(), column));
        }
        return outputs;
    }

    /**
     * The features the references name: of one or more feature views with the same entity columns.
     */
    private Requested viewFeatures(Map<String, Argument> arguments, String function, Optional<String> composition)
    {
        for (String argument : FEATURE_TABLE_ARGUMENTS) {
            if (((ScalarArgument) arguments.get(argument)).getValue() != null) {
                throw FEATURE_STORE_INVALID_ARGUMENT.error("%s describes a feature_table; a feature view has its own", argument.toLowerCase(Locale.ROOT));
            }
        }
        String schema = RegistryNames.schemaName(string(arguments, SCHEMA_NAME));
        // the views in the order of their first reference, and the features of each in the order named
        List<FeatureViewDefinition> views = new ArrayList<>();
        List<List<String>> viewFeatures = new ArrayList<>();
        Map<String, FeatureViewDefinition> outputNames = new LinkedHashMap<>();
        List<RequestedFeature> outputs = new ArrayList<>();
        for (String reference : RegistryNames.featureReferences("features", names(arguments, FEATURES))) {
            FeatureReference parsed = FeatureReference.parse(reference);
            FeatureViewDefinition referenced = registry.getExistingFeatureView(schema, parsed);
            int source = views.indexOf(referenced);
            if (source < 0) {
                FeatureViewDefinition first = views.isEmpty() ? referenced : views.getFirst();
                if (composition.isPresent() && !ImmutableSet.copyOf(first.entityColumns()).equals(ImmutableSet.copyOf(referenced.entityColumns()))) {
                    throw FEATURE_STORE_INVALID_ARGUMENT.error(
                            "%s reads feature views with the same entity columns in one call: %s has %s and %s has %s; %s",
                            function,
                            first.name(),
                            first.entityColumns(),
                            referenced.name(),
                            referenced.entityColumns(),
                            composition.get());
                }
                views.add(referenced);
                viewFeatures.add(new ArrayList<>());
                source = views.size() - 1;
            }
            for (String feature : parsed.resolve(_ -> referenced)) {
                FeatureViewDefinition named = outputNames.putIfAbsent(feature, referenced);
                if (named != null) {
                    if (named.equals(referenced)) {
                        throw FEATURE_STORE_INVALID_ARGUMENT.error("Feature %s:%s is named twice", referenced.name(), feature);
                    }
                    throw FEATURE_STORE_INVALID_ARGUMENT.error(
                            "Feature %s is named by %s@v%s and by %s@v%s, and every output column needs its own name; read one of them in a call of its own: %s",
                            feature,
                            named.name(),
                            named.version(),
                            referenced.name(),
                            referenced.version(),
                            composition.orElse("join a call for each on the spine's row number (spine_row_column)"));
                }
                viewFeatures.get(source).add(feature);
                outputs.add(new RequestedFeature(source, feature));
            }
        }
        ImmutableList.Builder<Features> sources = ImmutableList.builder();
        for (int index = 0; index < views.size(); index++) {
            FeatureViewDefinition view = views.get(index);
            sources.add(new Features(
                    new FeatureTableArgument(view.sourceTable(), Optional.empty(), view.entityColumns(), view.timestampColumn(), view.createdTimestampColumn(), view.ttl(), viewFeatures.get(index)),
                    Optional.of(new CatalogSchemaTableName(catalogName, view.schema(), view.name())),
                    "feature view " + view.name()));
        }
        Optional<String> version = optionalString(arguments, FEATURE_VERSION);
        if (version.isPresent() && views.size() > 1) {
            throw FEATURE_STORE_INVALID_ARGUMENT.error("feature_version names a version of one feature table, and these features come from %s feature views; read each at a version in a call of its own", views.size());
        }
        return new Requested(sources.build().stream().map(source -> source.withVersion(version)).toList(), outputs);
    }

    /**
     * The features of the tables {@code feature_tables} describes, which have the same entity columns.
     */
    private Requested featureTables(Map<String, Argument> arguments, String function, Optional<String> composition)
    {
        for (String argument : ImmutableList.<String>builder().add(SCHEMA_NAME, FEATURES, FEATURE_TABLE, FEATURE_VERSION).addAll(FEATURE_TABLE_ARGUMENTS).build()) {
            if (((ScalarArgument) arguments.get(argument)).getValue() != null) {
                throw FEATURE_STORE_INVALID_ARGUMENT.error("feature_tables describes the feature tables and their features: leave %s out", argument.toLowerCase(Locale.ROOT));
            }
        }
        List<String> elements = names(arguments, FEATURE_TABLES);
        if (elements.isEmpty()) {
            throw FEATURE_STORE_INVALID_ARGUMENT.error("feature_tables must describe at least one feature table");
        }
        ImmutableList.Builder<Features> sources = ImmutableList.builder();
        List<RequestedFeature> outputs = new ArrayList<>();
        Map<String, String> outputNames = new LinkedHashMap<>();
        FeatureTableArgument first = null;
        for (int index = 0; index < elements.size(); index++) {
            FeatureTableArgument table = FeatureTableArgument.parse(elements.get(index), index, sourceCatalog);
            if (first == null) {
                first = table;
            }
            else if (composition.isPresent() && !ImmutableSet.copyOf(first.entityColumns()).equals(ImmutableSet.copyOf(table.entityColumns()))) {
                throw FEATURE_STORE_INVALID_ARGUMENT.error(
                        "%s reads feature tables with the same entity columns in one call: %s has %s and %s has %s; %s",
                        function,
                        first.table(),
                        first.entityColumns(),
                        table.table(),
                        table.entityColumns(),
                        composition.get());
            }
            String displayName = "feature_tables[%s] %s".formatted(index + 1, table.table());
            for (String feature : table.features()) {
                String named = outputNames.putIfAbsent(feature, displayName);
                if (named != null) {
                    throw FEATURE_STORE_INVALID_ARGUMENT.error("Feature %s is named by %s and by %s, and every output column needs its own name", feature, named, displayName);
                }
                outputs.add(new RequestedFeature(index, feature));
            }
            sources.add(new Features(table, Optional.empty(), displayName));
        }
        return new Requested(sources.build(), outputs);
    }

    /**
     * The features of a table named with its entity and timestamp columns.
     */
    private Requested tableFeatures(Map<String, Argument> arguments)
    {
        if (optionalString(arguments, SCHEMA_NAME).isPresent()) {
            throw FEATURE_STORE_INVALID_ARGUMENT.error("schema_name names the schema of feature views; with feature_table, leave it out");
        }
        SourceTable table = RegistryNames.sourceTable("feature_table", string(arguments, FEATURE_TABLE), sourceCatalog);
        List<String> entityColumns = optionalNames(arguments, ENTITY_COLUMNS, "entity_columns")
                .orElseThrow(() -> FEATURE_STORE_INVALID_ARGUMENT.error("entity_columns must name the entity columns of feature_table %s", table));
        if (entityColumns.isEmpty()) {
            throw FEATURE_STORE_INVALID_ARGUMENT.error("entity_columns must name at least one column of feature_table %s", table);
        }
        List<String> features = RegistryNames.names("features", names(arguments, FEATURES), true).stream()
                .map(feature -> RegistryNames.columnName("features", feature))
                .toList();
        if (ImmutableSet.copyOf(features).size() != features.size()) {
            throw FEATURE_STORE_INVALID_ARGUMENT.error("features names a column twice: %s", features);
        }
        FeatureTableArgument definition = new FeatureTableArgument(
                table,
                optionalString(arguments, FEATURE_VERSION),
                entityColumns,
                RegistryNames.columnName("timestamp_column", string(arguments, TIMESTAMP_COLUMN)),
                optionalString(arguments, CREATED_TIMESTAMP_COLUMN).map(column -> RegistryNames.columnName("created_timestamp_column", column)),
                // checked where it is turned into microseconds
                optionalString(arguments, TTL),
                features);
        Features source = new Features(definition, Optional.empty(), "feature_table " + table);
        return new Requested(ImmutableList.of(source), features.stream().map(feature -> new RequestedFeature(0, feature)).toList());
    }

    /**
     * The snapshot a version names, or the current snapshot: the one the query saw first, so that
     * every call of a query reads the same rows of a table.
     */
    private long snapshot(ConnectorSession session, Table table, SourceTable name, Optional<String> version)
    {
        if (version.isPresent()) {
            return IcebergSnapshots.resolveVersion(table, name, version.get());
        }
        try {
            return querySnapshots.get(ImmutableList.of(session.getQueryId(), name.toString()), () -> currentSnapshot(table, name).snapshotId());
        }
        catch (ExecutionException | UncheckedExecutionException e) {
            throwIfUnchecked(e.getCause());
            throw new RuntimeException(e.getCause());
        }
    }

    /**
     * The columns a table is read with, as Trino reads it: at a version, the schema of its snapshot;
     * without one, the table's current schema (columns added since the last write read as NULL).
     */
    private static Schema schema(Table table, long snapshotId, Optional<String> version)
    {
        return version.isEmpty() ? table.schema() : IcebergSnapshots.schemaOf(table, snapshotId);
    }

    /**
     * The spine columns returned: every column, or the ones named, in the order named.
     */
    private List<ColumnSpec> spineOutput(Schema spineSchema, SourceTable spine, Optional<List<String>> names)
    {
        List<ColumnSpec> columns = new ArrayList<>();
        if (names.isEmpty()) {
            for (NestedField field : spineSchema.columns()) {
                columns.add(column(field, spine));
            }
            return columns;
        }
        for (String name : names.get()) {
            String column = RegistryNames.columnName("spine_columns", name);
            if (columns.stream().anyMatch(spec -> spec.name().equals(column))) {
                throw FEATURE_STORE_INVALID_ARGUMENT.error("spine_columns names '%s' twice", column);
            }
            columns.add(column(spineField(spineSchema, spine, column, "spine_columns"), spine));
        }
        return columns;
    }

    /**
     * The index of a spine column among the columns read, adding it when it is not returned.
     */
    private int spineColumn(Schema spineSchema, SourceTable spine, List<ColumnSpec> spineColumns, String name, String role)
    {
        for (int index = 0; index < spineColumns.size(); index++) {
            if (spineColumns.get(index).name().equals(name)) {
                return index;
            }
        }
        spineColumns.add(column(spineField(spineSchema, spine, name, role), spine));
        return spineColumns.size() - 1;
    }

    private static NestedField spineField(Schema spineSchema, SourceTable spine, String name, String role)
    {
        NestedField field = spineSchema.caseInsensitiveFindField(name);
        if (field == null || spineSchema.columns().stream().noneMatch(column -> column.fieldId() == field.fieldId())) {
            throw FEATURE_STORE_INVALID_ARGUMENT.error("%s '%s' is not a column of %s; its columns are %s", role, name, spine, spineSchema.columns().stream().map(column -> column.name().toLowerCase(Locale.ROOT)).toList());
        }
        return field;
    }

    /**
     * The columns read from the feature table: the entity columns, the event timestamp, the created
     * timestamp if there is one, then the features.
     *
     * @param spineKeys receives the spine column of each entity column
     */
    private List<ColumnSpec> featureColumns(Features features, Schema featureSchema, List<ColumnSpec> spineColumns, String spineName, SpineColumnLookup spine, List<Integer> spineKeys)
    {
        FeatureTableArgument definition = features.definition();
        List<ColumnSpec> featureColumns = new ArrayList<>();
        for (String key : definition.entityColumns()) {
            ColumnSpec column = column(field(featureSchema, key, features), definition.table());
            int spineKey = spine.column(key, "entity column");
            Type spineType = spineColumns.get(spineKey).type();
            if (!comparableKeys(spineType, column.type())) {
                throw FEATURE_STORE_INVALID_ARGUMENT.error("Entity column '%s' is %s in the spine %s and %s in %s", key, spineType, spineName, column.type(), definition.table());
            }
            spineKeys.add(spineKey);
            featureColumns.add(column);
        }
        featureColumns.add(featureTimestamp(featureSchema, features, definition.timestampColumn(), "timestamp_column"));
        definition.createdTimestampColumn().ifPresent(created -> featureColumns.add(featureTimestamp(featureSchema, features, created, "created_timestamp_column")));
        for (String feature : definition.features()) {
            featureColumns.add(column(field(featureSchema, feature, features), definition.table()));
        }
        return featureColumns;
    }

    /**
     * The event or created timestamp column of a feature table, read as the join compares it.
     */
    private ColumnSpec featureTimestamp(Schema featureSchema, Features features, String name, String role)
    {
        NestedField field = field(featureSchema, name, features);
        if (!IcebergTypes.isTimestamp(field.type())) {
            throw FEATURE_STORE_INVALID_ARGUMENT.error("%s '%s' of %s must be a timestamp or a timestamp with time zone", role, name, features.definition().table());
        }
        return comparedTimestamp(column(field, features.definition().table()));
    }

    /**
     * A timestamp the join compares and does not return. Iceberg stores a {@code timestamp(6) with
     * time zone} as microseconds since the epoch; read as a {@code timestamp(6)} in UTC, the Parquet
     * reader copies them, where a timestamp with time zone would be split into milliseconds and
     * picoseconds for each value and joined again by the sweep.
     */
    private static ColumnSpec comparedTimestamp(ColumnSpec column)
    {
        if (column.type() instanceof TimestampWithTimeZoneType type && type.getPrecision() == TIMESTAMP_MICROS.getPrecision()) {
            return new ColumnSpec(column.fieldId(), column.name(), TIMESTAMP_MICROS);
        }
        return column;
    }

    /**
     * Keys are compared as training sets compare them: integers of any width as their values,
     * varchar of any length as text, other types only with the same type.
     */
    private static boolean comparableKeys(Type spineType, Type featureType)
    {
        if (spineType.equals(featureType)) {
            return true;
        }
        if (INTEGER_TYPES.contains(spineType) && INTEGER_TYPES.contains(featureType)) {
            return true;
        }
        return spineType instanceof VarcharType && featureType instanceof VarcharType;
    }

    /**
     * Every spine column returned, the row number if asked for, then the features.
     */
    static Descriptor outputType(List<Features> sources, List<FeatureSource> featureSources, List<ColumnSpec> spineColumns, Optional<String> spineRowColumn, List<FeatureOutput> outputs)
    {
        ImmutableList.Builder<Descriptor.Field> output = ImmutableList.builder();
        Set<String> names = new LinkedHashSet<>();
        for (ColumnSpec column : spineColumns) {
            names.add(column.name());
            output.add(new Descriptor.Field(column.name(), Optional.of(column.type())));
        }
        if (spineRowColumn.isPresent()) {
            if (!names.add(spineRowColumn.get())) {
                throw FEATURE_STORE_INVALID_ARGUMENT.error("spine_row_column '%s' is named like a spine column; every output column needs its own name", spineRowColumn.get());
            }
            output.add(new Descriptor.Field(spineRowColumn.get(), Optional.of(BIGINT)));
        }
        for (FeatureOutput feature : outputs) {
            ColumnSpec column = featureSources.get(feature.source()).columns().get(feature.column());
            if (!names.add(column.name())) {
                throw FEATURE_STORE_INVALID_ARGUMENT.error("Feature %s of %s is named like a spine column; every output column needs its own name", column.name(), sources.get(feature.source()).displayName());
            }
            output.add(new Descriptor.Field(column.name(), Optional.of(column.type())));
        }
        return new Descriptor(output.build());
    }

    private ColumnSpec column(NestedField field, SourceTable table)
    {
        Type type = typeManager.fromSqlType(IcebergTypes.columnType(field, table));
        return new ColumnSpec(field.fieldId(), field.name().toLowerCase(Locale.ROOT), type);
    }

    private static NestedField field(Schema schema, String name, Features features)
    {
        NestedField field = schema.caseInsensitiveFindField(name);
        if (field == null || schema.columns().stream().noneMatch(column -> column.fieldId() == field.fieldId())) {
            throw FEATURE_STORE_INVALID_ARGUMENT.error("Column '%s' of %s is not a column of %s", name, features.displayName(), features.definition().table());
        }
        return field;
    }

    private static Map<String, Type> types(List<ColumnSpec> columns)
    {
        Map<String, Type> types = new LinkedHashMap<>();
        columns.forEach(column -> types.put(column.name(), column.type()));
        return types;
    }

    private static List<String> names(Map<String, Argument> arguments, String name)
    {
        Block block = (Block) ((ScalarArgument) arguments.get(name)).getValue();
        List<String> values = new ArrayList<>();
        for (int position = 0; block != null && position < block.getPositionCount(); position++) {
            values.add(block.isNull(position) ? null : VARCHAR.getSlice(block, position).toStringUtf8());
        }
        return values;
    }

    private static Optional<List<String>> optionalNames(Map<String, Argument> arguments, String name, String argument)
    {
        if (((ScalarArgument) arguments.get(name)).getValue() == null) {
            return Optional.empty();
        }
        List<String> names = names(arguments, name);
        if (names.contains(null)) {
            throw FEATURE_STORE_INVALID_ARGUMENT.error("%s must not contain NULL", argument);
        }
        return Optional.of(names.stream().map(value -> RegistryNames.columnName(argument, value)).toList());
    }

    /**
     * Where the features come from.
     *
     * @param definition the table, the version to read (by default the snapshot the query saw first), its columns and TTL
     * @param featureView the feature view named, if the features are of one
     * @param displayName how messages name the source of the features
     */
    record Features(FeatureTableArgument definition, Optional<CatalogSchemaTableName> featureView, String displayName)
    {
        Features
        {
            requireNonNull(definition, "definition is null");
            requireNonNull(featureView, "featureView is null");
            requireNonNull(displayName, "displayName is null");
        }

        /**
         * The same source with its entity columns in another order.
         */
        Features withEntityColumns(List<String> order)
        {
            return new Features(definition.withEntityColumns(order), featureView, displayName);
        }

        Features withVersion(Optional<String> version)
        {
            return new Features(definition.withVersion(version), featureView, displayName);
        }
    }

    /**
     * The sources of the features asked for, and the features in the order asked.
     */
    record Requested(List<Features> sources, List<RequestedFeature> outputs) {}

    /**
     * The feature sources of a call at their snapshots, the spine column of each entity column, and
     * what the call reads of them.
     */
    record JoinedSources(List<Integer> spineKeys, List<FeatureSource> sources, List<LineageDataset> reads) {}

    /**
     * Finds a spine column by name, for the role it plays in messages: its index among the spine
     * columns read.
     */
    @FunctionalInterface
    interface SpineColumnLookup
    {
        /**
         * @throws io.trino.spi.TrinoException when the spine has no such column
         */
        int column(String name, String role);
    }

    /**
     * A feature asked for: a column of source {@code source}.
     */
    record RequestedFeature(int source, String name) {}
}
