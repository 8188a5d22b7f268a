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

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import static com.google.common.collect.ImmutableList.toImmutableList;

/**
 * What an expectation checks; its SQL name is what {@code add_expectation} takes as {@code kind}
 * and what the registry stores.
 */
public enum ExpectationKind
{
    NOT_NULL("not_null"),
    RANGE("range"),
    ALLOWED_VALUES("allowed_values"),
    MAX_NULL_RATE("max_null_rate"),
    FRESHNESS("freshness");

    private final String sqlName;

    ExpectationKind(String sqlName)
    {
        this.sqlName = sqlName;
    }

    @JsonValue
    public String sqlName()
    {
        return sqlName;
    }

    public static List<String> sqlNames()
    {
        return Arrays.stream(values()).map(ExpectationKind::sqlName).collect(toImmutableList());
    }

    /**
     * The kind of a SQL name, in any case.
     */
    public static Optional<ExpectationKind> fromSqlName(String name)
    {
        String lowerCase = name.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(kind -> kind.sqlName.equals(lowerCase)).findFirst();
    }

    @JsonCreator
    public static ExpectationKind fromJson(String name)
    {
        return fromSqlName(name).orElseThrow(() -> new IllegalArgumentException("Unknown expectation kind: " + name));
    }

    @Override
    public String toString()
    {
        return sqlName;
    }
}
