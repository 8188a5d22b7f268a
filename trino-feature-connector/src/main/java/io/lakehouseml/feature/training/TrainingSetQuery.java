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
package io.lakehouseml.feature.training;

import com.google.common.collect.ImmutableList;
import io.lakehouseml.feature.join.FeatureTableArgument;
import io.lakehouseml.feature.registry.FeatureViewDefinition;
import io.lakehouseml.feature.registry.FeatureViewDefinition.ColumnDefinition;
import io.lakehouseml.feature.registry.FeatureViewDefinition.SourceTable;
import io.lakehouseml.feature.sql.TypeFamily;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.StringJoiner;

import static io.lakehouseml.feature.FeatureStoreErrorCode.FEATURE_STORE_INVALID_DEFINITION;
import static io.lakehouseml.feature.sql.SqlText.JOIN_TIMESTAMP_TYPE;
import static io.lakehouseml.feature.sql.SqlText.joinTimestamp;
import static io.lakehouseml.feature.sql.SqlText.qualifiedName;
import static io.lakehouseml.feature.sql.SqlText.quote;
import static io.lakehouseml.feature.sql.SqlText.stringLiteral;
import static java.lang.String.format;
import static java.util.Objects.requireNonNull;

/**
 * Writes the SQL of a training set: one {@code point_in_time_join} per feature view, nested so that
 * the result of one is the spine of the next, every table read at its pinned snapshot. Spine columns
 * pass through untouched; the join itself runs on internal columns: entity keys cast to a common
 * type, and timestamps as {@code timestamp(6) with time zone} (a timestamp without a time zone
 * counts as UTC, so the rows do not depend on the session).
 */
public final class TrainingSetQuery
{
    public static final String INTERNAL_PREFIX = "$pit_";
    private static final String TIMESTAMP = INTERNAL_PREFIX + "ts";
    private static final String CREATED = INTERNAL_PREFIX + "created";
    private static final String KIND = INTERNAL_PREFIX + "kind";
    private static final String KEY = INTERNAL_PREFIX + "key_";

    private TrainingSetQuery() {}

    /**
     * @param spineColumns every column of the spine, with its Trino type
     * @param views the feature views in order, each with the features it contributes and its pinned snapshot
     */
    public static String sql(String catalogName, SourceTable spine, long spineSnapshot, List<ColumnDefinition> spineColumns, String spineTimestampColumn, List<ViewPart> views, boolean respectCreatedTimestamp)
    {
        requireNonNull(catalogName, "catalogName is null");
        ColumnDefinition spineTimestamp = spineColumns.stream()
                .filter(column -> column.name().equals(spineTimestampColumn))
                .findFirst()
                .orElseThrow();

        List<ColumnDefinition> carried = new ArrayList<>(spineColumns);
        String relation = pinned(spine, spineSnapshot);
        String timestampExpression = joinTimestamp(spineTimestamp.name(), spineTimestamp.type());
        for (ViewPart part : views) {
            relation = join(catalogName, relation, carried, spineColumns, timestampExpression, part, respectCreatedTimestamp);
            part.features().forEach(feature -> carried.add(part.view().column(feature)));
            timestampExpression = quote(TIMESTAMP);
        }
        StringJoiner output = new StringJoiner(", ");
        carried.forEach(column -> output.add(quote(column.name())));
        return format("SELECT %s%nFROM %s", output, relation);
    }

    /**
     * The {@code point_in_time_join} of a relation, the spine so far, with the features of one view:
     * the spine rows and the feature rows in one input, with the same columns.
     *
     * @param carried the columns of the relation: the spine's and the features of the views before
     * @param timestampExpression the spine's timestamp in the relation
     */
    private static String join(String catalogName, String relation, List<ColumnDefinition> carried, List<ColumnDefinition> spineColumns, String timestampExpression, ViewPart part, boolean respectCreatedTimestamp)
    {
        FeatureViewDefinition view = part.view();
        StringJoiner spineSide = new StringJoiner(", ");
        StringJoiner featureSide = new StringJoiner(", ");
        for (ColumnDefinition column : carried) {
            spineSide.add(quote(column.name()));
            featureSide.add("NULL");
        }
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < view.entityColumns().size(); i++) {
            String entityColumn = view.entityColumns().get(i);
            ColumnDefinition spineKey = spineColumns.stream()
                    .filter(column -> column.name().equals(entityColumn))
                    .findFirst()
                    .orElseThrow(() -> FEATURE_STORE_INVALID_DEFINITION.error("The spine has no column '%s', an entity column of feature view %s; the spine needs a column named like each entity column", entityColumn, view.name()));
            String keyType = keyType(view, entityColumn, spineKey.type());
            String key = KEY + i;
            keys.add(quote(key));
            spineSide.add(format("CAST(%s AS %s) AS %s", quote(entityColumn), keyType, quote(key)));
            featureSide.add(format("CAST(%s AS %s)", quote(entityColumn), keyType));
        }
        spineSide.add(timestampExpression + " AS " + quote(TIMESTAMP));
        featureSide.add(joinTimestamp(view.timestampColumn(), view.column(view.timestampColumn()).type()));
        for (String feature : part.features()) {
            spineSide.add(format("CAST(NULL AS %s) AS %s", view.column(feature).type(), quote(feature)));
            featureSide.add(quote(feature));
        }
        spineSide.add(format("CAST(NULL AS %s) AS %s", JOIN_TIMESTAMP_TYPE, quote(CREATED)));
        featureSide.add(view.createdTimestampColumn()
                .map(created -> joinTimestamp(created, view.column(created).type()))
                .orElse(format("CAST(NULL AS %s)", JOIN_TIMESTAMP_TYPE)));
        spineSide.add("'spine' AS " + quote(KIND));
        featureSide.add("'feature'");

