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
package io.lakehouseml.feature.procedure;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSet;
import com.google.inject.Inject;
import io.lakehouseml.feature.FeatureStoreConfig;
import io.lakehouseml.feature.iceberg.IcebergTypes;
import io.lakehouseml.feature.registry.FeatureRegistry;
import io.lakehouseml.feature.registry.FeatureViewDefinition;
import io.lakehouseml.feature.registry.FeatureViewDefinition.ColumnDefinition;
import io.lakehouseml.feature.registry.FeatureViewDefinition.SourceTable;
import io.lakehouseml.feature.registry.RegistryNames;
import io.lakehouseml.feature.security.SourceAccessControl;
import io.trino.spi.connector.ConnectorSession;
import io.trino.spi.procedure.Procedure;
import io.trino.spi.procedure.Procedure.Argument;
import io.trino.spi.type.ArrayType;
import jakarta.inject.Provider;
import org.apache.iceberg.Schema;
import org.apache.iceberg.types.Types.NestedField;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import static com.google.common.collect.ImmutableList.toImmutableList;
import static io.lakehouseml.feature.FeatureStoreErrorCode.FEATURE_STORE_INVALID_DEFINITION;
import static io.trino.spi.type.BooleanType.BOOLEAN;
import static io.trino.spi.type.VarcharType.VARCHAR;
import static java.util.Objects.requireNonNull;
import static java.util.stream.Collectors.joining;

/**
 * {@code CALL feature_store.system.register_feature_view(schema_name, view_name, source_table,
 * entity_columns, timestamp_column, created_timestamp_column, ttl, features, freshness_target,
 * new_version)}: registers a feature view, or, with {@code new_version => true}, a changed
 * definition of a registered one as its next version.
 */
