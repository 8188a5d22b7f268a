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

import com.google.common.collect.ImmutableList;
import com.google.inject.Inject;
import io.lakehouseml.feature.join.FeatureJoinFunction.JoinedSources;
import io.lakehouseml.feature.join.FeatureJoinFunction.Requested;
import io.lakehouseml.feature.join.FeatureJoinFunction.SpineColumnLookup;
import io.lakehouseml.feature.join.FeatureJoinHandle.ColumnSpec;
import io.lakehouseml.feature.join.FeatureJoinHandle.FeatureOutput;
import io.lakehouseml.feature.lineage.ConnectorReads;
import io.lakehouseml.feature.registry.RegistryNames;
import io.trino.spi.connector.ConnectorAccessControl;
import io.trino.spi.connector.ConnectorSession;
import io.trino.spi.connector.ConnectorTransactionHandle;
import io.trino.spi.function.table.AbstractConnectorTableFunction;
import io.trino.spi.function.table.Argument;
import io.trino.spi.function.table.ArgumentSpecification;
import io.trino.spi.function.table.TableArgument;
import io.trino.spi.function.table.TableArgumentSpecification;
import io.trino.spi.function.table.TableFunctionAnalysis;
import io.trino.spi.type.RowType;
import io.trino.spi.type.TimestampType;
import io.trino.spi.type.TimestampWithTimeZoneType;
import io.trino.spi.type.Type;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import static io.lakehouseml.feature.FeatureStoreErrorCode.FEATURE_STORE_INVALID_ARGUMENT;
import static io.lakehouseml.feature.join.FeatureJoinFunction.FEATURES;
import static io.lakehouseml.feature.join.FeatureJoinFunction.FEATURE_TABLE;
import static io.lakehouseml.feature.join.FeatureJoinFunction.RESPECT_CREATED_TIMESTAMP;
import static io.lakehouseml.feature.join.FeatureJoinFunction.SCHEMA_NAME;
import static io.lakehouseml.feature.join.FeatureJoinFunction.SPINE_TIMESTAMP_COLUMN;
import static io.lakehouseml.feature.join.FeatureJoinFunction.featureArgument;
import static io.lakehouseml.feature.sql.ScalarArguments.string;
import static io.trino.spi.function.table.ReturnTypeSpecification.GenericTable.GENERIC_TABLE;
import static java.util.Objects.requireNonNull;

/**
 * {@code feature_store.system.point_in_time_features_for}: the point-in-time join of a spine given as
 * any relation (a query, a view, a dbt model, another call's result) with features that the
 * connector reads from the Iceberg data files, as {@link FeatureJoinFunction} does. The engine gives
 * the spine rows, partitioned as the call says: partitioned by the Iceberg bucket of an entity
 * column of a bucketed feature table, each partition is one bucket, and its processor reads only
 * that bucket's feature files. Whatever the partitioning, a partition's processor reads the feature
 * files of the buckets of its spine rows, so the rows are right; only the cost changes.
 */
