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
import com.google.common.collect.ImmutableSet;
import io.airlift.json.JsonCodec;
import io.airlift.json.JsonCodecFactory;
import io.lakehouseml.feature.registry.FeatureViewDefinition.SourceTable;
import io.lakehouseml.feature.registry.RegistryNames;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static com.google.common.base.Verify.verify;
import static io.lakehouseml.feature.FeatureStoreErrorCode.FEATURE_STORE_INVALID_ARGUMENT;
import static java.util.Objects.requireNonNull;

/**
 * A feature table as {@code point_in_time_features} reads it: the snapshot to read, its entity and
 * timestamp columns, TTL and the features it gives. One element of {@code feature_tables => ...}
 * is one, as a JSON object; a feature view and the {@code feature_table} arguments make one too.
 * Training sets read feature views of one entity through one call with {@code feature_tables},
 * each view's definition written out as it was when the training set was made.
 */
public record FeatureTableArgument(
        SourceTable table,
        Optional<String> version,
        List<String> entityColumns,
        String timestampColumn,
        Optional<String> createdTimestampColumn,
        Optional<String> ttl,
        List<String> features)
{
    private static final JsonCodec<Map<String, Object>> CODEC = new JsonCodecFactory().mapJsonCodec(String.class, Object.class);
    private static final String TABLE = "table";
    private static final String VERSION = "version";
    private static final String ENTITY_COLUMNS = "entity_columns";
    private static final String TIMESTAMP_COLUMN = "timestamp_column";
    private static final String CREATED_TIMESTAMP_COLUMN = "created_timestamp_column";
    private static final String TTL = "ttl";
    private static final String FEATURES = "features";
    private static final Set<String> KEYS = ImmutableSet.of(TABLE, VERSION, ENTITY_COLUMNS, TIMESTAMP_COLUMN, CREATED_TIMESTAMP_COLUMN, TTL, FEATURES);

    public FeatureTableArgument
    {
        requireNonNull(table, "table is null");
        requireNonNull(version, "version is null");
        entityColumns = ImmutableList.copyOf(entityColumns);
        requireNonNull(timestampColumn, "timestampColumn is null");
        requireNonNull(createdTimestampColumn, "createdTimestampColumn is null");
        requireNonNull(ttl, "ttl is null");
        features = ImmutableList.copyOf(features);
    }

    /**
     * The same table with its entity columns in another order.
     */
    public FeatureTableArgument withEntityColumns(List<String> order)
    {
        verify(ImmutableSet.copyOf(order).equals(ImmutableSet.copyOf(entityColumns)), "entity columns %s are not %s", entityColumns, order);
        return new FeatureTableArgument(table, version, order, timestampColumn, createdTimestampColumn, ttl, features);
    }

    /**
     * The same table read at another version (a snapshot id, branch or tag; empty: the snapshot the query saw first).
     */
    public FeatureTableArgument withVersion(Optional<String> newVersion)
    {
        return new FeatureTableArgument(table, newVersion, entityColumns, timestampColumn, createdTimestampColumn, ttl, features);
    }

    /**
     * Reads element {@code index} (from 0) of the argument.
     */
    public static FeatureTableArgument parse(String json, int index, String sourceCatalog)
    {
        String element = "feature_tables[%s]".formatted(index + 1);
        if (json == null) {
            throw FEATURE_STORE_INVALID_ARGUMENT.error("%s must not be NULL", element);
        }
        Map<String, Object> object;
        try {
            object = CODEC.fromJson(json);
        }
        catch (IllegalArgumentException e) {
            throw FEATURE_STORE_INVALID_ARGUMENT.error("%s must be a JSON object with the keys %s, not '%s'", element, KEYS, json);
        }
        if (object == null) {
            throw FEATURE_STORE_INVALID_ARGUMENT.error("%s must be a JSON object with the keys %s, not '%s'", element, KEYS, json);
        }
        for (String key : object.keySet()) {
            if (!KEYS.contains(key)) {
                throw FEATURE_STORE_INVALID_ARGUMENT.error("%s has an unknown key '%s'; its keys are %s", element, key, KEYS);
            }
        }
        SourceTable table = RegistryNames.sourceTable(element + "." + TABLE, string(object, TABLE, element).orElseThrow(() -> missing(element, TABLE)), sourceCatalog);
        List<String> entityColumns = names(object, ENTITY_COLUMNS, element);
        List<String> features = names(object, FEATURES, element);
        if (ImmutableSet.copyOf(features).size() != features.size()) {
            throw FEATURE_STORE_INVALID_ARGUMENT.error("%s.%s names a column twice: %s", element, FEATURES, features);
        }
        return new FeatureTableArgument(
                table,
                string(object, VERSION, element),
                entityColumns,
                RegistryNames.columnName(element + "." + TIMESTAMP_COLUMN, string(object, TIMESTAMP_COLUMN, element).orElseThrow(() -> missing(element, TIMESTAMP_COLUMN))),
                string(object, CREATED_TIMESTAMP_COLUMN, element).map(column -> RegistryNames.columnName(element + "." + CREATED_TIMESTAMP_COLUMN, column)),
                // checked where it is turned into microseconds
                string(object, TTL, element),
                features);
    }

    /**
     * The element as written in SQL: a JSON object, keys in a fixed order.
     */
    public String toJson()
    {
        Map<String, Object> object = new LinkedHashMap<>();
        object.put(TABLE, table.toString());
        version.ifPresent(value -> object.put(VERSION, value));
        object.put(ENTITY_COLUMNS, entityColumns);
        object.put(TIMESTAMP_COLUMN, timestampColumn);
        createdTimestampColumn.ifPresent(value -> object.put(CREATED_TIMESTAMP_COLUMN, value));
        ttl.ifPresent(value -> object.put(TTL, value));
        object.put(FEATURES, features);
        return CODEC.toJson(object);
    }

    private static Optional<String> string(Map<String, Object> object, String key, String element)
    {
        Object value = object.get(key);
        if (value == null) {
            return Optional.empty();
        }
        if (!(value instanceof String text)) {
            throw FEATURE_STORE_INVALID_ARGUMENT.error("%s.%s must be a string, not %s", element, key, value);
        }
        return Optional.of(text);
    }

    private static List<String> names(Map<String, Object> object, String key, String element)
    {
        Object value = object.get(key);
        if (value == null) {
            throw missing(element, key);
        }
        if (!(value instanceof List<?> list) || list.isEmpty()) {
            throw FEATURE_STORE_INVALID_ARGUMENT.error("%s.%s must be a non-empty array of column names, not %s", element, key, value);
        }
        ImmutableList.Builder<String> names = ImmutableList.builder();
        for (Object name : list) {
            if (!(name instanceof String text)) {
                throw FEATURE_STORE_INVALID_ARGUMENT.error("%s.%s must be a non-empty array of column names, not %s", element, key, value);
            }
            names.add(RegistryNames.columnName(element + "." + key, text));
        }
        return names.build();
    }

    private static RuntimeException missing(String element, String key)
    {
        return FEATURE_STORE_INVALID_ARGUMENT.error("%s has no '%s'; its keys are %s", element, key, KEYS);
    }
}
