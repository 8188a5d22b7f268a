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
import io.lakehouseml.feature.registry.FeatureViewDefinition.SourceTable;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * An expectation about the rows of a feature view's source table, checked by
 * {@code "<view>$violations"}, or about the rows of any Iceberg table of the source catalog,
 * checked by {@code system."<schema>.<table>$violations"}.
 *
 * @param schema the feature store schema of the view; for a table's expectation, the table's schema
 * @param viewName the feature view; for a table's expectation, the table's name
 * @param column the column checked; for {@code freshness}, the event timestamp column
 * @param minValue the smallest allowed value of a {@code range}, as an SQL literal's text
 * @param maxValue the largest allowed value of a {@code range}, as an SQL literal's text
 * @param maxLag how old the newest event may be, in airlift duration syntax, for {@code freshness}
 * @param table the table, for an expectation added with {@code table_name}; absent for a feature
 *         view's (and in expectations added before tables could have them)
 */
public record ExpectationDefinition(
        String schema,
        String viewName,
        String name,
        ExpectationKind kind,
        String column,
        Optional<String> minValue,
        Optional<String> maxValue,
        List<String> allowedValues,
        Optional<Double> maxNullRate,
        Optional<String> maxLag,
        String owner,
        Instant createdAt,
        Optional<SourceTable> table)
{
    public ExpectationDefinition
    {
        requireNonNull(schema, "schema is null");
        requireNonNull(viewName, "viewName is null");
        requireNonNull(name, "name is null");
        requireNonNull(kind, "kind is null");
        requireNonNull(column, "column is null");
        requireNonNull(minValue, "minValue is null");
        requireNonNull(maxValue, "maxValue is null");
        allowedValues = ImmutableList.copyOf(allowedValues);
        requireNonNull(maxNullRate, "maxNullRate is null");
        requireNonNull(maxLag, "maxLag is null");
        requireNonNull(owner, "owner is null");
        requireNonNull(createdAt, "createdAt is null");
        requireNonNull(table, "table is null");
    }

    /**
     * What the expectation asks for, in words.
     */
    public String description()
    {
        return switch (kind) {
            case NOT_NULL -> "no NULL values";
            case RANGE -> {
                if (minValue.isPresent() && maxValue.isPresent()) {
                    yield "values between %s and %s".formatted(minValue.get(), maxValue.get());
                }
                yield minValue.map(value -> "values of at least " + value).orElseGet(() -> "values of at most " + maxValue.orElseThrow());
            }
            case ALLOWED_VALUES -> "values in " + allowedValues;
            case MAX_NULL_RATE -> "a NULL rate of at most " + maxNullRate.orElseThrow();
            case FRESHNESS -> "a newest event at most %s old".formatted(maxLag.orElseThrow());
        };
    }
}