public class SpineFeaturesFunction
        extends AbstractConnectorTableFunction
{
    public static final String NAME = "point_in_time_features_for";
    private static final String SPINE = "SPINE";

    private final FeatureJoinFunction features;
    private final FeatureJoinSplitManager splitManager;
    private final ConnectorReads connectorReads;

    @Inject
    public SpineFeaturesFunction(FeatureJoinFunction features, FeatureJoinSplitManager splitManager, ConnectorReads connectorReads)
    {
        super("system",
                NAME,
                ImmutableList.<ArgumentSpecification>builder()
                        .add(TableArgumentSpecification.builder()
                                .name(SPINE)
                                .pruneWhenEmpty()
                                .build())
                        .add(featureArgument(SPINE_TIMESTAMP_COLUMN))
                        .add(featureArgument(SCHEMA_NAME))
                        .add(featureArgument(FEATURES))
                        .add(featureArgument(RESPECT_CREATED_TIMESTAMP))
                        .add(featureArgument(FEATURE_TABLE))
                        .addAll(FeatureJoinFunction.sourceArguments())
                        .build(),
                GENERIC_TABLE,
                "Point-in-time-correct join of any spine relation with registered features, read from the Iceberg files");
        this.features = requireNonNull(features, "features is null");
        this.splitManager = requireNonNull(splitManager, "splitManager is null");
        this.connectorReads = requireNonNull(connectorReads, "connectorReads is null");
    }

    @Override
    public TableFunctionAnalysis analyze(ConnectorSession session, ConnectorTransactionHandle transaction, Map<String, Argument> arguments, ConnectorAccessControl accessControl)
    {
        TableArgument spine = (TableArgument) arguments.get(SPINE);
        List<String> names = new ArrayList<>();
        List<Type> types = new ArrayList<>();
        for (RowType.Field field : spine.getRowType().getFields()) {
            names.add(field.getName().map(name -> name.toLowerCase(Locale.ROOT)).orElse(""));
            types.add(field.getType());
        }
        List<String> partitionBy = spine.getPartitionBy().stream().map(column -> column.toLowerCase(Locale.ROOT)).toList();
        // the columns the call returns before the features: every spine column but the PARTITION BY columns, which the engine returns after the features
        List<Integer> channels = new ArrayList<>();
        List<ColumnSpec> spineColumns = new ArrayList<>();
        for (int channel = 0; channel < names.size(); channel++) {
            if (names.get(channel).isEmpty()) {
                throw FEATURE_STORE_INVALID_ARGUMENT.error("Column %s of the spine has no name: every spine column is returned, so give it one (AS name)", channel + 1);
            }
            if (!partitionBy.contains(names.get(channel))) {
                channels.add(channel);
                spineColumns.add(new ColumnSpec(-1, names.get(channel), types.get(channel)));
            }
        }
        String timestampColumn = RegistryNames.columnName("spine_timestamp_column", string(arguments, SPINE_TIMESTAMP_COLUMN));
        boolean respectCreated = FeatureJoinFunction.respectCreatedTimestamp(arguments);

        Requested requested = features.requested(arguments, NAME, Optional.of("chain the calls, the result of one being the spine of the next"));
        // the engine checks the user's rights on the spine's relation; the connector those of the feature sources
        features.checkCanSelect(session, requested, () -> {});
        List<String> spineNames = spineColumns.stream().map(ColumnSpec::name).toList();
        SpineColumnLookup spineLookup = (name, role) -> {
            if (partitionBy.contains(name)) {
                throw FEATURE_STORE_INVALID_ARGUMENT.error(
                        "%s '%s' is a PARTITION BY column of the spine: partition the spine by the Iceberg bucket of an entity column, such as TABLE(SELECT *, iceberg.system.bucket(user_id, 16) AS bucket FROM ...) PARTITION BY bucket, or leave PARTITION BY out",
                        role,
                        name);
            }
            int index = spineNames.indexOf(name);
            if (index < 0) {
                throw FEATURE_STORE_INVALID_ARGUMENT.error("%s '%s' is not a column of the spine; its columns are %s", role, name, names);
            }
            if (spineNames.lastIndexOf(name) != index) {
                throw FEATURE_STORE_INVALID_ARGUMENT.error("%s '%s' is ambiguous: the spine has several columns of that name", role, name);
            }
            return index;
        };
        int spineTimestamp = spineLookup.column(timestampColumn, "spine_timestamp_column");
        Type timestampType = spineColumns.get(spineTimestamp).type();
        if (!(timestampType instanceof TimestampType) && !(timestampType instanceof TimestampWithTimeZoneType)) {
            throw FEATURE_STORE_INVALID_ARGUMENT.error("spine_timestamp_column '%s' must be a timestamp or a timestamp with time zone, not %s", timestampColumn, timestampType);
        }
        JoinedSources joined = features.joinSources(session, requested, spineColumns, "relation", spineLookup);
        features.checkCanReadFiles(session, requested, joined, NAME);
        // the engine records what it reads of the spine; the feature files are read by the connector
        connectorReads.record(session, joined.reads());

        List<FeatureOutput> outputs = FeatureJoinFunction.outputs(requested, joined);
        FeatureJoinHandle join = new FeatureJoinHandle(
                Optional.empty(),
                spineColumns,
                spineColumns.size(),
                false,
                joined.spineKeys(),
                spineTimestamp,
                joined.sources(),
                outputs,
                respectCreated);
        return TableFunctionAnalysis.builder()
                .returnedType(FeatureJoinFunction.outputType(requested.sources(), joined.sources(), spineColumns, Optional.empty(), outputs))
                .requiredColumns(SPINE, channels)
                .handle(new SpineFeaturesHandle(join, splitManager.featureFiles(join)))
                .build();
    }
}
