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
package io.lakehouseml.feature.system;

import com.google.common.collect.ImmutableList;
import com.google.inject.Inject;
import io.lakehouseml.feature.registry.ExpectationDefinition;
import io.lakehouseml.feature.registry.FeatureRegistry;
import io.trino.spi.connector.ConnectorSession;

import java.util.List;
import java.util.Optional;

import static io.trino.spi.type.DoubleType.DOUBLE;
import static io.trino.spi.type.TimestampWithTimeZoneType.TIMESTAMP_TZ_MILLIS;
import static io.trino.spi.type.VarcharType.VARCHAR;
import static java.util.Objects.requireNonNull;

/**
 * {@code feature_store.system.expectations}: the expectations of every feature view, which
 * {@code "<view>$violations"} checks, then those of tables ({@code table_name} set, the schema and
 * view NULL), which {@code system."<schema>.<table>$violations"} checks.
 */
public class ExpectationsTable
        extends ListingTable<ExpectationDefinition>
{
    private final FeatureRegistry registry;

    @Inject
    public ExpectationsTable(FeatureRegistry registry)
    {
        super("expectations", ImmutableList.of(
                column("schema_name", VARCHAR),
                column("view_name", VARCHAR),
                column("expectation_name", VARCHAR),
                column("kind", VARCHAR),
                column("column_name", VARCHAR),
                column("min_value", VARCHAR),
                column("max_value", VARCHAR),
                column("allowed_values", VARCHAR_ARRAY),
                column("max_null_rate", DOUBLE),
                column("max_lag", VARCHAR),
                column("expected", VARCHAR),
                column("owner", VARCHAR),
                column("created_at", TIMESTAMP_TZ_MILLIS),
                column("table_name", VARCHAR)));
        this.registry = requireNonNull(registry, "registry is null");
    }

    @Override
    protected List<ExpectationDefinition> rows(ConnectorSession session)
    {
        return ImmutableList.<ExpectationDefinition>builder()
                .addAll(registry.listExpectations(Optional.empty(), Optional.empty()))
                .addAll(registry.listTableExpectations(Optional.empty()))
                .build();
    }

    @Override
    protected Object[] toRow(ExpectationDefinition expectation)
    {
        return new Object[] {
                expectation.table().isPresent() ? null : expectation.schema(),
                expectation.table().isPresent() ? null : expectation.viewName(),
                expectation.name(),
                expectation.kind().sqlName(),
                expectation.column(),
                expectation.minValue().orElse(null),
                expectation.maxValue().orElse(null),
                expectation.allowedValues().isEmpty() ? null : array(expectation.allowedValues()),
                expectation.maxNullRate().orElse(null),
                expectation.maxLag().orElse(null),
                expectation.description(),
                expectation.owner(),
                timestamp(expectation.createdAt()),
                expectation.table().map(Object::toString).orElse(null),
        };
    }
}
