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
package io.lakehouseml.feature.procedure;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSet;
import com.google.inject.Inject;
import io.lakehouseml.feature.FeatureStoreConfig;
import io.lakehouseml.feature.iceberg.IcebergTypes;
import io.lakehouseml.feature.quality.QualityTarget;
import io.lakehouseml.feature.registry.ExpectationDefinition;
import io.lakehouseml.feature.registry.ExpectationKind;
import io.lakehouseml.feature.registry.FeatureRegistry;
import io.lakehouseml.feature.registry.FeatureViewDefinition;
import io.lakehouseml.feature.registry.FeatureViewDefinition.ColumnDefinition;
import io.lakehouseml.feature.registry.RegistryNames;
import io.lakehouseml.feature.security.SourceAccessControl;
import io.lakehouseml.feature.sql.TypeFamily;
import io.trino.spi.TrinoException;
import io.trino.spi.connector.ConnectorSession;
import io.trino.spi.procedure.Procedure;
import io.trino.spi.procedure.Procedure.Argument;
import io.trino.spi.type.ArrayType;
import jakarta.inject.Provider;
import org.apache.iceberg.Schema;
import org.apache.iceberg.types.Types.NestedField;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

import static com.google.common.collect.ImmutableMap.toImmutableMap;
import static io.lakehouseml.feature.FeatureStoreErrorCode.FEATURE_STORE_ALREADY_EXISTS;
import static io.lakehouseml.feature.FeatureStoreErrorCode.FEATURE_STORE_INVALID_DEFINITION;
import static io.lakehouseml.feature.registry.ExpectationKind.ALLOWED_VALUES;
import static io.lakehouseml.feature.registry.ExpectationKind.FRESHNESS;
import static io.lakehouseml.feature.registry.ExpectationKind.MAX_NULL_RATE;
import static io.lakehouseml.feature.registry.ExpectationKind.RANGE;
import static io.trino.spi.type.BooleanType.BOOLEAN;
import static io.trino.spi.type.DoubleType.DOUBLE;
import static io.trino.spi.type.VarcharType.VARCHAR;
import static java.util.Objects.requireNonNull;

/**
 * {@code CALL feature_store.system.add_expectation(schema_name, view_name, expectation_name, kind,
 * column_name, min_value, max_value, allowed_values, max_null_rate, max_lag, table_name,
 * if_not_exists)}: an
 * expectation that {@code "<view>$violations"} checks; with {@code table_name} instead of
 * {@code schema_name} and {@code view_name}, an expectation of any Iceberg table of the source
 * catalog, which {@code system."<schema>.<table>$violations"} checks. Every argument is checked against the kind and the column's
 * type now, so that a mistake shows here and not at the check.
 */
