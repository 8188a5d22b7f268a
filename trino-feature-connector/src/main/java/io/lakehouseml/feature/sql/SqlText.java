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
package io.lakehouseml.feature.sql;

import static java.lang.String.format;

/**
 * Pieces of the SQL text the feature store writes (feature views, training sets, checks): every
 * name and value it puts into a statement goes through here, quoted so that no name can change the
 * statement.
 */
public final class SqlText
{
    /**
     * The type in which point-in-time joins compare timestamps.
     */
    public static final String JOIN_TIMESTAMP_TYPE = "timestamp(6) with time zone";

    private SqlText() {}

    /**
     * An identifier in double quotes, with its own double quotes doubled.
     */
    public static String quote(String identifier)
    {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }

    /**
     * A {@code catalog.schema.table} name, each part quoted.
     */
    public static String qualifiedName(String catalog, String schema, String table)
    {
        return quote(catalog) + "." + quote(schema) + "." + quote(table);
    }

    /**
     * A string literal, with its own single quotes doubled.
     */
    public static String stringLiteral(String value)
    {
        return "'" + value.replace("'", "''") + "'";
    }

    /**
     * A value of a type, written as text, as an SQL expression of that type.
     */
    public static String typedLiteral(String value, String type)
    {
        return format("CAST(%s AS %s)", stringLiteral(value), type);
    }

    /**
     * A timestamp column as {@value #JOIN_TIMESTAMP_TYPE}, the type point-in-time joins compare: a
     * timestamp without a time zone counts as UTC, so the result does not depend on the session.
     */
    public static String joinTimestamp(String column, String type)
    {
        if (type.endsWith("with time zone")) {
            return format("CAST(%s AS %s)", quote(column), JOIN_TIMESTAMP_TYPE);
        }
        return format("CAST(with_timezone(%s, 'UTC') AS %s)", quote(column), JOIN_TIMESTAMP_TYPE);
    }
}
