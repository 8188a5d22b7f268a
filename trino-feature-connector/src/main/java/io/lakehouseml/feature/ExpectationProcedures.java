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
package io.lakehouseml.feature;

import com.google.common.collect.ImmutableList;
import com.google.inject.Inject;
import io.trino.spi.TrinoException;
import io.trino.spi.connector.ConnectorSession;
import io.trino.spi.procedure.Procedure;
import io.trino.spi.procedure.Procedure.Argument;
import io.trino.spi.type.ArrayType;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

import static io.lakehouseml.feature.ExpectationDefinition.ALLOWED_VALUES;
import static io.lakehouseml.feature.ExpectationDefinition.FRESHNESS;
import static io.lakehouseml.feature.ExpectationDefinition.KINDS;
import static io.lakehouseml.feature.ExpectationDefinition.MAX_NULL_RATE;
import static io.lakehouseml.feature.ExpectationDefinition.NOT_NULL;
import static io.lakehouseml.feature.ExpectationDefinition.RANGE;
import static io.lakehouseml.feature.FeatureStoreErrorCode.FEATURE_STORE_INVALID_DEFINITION;
import static io.trino.spi.type.DoubleType.DOUBLE;
import static io.trino.spi.type.VarcharType.VARCHAR;
import static java.lang.String.format;
import static java.util.Objects.requireNonNull;

/**
 * {@code add_expectation} and {@code drop_expectation} in {@code feature_store.system}: the
 * expectations {@code "<view>$violations"} checks.
 */
public class ExpectationProcedures
{
    private static final Pattern NUMBER = Pattern.compile("tinyint|smallint|integer|bigint|real|double|decimal\\(.*\\)");
    private static final Pattern INTEGER = Pattern.compile("tinyint|smallint|integer|bigint");
    private static final Pattern TEXT = Pattern.compile("varchar.*|char.*");
    private static final Pattern TIMESTAMP = Pattern.compile("timestamp.*");
    private static final Pattern TIMESTAMP_TEXT = Pattern.compile("\\d{4}-\\d{2}-\\d{2}( \\d{1,2}:\\d{2}(:\\d{2}(\\.\\d{1,12})?)?)?( [A-Za-z0-9/_+:-]+)?");

    private final FeatureRegistry registry;

    @Inject
    public ExpectationProcedures(FeatureRegistry registry)
    {
        this.registry = requireNonNull(registry, "registry is null");
    }

    public List<Procedure> procedures()
    {
        return ImmutableList.of(
                new Procedure(
                        "system",
                        "add_expectation",
                        ImmutableList.of(
                                new Argument("SCHEMA_NAME", VARCHAR),
                                new Argument("VIEW_NAME", VARCHAR),
                                new Argument("EXPECTATION_NAME", VARCHAR),
                                new Argument("KIND", VARCHAR),
                                new Argument("COLUMN_NAME", VARCHAR, false, null),
                                new Argument("MIN_VALUE", VARCHAR, false, null),
                                new Argument("MAX_VALUE", VARCHAR, false, null),
                                new Argument("ALLOWED_VALUES", new ArrayType(VARCHAR), false, null),
                                new Argument("MAX_NULL_RATE", DOUBLE, false, null),
                                new Argument("MAX_LAG", VARCHAR, false, null)),
                        ProcedureMethods.bind(
                                this,
                                "addExpectation",
                                ConnectorSession.class,
                                String.class,
                                String.class,
                                String.class,
                                String.class,
                                String.class,
                                String.class,
                                String.class,
                                List.class,
                                Double.class,
                                String.class)),
                new Procedure(
                        "system",
                        "drop_expectation",
                        ImmutableList.of(
                                new Argument("SCHEMA_NAME", VARCHAR),
                                new Argument("VIEW_NAME", VARCHAR),
                                new Argument("EXPECTATION_NAME", VARCHAR)),
                        ProcedureMethods.bind(this, "dropExpectation", String.class, String.class, String.class)));
    }

