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
package io.lakehouseml.feature.lineage;

import com.google.common.collect.ImmutableMap;
import io.airlift.json.JsonCodec;
import io.airlift.json.JsonCodecFactory;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static com.google.common.collect.ImmutableList.toImmutableList;
import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

/**
 * The OpenLineage {@code RunEvent} (spec 2-0-2) of a completed run: a {@code COMPLETE} event whose
 * job is named by the run id, whose run id is the name-based UUID of the run id (the same on every
 * replay), with a schema facet and, where the Iceberg snapshot is known, a dataset version facet
 * holding the snapshot id on each input and output.
 */
public final class OpenLineageEvents
{
    public static final String PRODUCER = "https://github.com/lakehouseml/trino-lakehouse";
    private static final String RUN_EVENT_SCHEMA = "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent";
    private static final String SQL_FACET_SCHEMA = "https://openlineage.io/spec/facets/1-1-0/SQLJobFacet.json#/$defs/SQLJobFacet";
    private static final String SCHEMA_FACET_SCHEMA = "https://openlineage.io/spec/facets/1-1-1/SchemaDatasetFacet.json#/$defs/SchemaDatasetFacet";
    private static final String VERSION_FACET_SCHEMA = "https://openlineage.io/spec/facets/1-0-1/DatasetVersionDatasetFacet.json#/$defs/DatasetVersionDatasetFacet";

    private static final JsonCodec<Map<String, Object>> EVENT_CODEC = new JsonCodecFactory().mapJsonCodec(String.class, Object.class);

    private final String namespace;

    public OpenLineageEvents(String namespace)
    {
        this.namespace = requireNonNull(namespace, "namespace is null");
    }

    /**
     * The OpenLineage run id of a run: a UUID derived from the run id alone.
     */
    public static UUID openLineageRunId(String runId)
    {
        return UUID.nameUUIDFromBytes(runId.getBytes(UTF_8));
    }

    public String runEvent(LineageRun run)
    {
        ImmutableMap.Builder<String, Object> jobFacets = ImmutableMap.builder();
        run.query().ifPresent(query -> jobFacets.put("sql", ImmutableMap.of(
                "_producer", PRODUCER,
                "_schemaURL", SQL_FACET_SCHEMA,
                "query", query)));
        Map<String, Object> event = ImmutableMap.<String, Object>builder()
                .put("eventType", "COMPLETE")
                .put("eventTime", run.endedAt().toString())
                .put("producer", PRODUCER)
                .put("schemaURL", RUN_EVENT_SCHEMA)
                .put("run", ImmutableMap.of("runId", openLineageRunId(run.runId()).toString()))
                .put("job", ImmutableMap.of(
                        "namespace", namespace,
                        "name", run.runId(),
                        "facets", jobFacets.buildOrThrow()))
                .put("inputs", datasets(run.inputs()))
                .put("outputs", datasets(run.outputs()))
                .buildOrThrow();
        return EVENT_CODEC.toJson(event);
    }

    private List<Map<String, Object>> datasets(List<LineageDataset> datasets)
    {
        return datasets.stream()
                .map(this::dataset)
                .collect(toImmutableList());
    }

    private Map<String, Object> dataset(LineageDataset dataset)
    {
        ImmutableMap.Builder<String, Object> facets = ImmutableMap.builder();
        facets.put("schema", ImmutableMap.of(
                "_producer", PRODUCER,
                "_schemaURL", SCHEMA_FACET_SCHEMA,
                "fields", dataset.columns().stream()
                        .map(column -> ImmutableMap.of("name", column))
                        .collect(toImmutableList())));
        dataset.snapshotId().ifPresent(snapshotId -> facets.put("version", ImmutableMap.of(
                "_producer", PRODUCER,
                "_schemaURL", VERSION_FACET_SCHEMA,
                "datasetVersion", String.valueOf(snapshotId))));
        return ImmutableMap.of(
                "namespace", namespace,
                "name", dataset.qualifiedName(),
                "facets", facets.buildOrThrow());
    }
}
