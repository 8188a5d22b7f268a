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
package io.lakehouseml.feature.quality;

import io.lakehouseml.feature.registry.ExpectationDefinition;
import io.lakehouseml.feature.registry.FeatureViewDefinition;
import io.lakehouseml.feature.registry.FeatureViewDefinition.ColumnDefinition;
import io.lakehouseml.feature.registry.FeatureViewDefinition.SourceTable;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;

import static com.google.common.collect.ImmutableMap.toImmutableMap;
import static io.lakehouseml.feature.FeatureStoreErrorCode.FEATURE_STORE_INVALID_ARGUMENT;
import static io.lakehouseml.feature.sql.SqlText.joinTimestamp;
import static io.lakehouseml.feature.sql.SqlText.qualifiedName;
import static io.lakehouseml.feature.sql.SqlText.quote;
import static io.lakehouseml.feature.sql.SqlText.stringLiteral;
import static io.lakehouseml.feature.sql.SqlText.typedLiteral;
import static java.lang.String.format;

/**
 * Quality gates: the SQL that checks the expectations of a feature view against a snapshot of its
 * source table, {@code "<view>$violations"}, or those of a table against a snapshot of it,
 * {@code system."<schema>.<table>$violations"}.
 */
public final class FeatureQuality
{
    private FeatureQuality() {}

    /**
     * One row per expectation the rows of the source table at a snapshot do not meet, from one scan:
     * the expectation, the rows checked, the rows that fail it (for the expectations on single
     * values), what was found and what was expected. No rows: every expectation holds.
     */
    public static String violationsSql(FeatureViewDefinition view, List<ExpectationDefinition> expectations, Optional<Long> snapshotId)
    {
        return violationsSql(view.sourceTable(), view.columns().stream().collect(toImmutableMap(ColumnDefinition::name, ColumnDefinition::type)), expectations, snapshotId);
    }

    /**
     * The same for the expectations of a table, whose columns at the snapshot have the given types:
     * an expectation of a column the table no longer has is refused with its name.
     */
    public static String violationsSql(SourceTable source, Map<String, String> columnTypes, List<ExpectationDefinition> expectations, Optional<Long> snapshotId)
    {
        String snapshot = snapshotId.map(String::valueOf).orElse("CAST(NULL AS bigint)");
        if (expectations.isEmpty()) {
            return format(
                    "SELECT CAST(NULL AS varchar) AS expectation_name, CAST(NULL AS varchar) AS kind, CAST(NULL AS varchar) AS column_name, %s AS snapshot_id, " +
                            "CAST(NULL AS bigint) AS total_rows, CAST(NULL AS bigint) AS failing_rows, CAST(NULL AS varchar) AS observed, CAST(NULL AS varchar) AS expected WHERE false",
                    snapshot);
        }
        StringJoiner aggregates = new StringJoiner(", ");
        aggregates.add("count(*) AS \"$rows\"");
        StringJoiner checks = new StringJoiner(", ");
        for (int i = 0; i < expectations.size(); i++) {
            ExpectationDefinition expectation = expectations.get(i);
            String type = columnTypes.get(expectation.column());
            if (type == null) {
                throw FEATURE_STORE_INVALID_ARGUMENT.error(
                        "Expectation %s checks column '%s', which %s does not have at this snapshot; drop the expectation or read another version",
                        expectation.name(),
                        expectation.column(),
                        source);
            }
            Check check = check(expectation, type, i, aggregates);
            checks.add(format(
                    "ROW(CAST(%s AS varchar), CAST(%s AS varchar), CAST(%s AS varchar), %s, %s, %s, CAST(%s AS varchar))",
                    stringLiteral(expectation.name()),
                    stringLiteral(expectation.kind().sqlName()),
                    stringLiteral(expectation.column()),
                    check.violated(),
                    check.failingRows(),
                    check.observed(),
                    stringLiteral(expectation.description())));
        }
        return format(
                """
                SELECT expectation_name, kind, column_name, %s AS snapshot_id, "$rows" AS total_rows, failing_rows, observed, expected
                FROM (SELECT %s FROM %s%s)
                CROSS JOIN UNNEST(ARRAY[%s]) AS e (expectation_name, kind, column_name, violated, failing_rows, observed, expected)
                WHERE violated""",
                snapshot,
                aggregates,
                qualifiedName(source.catalog(), source.schema(), source.table()),
                snapshotId.map(id -> " FOR VERSION AS OF " + id).orElse(""),
                checks);
    }

