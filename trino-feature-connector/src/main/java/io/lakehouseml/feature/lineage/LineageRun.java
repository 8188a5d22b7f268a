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

import com.google.common.collect.ImmutableList;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

import static com.google.common.collect.ImmutableList.toImmutableList;
import static java.util.Objects.requireNonNull;

/**
 * One run that read and wrote tables: a query (its id is the run id) or a procedure of the
 * connector. This is what the spool keeps, one JSON line per run.
 */
public record LineageRun(
        String runId,
        String runKind,
        Optional<String> operation,
        Optional<String> userName,
        Optional<String> query,
        Optional<Instant> startedAt,
        Instant endedAt,
        List<LineageDataset> inputs,
        List<LineageDataset> outputs)
{
    public static final String RUN_KIND_QUERY = "query";
    public static final String RUN_KIND_PROCEDURE = "procedure";

    public LineageRun
    {
        requireNonNull(runId, "runId is null");
        requireNonNull(runKind, "runKind is null");
        requireNonNull(operation, "operation is null");
        requireNonNull(userName, "userName is null");
        requireNonNull(query, "query is null");
        requireNonNull(startedAt, "startedAt is null");
        requireNonNull(endedAt, "endedAt is null");
        inputs = ImmutableList.copyOf(inputs);
        outputs = ImmutableList.copyOf(outputs);
    }

    public LineageRun withOutputs(UnaryOperator<LineageDataset> mapper)
    {
        return new LineageRun(
                runId,
                runKind,
                operation,
                userName,
                query,
                startedAt,
                endedAt,
                inputs,
                outputs.stream().map(mapper).collect(toImmutableList()));
    }
}
