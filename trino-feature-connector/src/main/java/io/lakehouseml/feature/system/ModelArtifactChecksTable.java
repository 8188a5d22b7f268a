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
import io.lakehouseml.feature.model.ModelArtifacts;
import io.lakehouseml.feature.model.ModelArtifacts.Checksum;
import io.lakehouseml.feature.registry.FeatureRegistry;
import io.lakehouseml.feature.registry.ModelVersionDefinition;
import io.trino.spi.TrinoException;
import io.trino.spi.connector.ConnectorSession;
import io.trino.spi.predicate.Domain;
import io.trino.spi.predicate.TupleDomain;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.airlift.slice.Slices.utf8Slice;
import static io.lakehouseml.feature.FeatureStoreErrorCode.FEATURE_STORE_NOT_FOUND;
import static io.trino.spi.type.BigintType.BIGINT;
import static io.trino.spi.type.IntegerType.INTEGER;
import static io.trino.spi.type.VarcharType.VARCHAR;
import static java.util.Objects.requireNonNull;

/**
 * {@code feature_store.system.model_artifact_checks}: reads the artefact of every model version
 * again and says whether it still has the checksum recorded when it was registered: {@code status}
 * is {@code unchanged}, {@code changed}, {@code missing} or {@code unreadable}. Only the versions
 * the query's conditions on {@code schema_name}, {@code model_name} and {@code version} select are
 * read.
 */
public class ModelArtifactChecksTable
        extends ListingTable<Object[]>
{
    private static final int SCHEMA_NAME = 0;
    private static final int MODEL_NAME = 1;
    private static final int VERSION = 2;

    private final FeatureRegistry registry;
    private final ModelArtifacts artifacts;

    @Inject
    public ModelArtifactChecksTable(FeatureRegistry registry, ModelArtifacts artifacts)
    {
        super("model_artifact_checks", ImmutableList.of(
                column("schema_name", VARCHAR),
                column("model_name", VARCHAR),
                column("version", INTEGER),
                column("artifact_uri", VARCHAR),
                column("status", VARCHAR),
                column("recorded_sha256", VARCHAR),
                column("current_sha256", VARCHAR),
                column("recorded_size", BIGINT),
                column("current_size", BIGINT),
                column("message", VARCHAR)));
        this.registry = requireNonNull(registry, "registry is null");
        this.artifacts = requireNonNull(artifacts, "artifacts is null");
    }

    @Override
    protected List<Object[]> rows(ConnectorSession session, TupleDomain<Integer> constraint)
    {
        // every artefact selected is read: leave out the versions the conditions rule out first
        Map<Integer, Domain> domains = constraint.getDomains().orElse(Map.of());
        return registry.listModelVersions(Optional.empty()).stream()
                .filter(version -> includes(domains, SCHEMA_NAME, utf8Slice(version.schema()))
                        && includes(domains, MODEL_NAME, utf8Slice(version.model()))
                        && includes(domains, VERSION, (long) version.version()))
                .map(version -> check(session, version))
                .toList();
    }

    private static boolean includes(Map<Integer, Domain> domains, int column, Object value)
    {
        Domain domain = domains.get(column);
        return domain == null || domain.includesNullableValue(value);
    }

    private Object[] check(ConnectorSession session, ModelVersionDefinition version)
    {
        String status;
        Optional<Checksum> current = Optional.empty();
        String message = null;
        try {
            current = Optional.of(artifacts.checksum(session, version.artifactUri()));
            status = current.get().sha256().equals(version.artifactSha256()) && current.get().files().equals(version.artifactFiles()) ? "unchanged" : "changed";
        }
        catch (TrinoException e) {
            status = e.getErrorCode().equals(FEATURE_STORE_NOT_FOUND.toErrorCode()) ? "missing" : "unreadable";
            message = e.getMessage();
        }
        return new Object[] {
                version.schema(),
                version.model(),
                version.version(),
                version.artifactUri(),
                status,
                version.artifactSha256(),
                current.map(Checksum::sha256).orElse(null),
                version.artifactSize(),
                current.map(Checksum::size).orElse(null),
                message,
        };
    }

    @Override
    protected List<Object[]> rows(ConnectorSession session)
    {
        return rows(session, TupleDomain.all());
    }

    @Override
    protected Object[] toRow(Object[] row)
    {
        return row;
    }
}
