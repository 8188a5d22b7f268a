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
package io.lakehouseml.ml;

import io.trino.spi.TrinoException;

import java.util.Arrays;
import java.util.Locale;

import static io.lakehouseml.ml.MlErrorCode.VECTOR_INVALID_FORMAT;
import static java.lang.String.format;
import static java.util.stream.Collectors.joining;

/**
 * Element formats of a packed vector. The code is stored in the packed header, so it never changes.
 */
public enum VectorFormat
{
    FLOAT32(1, "float32", 0),
    FLOAT16(2, "float16", 0),
    BFLOAT16(3, "bfloat16", 0),
    INT8(4, "int8", Float.BYTES),
    BINARY(5, "binary", 0);

    private static final VectorFormat[] BY_CODE = new VectorFormat[6];

    static {
        for (VectorFormat format : values()) {
            BY_CODE[format.code] = format;
        }
    }

    private final int code;
    private final String sqlName;
    private final int parameterBytes;

    VectorFormat(int code, String sqlName, int parameterBytes)
    {
        this.code = code;
        this.sqlName = sqlName;
        this.parameterBytes = parameterBytes;
    }

    public int code()
    {
        return code;
    }

    public String sqlName()
    {
        return sqlName;
    }

    /**
     * The name with its indefinite article, for messages: "a float32", "an int8".
     */
    public String sqlNameWithArticle()
    {
        return (this == INT8 ? "an " : "a ") + sqlName;
    }

    /**
     * Bytes between the common header and the elements: the scale of {@link #INT8}.
     */
    public int parameterBytes()
    {
        return parameterBytes;
    }

    /**
     * The bytes of the elements of a vector of this dimension, in a long: a dimension read from a
     * packed header can be any int, and four times it does not fit in an int.
     */
    public long payloadBytes(int dimension)
    {
        return switch (this) {
            case FLOAT32 -> dimension * 4L;
            case FLOAT16, BFLOAT16 -> dimension * 2L;
            case INT8 -> dimension;
            case BINARY -> (dimension + 7L) / 8;
        };
    }

    public static VectorFormat fromCode(int code)
    {
        if (code <= 0 || code >= BY_CODE.length) {
            return null;
        }
        return BY_CODE[code];
    }

    public static VectorFormat fromSqlName(String name)
    {
        String normalized = name.trim().toLowerCase(Locale.ROOT);
        for (VectorFormat format : values()) {
            if (format.sqlName.equals(normalized)) {
                return format;
            }
        }
        throw new TrinoException(VECTOR_INVALID_FORMAT, format(
                "Unknown vector format '%s'; use one of %s",
                name,
                Arrays.stream(values()).map(format -> "'" + format.sqlName + "'").collect(joining(", "))));
    }
}