    public void addExpectation(
            ConnectorSession session,
            String schemaName,
            String viewName,
            String expectationName,
            String kindName,
            String columnName,
            String minValue,
            String maxValue,
            List<?> allowedValues,
            Double maxNullRate,
            String maxLag)
    {
        String schema = RegistryNames.schemaName(schemaName);
        FeatureViewDefinition view = registry.getExistingFeatureView(schema, RegistryNames.identifier("view_name", viewName));
        String name = RegistryNames.identifier("expectation_name", expectationName);
        String kind = RegistryNames.required("kind", kindName).toLowerCase(Locale.ROOT);
        if (!KINDS.contains(kind)) {
            throw invalid("kind must be one of %s, not '%s'", KINDS, kindName);
        }
        String column = kind.equals(FRESHNESS) && columnName == null ? view.timestampColumn() : RegistryNames.identifier("column_name", columnName);
        if (view.columns().stream().noneMatch(definition -> definition.name().equals(column))) {
            throw invalid("column_name '%s' is not a column of feature view %s.%s; its columns are %s", column, schema, view.name(), view.columns().stream().map(FeatureViewDefinition.ColumnDefinition::name).toList());
        }
        String type = view.column(column).type();

        onlyFor(kind, RANGE, "min_value", minValue);
        onlyFor(kind, RANGE, "max_value", maxValue);
        onlyFor(kind, ALLOWED_VALUES, "allowed_values", allowedValues);
        onlyFor(kind, MAX_NULL_RATE, "max_null_rate", maxNullRate);
        onlyFor(kind, FRESHNESS, "max_lag", maxLag);

        List<String> allowed = ImmutableList.of();
        switch (kind) {
            case NOT_NULL -> {}
            case RANGE -> {
                if (!NUMBER.matcher(type).matches() && !TEXT.matcher(type).matches() && !TIMESTAMP.matcher(type).matches() && !type.equals("date")) {
                    throw invalid("A range needs a column of numbers, text, dates or timestamps; column '%s' has type %s", column, type);
                }
                if (minValue == null && maxValue == null) {
                    throw invalid("A range needs min_value, max_value or both");
                }
                Optional.ofNullable(minValue).ifPresent(value -> checkValue("min_value", value, type));
                Optional.ofNullable(maxValue).ifPresent(value -> checkValue("max_value", value, type));
                if (minValue != null && maxValue != null && NUMBER.matcher(type).matches() && new BigDecimal(minValue.trim()).compareTo(new BigDecimal(maxValue.trim())) > 0) {
                    throw invalid("min_value %s is larger than max_value %s", minValue, maxValue);
                }
            }
            case ALLOWED_VALUES -> {
                if (!INTEGER.matcher(type).matches() && !TEXT.matcher(type).matches() && !type.equals("boolean") && !type.equals("date")) {
                    throw invalid("Allowed values need a column of integers, text, booleans or dates; column '%s' has type %s", column, type);
                }
                if (allowedValues == null || allowedValues.isEmpty()) {
                    throw invalid("allowed_values must list at least one value");
                }
                ImmutableList.Builder<String> values = ImmutableList.builder();
                for (Object value : allowedValues) {
                    if (value == null) {
                        throw invalid("allowed_values contains a NULL; NULLs are checked with kind 'not_null' or 'max_null_rate'");
                    }
                    checkValue("allowed_values", value.toString(), type);
                    values.add(TEXT.matcher(type).matches() ? value.toString() : value.toString().trim());
                }
                allowed = values.build();
            }
            case MAX_NULL_RATE -> {
                if (maxNullRate == null || !(maxNullRate >= 0 && maxNullRate <= 1)) {
                    throw invalid("max_null_rate must be a fraction from 0 to 1, not %s", maxNullRate);
                }
            }
            case FRESHNESS -> {
                if (!TIMESTAMP.matcher(type).matches()) {
                    throw invalid("Freshness needs a timestamp column; column '%s' has type %s", column, type);
                }
                if (maxLag == null) {
                    throw invalid("Freshness needs max_lag, such as '1d'");
                }
                RegistryNames.duration("max_lag", maxLag);
            }
            default -> throw new IllegalStateException("Unknown expectation kind: " + kind);
        }

        registry.createExpectation(new ExpectationDefinition(
                schema,
                view.name(),
                name,
                kind,
                column,
                Optional.ofNullable(minValue).map(String::trim),
                Optional.ofNullable(maxValue).map(String::trim),
                allowed,
                Optional.ofNullable(maxNullRate),
                Optional.ofNullable(maxLag).map(String::trim),
                session.getUser(),
                Instant.now()));
    }

    public void dropExpectation(String schemaName, String viewName, String expectationName)
    {
        String schema = RegistryNames.schemaName(schemaName);
        registry.dropExpectation(schema, RegistryNames.identifier("view_name", viewName), RegistryNames.identifier("expectation_name", expectationName));
    }

    private static void onlyFor(String kind, String expectedKind, String argument, Object value)
    {
        if (value != null && !kind.equals(expectedKind)) {
            throw invalid("%s applies to kind '%s' only, not to '%s'", argument, expectedKind, kind);
        }
    }

    /**
     * Refuses a value the check could not cast to the column's type, so that a mistake shows now and not at the check.
     */
    private static void checkValue(String argument, String value, String type)
    {
        String trimmed = value.trim();
        boolean valid;
        if (INTEGER.matcher(type).matches()) {
            valid = parses(Long::parseLong, trimmed);
        }
        else if (NUMBER.matcher(type).matches()) {
            valid = parses(BigDecimal::new, trimmed);
        }
        else if (type.equals("date")) {
            valid = parses(LocalDate::parse, trimmed);
        }
        else if (TIMESTAMP.matcher(type).matches()) {
            valid = TIMESTAMP_TEXT.matcher(trimmed).matches();
        }
        else if (type.equals("boolean")) {
            valid = trimmed.equalsIgnoreCase("true") || trimmed.equalsIgnoreCase("false");
        }
        else {
            valid = true;
        }
        if (!valid) {
            throw invalid("%s: '%s' is not a value of type %s", argument, value, type);
        }
    }

    private static boolean parses(Function<String, ?> parser, String value)
    {
        try {
            parser.apply(value);
            return true;
        }
        catch (NumberFormatException | DateTimeParseException e) {
            return false;
        }
    }

    private static TrinoException invalid(String message, Object... arguments)
    {
        return new TrinoException(FEATURE_STORE_INVALID_DEFINITION, format(message, arguments));
    }
}
