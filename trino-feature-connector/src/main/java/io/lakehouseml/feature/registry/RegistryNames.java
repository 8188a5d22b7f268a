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
import io.airlift.units.Duration;
import io.lakehouseml.feature.registry.FeatureViewDefinition.SourceTable;
import io.trino.spi.ErrorCodeSupplier;
import io.trino.spi.TrinoException;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

import static io.lakehouseml.feature.FeatureStoreErrorCode.FEATURE_STORE_INVALID_DEFINITION;
import static java.lang.String.format;

/**
 * Checks of the names users give to registry objects.
 */
public final class RegistryNames
{
    private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]*");
    /**
     * The schema of the procedures, table functions and system tables; no registry schema can take its name.
     */
    public static final String SYSTEM_SCHEMA = "system";
    /**
     * The longest name of a registry object: its name becomes a path segment of files in the
     * warehouse, where file systems allow 255 bytes, also for names made of two.
     */
    public static final int MAX_NAME_LENGTH = 100;
    private static final Set<String> RESERVED_SCHEMAS = Set.of(SYSTEM_SCHEMA, "information_schema");

    private RegistryNames() {}

    public static String schemaName(String value)
    {
        String name = identifier("schema_name", value);
        if (RESERVED_SCHEMAS.contains(name)) {
            throw new TrinoException(FEATURE_STORE_INVALID_DEFINITION, format("schema_name '%s' is reserved", name));
        }
        return name;
    }

    public static String identifier(String argument, String value)
    {
        String name = required(argument, value).toLowerCase(Locale.ROOT);
        if (name.length() > MAX_NAME_LENGTH) {
            throw FEATURE_STORE_INVALID_DEFINITION.error("%s is longer than %s characters: '%s'", argument, MAX_NAME_LENGTH, value);
        }
        if (!IDENTIFIER.matcher(name).matches()) {
            throw FEATURE_STORE_INVALID_DEFINITION.error("%s must be a simple identifier (letters, digits, underscores), not '%s'", argument, value);
        }
        return name;
    }

    /**
     * The name of a column of an Iceberg table, as Trino names it (lower case): any name, including
     * ones that need quoting in SQL, such as {@code user-id} or {@code event time}.
     */
    public static String columnName(String argument, String value)
    {
        return required(argument, value).toLowerCase(Locale.ROOT);
    }

    public static String required(String argument, String value)
    {
        if (value == null || value.isBlank()) {
            throw new TrinoException(FEATURE_STORE_INVALID_DEFINITION, format("%s is required", argument));
        }
        return value.trim();
    }

    /**
     * The column names of an array argument, lower-cased, without NULLs or repetitions.
     *
     * @param required whether the argument must name at least one column
     */
    public static List<String> names(String argument, List<?> values, boolean required)
    {
        if ((values == null || values.isEmpty()) && required) {
            throw FEATURE_STORE_INVALID_DEFINITION.error("%s must name at least one column", argument);
        }
        return distinctNames(argument, values);
    }

    /**
     * The features an array argument names, {@code view:feature} or {@code view:*} (or a feature
     * service), lower-cased, without NULLs or repetitions; at least one.
     */
    public static List<String> featureReferences(String argument, List<?> values)
    {
        if (values == null || values.isEmpty()) {
            throw FEATURE_STORE_INVALID_DEFINITION.error("%s must name at least one feature: ARRAY['view:feature', ...]", argument);
        }
        return distinctNames(argument, values);
    }

    private static List<String> distinctNames(String argument, List<?> values)
    {
        if (values == null) {
            return ImmutableList.of();
        }
        Set<String> seen = new HashSet<>();
        ImmutableList.Builder<String> names = ImmutableList.builder();
        for (Object value : values) {
            if (value == null || value.toString().isBlank()) {
                throw FEATURE_STORE_INVALID_DEFINITION.error("%s contains a NULL or empty name", argument);
            }
            String name = value.toString().trim().toLowerCase(Locale.ROOT);
            if (!seen.add(name)) {
                throw FEATURE_STORE_INVALID_DEFINITION.error("%s names '%s' twice", argument, name);
            }
            names.add(name);
        }
        return names.build();
    }

    /**
     * A positive duration in airlift syntax, such as {@code 30d}.
     */
    public static String duration(String argument, String value)
    {
        parseDuration(argument, value, FEATURE_STORE_INVALID_DEFINITION);
        return value.trim();
    }

    /**
     * @param errorCode the error of a value that is not a positive duration
     */
    public static Duration parseDuration(String argument, String value, ErrorCodeSupplier errorCode)
    {
        Duration duration;
        try {
            duration = Duration.valueOf(value.trim());
        }
        catch (IllegalArgumentException e) {
            throw new TrinoException(errorCode, format("%s must be a duration such as '30d', '12h' or '90m', not '%s'", argument, value));
        }
        if (duration.toMillis() <= 0) {
            throw new TrinoException(errorCode, format("%s must be positive, not '%s'", argument, value));
        }
        return duration;
    }

    /**
     * A table of the source catalog, named {@code catalog.schema.table}.
     */
    public static SourceTable sourceTable(String argument, String value, String sourceCatalog)
    {
        String name = required(argument, value).toLowerCase(Locale.ROOT);
        String[] parts = name.split("\\.");
        if (parts.length != 3) {
            throw new TrinoException(FEATURE_STORE_INVALID_DEFINITION, format("%s must be catalog.schema.table, not '%s'", argument, value));
        }
        if (!parts[0].equals(sourceCatalog)) {
            throw new TrinoException(FEATURE_STORE_INVALID_DEFINITION, format("%s must be a table of catalog '%s', the Iceberg catalog this feature store uses, not of '%s'", argument, sourceCatalog, parts[0]));
        }
        return new SourceTable(parts[0], parts[1], parts[2]);
    }
}