public class RegisterFeatureViewProcedure
        implements Provider<Procedure>
{
    private final FeatureRegistry registry;
    private final String sourceCatalog;
    private final SourceAccessControl sourceAccess;

    @Inject
    public RegisterFeatureViewProcedure(FeatureRegistry registry, FeatureStoreConfig config, SourceAccessControl sourceAccess)
    {
        this.sourceAccess = requireNonNull(sourceAccess, "sourceAccess is null");
        this.registry = requireNonNull(registry, "registry is null");
        this.sourceCatalog = config.getSourceCatalog();
    }

    @Override
    public Procedure get()
    {
        return new Procedure(
                "system",
                "register_feature_view",
                ImmutableList.of(
                        new Argument("SCHEMA_NAME", VARCHAR),
                        new Argument("VIEW_NAME", VARCHAR),
                        new Argument("SOURCE_TABLE", VARCHAR),
                        new Argument("ENTITY_COLUMNS", new ArrayType(VARCHAR)),
                        new Argument("TIMESTAMP_COLUMN", VARCHAR),
                        new Argument("CREATED_TIMESTAMP_COLUMN", VARCHAR, false, null),
                        new Argument("TTL", VARCHAR, false, null),
                        new Argument("FEATURES", new ArrayType(VARCHAR), false, null),
                        new Argument("FRESHNESS_TARGET", VARCHAR, false, null),
                        new Argument("NEW_VERSION", BOOLEAN, false, false)),
                ProcedureMethods.bind(this, "register", ConnectorSession.class, String.class, String.class, String.class, List.class, String.class, String.class, String.class, List.class, String.class, Boolean.class));
    }

    public void register(
            ConnectorSession session,
            String schemaName,
            String viewName,
            String sourceTableName,
            List<?> entityColumnNames,
            String timestampColumnName,
            String createdTimestampColumnName,
            String ttl,
            List<?> featureNames,
            String freshnessTarget,
            Boolean newVersion)
    {
        String schema = RegistryNames.schemaName(schemaName);
        String name = RegistryNames.identifier("view_name", viewName);
        SourceTable source = RegistryNames.sourceTable("source_table", sourceTableName, sourceCatalog);
        List<String> entityColumns = RegistryNames.names("entity_columns", entityColumnNames, true);
        String timestampColumn = RegistryNames.columnName("timestamp_column", timestampColumnName);
        Optional<String> createdTimestampColumn = Optional.ofNullable(createdTimestampColumnName).map(value -> RegistryNames.columnName("created_timestamp_column", value));
        Optional<String> checkedTtl = Optional.ofNullable(ttl).map(value -> RegistryNames.duration("ttl", value));
        Optional<String> checkedFreshnessTarget = Optional.ofNullable(freshnessTarget).map(value -> RegistryNames.duration("freshness_target", value));

        // a caller who may not read the table learns nothing of it, not even its columns
        sourceAccess.checkCanSelect(session, source.catalogSchemaTableName(), ImmutableSet.of());
        Schema tableSchema = registry.loadSourceTable(source).schema();
        checkKeyAndTimestamps(tableSchema, source, entityColumns, timestampColumn, createdTimestampColumn);
        List<String> reserved = ImmutableList.<String>builder().addAll(entityColumns).add(timestampColumn).addAll(createdTimestampColumn.stream().toList()).build();
        List<String> features = features(tableSchema, source, reserved, RegistryNames.names("features", featureNames, false));

        List<String> columnNames = ImmutableList.<String>builder().addAll(reserved).addAll(features).build();
        sourceAccess.checkCanSelect(session, source.catalogSchemaTableName(), ImmutableSet.copyOf(columnNames));
        List<NestedField> fields = columnNames.stream()
                .map(column -> field(tableSchema, source, "column", column))
                .collect(toImmutableList());
        List<ColumnDefinition> columns = fields.stream()
                .map(field -> new ColumnDefinition(field.name().toLowerCase(Locale.ROOT), IcebergTypes.columnType(field, source)))
                .collect(toImmutableList());

        FeatureViewDefinition definition = new FeatureViewDefinition(
                schema,
                name,
                FeatureViewDefinition.FIRST_VERSION,
                source,
                entityColumns,
                timestampColumn,
                createdTimestampColumn,
                checkedTtl,
                features,
                checkedFreshnessTarget,
                columns,
                session.getUser(),
                Instant.now());
        Schema viewSchema = new Schema(fields);
        Optional<FeatureViewDefinition> current = Boolean.TRUE.equals(newVersion) ? registry.getFeatureView(schema, name) : Optional.empty();
        if (current.isEmpty()) {
            // a name a dropped view had continues its versions
            registry.createFeatureView(definition.withVersion(registry.nextFeatureViewVersion(schema, name)), viewSchema);
        }
        else if (!current.get().definesSameAs(definition)) {
            registry.createFeatureViewVersion(current.get(), definition.withVersion(registry.nextFeatureViewVersion(schema, name)), viewSchema);
        }
        // an unchanged definition makes no version
    }

    private static void checkKeyAndTimestamps(Schema tableSchema, SourceTable source, List<String> entityColumns, String timestampColumn, Optional<String> createdTimestampColumn)
    {
        for (String column : entityColumns) {
            NestedField field = field(tableSchema, source, "entity column", column);
            if (!IcebergTypes.isUsableKey(field.type())) {
                throw FEATURE_STORE_INVALID_DEFINITION.error("entity column '%s' of %s has type %s, which cannot key an entity (use integers, strings, dates, decimals or UUIDs)", column, source, IcebergTypes.typeName(field.type()));
            }
        }
        checkTimestamp(tableSchema, source, "timestamp_column", timestampColumn);
        if (entityColumns.contains(timestampColumn)) {
            throw FEATURE_STORE_INVALID_DEFINITION.error("timestamp_column '%s' is also an entity column", timestampColumn);
        }
        if (createdTimestampColumn.isPresent()) {
            checkTimestamp(tableSchema, source, "created_timestamp_column", createdTimestampColumn.get());
            if (createdTimestampColumn.get().equals(timestampColumn) || entityColumns.contains(createdTimestampColumn.get())) {
                throw FEATURE_STORE_INVALID_DEFINITION.error("created_timestamp_column '%s' must differ from the timestamp and entity columns", createdTimestampColumn.get());
            }
        }
    }

    /**
     * The features named, checked, or every column but the entity and timestamp columns.
     *
     * @param reserved the entity and timestamp columns
     */
    private static List<String> features(Schema tableSchema, SourceTable source, List<String> reserved, List<String> named)
    {
        List<String> features = named;
        if (features.isEmpty()) {
            features = tableSchema.columns().stream()
                    .map(field -> field.name().toLowerCase(Locale.ROOT))
                    .filter(column -> !reserved.contains(column))
                    .collect(toImmutableList());
            if (features.isEmpty()) {
                throw FEATURE_STORE_INVALID_DEFINITION.error("%s has no columns besides the entity and timestamp columns to serve as features", source);
            }
        }
        for (String feature : features) {
            field(tableSchema, source, "feature", feature);
            if (reserved.contains(feature)) {
                throw FEATURE_STORE_INVALID_DEFINITION.error("feature '%s' is an entity or timestamp column", feature);
            }
        }
        return features;
    }

    private static void checkTimestamp(Schema schema, SourceTable source, String argument, String column)
    {
        NestedField field = field(schema, source, argument.replace('_', ' '), column);
        if (!IcebergTypes.isTimestamp(field.type())) {
            throw FEATURE_STORE_INVALID_DEFINITION.error("%s '%s' of %s has type %s; it must be a timestamp or a timestamp with time zone", argument, column, source, IcebergTypes.typeName(field.type()));
        }
    }

    private static NestedField field(Schema schema, SourceTable source, String role, String column)
    {
        NestedField field = schema.caseInsensitiveFindField(column);
        if (field == null || schema.columns().stream().noneMatch(top -> top.fieldId() == field.fieldId())) {
            throw FEATURE_STORE_INVALID_DEFINITION.error(
                    "%s '%s' does not exist in %s; its columns are %s",
                    role,
                    column,
                    source,
                    schema.columns().stream().map(NestedField::name).collect(joining(", ")));
        }
        return field;
    }
}
