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

import java.util.Locale;

/**
 * The families of Trino types whose values the feature store's checks and statistics treat alike,
 * from a type's SQL name as a feature view records it ({@code bigint}, {@code decimal(20, 2)},
 * {@code varchar(10)}, {@code timestamp(6) with time zone}, ...).
 */
public enum TypeFamily
{
    /**
     * {@code tinyint}, {@code smallint}, {@code integer}, {@code bigint}
     */
    INTEGER,
    /**
     * {@code real}, {@code double}, {@code decimal(p, s)}
     */
    FRACTIONAL,
    /**
     * {@code varchar}, {@code char}
     */
    TEXT,
    BOOLEAN,
    DATE,
    /**
     * {@code time} with or without time zone
     */
    TIME,
    /**
     * {@code timestamp} with or without time zone
     */
    TIMESTAMP,
    UUID,
    VARBINARY,
    MAP,
    /**
     * arrays, rows and every other type
     */
    OTHER;

    public static TypeFamily of(String type)
    {
        String name = type.toLowerCase(Locale.ROOT);
        int parenthesis = name.indexOf('(');
        String base = (parenthesis < 0 ? name : name.substring(0, parenthesis)).trim();
        return switch (base) {
            case "tinyint", "smallint", "integer", "bigint" -> INTEGER;
            case "real", "double", "decimal" -> FRACTIONAL;
            case "varchar", "char" -> TEXT;
            case "boolean" -> BOOLEAN;
            case "date" -> DATE;
            case "time" -> TIME;
            case "timestamp" -> TIMESTAMP;
            case "uuid" -> UUID;
            case "varbinary" -> VARBINARY;
            case "map" -> MAP;
            default -> OTHER;
        };
    }

    /**
     * Integers and fractional numbers.
     */
    public boolean isNumber()
    {
        return this == INTEGER || this == FRACTIONAL;
    }

    /**
     * Whether {@code min} and {@code max} order the values and {@code approx_distinct} counts them.
     */
    public boolean isOrderable()
    {
        return switch (this) {
            case INTEGER, FRACTIONAL, TEXT, BOOLEAN, DATE, TIME, TIMESTAMP, UUID -> true;
            case VARBINARY, MAP, OTHER -> false;
        };
    }
}
