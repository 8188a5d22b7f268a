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

import com.google.common.collect.ImmutableList;
import io.trino.spi.connector.CatalogSchemaTableName;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static com.google.common.base.Preconditions.checkArgument;
import static io.lakehouseml.feature.sql.SqlText.qualifiedName;
import static io.lakehouseml.feature.sql.SqlText.quote;
import static java.util.Objects.requireNonNull;
import static java.util.stream.Collectors.joining;

/**
 * A feature view: the features of an Iceberg table, keyed by entity columns and stamped with the
 * time they became true (the event timestamp) and, optionally, the time they were written (the
 * created timestamp). Feature values older than the TTL are not used.
 *
 * @param version the version of the view's definition: 1 when it is first registered, then one more
 *         for each changed definition registered with {@code new_version => true} (definitions
 *         written before versions existed have none and are version 1)
 * @param freshnessTarget how old the newest event may be before the view counts as stale, in airlift duration syntax
 * @param columns the view's columns in order: entity columns, timestamps, features
 */
public record FeatureViewDefinition(
        String schema,
        String name,
        int version,
        SourceTable sourceTable,
        List<String> entityColumns,
        String timestampColumn,
        Optional<String> createdTimestampColumn,
        Optional<String> ttl,
        List<String> features,
        Optional<String> freshnessTarget,
        List<ColumnDefinition> columns,
        String owner,
        Instant createdAt)
        implements RegistryView
{
    public static final int FIRST_VERSION = 1;

    public FeatureViewDefinition
    {
        requireNonNull(schema, "schema is null");
        requireNonNull(name, "name is null");
        if (version == 0) {
            // written before versions existed
            version = FIRST_VERSION;
        }
        checkArgument(version >= FIRST_VERSION, "version must be at least %s: %s", FIRST_VERSION, version);
        requireNonNull(sourceTable, "sourceTable is null");
        entityColumns = ImmutableList.copyOf(entityColumns);
        requireNonNull(timestampColumn, "timestampColumn is null");
        requireNonNull(createdTimestampColumn, "createdTimestampColumn is null");
        requireNonNull(ttl, "ttl is null");
        features = ImmutableList.copyOf(features);
        requireNonNull(freshnessTarget, "freshnessTarget is null");
        columns = ImmutableList.copyOf(columns);
        requireNonNull(owner, "owner is null");
        requireNonNull(createdAt, "createdAt is null");
    }

    /**
     * The SQL of the view: its columns from the source table.
     */
    public String sql()
    {
        return columns.stream()
                .map(column -> quote(column.name()))
                .collect(joining(", ", "SELECT ", " FROM " + qualifiedName(sourceTable.catalog(), sourceTable.schema(), sourceTable.table())));
    }

    /**
     * This definition as version {@code version} of the view.
     */
    public FeatureViewDefinition withVersion(int version)
    {
        return new FeatureViewDefinition(schema, name, version, sourceTable, entityColumns, timestampColumn, createdTimestampColumn, ttl, features, freshnessTarget, columns, owner, createdAt);
    }

    /**
     * Whether two definitions of a view read the same: the same source table, entity and timestamp
     * columns, TTL, features in the same order, freshness target, and column types; who registered
     * them, when, and as which version do not count.
     */
    public boolean definesSameAs(FeatureViewDefinition other)
    {
        return schema.equals(other.schema)
                && name.equals(other.name)
                && sourceTable.equals(other.sourceTable)
                && entityColumns.equals(other.entityColumns)
                && timestampColumn.equals(other.timestampColumn)
                && createdTimestampColumn.equals(other.createdTimestampColumn)
                && ttl.equals(other.ttl)
                && features.equals(other.features)
                && freshnessTarget.equals(other.freshnessTarget)
                && columns.equals(other.columns);
    }

    public ColumnDefinition column(String columnName)
    {
        return columns.stream()
                .filter(column -> column.name().equals(columnName))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("No column " + columnName + " in feature view " + name));
    }

    public record SourceTable(String catalog, String schema, String table)
    {
        public SourceTable
        {
            requireNonNull(catalog, "catalog is null");
            requireNonNull(schema, "schema is null");
            requireNonNull(table, "table is null");
        }

        public CatalogSchemaTableName catalogSchemaTableName()
        {
            return new CatalogSchemaTableName(catalog, schema, table);
        }

        @Override
        public String toString()
        {
            return catalog + "." + schema + "." + table;
        }
    }

    /**
     * A column with its Trino type, as the view exposes it.
     */
    public record ColumnDefinition(String name, String type)
    {
        public ColumnDefinition
        {
            requireNonNull(name, "name is null");
            requireNonNull(type, "type is null");
        }
    }
}