    /**
     * The check of the expectation with the given index: adds the aggregates it needs (named after
     * the index) to the scan, and says how they show a violation.
     */
    private static Check check(ExpectationDefinition expectation, String type, int i, StringJoiner aggregates)
    {
        String column = quote(expectation.column());
        return switch (expectation.kind()) {
            case NOT_NULL -> {
                aggregates.add(format("count_if(%s IS NULL) AS \"$failing%d\"", column, i));
                yield new Check(
                        format("\"$failing%d\" > 0", i),
                        format("\"$failing%d\"", i),
                        format("format('%%d of %%d rows are NULL', \"$failing%d\", \"$rows\")", i));
            }
            case RANGE -> {
                StringJoiner outside = new StringJoiner(" OR ");
                expectation.minValue().ifPresent(value -> outside.add(format("%s < %s", column, typedLiteral(value, type))));
                expectation.maxValue().ifPresent(value -> outside.add(format("%s > %s", column, typedLiteral(value, type))));
                if (type.equals("real") || type.equals("double")) {
                    outside.add(format("is_nan(%s)", column));
                }
                aggregates.add(format("count_if(%s) AS \"$failing%d\"", outside, i));
                aggregates.add(format("CAST(min(%s) AS varchar) AS \"$min%d\"", column, i));
                aggregates.add(format("CAST(max(%s) AS varchar) AS \"$max%d\"", column, i));
                yield new Check(
                        format("\"$failing%d\" > 0", i),
                        format("\"$failing%d\"", i),
                        format("format('%%d of %%d rows are out of range; the values run from %%s to %%s', \"$failing%1$d\", \"$rows\", \"$min%1$d\", \"$max%1$d\")", i));
            }
            case ALLOWED_VALUES -> {
                StringJoiner allowed = new StringJoiner(", ");
                expectation.allowedValues().forEach(value -> allowed.add(typedLiteral(value, type)));
                String outside = format("%s NOT IN (%s)", column, allowed);
                aggregates.add(format("count_if(%s) AS \"$failing%d\"", outside, i));
                aggregates.add(format("min(CAST(%s AS varchar)) FILTER (WHERE %s) AS \"$min%d\"", column, outside, i));
                aggregates.add(format("max(CAST(%s AS varchar)) FILTER (WHERE %s) AS \"$max%d\"", column, outside, i));
                yield new Check(
                        format("\"$failing%d\" > 0", i),
                        format("\"$failing%d\"", i),
                        format("format('%%d of %%d rows hold values outside the set, from %%s to %%s', \"$failing%1$d\", \"$rows\", \"$min%1$d\", \"$max%1$d\")", i));
            }
            case MAX_NULL_RATE -> {
                aggregates.add(format("count_if(%s IS NULL) AS \"$failing%d\"", column, i));
                yield new Check(
                        format("\"$rows\" > 0 AND CAST(\"$failing%d\" AS double) / \"$rows\" > %s", i, expectation.maxNullRate().orElseThrow()),
                        format("\"$failing%d\"", i),
                        format("format('NULL rate %%.4f: %%d of %%d rows are NULL', CAST(\"$failing%1$d\" AS double) / \"$rows\", \"$failing%1$d\", \"$rows\")", i));
            }
            case FRESHNESS -> {
                aggregates.add(format("max(%s) AS \"$newest%d\"", joinTimestamp(expectation.column(), type), i));
                yield new Check(
                        format("\"$newest%1$d\" IS NULL OR \"$newest%1$d\" < current_timestamp - parse_duration('%2$s')", i, expectation.maxLag().orElseThrow()),
                        "CAST(NULL AS bigint)",
                        format("coalesce('the newest event is from ' || CAST(\"$newest%d\" AS varchar), 'there are no rows')", i));
            }
        };
    }

    /**
     * How the aggregates of the scan show a violation of an expectation, as SQL expressions.
     */
    private record Check(String violated, String failingRows, String observed) {}
}
