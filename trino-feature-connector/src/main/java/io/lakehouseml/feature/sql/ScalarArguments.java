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

import io.airlift.slice.Slice;
import io.trino.spi.function.table.Argument;
import io.trino.spi.function.table.ScalarArgument;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import static io.lakehouseml.feature.FeatureStoreErrorCode.FEATURE_STORE_INVALID_ARGUMENT;

/**
 * The values of the scalar arguments of a table function, with the error a SQL user reads for a
 * required argument left NULL.
 */
public final class ScalarArguments
{
    private ScalarArguments() {}

    public static String string(Map<String, Argument> arguments, String name)
    {
        return optionalString(arguments, name).orElseThrow(() -> FEATURE_STORE_INVALID_ARGUMENT.error("%s must not be NULL", name.toLowerCase(Locale.ROOT)));
    }

    public static Optional<String> optionalString(Map<String, Argument> arguments, String name)
    {
        return Optional.ofNullable((Slice) ((ScalarArgument) arguments.get(name)).getValue()).map(Slice::toStringUtf8);
    }
}
