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
package io.lakehouseml.feature.model;

import io.trino.spi.type.MapType;
import io.trino.spi.type.TypeOperators;

import static io.trino.spi.type.DoubleType.DOUBLE;
import static io.trino.spi.type.VarcharType.VARCHAR;

/**
 * The SQL types of what a model version records.
 */
public final class ModelTypes
{
    private static final TypeOperators TYPE_OPERATORS = new TypeOperators();

    /**
     * {@code map(varchar, double)}: a model's metrics, such as {@code auc}.
     */
    public static final MapType METRICS = new MapType(VARCHAR, DOUBLE, TYPE_OPERATORS);

    /**
     * {@code map(varchar, varchar)}: a model's parameters.
     */
    public static final MapType PARAMS = new MapType(VARCHAR, VARCHAR, TYPE_OPERATORS);

    private ModelTypes() {}
}
