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
import com.google.common.collect.ImmutableMap;
import io.lakehouseml.feature.FeatureStorePlugin;
import io.lakehouseml.testing.LakehouseQueryRunner;
import io.lakehouseml.testing.TestingLakehouseCatalog;
import io.trino.spi.eventlistener.EventListener;
import io.trino.spi.eventlistener.EventListenerFactory;
import io.trino.spi.eventlistener.EventListenerFactory.EventListenerContext;
import io.trino.spi.eventlistener.QueryCompletedEvent;
import io.trino.spi.eventlistener.QueryCreatedEvent;
import io.trino.testing.AbstractTestQueryFramework;
import io.trino.testing.MaterializedRow;
import io.trino.testing.QueryRunner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import static com.google.common.collect.ImmutableList.toImmutableList;
import static com.google.common.collect.MoreCollectors.onlyElement;
import static com.google.common.collect.Streams.stream;
import static java.lang.String.format;
import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.stream.Collectors.joining;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.parallel.ExecutionMode.SAME_THREAD;

/**
 * The lineage event listener on a real engine with Trino's Iceberg connector: the writes it
 * records, under concurrency, across a restart, and what it never does to a user's query.
 */
@Execution(SAME_THREAD)
final class TestLineageEventListener
        extends AbstractTestQueryFramework
{
    private static final EventListenerContext CONTEXT = new TestingLineageContext();

    private final SwitchingEventListener engineListener = new SwitchingEventListener();
    private TestingLakehouseCatalog lakehouseCatalog;

    @Override
    protected QueryRunner createQueryRunner()
            throws Exception
    {
        lakehouseCatalog = closeAfterClass(new TestingLakehouseCatalog());
        return LakehouseQueryRunner.builder()
                .setLakehouseCatalog(lakehouseCatalog)
                .setEventListener(engineListener)
                .build();
    }

    @Test
    void testWritesRecorded()
            throws Exception
    {
        Path spool = lakehouseCatalog.directory().resolve("spool-writes");
        LineageEventListener lineage = startListener(spool, "1h", ImmutableMap.of());
        try {
            String createSource = run("CREATE TABLE writes_source AS SELECT * FROM (VALUES (1, 'a'), (2, 'b')) t(id, name)");
            long source = currentSnapshot("writes_source");
            String createTableAs = run("CREATE TABLE writes_target AS SELECT id, name FROM writes_source WHERE id = 1");
            long afterCreate = currentSnapshot("writes_target");
            String insert = run("INSERT INTO writes_target SELECT id, name FROM writes_source WHERE id = 2");
            long afterInsert = currentSnapshot("writes_target");
            String merge = run("MERGE INTO writes_target t USING writes_source s ON t.id = s.id WHEN MATCHED THEN UPDATE SET name = s.name || 'x'");
            long afterMerge = currentSnapshot("writes_target");
            String update = run("UPDATE writes_target SET name = 'z' WHERE id = 1");
            long afterUpdate = currentSnapshot("writes_target");
            String delete = run("DELETE FROM writes_target WHERE id = 2");
            long afterDelete = currentSnapshot("writes_target");
            String select = run("SELECT count(*) FROM writes_target");

            awaitSpooled(spool, createSource, createTableAs, insert, merge, update, delete);
            assertThat(lineage.commit()).isEqualTo(6);

            assertThat(query("SELECT operation, direction, table_name, columns, snapshot_id FROM lineage.query_runs WHERE run_id = '" + createSource + "'"))
                    .skippingTypesCheck()
                    .matches("VALUES ('CREATE TABLE AS', 'output', 'writes_source', ARRAY['id', 'name'], BIGINT '" + source + "')");
            assertThat(query("SELECT operation, direction, table_name, columns, snapshot_id FROM lineage.query_runs WHERE run_id = '" + createTableAs + "'"))
                    .skippingTypesCheck()
                    .matches(format("VALUES ('CREATE TABLE AS', 'input', 'writes_source', ARRAY['id', 'name'], BIGINT '%s'), ('CREATE TABLE AS', 'output', 'writes_target', ARRAY['id', 'name'], %s)", source, afterCreate));
            assertThat(query("SELECT operation, direction, table_name, columns, snapshot_id FROM lineage.query_runs WHERE run_id = '" + insert + "'"))
                    .skippingTypesCheck()
                    .matches(format("VALUES ('INSERT', 'input', 'writes_source', ARRAY['id', 'name'], BIGINT '%s'), ('INSERT', 'output', 'writes_target', ARRAY['id', 'name'], %s)", source, afterInsert));
            assertThat(query("SELECT operation, direction, table_name, snapshot_id FROM lineage.query_runs WHERE run_id = '" + merge + "'"))
                    .skippingTypesCheck()
                    .matches(format("VALUES ('MERGE', 'input', 'writes_source', BIGINT '%s'), ('MERGE', 'input', 'writes_target', %s), ('MERGE', 'output', 'writes_target', %s)", source, afterInsert, afterMerge));
            assertThat(query("SELECT operation, direction, table_name, snapshot_id FROM lineage.query_runs WHERE run_id = '" + update + "'"))
                    .skippingTypesCheck()
                    .matches(format("VALUES ('UPDATE', 'input', 'writes_target', BIGINT '%s'), ('UPDATE', 'output', 'writes_target', %s)", afterMerge, afterUpdate));
            assertThat(query("SELECT operation, direction, table_name, snapshot_id FROM lineage.query_runs WHERE run_id = '" + delete + "'"))
                    .skippingTypesCheck()
                    .matches(format("VALUES ('DELETE', 'input', 'writes_target', BIGINT '%s'), ('DELETE', 'output', 'writes_target', %s)", afterUpdate, afterDelete));
            // the written snapshot is the one Trino's Iceberg connector committed for the query
            assertThat(query("SELECT snapshot_id FROM lineage.query_runs WHERE run_id = '" + merge + "' AND direction = 'output'"))
                    .skippingTypesCheck()
                    .matches("SELECT snapshot_id FROM \"writes_target$snapshots\" WHERE summary['trino_query_id'] = '" + merge + "'");
            // each file of the table holds the bounds of its run ids, by which the check for runs committed already skips the others
            assertThat(query("SELECT file_path, lower_bounds[1], upper_bounds[1], value_counts[1] FROM lineage.\"query_runs$files\""))
                    .skippingTypesCheck()
                    .matches("SELECT \"$path\", min(run_id), max(run_id), count(*) FROM lineage.query_runs GROUP BY \"$path\"");
            // a query that writes nothing is not a run
            assertThat(query("SELECT count(*) FROM lineage.query_runs WHERE run_id = '" + select + "'")).matches("VALUES BIGINT '0'");

            assertThat(query("SELECT DISTINCT run_kind, user_name, query, catalog_name, schema_name, started_at <= ended_at FROM lineage.query_runs WHERE run_id = '" + insert + "'"))
                    .skippingTypesCheck()
                    .matches("VALUES ('query', 'user', 'INSERT INTO writes_target SELECT id, name FROM writes_source WHERE id = 2', 'iceberg', 'tpch', true)");
            assertThat(query(
                    """
                    SELECT
                        json_extract_scalar(openlineage, '$.eventType'),
                        json_extract_scalar(openlineage, '$.job.name'),
                        json_extract_scalar(openlineage, '$.inputs[0].name'),
                        json_extract_scalar(openlineage, '$.inputs[0].facets.version.datasetVersion'),
                        json_extract_scalar(openlineage, '$.outputs[0].name'),
                        json_extract_scalar(openlineage, '$.outputs[0].facets.version.datasetVersion')
                    FROM lineage.query_runs
                    WHERE run_id = '%s' AND direction = 'output'
                    """.formatted(insert)))
                    .skippingTypesCheck()
                    .matches(format("VALUES ('COMPLETE', '%s', 'iceberg.tpch.writes_source', '%s', 'iceberg.tpch.writes_target', '%s')", insert, source, afterInsert));
            assertThat(query("SELECT count(*) FROM lineage.query_runs WHERE run_id = '" + insert + "' AND direction = 'input' AND openlineage IS NULL")).matches("VALUES BIGINT '1'");
        }
        finally {
            stopListener(lineage);
        }
    }

    @Test
    void testConcurrentWriters()
            throws Exception
    {
        Path spool = lakehouseCatalog.directory().resolve("spool-concurrent");
        LineageEventListener lineage = startListener(spool, "200ms", ImmutableMap.of());
        int writers = 8;
        ExecutorService executor = Executors.newFixedThreadPool(writers);
        try {
            List<Future<List<String>>> futures = new ArrayList<>();
            for (int writer = 0; writer < writers; writer++) {
                String table = "concurrent_" + writer;
                int value = writer;
                futures.add(executor.submit(() -> ImmutableList.of(
                        run("CREATE TABLE " + table + " AS SELECT " + value + " AS id"),
                        run("INSERT INTO " + table + " SELECT id + 1000 FROM " + table))));
            }
            ImmutableList.Builder<String> queryIds = ImmutableList.builder();
            for (Future<List<String>> future : futures) {
                queryIds.addAll(future.get());
            }
            List<String> runs = queryIds.build();
            String runList = runs.stream().map(runId -> "'" + runId + "'").collect(joining(", "));

            awaitCommitted(runs);
            assertThat(query("SELECT count(*), count(DISTINCT run_id) FROM lineage.query_runs WHERE direction = 'output' AND run_id IN (" + runList + ")"))
                    .skippingTypesCheck()
                    .matches("VALUES (BIGINT '16', BIGINT '16')");
            for (int writer = 0; writer < writers; writer++) {
                String table = "concurrent_" + writer;
                assertThat(query("SELECT run_id, snapshot_id FROM lineage.query_runs WHERE direction = 'output' AND table_name = '" + table + "'"))
                        .matches("SELECT summary['trino_query_id'], snapshot_id FROM \"" + table + "$snapshots\"");
            }
        }
        finally {
            executor.shutdownNow();
            stopListener(lineage);
        }
    }

    @Test
    void testRestartCommitsSpooledRunsOnce()
            throws Exception
    {
        Path spool = lakehouseCatalog.directory().resolve("spool-restart");
        assertUpdate("CREATE TABLE restart_target (id integer)");
        LineageEventListener first = startListener(spool, "1h", ImmutableMap.of());
        List<String> runs;
        try {
            runs = ImmutableList.of(
                    run("INSERT INTO restart_target VALUES 1"),
                    run("INSERT INTO restart_target VALUES 2"));
            awaitSpooled(spool, runs.toArray(String[]::new));
        }
        finally {
            stopListener(first);
        }
        String runList = runs.stream().map(runId -> "'" + runId + "'").collect(joining(", "));

        Path copies = Files.createDirectories(lakehouseCatalog.directory().resolve("spool-restart-copies"));
        for (Path segment : segments(spool)) {
            Files.copy(segment, copies.resolve(segment.getFileName()));
        }

        LineageEventListener second = startListener(spool, "1h", ImmutableMap.of());
        try {
            assertThat(second.commit()).isEqualTo(2);
            assertThat(segments(spool)).isEmpty();
            assertThat(query("SELECT run_id, snapshot_id FROM lineage.query_runs WHERE direction = 'output' AND run_id IN (" + runList + ")"))
                    .skippingTypesCheck()
                    .matches("SELECT summary['trino_query_id'], snapshot_id FROM \"restart_target$snapshots\" WHERE summary['trino_query_id'] IN (" + runList + ")");

            // the same segments replayed again, as after a crash between the commit and their deletion
            for (Path segment : segments(copies)) {
                Files.copy(segment, spool.resolve(segment.getFileName()));
            }
            assertThat(second.commit()).isEqualTo(0);
            assertThat(segments(spool)).isEmpty();
            assertThat(query("SELECT count(*) FROM lineage.query_runs WHERE run_id IN (" + runList + ")")).matches("VALUES BIGINT '2'");
        }
        finally {
            stopListener(second);
        }
    }

    @Test
    void testFailuresNeverReachQueries()
            throws Exception
    {
        Path spool = lakehouseCatalog.directory().resolve("spool-failures");
        assertUpdate("CREATE TABLE failures_target (id integer)");
        LineageEventListener lineage = startListener(spool, "1h", ImmutableMap.of());
        try {
            assertThat(query("INSERT INTO failures_target SELECT 1 / (id - id) FROM (VALUES 1) t(id) -- failing write"))
                    .failure().hasMessage("Division by zero");
            String succeeded = run("INSERT INTO failures_target VALUES 1");
            awaitSpooled(spool, succeeded);
            lineage.commit();
            assertThat(query("SELECT count(*) FROM lineage.query_runs WHERE query LIKE '%-- failing write'")).matches("VALUES BIGINT '0'");
            assertThat(query("SELECT direction, table_name FROM lineage.query_runs WHERE run_id = '" + succeeded + "'")).skippingTypesCheck().matches("VALUES ('output', 'failures_target')");
        }
        finally {
            stopListener(lineage);
        }

        // a catalog that cannot be opened: the write succeeds, the run stays spooled
        Path brokenCatalogSpool = lakehouseCatalog.directory().resolve("spool-broken-catalog");
        LineageEventListener brokenCatalog = startListener(brokenCatalogSpool, "50ms", ImmutableMap.of(
                "iceberg.jdbc-catalog.connection-url", "jdbc:sqlite:" + lakehouseCatalog.directory().resolve("missing/catalog.db")));
        try {
            String write = run("INSERT INTO failures_target VALUES 2");
            awaitSpooled(brokenCatalogSpool, write);
            assertThatThrownBy(brokenCatalog::commit).hasMessageContaining("Cannot open the Iceberg JDBC catalog");
            assertThat(segments(brokenCatalogSpool)).isNotEmpty();
        }
        finally {
            stopListener(brokenCatalog);
        }

        // a lineage table name that names another table: the write succeeds, the run stays spooled
        assertUpdate("CREATE TABLE not_lineage (id integer)");
        Path brokenTableSpool = lakehouseCatalog.directory().resolve("spool-broken-table");
        LineageEventListener brokenTable = startListener(brokenTableSpool, "1h", ImmutableMap.of("lineage.table", "tpch.not_lineage"));
        try {
            String write = run("INSERT INTO failures_target VALUES 3");
            awaitSpooled(brokenTableSpool, write);
            assertThatThrownBy(brokenTable::commit)
                    .hasMessage("Table tpch.not_lineage is not a lineage table: it has no column run_id of type string; drop it or set lineage.table to another name");
            assertThat(segments(brokenTableSpool)).isNotEmpty();
        }
        finally {
            stopListener(brokenTable);
        }
        assertThat(query("SELECT count(*) FROM failures_target")).matches("VALUES BIGINT '3'");
    }

    private LineageEventListener startListener(Path spool, String commitInterval, Map<String, String> properties)
    {
        EventListenerFactory factory = stream(new FeatureStorePlugin().getEventListenerFactories()).collect(onlyElement());
        assertThat(factory.getName()).isEqualTo("lakehouse_lineage");
        EventListener listener = factory.create(
                ImmutableMap.<String, String>builder()
                        .putAll(lakehouseCatalog.catalogProperties())
                        .put("lineage.spool-directory", spool.toString())
                        .put("lineage.commit-interval", commitInterval)
                        .putAll(properties)
                        .buildKeepingLast(),
                CONTEXT);
        engineListener.switchTo(listener);
        return (LineageEventListener) listener;
    }

    private void stopListener(LineageEventListener listener)
    {
        engineListener.switchTo(new EventListener() {});
        listener.shutdown();
    }

    private String run(String sql)
    {
        return getDistributedQueryRunner().executeWithPlan(getSession(), sql).queryId().toString();
    }

    private long currentSnapshot(String table)
    {
        return (long) computeScalar("SELECT snapshot_id FROM \"" + table + "$snapshots\" ORDER BY committed_at DESC LIMIT 1");
    }

    private void awaitCommitted(List<String> runs)
            throws InterruptedException
    {
        String runList = runs.stream().map(runId -> "'" + runId + "'").collect(joining(", "));
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (true) {
            List<MaterializedRow> rows = computeActual("SELECT count(DISTINCT run_id) FROM lineage.query_runs WHERE run_id IN (" + runList + ")").getMaterializedRows();
            if ((long) rows.getFirst().getField(0) == runs.size() || System.nanoTime() > deadline) {
                return;
            }
            Thread.sleep(100);
        }
    }

    private static void awaitSpooled(Path spool, String... queryIds)
            throws IOException, InterruptedException
    {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (true) {
            StringBuilder spooled = new StringBuilder();
            for (Path segment : segments(spool)) {
                spooled.append(Files.readString(segment, UTF_8));
            }
            if (Stream.of(queryIds).allMatch(queryId -> spooled.indexOf(queryId) >= 0)) {
                return;
            }
            assertThat(System.nanoTime()).as("runs spooled in time").isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    private static List<Path> segments(Path directory)
            throws IOException
    {
        if (!Files.exists(directory)) {
            return ImmutableList.of();
        }
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(file -> file.getFileName().toString().endsWith(".jsonl")).sorted().collect(toImmutableList());
        }
    }

    /**
     * The engine's event listener, which forwards to the lineage listener of the running test.
     */
    private static final class SwitchingEventListener
            implements EventListener
    {
        private final AtomicReference<EventListener> delegate = new AtomicReference<>(new EventListener() {});

        void switchTo(EventListener listener)
        {
            delegate.set(listener);
        }

        @Override
        public void queryCreated(QueryCreatedEvent event)
        {
            delegate.get().queryCreated(event);
        }

        @Override
        public void queryCompleted(QueryCompletedEvent event)
        {
            delegate.get().queryCompleted(event);
        }
    }
}
