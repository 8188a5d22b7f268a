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
import io.airlift.json.JsonCodec;
import io.lakehouseml.feature.registry.FeatureRegistry;
import io.lakehouseml.feature.registry.FeatureViewDefinition;
import io.trino.spi.connector.ConnectorSession;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.trino.spi.type.BooleanType.BOOLEAN;
import static io.trino.spi.type.IntegerType.INTEGER;
import static io.trino.spi.type.TimestampWithTimeZoneType.TIMESTAMP_TZ_MILLIS;
import static io.trino.spi.type.VarcharType.VARCHAR;
import static java.util.Objects.requireNonNull;

/**
 * {@code feature_store.system.feature_view_versions}: every version of every feature view, with
 * its definition as JSON; also the versions of dropped views that training sets or models were
 * made with ({@code is_current} is false for those).
 */
public class FeatureViewVersionsTable
        extends ListingTable<FeatureViewVersionsTable.Row>
{
    private final FeatureRegistry registry;
    private final JsonCodec<FeatureViewDefinition> codec;

    @Inject
    public FeatureViewVersionsTable(FeatureRegistry registry, JsonCodec<FeatureViewDefinition> codec)
    {
        super("feature_view_versions", ImmutableList.of(
                column("schema_name", VARCHAR),
                column("view_name", VARCHAR),
                column("version", INTEGER),
                column("definition", VARCHAR),
                column("owner", VARCHAR),
                column("created_at", TIMESTAMP_TZ_MILLIS),
                column("is_current", BOOLEAN)));
        this.registry = requireNonNull(registry, "registry is null");
        this.codec = requireNonNull(codec, "codec is null");
    }

    @Override
    protected List<Row> rows(ConnectorSession session)
    {
        Map<String, Integer> currentVersions = new HashMap<>();
        registry.listFeatureViews(Optional.empty()).forEach(view -> currentVersions.put(view.schema() + "." + view.name(), view.version()));
        return registry.listFeatureViewVersions(Optional.empty()).stream()
                .map(version -> new Row(version, currentVersions.getOrDefault(version.schema() + "." + version.name(), -1) == version.version()))
                .toList();
    }

    @Override
    protected Object[] toRow(Row row)
    {
        FeatureViewDefinition version = row.definition();
        return new Object[] {
                version.schema(),
                version.name(),
                version.version(),
                codec.toJson(version),
                version.owner(),
                timestamp(version.createdAt()),
                row.current(),
        };
    }

    protected record Row(FeatureViewDefinition definition, boolean current) {}
}
