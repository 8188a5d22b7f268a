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
package io.lakehouseml.feature.views;

import io.lakehouseml.feature.registry.FeatureViewDefinition;
import io.lakehouseml.feature.sql.TypeFamily;

import java.util.StringJoiner;

import static io.lakehouseml.feature.sql.SqlText.joinTimestamp;
import static io.lakehouseml.feature.sql.SqlText.qualifiedName;
import static io.lakehouseml.feature.sql.SqlText.quote;

/**
 * The SQL of {@code "<view>$latest"}: per entity, the feature row a point-in-time join at the
 * current time picks (visible now, within the TTL), as a ranking the engine can filter by key.
 */
final class LatestValuesQuery
{
    private LatestValuesQuery() {}

    static String sql(FeatureViewDefinition view)
    {
        String event = joinTimestamp(view.timestampColumn(), view.column(view.timestampColumn()).type());
        String created = view.createdTimestampColumn()
                .map(name -> "coalesce(%s, %s)".formatted(joinTimestamp(name, view.column(name).type()), event))
                .orElse(event);
        StringJoiner conditions = new StringJoiner(" AND ");
        view.entityColumns().forEach(key -> conditions.add(quote(key) + " IS NOT NULL"));
        conditions.add(event + " <= current_timestamp");
        conditions.add(created + " <= current_timestamp");
        view.ttl().ifPresent(value -> conditions.add("%s >= current_timestamp - parse_duration('%s')".formatted(event, value)));
        StringJoiner order = new StringJoiner(", ");
        order.add(event + " DESC");
        order.add(created + " DESC");
        // the remaining ties are broken by the values, so every run returns the same row
        view.features().stream()
                .filter(feature -> TypeFamily.of(view.column(feature).type()) != TypeFamily.MAP)
                .forEach(feature -> order.add(quote(feature)));
        StringJoiner keys = new StringJoiner(", ");
        view.entityColumns().forEach(key -> keys.add(quote(key)));
        StringJoiner output = new StringJoiner(", ");
        view.columns().forEach(column -> output.add(quote(column.name())));
        return "SELECT %s FROM (SELECT %s, row_number() OVER (PARTITION BY %s ORDER BY %s) AS \"$rank\" FROM %s WHERE %s) WHERE \"$rank\" = 1".formatted(
                output,
                output,
                keys,
                order,
                qualifiedName(view.sourceTable().catalog(), view.sourceTable().schema(), view.sourceTable().table()),
                conditions);
    }
}
