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
import io.airlift.slice.Slice;
import io.lakehouseml.feature.registry.RegistryNames;
import io.trino.spi.connector.ConnectorAccessControl;
import io.trino.spi.connector.ConnectorSession;
import io.trino.spi.connector.ConnectorTransactionHandle;
import io.trino.spi.function.table.AbstractConnectorTableFunction;
import io.trino.spi.function.table.Argument;
import io.trino.spi.function.table.Descriptor;
import io.trino.spi.function.table.DescriptorArgument;
import io.trino.spi.function.table.DescriptorArgumentSpecification;
import io.trino.spi.function.table.ScalarArgument;
import io.trino.spi.function.table.ScalarArgumentSpecification;
import io.trino.spi.function.table.TableArgument;
import io.trino.spi.function.table.TableArgumentSpecification;
import io.trino.spi.function.table.TableFunctionAnalysis;
import io.trino.spi.type.RowType;
import io.trino.spi.type.TimestampType;
import io.trino.spi.type.TimestampWithTimeZoneType;
import io.trino.spi.type.Type;
import io.trino.spi.type.VarcharType;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.IntStream;

import static com.google.common.collect.ImmutableList.toImmutableList;
import static io.airlift.slice.Slices.utf8Slice;
import static io.lakehouseml.feature.FeatureStoreErrorCode.FEATURE_STORE_INVALID_ARGUMENT;
import static io.trino.spi.function.table.ReturnTypeSpecification.GenericTable.GENERIC_TABLE;
import static io.trino.spi.type.BooleanType.BOOLEAN;
import static io.trino.spi.type.VarcharType.VARCHAR;
import static java.util.concurrent.TimeUnit.MICROSECONDS;

/**
 * {@code feature_store.system.point_in_time_join}: for every spine row, the feature values known at
 * the spine row's timestamp. The input is one relation holding both the spine rows and the feature
 * rows, partitioned by the entity columns; the engine brings each entity's rows together and the
 * processor picks, per spine row, the latest feature row visible at its time.
 */
