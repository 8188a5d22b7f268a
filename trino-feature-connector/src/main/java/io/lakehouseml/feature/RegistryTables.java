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
package io.lakehouseml.feature;

import com.google.common.collect.ImmutableList;
import io.trino.spi.block.Block;
import io.trino.spi.block.BlockBuilder;
import io.trino.spi.connector.ColumnMetadata;
import io.trino.spi.connector.ConnectorSession;
import io.trino.spi.connector.ConnectorTableMetadata;
import io.trino.spi.connector.ConnectorTransactionHandle;
import io.trino.spi.connector.InMemoryRecordSet;
import io.trino.spi.connector.RecordCursor;
import io.trino.spi.connector.SchemaTableName;
import io.trino.spi.connector.SystemTable;
import io.trino.spi.predicate.TupleDomain;
import io.trino.spi.type.ArrayType;
import io.trino.spi.type.Type;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

import static io.trino.spi.type.BigintType.BIGINT;
import static io.trino.spi.type.BooleanType.BOOLEAN;
import static io.trino.spi.type.DateTimeEncoding.packDateTimeWithZone;
import static io.trino.spi.type.DoubleType.DOUBLE;
import static io.trino.spi.type.TimeZoneKey.UTC_KEY;
import static io.trino.spi.type.TimestampWithTimeZoneType.TIMESTAMP_TZ_MILLIS;
import static io.trino.spi.type.VarcharType.VARCHAR;
import static java.util.Objects.requireNonNull;

/**
 * The registry as SQL tables in {@code feature_store.system}: {@code feature_views},
 * {@code entities}, {@code feature_services}, {@code training_sets} and
 * {@code training_set_sources} (the manifest of pinned snapshots), {@code training_set_materializations},
 * {@code feature_freshness} and
 * {@code expectations}, across all schemas.
 */
final class RegistryTables
{
    static final String SCHEMA = "system";
    private static final ArrayType VARCHAR_ARRAY = new ArrayType(VARCHAR);

    private RegistryTables() {}

