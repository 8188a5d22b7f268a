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
package io.lakehouseml.feature.iceberg;

import io.trino.spi.TrinoException;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;

import static io.lakehouseml.feature.FeatureStoreErrorCode.FEATURE_STORE_INVALID_DEFINITION;
import static java.lang.String.format;
import static java.util.stream.Collectors.joining;

/**
 * The Trino type of an Iceberg type, as Trino's Iceberg connector reads it.
 */
public final class IcebergTypes
{
    private IcebergTypes() {}

    public static String toTrinoType(Type type)
    {
        return switch (type.typeId()) {
            case BOOLEAN -> "boolean";
            case INTEGER -> "integer";
            case LONG -> "bigint";
            case FLOAT -> "real";
            case DOUBLE -> "double";
            case DECIMAL -> format("decimal(%s, %s)", ((Types.DecimalType) type).precision(), ((Types.DecimalType) type).scale());
            case DATE -> "date";
            case TIME -> "time(6)";
            case TIMESTAMP -> ((Types.TimestampType) type).shouldAdjustToUTC() ? "timestamp(6) with time zone" : "timestamp(6)";
            case TIMESTAMP_NANO -> ((Types.TimestampNanoType) type).shouldAdjustToUTC() ? "timestamp(9) with time zone" : "timestamp(9)";
            case STRING -> "varchar";
            case UUID -> "uuid";
            case FIXED, BINARY -> "varbinary";
            case LIST -> format("array(%s)", toTrinoType(((Types.ListType) type).elementType()));
            case MAP -> format("map(%s, %s)", toTrinoType(((Types.MapType) type).keyType()), toTrinoType(((Types.MapType) type).valueType()));
            case STRUCT -> ((Types.StructType) type).fields().stream()
                    .map(field -> format("\"%s\" %s", field.name().replace("\"", "\"\""), toTrinoType(field.type())))
                    .collect(joining(", ", "row(", ")"));
            default -> throw new IllegalArgumentException("Iceberg type not readable through Trino: " + type);
        };
    }

    /**
     * The Trino type of a column of a table, or a clear error for a type Trino cannot read.
     */
    public static String columnType(Types.NestedField field, Object table)
    {
        try {
            return toTrinoType(field.type());
        }
        catch (IllegalArgumentException e) {
            throw new TrinoException(FEATURE_STORE_INVALID_DEFINITION, format("Column '%s' of %s has type %s, which Trino cannot read", field.name(), table, field.type()));
        }
    }

    /**
     * The name of a type for a message: its Trino name, or Iceberg's when Trino cannot read it.
     */
    public static String typeName(Type type)
    {
        try {
            return toTrinoType(type);
        }
        catch (IllegalArgumentException e) {
            return type.toString();
        }
    }

    public static boolean isTimestamp(Type type)
    {
        return type.typeId() == Type.TypeID.TIMESTAMP || type.typeId() == Type.TypeID.TIMESTAMP_NANO;
    }

    /**
     * Whether values of the type can key an entity: compared for equality exactly.
     */
    public static boolean isUsableKey(Type type)
    {
        return switch (type.typeId()) {
            case BOOLEAN, INTEGER, LONG, DECIMAL, DATE, STRING, UUID, FIXED, BINARY -> true;
            default -> false;
        };
    }
}
