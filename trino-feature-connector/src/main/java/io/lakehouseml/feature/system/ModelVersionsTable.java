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
import io.lakehouseml.feature.model.ModelTypes;
import io.lakehouseml.feature.registry.FeatureRegistry;
import io.lakehouseml.feature.registry.ModelAliasDefinition;
import io.lakehouseml.feature.registry.ModelVersionDefinition;
import io.lakehouseml.feature.registry.ModelVersionDefinition.ArtifactFile;
import io.trino.spi.block.ArrayBlockBuilder;
import io.trino.spi.block.MapBlockBuilder;
import io.trino.spi.block.RowBlockBuilder;
import io.trino.spi.block.SqlMap;
import io.trino.spi.connector.ConnectorPageSource;
import io.trino.spi.connector.ConnectorSession;
import io.trino.spi.connector.ConnectorTransactionHandle;
import io.trino.spi.predicate.TupleDomain;
import io.trino.spi.type.ArrayType;
import io.trino.spi.type.MapType;
import io.trino.spi.type.RowType;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.airlift.slice.Slices.utf8Slice;
import static io.trino.spi.type.BigintType.BIGINT;
import static io.trino.spi.type.IntegerType.INTEGER;
import static io.trino.spi.type.RowType.field;
import static io.trino.spi.type.TimestampWithTimeZoneType.TIMESTAMP_TZ_MILLIS;
import static io.trino.spi.type.TypeUtils.writeNativeValue;
import static io.trino.spi.type.VarcharType.VARCHAR;
import static java.util.Objects.requireNonNull;

/**
 * {@code feature_store.system.model_versions}: every version of every model, with its artefact's
 * checksum, metrics, parameters and aliases.
 */
public class ModelVersionsTable
        extends ListingTable<ModelVersionsTable.Row>
{
    private static final RowType ARTIFACT_FILE = RowType.from(ImmutableList.of(field("path", VARCHAR), field("size", BIGINT), field("sha256", VARCHAR)));
    private static final ArrayType ARTIFACT_FILES = new ArrayType(ARTIFACT_FILE);

    private final FeatureRegistry registry;

    @Inject
    public ModelVersionsTable(FeatureRegistry registry)
    {
        super("model_versions", ImmutableList.of(
                column("schema_name", VARCHAR),
                column("model_name", VARCHAR),
                column("version", INTEGER),
                column("training_set", VARCHAR),
                column("artifact_uri", VARCHAR),
                column("artifact_sha256", VARCHAR),
                column("artifact_size", BIGINT),
                column("metrics", ModelTypes.METRICS),
                column("params", ModelTypes.PARAMS),
                column("code_version", VARCHAR),
                column("owner", VARCHAR),
                column("created_at", TIMESTAMP_TZ_MILLIS),
                column("aliases", VARCHAR_ARRAY),
                column("description", VARCHAR),
                column("training_set_fingerprint", VARCHAR),
                column("artifact_files", ARTIFACT_FILES)));
        this.registry = requireNonNull(registry, "registry is null");
    }

    @Override
    public ConnectorPageSource pageSource(ConnectorTransactionHandle transactionHandle, ConnectorSession session, TupleDomain<Integer> constraint)
    {
        // maps of metrics and parameters
        return pages(session, constraint);
    }

    @Override
    protected List<Row> rows(ConnectorSession session)
    {
        List<ModelAliasDefinition> aliases = registry.listModelAliases(Optional.empty());
        return registry.listModelVersions(Optional.empty()).stream()
                .map(version -> new Row(version, aliases.stream()
                        .filter(alias -> alias.schema().equals(version.schema()) && alias.model().equals(version.model()) && alias.version() == version.version())
                        .map(ModelAliasDefinition::alias)
                        .sorted()
                        .toList()))
                .toList();
    }

    @Override
    protected Object[] toRow(Row row)
    {
        ModelVersionDefinition version = row.version();
        return new Object[] {
                version.schema(),
                version.model(),
                version.version(),
                version.trainingSet().orElse(null),
                version.artifactUri(),
                version.artifactSha256(),
                version.artifactSize(),
                map(ModelTypes.METRICS, version.metrics()),
                map(ModelTypes.PARAMS, version.params()),
                version.codeVersion().orElse(null),
                version.owner(),
                timestamp(version.createdAt()),
                array(row.aliases()),
                version.description().orElse(null),
                version.trainingSetFingerprint().orElse(null),
                artifactFiles(version.artifactFiles()),
        };
    }

    private static SqlMap map(MapType type, Map<String, ?> entries)
    {
        MapBlockBuilder builder = type.createBlockBuilder(null, 1);
        builder.buildEntry((keys, values) -> entries.forEach((name, value) -> {
            VARCHAR.writeString(keys, name);
            writeNativeValue(type.getValueType(), values, value instanceof String text ? utf8Slice(text) : value);
        }));
        return type.getObject(builder.build(), 0);
    }

    private static Object artifactFiles(List<ArtifactFile> files)
    {
        ArrayBlockBuilder builder = ARTIFACT_FILES.createBlockBuilder(null, 1);
        builder.buildEntry(elements -> {
            for (ArtifactFile file : files) {
                ((RowBlockBuilder) elements).buildEntry(fields -> {
                    VARCHAR.writeString(fields.get(0), file.path());
                    BIGINT.writeLong(fields.get(1), file.size());
                    VARCHAR.writeString(fields.get(2), file.sha256());
                });
            }
        });
        return ARTIFACT_FILES.getObject(builder.build(), 0);
    }

    protected record Row(ModelVersionDefinition version, List<String> aliases)
    {
        public Row
        {
            requireNonNull(version, "version is null");
            aliases = ImmutableList.copyOf(aliases);
        }
    }
}