        StringJoiner features = new StringJoiner(", ", "DESCRIPTOR(", ")");
        part.features().forEach(feature -> features.add(quote(feature)));
        return format(
                """
                TABLE(%s.system.point_in_time_join(
                    input => TABLE(
                        SELECT %s
                        FROM %s
                        UNION ALL
                        SELECT %s
                        FROM %s)
                        PARTITION BY (%s),
                    timestamp_column => '%s',
                    features => %s,
                    created_timestamp_column => '%s',
                    kind_column => '%s',
                    respect_created_timestamp => %s%s))""",
                quote(catalogName),
                spineSide,
                relation,
                featureSide,
                pinned(view.sourceTable(), part.snapshotId()),
                String.join(", ", keys),
                TIMESTAMP,
                features,
                CREATED,
                KIND,
                respectCreatedTimestamp,
                view.ttl().map(ttl -> format(",%n    ttl => '%s'", ttl)).orElse(""));
    }

    /**
     * The same rows read by {@code point_in_time_features} from the data files of the pinned
     * snapshots, in one call for every feature view (of one entity or of several), each view's
     * definition written out as it was when the training set was made (never the view's name, which
     * may be registered again).
     */
    public static String filesSql(String catalogName, SourceTable spine, long spineSnapshot, List<ColumnDefinition> spineColumns, String spineTimestampColumn, List<ViewPart> views, boolean respectCreatedTimestamp)
    {
        requireNonNull(catalogName, "catalogName is null");
        StringJoiner output = new StringJoiner(", ");
        spineColumns.forEach(column -> output.add(quote(column.name())));
        views.forEach(part -> part.features().forEach(feature -> output.add(quote(feature))));
        StringJoiner arguments = new StringJoiner(",\n    ", "(\n    ", ")");
        arguments.add("spine_table => " + stringLiteral(spine.toString()));
        arguments.add("spine_version => " + stringLiteral(Long.toString(spineSnapshot)));
        arguments.add("spine_timestamp_column => " + stringLiteral(spineTimestampColumn));
        arguments.add("spine_columns => " + stringArray(spineColumns.stream().map(ColumnDefinition::name).toList()));
        if (views.size() == 1) {
            ViewPart part = views.getFirst();
            FeatureViewDefinition view = part.view();
            arguments.add("feature_table => " + stringLiteral(view.sourceTable().toString()));
            arguments.add("feature_version => " + stringLiteral(Long.toString(part.snapshotId())));
            arguments.add("entity_columns => " + stringArray(view.entityColumns()));
            arguments.add("timestamp_column => " + stringLiteral(view.timestampColumn()));
            view.createdTimestampColumn().ifPresent(created -> arguments.add("created_timestamp_column => " + stringLiteral(created)));
            view.ttl().ifPresent(ttl -> arguments.add("ttl => " + stringLiteral(ttl)));
            arguments.add("features => " + stringArray(part.features()));
        }
        else {
            StringJoiner tables = new StringJoiner(",\n        ", "ARRAY[\n        ", "]");
            for (ViewPart part : views) {
                FeatureViewDefinition view = part.view();
                tables.add(stringLiteral(new FeatureTableArgument(
                        view.sourceTable(),
                        Optional.of(Long.toString(part.snapshotId())),
                        view.entityColumns(),
                        view.timestampColumn(),
                        view.createdTimestampColumn(),
                        view.ttl(),
                        part.features()).toJson()));
            }
            arguments.add("feature_tables => " + tables);
        }
        arguments.add("respect_created_timestamp => " + respectCreatedTimestamp);
        return format("SELECT %s%nFROM TABLE(%s.system.point_in_time_features%s)", output, quote(catalogName), arguments);
    }

    private static String stringArray(List<String> values)
    {
        StringJoiner array = new StringJoiner(", ", "ARRAY[", "]");
        values.forEach(value -> array.add(stringLiteral(value)));
        return array.toString();
    }

    private static String pinned(SourceTable table, long snapshotId)
    {
        return format("%s FOR VERSION AS OF %s", qualifiedName(table.catalog(), table.schema(), table.table()), snapshotId);
    }

    /**
     * The type spine and feature keys are compared in: the same type, or bigint for integers of any width.
     */
    private static String keyType(FeatureViewDefinition view, String column, String spineType)
    {
        String featureType = view.column(column).type();
        if (featureType.equals(spineType)) {
            return featureType;
        }
        if (TypeFamily.of(featureType) == TypeFamily.INTEGER && TypeFamily.of(spineType) == TypeFamily.INTEGER) {
            return "bigint";
        }
        if (featureType.startsWith("varchar") && spineType.startsWith("varchar")) {
            return "varchar";
        }
        throw FEATURE_STORE_INVALID_DEFINITION.error("Entity column '%s' is %s in the spine but %s in feature view %s", column, spineType, featureType, view.name());
    }

    /**
     * The features one feature view contributes, read at a snapshot of its source table.
     */
    public record ViewPart(FeatureViewDefinition view, List<String> features, long snapshotId)
    {
        public ViewPart
        {
            requireNonNull(view, "view is null");
            features = ImmutableList.copyOf(features);
        }
    }
}
