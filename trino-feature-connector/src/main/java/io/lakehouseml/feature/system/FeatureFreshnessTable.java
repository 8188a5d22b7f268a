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
import com.google.common.collect.ImmutableMap;
import com.google.inject.Inject;
import io.lakehouseml.feature.quality.FeatureHealth;
import io.lakehouseml.feature.quality.FeatureHealth.Freshness;
import io.lakehouseml.feature.registry.FeatureRegistry;
import io.lakehouseml.feature.registry.FeatureViewDefinition.SourceTable;
import io.lakehouseml.feature.security.SourceAccessControl;
import io.trino.spi.connector.ConnectorSession;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.trino.spi.type.BigintType.BIGINT;
import static io.trino.spi.type.BooleanType.BOOLEAN;
import static io.trino.spi.type.DoubleType.DOUBLE;
import static io.trino.spi.type.TimestampWithTimeZoneType.TIMESTAMP_TZ_MICROS;
import static io.trino.spi.type.TimestampWithTimeZoneType.TIMESTAMP_TZ_MILLIS;
import static io.trino.spi.type.VarcharType.VARCHAR;
import static java.util.Objects.requireNonNull;

/**
 * {@code feature_store.system.feature_freshness}: how fresh every feature view is, from the Iceberg metadata of its source table (no data is read).
 */
public class FeatureFreshnessTable
        extends ListingTable<Freshness>
{
    private final FeatureRegistry registry;
    private final SourceAccessControl sourceAccess;

    @Inject
    public FeatureFreshnessTable(FeatureRegistry registry, SourceAccessControl sourceAccess)
    {
        super("feature_freshness", ImmutableList.of(
                column("schema_name", VARCHAR),
                column("view_name", VARCHAR),
                column("source_table", VARCHAR),
                column("snapshot_id", BIGINT),
                column("committed_at", TIMESTAMP_TZ_MILLIS),
                column("snapshots", BIGINT),
                column("total_rows", BIGINT),
                column("newest_event_ts", TIMESTAMP_TZ_MILLIS),
                column("lag_seconds", DOUBLE),
                column("freshness_target", VARCHAR),
                column("is_fresh", BOOLEAN)));
        this.registry = requireNonNull(registry, "registry is null");
        this.sourceAccess = requireNonNull(sourceAccess, "sourceAccess is null");
    }

    @Override
    protected List<Freshness> rows(ConnectorSession session)
    {
        // views over the same table read its metadata once
        Map<SourceTable, Table> tables = new HashMap<>();
        return registry.listFeatureViews(Optional.empty()).stream()
                .map(view -> FeatureHealth.freshness(
                        view,
                        tables.computeIfAbsent(view.sourceTable(), registry::loadSourceTable),
                        // the row count and the newest event time come from the files' statistics: only for users who may read the rows as they are
                        sourceAccess.canReadFiles(session, view.sourceTable().catalogSchemaTableName(), ImmutableMap.of(view.timestampColumn(), TIMESTAMP_TZ_MICROS))))
                .toList();
    }

    @Override
    protected Object[] toRow(Freshness freshness)
    {
        Instant now = Instant.now();
        return new Object[] {
                freshness.view().schema(),
                freshness.view().name(),
                freshness.view().sourceTable().toString(),
                freshness.snapshot().map(Snapshot::snapshotId).orElse(null),
                freshness.snapshot().map(snapshot -> timestamp(Instant.ofEpochMilli(snapshot.timestampMillis()))).orElse(null),
                freshness.snapshots(),
                freshness.totalRows().orElse(null),
                freshness.newestEvent().map(ListingTable::timestamp).orElse(null),
                freshness.lagSeconds(now).orElse(null),
                freshness.view().freshnessTarget().orElse(null),
                freshness.fresh(now).orElse(null),
        };
    }
}