    static Optional<SystemTable> get(FeatureRegistry registry, SchemaTableName name)
    {
        if (!name.getSchemaName().equals(SCHEMA)) {
            return Optional.empty();
        }
        return switch (name.getTableName()) {
            case "feature_views" -> Optional.of(new RegistryTable<>(
                    name,
                    ImmutableList.of(
                            column("schema_name", VARCHAR),
                            column("view_name", VARCHAR),
                            column("entity_columns", VARCHAR_ARRAY),
                            column("timestamp_column", VARCHAR),
                            column("created_timestamp_column", VARCHAR),
                            column("ttl", VARCHAR),
                            column("features", VARCHAR_ARRAY),
                            column("source_table", VARCHAR),
                            column("owner", VARCHAR),
                            column("created_at", TIMESTAMP_TZ_MILLIS),
                            column("freshness_target", VARCHAR)),
                    () -> registry.listFeatureViews(Optional.empty()),
                    view -> new Object[] {
                            view.schema(),
                            view.name(),
                            array(view.entityColumns()),
                            view.timestampColumn(),
                            view.createdTimestampColumn().orElse(null),
                            view.ttl().orElse(null),
                            array(view.features()),
                            view.sourceTable().toString(),
                            view.owner(),
                            timestamp(view.createdAt()),
                            view.freshnessTarget().orElse(null),
                    }));
            case "entities" -> Optional.of(new RegistryTable<>(
                    name,
                    ImmutableList.of(
                            column("schema_name", VARCHAR),
                            column("name", VARCHAR),
                            column("join_keys", VARCHAR_ARRAY),
                            column("description", VARCHAR),
                            column("owner", VARCHAR),
                            column("created_at", TIMESTAMP_TZ_MILLIS)),
                    () -> registry.listEntities(Optional.empty()),
                    entity -> new Object[] {
                            entity.schema(),
                            entity.name(),
                            array(entity.joinKeys()),
                            entity.description().orElse(null),
                            entity.owner(),
                            timestamp(entity.createdAt()),
                    }));
            case "feature_services" -> Optional.of(new RegistryTable<>(
                    name,
                    ImmutableList.of(
                            column("schema_name", VARCHAR),
                            column("name", VARCHAR),
                            column("features", VARCHAR_ARRAY),
                            column("description", VARCHAR),
                            column("owner", VARCHAR),
                            column("created_at", TIMESTAMP_TZ_MILLIS)),
                    () -> registry.listFeatureServices(Optional.empty()),
                    service -> new Object[] {
                            service.schema(),
                            service.name(),
                            array(service.features()),
                            service.description().orElse(null),
                            service.owner(),
                            timestamp(service.createdAt()),
                    }));
            case "training_sets" -> Optional.of(new RegistryTable<>(
                    name,
                    ImmutableList.of(
                            column("schema_name", VARCHAR),
                            column("name", VARCHAR),
                            column("spine_table", VARCHAR),
                            column("spine_timestamp_column", VARCHAR),
                            column("features", VARCHAR_ARRAY),
                            column("respect_created_timestamp", BOOLEAN),
                            column("fingerprint", VARCHAR),
                            column("owner", VARCHAR),
                            column("created_at", TIMESTAMP_TZ_MILLIS),
                            column("query", VARCHAR)),
                    () -> registry.listTrainingSets(Optional.empty()),
                    trainingSet -> new Object[] {
                            trainingSet.schema(),
                            trainingSet.name(),
                            trainingSet.spineTable().toString(),
                            trainingSet.spineTimestampColumn(),
                            array(trainingSet.features()),
                            trainingSet.respectCreatedTimestamp(),
                            trainingSet.fingerprint(),
                            trainingSet.owner(),
                            timestamp(trainingSet.createdAt()),
                            trainingSet.sql(),
                    }));
            case "training_set_sources" -> Optional.of(new RegistryTable<>(
                    name,
                    ImmutableList.of(
                            column("schema_name", VARCHAR),
                            column("training_set", VARCHAR),
                            column("role", VARCHAR),
                            column("source_table", VARCHAR),
                            column("snapshot_id", BIGINT),
                            column("committed_at", TIMESTAMP_TZ_MILLIS)),
                    () -> registry.listTrainingSets(Optional.empty()).stream()
                            .flatMap(trainingSet -> trainingSet.sources().stream().map(source -> new Object[] {
                                    trainingSet.schema(),
                                    trainingSet.name(),
                                    source.role(),
                                    source.table().toString(),
                                    source.snapshotId(),
                                    timestamp(source.committedAt()),
                            }))
                            .toList(),
                    row -> row));
            case "training_set_materializations" -> Optional.of(new RegistryTable<>(
                    name,
                    ImmutableList.of(
                            column("schema_name", VARCHAR),
                            column("training_set", VARCHAR),
                            column("table_name", VARCHAR),
                            column("snapshot_id", BIGINT),
                            column("committed_at", TIMESTAMP_TZ_MILLIS),
                            column("total_rows", BIGINT),
                            column("owner", VARCHAR),
                            column("created_at", TIMESTAMP_TZ_MILLIS)),
                    () -> registry.listMaterializations(Optional.empty(), Optional.empty()),
                    materialization -> new Object[] {
                            materialization.schema(),
                            materialization.trainingSet(),
                            materialization.table().toString(),
                            materialization.snapshotId(),
                            timestamp(materialization.committedAt()),
                            materialization.rows().orElse(null),
                            materialization.owner(),
                            timestamp(materialization.createdAt()),
                    }));
            case "feature_freshness" -> Optional.of(new RegistryTable<>(
                    name,
                    ImmutableList.of(
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
                            column("is_fresh", BOOLEAN)),
                    () -> {
                        // views over the same table read its metadata once
                        Map<FeatureViewDefinition.SourceTable, Table> tables = new HashMap<>();
                        return registry.listFeatureViews(Optional.empty()).stream()
                                .map(view -> FeatureHealth.freshness(view, tables.computeIfAbsent(view.sourceTable(), registry::loadSourceTable)))
                                .toList();
                    },
                    freshness -> {
                        Instant now = Instant.now();
                        return new Object[] {
                                freshness.view().schema(),
                                freshness.view().name(),
                                freshness.view().sourceTable().toString(),
                                freshness.snapshot().map(Snapshot::snapshotId).orElse(null),
                                freshness.snapshot().map(snapshot -> timestamp(Instant.ofEpochMilli(snapshot.timestampMillis()))).orElse(null),
                                freshness.snapshots(),
                                freshness.totalRows().orElse(null),
                                freshness.newestEvent().map(RegistryTables::timestamp).orElse(null),
                                freshness.lagSeconds(now).orElse(null),
                                freshness.view().freshnessTarget().orElse(null),
                                freshness.fresh(now).orElse(null),
                        };
                    }));
            case "expectations" -> Optional.of(new RegistryTable<>(
                    name,
                    ImmutableList.of(
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
                            column("created_at", TIMESTAMP_TZ_MILLIS)),
                    () -> registry.listExpectations(Optional.empty(), Optional.empty()),
                    expectation -> new Object[] {
                            expectation.schema(),
                            expectation.viewName(),
                            expectation.name(),
                            expectation.kind(),
                            expectation.column(),
                            expectation.minValue().orElse(null),
                            expectation.maxValue().orElse(null),
                            expectation.allowedValues().isEmpty() ? null : array(expectation.allowedValues()),
                            expectation.maxNullRate().orElse(null),
                            expectation.maxLag().orElse(null),
                            expectation.description(),
                            expectation.owner(),
                            timestamp(expectation.createdAt()),
                    }));
            default -> Optional.empty();
        };
    }

    private static ColumnMetadata column(String name, Type type)
    {
        return new ColumnMetadata(name, type);
    }

    private static Block array(List<String> values)
    {
        BlockBuilder builder = VARCHAR.createBlockBuilder(null, values.size());
        values.forEach(value -> VARCHAR.writeString(builder, value));
        return builder.build();
    }

    private static long timestamp(Instant instant)
    {
        return packDateTimeWithZone(instant.toEpochMilli(), UTC_KEY);
    }

    private record RegistryTable<T>(SchemaTableName name, List<ColumnMetadata> columns, Supplier<List<T>> rows, Function<T, Object[]> toRow)
            implements SystemTable
    {
        private RegistryTable
        {
            requireNonNull(name, "name is null");
            columns = ImmutableList.copyOf(columns);
            requireNonNull(rows, "rows is null");
            requireNonNull(toRow, "toRow is null");
        }

        @Override
        public Distribution getDistribution()
        {
            return Distribution.SINGLE_COORDINATOR;
        }

        @Override
        public ConnectorTableMetadata getTableMetadata()
        {
            return new ConnectorTableMetadata(name, columns);
        }

        @Override
        public RecordCursor cursor(ConnectorTransactionHandle transactionHandle, ConnectorSession session, TupleDomain<Integer> constraint)
        {
            InMemoryRecordSet.Builder records = InMemoryRecordSet.builder(columns);
            for (T row : rows.get()) {
                records.addRow(toRow.apply(row));
            }
            return records.build().cursor();
        }
    }
}