public class AddExpectationProcedure
        implements Provider<Procedure>
{
    private static final Pattern TIMESTAMP_TEXT = Pattern.compile("\\d{4}-\\d{2}-\\d{2}( \\d{1,2}:\\d{2}(:\\d{2}(\\.\\d{1,12})?)?)?( [A-Za-z0-9/_+:-]+)?");

    private final FeatureRegistry registry;
    private final SourceAccessControl sourceAccess;
    private final String sourceCatalog;

    @Inject
    public AddExpectationProcedure(FeatureRegistry registry, SourceAccessControl sourceAccess, FeatureStoreConfig config)
    {
        this.registry = requireNonNull(registry, "registry is null");
        this.sourceAccess = requireNonNull(sourceAccess, "sourceAccess is null");
        this.sourceCatalog = config.getSourceCatalog();
    }

    @Override
    public Procedure get()
    {
        return new Procedure(
                "system",
                "add_expectation",
                ImmutableList.of(
                        new Argument("SCHEMA_NAME", VARCHAR, false, null),
                        new Argument("VIEW_NAME", VARCHAR, false, null),
                        new Argument("EXPECTATION_NAME", VARCHAR, false, null),
                        new Argument("KIND", VARCHAR, false, null),
                        new Argument("COLUMN_NAME", VARCHAR, false, null),
                        new Argument("MIN_VALUE", VARCHAR, false, null),
                        new Argument("MAX_VALUE", VARCHAR, false, null),
                        new Argument("ALLOWED_VALUES", new ArrayType(VARCHAR), false, null),
                        new Argument("MAX_NULL_RATE", DOUBLE, false, null),
                        new Argument("MAX_LAG", VARCHAR, false, null),
                        new Argument("TABLE_NAME", VARCHAR, false, null),
                        new Argument("IF_NOT_EXISTS", BOOLEAN, false, null)),
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
                        String.class,
                        String.class,
                        Boolean.class));
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
            String maxLag,
            String tableName,
            Boolean ifNotExists)
    {
        QualityTarget target = QualityTarget.of(registry, sourceCatalog, schemaName, viewName, tableName);
        String name = RegistryNames.identifier("expectation_name", expectationName);
        ExpectationKind kind = ExpectationKind.fromSqlName(RegistryNames.required("kind", kindName))
                .orElseThrow(() -> FEATURE_STORE_INVALID_DEFINITION.error("kind must be one of %s, not '%s'", ExpectationKind.sqlNames(), kindName));
        String column;
        if (kind == FRESHNESS && columnName == null) {
            column = target.view()
                    .map(FeatureViewDefinition::timestampColumn)
                    .orElseThrow(() -> FEATURE_STORE_INVALID_DEFINITION.error("Freshness of a table needs column_name, its event timestamp column"));
        }
        else {
            column = RegistryNames.columnName("column_name", columnName);
        }
        if (target.view().isEmpty()) {
            // the procedure reads the table's schema for the user: a caller who may not read the table learns none of its columns
            sourceAccess.checkCanSelect(session, target.table().catalogSchemaTableName(), ImmutableSet.of());
        }
        Map<String, String> columnTypes = columnTypes(target);
        String type = columnTypes.get(column);
        if (type == null) {
            throw FEATURE_STORE_INVALID_DEFINITION.error("column_name '%s' is not a column of %s; its columns are %s", column, target.description(), columnTypes.keySet());
        }
        if (target.view().isEmpty()) {
            sourceAccess.checkCanSelect(session, target.table().catalogSchemaTableName(), ImmutableSet.of(column));
        }

        onlyFor(kind, RANGE, "min_value", minValue);
        onlyFor(kind, RANGE, "max_value", maxValue);
        onlyFor(kind, ALLOWED_VALUES, "allowed_values", allowedValues);
        onlyFor(kind, MAX_NULL_RATE, "max_null_rate", maxNullRate);
        onlyFor(kind, FRESHNESS, "max_lag", maxLag);
        List<String> allowed = switch (kind) {
            case NOT_NULL -> ImmutableList.of();
            case RANGE -> {
                checkRange(column, type, minValue, maxValue);
                yield ImmutableList.of();
            }
            case ALLOWED_VALUES -> allowedValues(column, type, allowedValues);
            case MAX_NULL_RATE -> {
                if (maxNullRate == null || !(maxNullRate >= 0 && maxNullRate <= 1)) {
                    throw FEATURE_STORE_INVALID_DEFINITION.error("max_null_rate must be a fraction from 0 to 1, not %s", maxNullRate);
                }
                yield ImmutableList.of();
            }
            case FRESHNESS -> {
                checkFreshness(column, type, maxLag);
                yield ImmutableList.of();
            }
        };

        ExpectationDefinition expectation = new ExpectationDefinition(
                target.view().map(FeatureViewDefinition::schema).orElse(target.table().schema()),
                target.view().map(FeatureViewDefinition::name).orElse(target.table().table()),
                name,
                kind,
                column,
                Optional.ofNullable(minValue).map(String::trim),
                Optional.ofNullable(maxValue).map(String::trim),
                allowed,
                Optional.ofNullable(maxNullRate),
                Optional.ofNullable(maxLag).map(String::trim),
                session.getUser(),
                Instant.now(),
                target.view().isPresent() ? Optional.empty() : Optional.of(target.table()));
        try {
            if (expectation.table().isPresent()) {
                registry.createTableExpectation(expectation);
            }
            else {
                registry.createExpectation(expectation);
            }
        }
        catch (TrinoException e) {
            // as CREATE TABLE IF NOT EXISTS: the expectation of that name stays as it is
            if (!Boolean.TRUE.equals(ifNotExists) || !e.getErrorCode().equals(FEATURE_STORE_ALREADY_EXISTS.toErrorCode())) {
                throw e;
            }
        }
    }

    /**
     * The columns an expectation can check, with their Trino types: a feature view's columns, or
     * every top-level column of the table's current schema.
     */
    private Map<String, String> columnTypes(QualityTarget target)
    {
        if (target.view().isPresent()) {
            return target.view().get().columns().stream().collect(toImmutableMap(ColumnDefinition::name, ColumnDefinition::type));
        }
        Schema schema = registry.loadSourceTable(target.table()).schema();
        return schema.columns().stream().collect(toImmutableMap(NestedField::name, field -> IcebergTypes.typeName(field.type())));
    }

    private static void onlyFor(ExpectationKind kind, ExpectationKind expectedKind, String argument, Object value)
    {
        if (value != null && kind != expectedKind) {
            throw FEATURE_STORE_INVALID_DEFINITION.error("%s applies to kind '%s' only, not to '%s'", argument, expectedKind.sqlName(), kind.sqlName());
        }
    }

    private static void checkRange(String column, String type, String minValue, String maxValue)
    {
        TypeFamily family = TypeFamily.of(type);
        if (!family.isNumber() && family != TypeFamily.TEXT && family != TypeFamily.TIMESTAMP && family != TypeFamily.DATE) {
            throw FEATURE_STORE_INVALID_DEFINITION.error("A range needs a column of numbers, text, dates or timestamps; column '%s' has type %s", column, type);
        }
        if (minValue == null && maxValue == null) {
            throw FEATURE_STORE_INVALID_DEFINITION.error("A range needs min_value, max_value or both");
        }
        Optional.ofNullable(minValue).ifPresent(value -> checkValue("min_value", value, type));
        Optional.ofNullable(maxValue).ifPresent(value -> checkValue("max_value", value, type));
        if (minValue != null && maxValue != null && family.isNumber() && new BigDecimal(minValue.trim()).compareTo(new BigDecimal(maxValue.trim())) > 0) {
            throw FEATURE_STORE_INVALID_DEFINITION.error("min_value %s is larger than max_value %s", minValue, maxValue);
        }
    }

    private static List<String> allowedValues(String column, String type, List<?> allowedValues)
    {
        TypeFamily family = TypeFamily.of(type);
        if (family != TypeFamily.INTEGER && family != TypeFamily.TEXT && family != TypeFamily.BOOLEAN && family != TypeFamily.DATE) {
            throw FEATURE_STORE_INVALID_DEFINITION.error("Allowed values need a column of integers, text, booleans or dates; column '%s' has type %s", column, type);
        }
        if (allowedValues == null || allowedValues.isEmpty()) {
            throw FEATURE_STORE_INVALID_DEFINITION.error("allowed_values must list at least one value");
        }
        ImmutableList.Builder<String> values = ImmutableList.builder();
        for (Object value : allowedValues) {
            if (value == null) {
                throw FEATURE_STORE_INVALID_DEFINITION.error("allowed_values contains a NULL; NULLs are checked with kind 'not_null' or 'max_null_rate'");
            }
            checkValue("allowed_values", value.toString(), type);
            values.add(family == TypeFamily.TEXT ? value.toString() : value.toString().trim());
        }
        return values.build();
    }

    private static void checkFreshness(String column, String type, String maxLag)
    {
        if (TypeFamily.of(type) != TypeFamily.TIMESTAMP) {
            throw FEATURE_STORE_INVALID_DEFINITION.error("Freshness needs a timestamp column; column '%s' has type %s", column, type);
        }
        if (maxLag == null) {
            throw FEATURE_STORE_INVALID_DEFINITION.error("Freshness needs max_lag, such as '1d'");
        }
        RegistryNames.duration("max_lag", maxLag);
    }

    /**
     * Refuses a value the check could not cast to the column's type.
     */
    private static void checkValue(String argument, String value, String type)
    {
        String trimmed = value.trim();
        boolean valid = switch (TypeFamily.of(type)) {
            case INTEGER -> parses(Long::parseLong, trimmed);
            case FRACTIONAL -> parses(BigDecimal::new, trimmed);
            case DATE -> parses(LocalDate::parse, trimmed);
            case TIMESTAMP -> TIMESTAMP_TEXT.matcher(trimmed).matches();
            case BOOLEAN -> trimmed.equalsIgnoreCase("true") || trimmed.equalsIgnoreCase("false");
            case TEXT, TIME, UUID, VARBINARY, MAP, OTHER -> true;
        };
        if (!valid) {
            throw FEATURE_STORE_INVALID_DEFINITION.error("%s: '%s' is not a value of type %s", argument, value, type);
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
}