public class PointInTimeJoinFunction
        extends AbstractConnectorTableFunction
{
    public static final String NAME = "point_in_time_join";
    private static final String INPUT = "INPUT";
    private static final String TIMESTAMP_COLUMN = "TIMESTAMP_COLUMN";
    private static final String FEATURES = "FEATURES";
    private static final String CREATED_TIMESTAMP_COLUMN = "CREATED_TIMESTAMP_COLUMN";
    private static final String TTL = "TTL";
    private static final String KIND_COLUMN = "KIND_COLUMN";
    private static final String RESPECT_CREATED_TIMESTAMP = "RESPECT_CREATED_TIMESTAMP";

    public PointInTimeJoinFunction()
    {
        super("system",
                NAME,
                ImmutableList.of(
                        TableArgumentSpecification.builder()
                                .name(INPUT)
                                .pruneWhenEmpty()
                                .build(),
                        ScalarArgumentSpecification.builder()
                                .name(TIMESTAMP_COLUMN)
                                .type(VARCHAR)
                                .build(),
                        DescriptorArgumentSpecification.builder()
                                .name(FEATURES)
                                .build(),
                        ScalarArgumentSpecification.builder()
                                .name(CREATED_TIMESTAMP_COLUMN)
                                .type(VARCHAR)
                                .defaultValue(null)
                                .build(),
                        ScalarArgumentSpecification.builder()
                                .name(TTL)
                                .type(VARCHAR)
                                .defaultValue(null)
                                .build(),
                        ScalarArgumentSpecification.builder()
                                .name(KIND_COLUMN)
                                .type(VARCHAR)
                                .defaultValue(utf8Slice("row_kind"))
                                .build(),
                        ScalarArgumentSpecification.builder()
                                .name(RESPECT_CREATED_TIMESTAMP)
                                .type(BOOLEAN)
                                .defaultValue(true)
                                .build()),
                GENERIC_TABLE,
                "Point-in-time-correct feature join: the latest feature row visible at each spine row's timestamp");
    }

    @Override
    public TableFunctionAnalysis analyze(ConnectorSession session, ConnectorTransactionHandle transaction, Map<String, Argument> arguments, ConnectorAccessControl accessControl)
    {
        TableArgument input = (TableArgument) arguments.get(INPUT);
        List<RowType.Field> fields = input.getRowType().getFields();
        List<String> names = fields.stream()
                .map(field -> field.getName().map(name -> name.toLowerCase(Locale.ROOT)).orElse(""))
                .collect(toImmutableList());
        List<Type> types = fields.stream().map(RowType.Field::getType).collect(toImmutableList());

        if (input.getPartitionBy().isEmpty()) {
            throw FEATURE_STORE_INVALID_ARGUMENT.error("point_in_time_join needs the input partitioned by the entity columns: TABLE(...) PARTITION BY <entity columns>");
        }
        List<Integer> keyChannels = input.getPartitionBy().stream()
                .map(column -> channel(names, column.toLowerCase(Locale.ROOT), "PARTITION BY column"))
                .collect(toImmutableList());

        int timestampChannel = channel(names, stringArgument(arguments, TIMESTAMP_COLUMN).orElseThrow(() -> FEATURE_STORE_INVALID_ARGUMENT.error("timestamp_column is required")), "timestamp_column");
        checkTimestampType(types.get(timestampChannel), "timestamp_column", names.get(timestampChannel));
        Optional<Integer> createdChannel = stringArgument(arguments, CREATED_TIMESTAMP_COLUMN).map(column -> channel(names, column, "created_timestamp_column"));
        createdChannel.ifPresent(channel -> checkTimestampType(types.get(channel), "created_timestamp_column", names.get(channel)));
        int kindChannel = channel(names, stringArgument(arguments, KIND_COLUMN).orElseThrow(() -> FEATURE_STORE_INVALID_ARGUMENT.error("kind_column is required")), "kind_column");
        if (!(types.get(kindChannel) instanceof VarcharType)) {
            throw FEATURE_STORE_INVALID_ARGUMENT.error("kind_column '%s' must be a varchar holding 'spine' or 'feature', not %s", names.get(kindChannel), types.get(kindChannel));
        }

        Descriptor features = ((DescriptorArgument) arguments.get(FEATURES)).getDescriptor()
                .orElseThrow(() -> FEATURE_STORE_INVALID_ARGUMENT.error("features must name the feature columns: DESCRIPTOR(feature, ...)"));
        Set<Integer> roles = new HashSet<>(keyChannels);
        roles.add(timestampChannel);
        roles.add(kindChannel);
        createdChannel.ifPresent(roles::add);
        if (roles.size() != keyChannels.size() + 2 + createdChannel.stream().count()) {
            throw FEATURE_STORE_INVALID_ARGUMENT.error("the PARTITION BY, timestamp, created timestamp and kind columns must be different columns");
        }
        List<Integer> featureChannels = new ArrayList<>();
        for (Descriptor.Field feature : features.getFields()) {
            int channel = channel(names, feature.getName().orElseThrow().toLowerCase(Locale.ROOT), "feature");
            if (roles.contains(channel) || featureChannels.contains(channel)) {
                throw FEATURE_STORE_INVALID_ARGUMENT.error("feature '%s' is named twice or is an entity, timestamp or kind column", names.get(channel));
            }
            featureChannels.add(channel);
        }

        Optional<Long> ttlMicros = stringArgument(arguments, TTL).map(PointInTimeJoinFunction::ttlMicros);
        Object respectCreatedValue = ((ScalarArgument) arguments.get(RESPECT_CREATED_TIMESTAMP)).getValue();
        if (respectCreatedValue == null) {
            throw FEATURE_STORE_INVALID_ARGUMENT.error("respect_created_timestamp must be true or false, not NULL");
        }
        boolean respectCreated = (boolean) respectCreatedValue;

        // the output: every input column but the kind and the created timestamp, in input order; the
        // PARTITION BY columns come after them, passed through by the engine
        List<Integer> outputChannels = IntStream.range(0, fields.size())
                .filter(channel -> channel != kindChannel && createdChannel.map(created -> created != channel).orElse(true) && !keyChannels.contains(channel))
                .boxed()
                .collect(toImmutableList());
        Descriptor returnedType = new Descriptor(outputChannels.stream()
                .map(channel -> new Descriptor.Field(names.get(channel), Optional.of(types.get(channel))))
                .collect(toImmutableList()));

        return TableFunctionAnalysis.builder()
                .returnedType(returnedType)
                .requiredColumns(INPUT, IntStream.range(0, fields.size()).boxed().collect(toImmutableList()))
                .handle(new PointInTimeJoinHandle(
                        names,
                        types,
                        keyChannels,
                        timestampChannel,
                        createdChannel,
                        kindChannel,
                        featureChannels,
                        outputChannels,
                        ttlMicros,
                        respectCreated))
                .build();
    }

    private static Optional<String> stringArgument(Map<String, Argument> arguments, String name)
    {
        Object value = ((ScalarArgument) arguments.get(name)).getValue();
        return Optional.ofNullable(value).map(slice -> ((Slice) slice).toStringUtf8().trim().toLowerCase(Locale.ROOT));
    }

    private static int channel(List<String> names, String column, String role)
    {
        int channel = names.indexOf(column);
        if (channel < 0) {
            throw FEATURE_STORE_INVALID_ARGUMENT.error("%s '%s' is not a column of the input; its columns are %s", role, column, names);
        }
        return channel;
    }

    private static void checkTimestampType(Type type, String role, String column)
    {
        if (!(type instanceof TimestampType) && !(type instanceof TimestampWithTimeZoneType)) {
            throw FEATURE_STORE_INVALID_ARGUMENT.error("%s '%s' must be a timestamp or a timestamp with time zone, not %s", role, column, type);
        }
    }

    public static long ttlMicros(String value)
    {
        return (long) RegistryNames.parseDuration("ttl", value, FEATURE_STORE_INVALID_ARGUMENT).getValue(MICROSECONDS);
    }
}
