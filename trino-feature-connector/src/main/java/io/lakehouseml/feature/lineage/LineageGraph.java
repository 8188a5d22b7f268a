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
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Schema;
import org.apache.iceberg.StructLike;
import org.apache.iceberg.Table;
import org.apache.iceberg.avro.Avro;
import org.apache.iceberg.avro.InternalReader;
import org.apache.iceberg.io.CloseableIterable;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * The lineage table as a graph: an edge from each table a run read to each table it wrote, and a
 * walk from any table, training set or model, upstream (what it was made from) or downstream
 * (what was made from it).
 */
public final class LineageGraph
{
    private static final List<String> COLUMNS = ImmutableList.of("run_id", "run_kind", "operation", "user_name", "ended_at", "direction", "catalog_name", "schema_name", "table_name", "snapshot_id");

    private final List<Edge> edges;
    private final Map<String, List<Edge>> byInput = new HashMap<>();
    private final Map<String, List<Edge>> byOutput = new HashMap<>();

    public LineageGraph(List<Edge> edges)
    {
        this.edges = ImmutableList.copyOf(edges);
        for (Edge edge : this.edges) {
            byInput.computeIfAbsent(edge.input(), _ -> new ArrayList<>()).add(edge);
            byOutput.computeIfAbsent(edge.output(), _ -> new ArrayList<>()).add(edge);
        }
    }

    /**
     * The edges of the runs in the table's data files (the files its writers append); a run that
     * reads and writes the same table (an UPDATE, a publication) adds no edge of that table to itself.
     */
    public static LineageGraph read(Table table)
    {
        if (table.currentSnapshot() == null) {
            return new LineageGraph(ImmutableList.of());
        }
        Schema projection = table.schema().select(COLUMNS);
        Map<String, Run> runs = new LinkedHashMap<>();
        try (CloseableIterable<FileScanTask> tasks = table.newScan().planFiles()) {
            for (FileScanTask task : tasks) {
                if (task.file().format() != FileFormat.AVRO) {
                    continue;
                }
                try (CloseableIterable<StructLike> records = Avro.read(table.io().newInputFile(task.file().location()))
                        .project(projection)
                        .createResolvingReader(InternalReader::create)
                        .build()) {
                    for (StructLike record : records) {
                        String runId = string(record, 0).orElseThrow();
                        Run run = runs.computeIfAbsent(runId, _ -> new Run(runId, string(record, 1).orElse(""), string(record, 2), string(record, 3), record.get(4, Long.class)));
                        String dataset = string(record, 6).orElseThrow() + "." + string(record, 7).orElseThrow() + "." + string(record, 8).orElseThrow();
                        Optional<Long> snapshotId = Optional.ofNullable(record.get(9, Long.class));
                        if (string(record, 5).orElseThrow().equals(QueryRunsTable.DIRECTION_INPUT)) {
                            run.inputs().put(dataset, snapshotId);
                        }
                        else {
                            run.outputs().put(dataset, snapshotId);
                        }
                    }
                }
            }
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ImmutableList.Builder<Edge> edges = ImmutableList.builder();
        for (Run run : runs.values()) {
            run.inputs().forEach((input, inputSnapshot) -> run.outputs().forEach((output, outputSnapshot) -> {
                if (!input.equals(output)) {
                    edges.add(new Edge(run.runId(), run.runKind(), run.operation(), run.userName(), run.endedAtMicros(), input, inputSnapshot, output, outputSnapshot));
                }
            }));
        }
        return new LineageGraph(edges.build());
    }

    private static Optional<String> string(StructLike record, int position)
    {
        return Optional.ofNullable(record.get(position, CharSequence.class)).map(CharSequence::toString);
    }

    /**
     * The edges reached from a dataset, breadth first, each once, with the number of runs between
     * it and the start (1 for the runs that read or wrote the start itself).
     */
    public List<Step> walk(String start, Direction direction, int maxDepth)
    {
        ImmutableList.Builder<Step> steps = ImmutableList.builder();
        Set<Edge> seen = new HashSet<>();
        Set<String> visited = new HashSet<>();
        Deque<Step> queue = new ArrayDeque<>();
        visited.add(start);
        next(start, direction).forEach(edge -> queue.add(new Step(1, edge)));
        while (!queue.isEmpty()) {
            Step step = queue.removeFirst();
            if (!seen.add(step.edge())) {
                continue;
            }
            steps.add(step);
            String reached = direction == Direction.UPSTREAM ? step.edge().input() : step.edge().output();
            if (step.depth() < maxDepth && visited.add(reached)) {
                next(reached, direction).forEach(edge -> queue.add(new Step(step.depth() + 1, edge)));
            }
        }
        return steps.build();
    }

    private List<Edge> next(String dataset, Direction direction)
    {
        return (direction == Direction.UPSTREAM ? byOutput : byInput).getOrDefault(dataset, ImmutableList.of());
    }

    public enum Direction
    {
        UPSTREAM, DOWNSTREAM
    }

    /**
     * One run that read {@code input} and wrote {@code output}.
     */
    public record Edge(
            String runId,
            String runKind,
            Optional<String> operation,
            Optional<String> userName,
            Long endedAtMicros,
            String input,
            Optional<Long> inputSnapshotId,
            String output,
            Optional<Long> outputSnapshotId)
    {
        public Edge
        {
            requireNonNull(runId, "runId is null");
            requireNonNull(input, "input is null");
            requireNonNull(output, "output is null");
        }
    }

    public record Step(int depth, Edge edge) {}

    private record Run(String runId, String runKind, Optional<String> operation, Optional<String> userName, Long endedAtMicros, Map<String, Optional<Long>> inputs, Map<String, Optional<Long>> outputs)
    {
        Run(String runId, String runKind, Optional<String> operation, Optional<String> userName, Long endedAtMicros)
        {
            this(runId, runKind, operation, userName, endedAtMicros, new LinkedHashMap<>(), new LinkedHashMap<>());
        }
    }
}
