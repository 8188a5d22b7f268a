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
import com.google.common.collect.ImmutableMap;
import io.lakehouseml.feature.FeatureStoreQueryRunner;
import io.lakehouseml.testing.TestingLakehouseCatalog;
import io.trino.testing.DistributedQueryRunner;
import io.trino.testing.QueryRunner;
import org.apache.iceberg.CatalogProperties;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.inmemory.InMemoryFileIO;
import org.apache.iceberg.jdbc.JdbcCatalog;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static java.util.concurrent.Executors.newFixedThreadPool;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.TestInstance.Lifecycle.PER_CLASS;

/**
 * Two coordinators on one Iceberg catalog, eight clients at once: of the calls that register the
 * same name exactly one succeeds and the others fail with a clear error, of the calls that drop it
 * exactly one succeeds, and what one coordinator registered the other sees.
 */
@TestInstance(PER_CLASS)
final class TestRegistryConcurrency
{
    private static final int CLIENTS = 8;

    private TestingLakehouseCatalog catalog;
    private List<QueryRunner> coordinators;
    private ExecutorService executor;

    @BeforeAll
    void setUp()
            throws Exception
    {
        catalog = new TestingLakehouseCatalog();
        DistributedQueryRunner first = FeatureStoreQueryRunner.builder().setLakehouseCatalog(catalog).setWorkerCount(0).build();
        DistributedQueryRunner second = FeatureStoreQueryRunner.builder().setLakehouseCatalog(catalog).setWorkerCount(0).build();
        coordinators = ImmutableList.of(first, second);
        executor = newFixedThreadPool(CLIENTS);
        first.execute("CREATE SCHEMA iceberg.concurrency");
        first.execute("CREATE TABLE iceberg.concurrency.users AS SELECT user_id, TIMESTAMP '2025-01-01 00:00:00 UTC' + user_id * INTERVAL '1' HOUR AS event_ts, user_id * 1.5e0 AS spend FROM UNNEST(sequence(BIGINT '1', 50)) AS t (user_id)");
        first.execute("CREATE TABLE iceberg.concurrency.labels AS SELECT user_id, TIMESTAMP '2025-03-01 00:00:00 UTC' AS label_ts FROM UNNEST(sequence(BIGINT '1', 50)) AS t (user_id)");
        first.execute("CALL feature_store.system.register_feature_view('shared', 'user_stats', 'iceberg.concurrency.users', ARRAY['user_id'], 'event_ts')");
        first.execute("CALL feature_store.system.create_training_set('shared', 'churn', 'iceberg.concurrency.labels', 'label_ts', ARRAY['user_stats:spend'])");
        first.execute("CREATE TABLE iceberg.concurrency.churn_rows AS SELECT * FROM feature_store.shared.churn");
    }

    @AfterAll
    void tearDown()
            throws Exception
    {
        executor.shutdownNow();
        for (QueryRunner coordinator : coordinators) {
            coordinator.close();
        }
        catalog.close();
    }

    @Test
    void testSameNameRegisteredOnce()
    {
        assertOneSucceeds(
                "CALL feature_store.system.register_entity('shared', 'user', ARRAY['user_id'])",
                "Entity shared.user already exists",
                "SELECT count(*) FROM feature_store.system.entities WHERE name = 'user'");
        assertOneSucceeds(
                "CALL feature_store.system.register_feature_view('shared', 'spend', 'iceberg.concurrency.users', ARRAY['user_id'], 'event_ts')",
                "Feature view shared.spend already exists",
                "SELECT count(*) FROM feature_store.system.feature_views WHERE view_name = 'spend'");
        assertOneSucceeds(
                "CALL feature_store.system.register_feature_service('shared', 'model', ARRAY['user_stats:spend'])",
                "Feature service shared.model already exists",
                "SELECT count(*) FROM feature_store.system.feature_services WHERE name = 'model'");
        assertOneSucceeds(
                "CALL feature_store.system.add_expectation(schema_name => 'shared', view_name => 'user_stats', expectation_name => 'keys', kind => 'not_null', column_name => 'user_id')",
                "Expectation shared.user_stats.keys already exists",
                "SELECT count(*) FROM feature_store.system.expectations WHERE expectation_name = 'keys'");
        assertOneSucceeds(
                "CALL feature_store.system.create_training_set('shared', 'churn_v2', 'iceberg.concurrency.labels', 'label_ts', ARRAY['user_stats:spend'])",
                "Training set shared.churn_v2 already exists",
                "SELECT count(*) FROM feature_store.system.training_sets WHERE name = 'churn_v2'");
        assertOneSucceeds(
                "CALL feature_store.system.register_materialization('shared', 'churn', 'iceberg.concurrency.churn_rows')",
                "Materialization of training set shared.churn in iceberg.concurrency.churn_rows already exists",
                "SELECT count(*) FROM feature_store.system.training_set_materializations WHERE training_set = 'churn'");

        // and dropped once
        assertOneSucceeds(
                "CALL feature_store.system.drop_entity('shared', 'user')",
                "Entity shared.user does not exist",
                "SELECT 1 - count(*) FROM feature_store.system.entities WHERE name = 'user'");
        assertOneSucceeds(
                "CALL feature_store.system.drop_feature_service('shared', 'model')",
                "Feature service shared.model does not exist",
                "SELECT 1 - count(*) FROM feature_store.system.feature_services WHERE name = 'model'");
        assertOneSucceeds(
                "CALL feature_store.system.drop_expectation('shared', 'user_stats', 'keys')",
                "Expectation shared.user_stats.keys does not exist",
                "SELECT 1 - count(*) FROM feature_store.system.expectations WHERE expectation_name = 'keys'");
        assertOneSucceeds(
                "CALL feature_store.system.drop_training_set('shared', 'churn_v2')",
                "Training set shared.churn_v2 does not exist",
                "SELECT 1 - count(*) FROM feature_store.system.training_sets WHERE name = 'churn_v2'");
        assertOneSucceeds(
                "CALL feature_store.system.drop_feature_view('shared', 'spend')",
                "Feature view shared.spend does not exist",
                "SELECT 1 - count(*) FROM feature_store.system.feature_views WHERE view_name = 'spend'");
    }

    @Test
    void testDifferentNamesAllRegistered()
            throws Exception
    {
        List<Callable<Void>> calls = new ArrayList<>();
        for (int client = 0; client < CLIENTS; client++) {
            QueryRunner coordinator = coordinators.get(client % 2);
            for (int item = 0; item < 4; item++) {
                String name = "e_%s_%s".formatted(client, item);
                calls.add(() -> {
                    coordinator.execute("CALL feature_store.system.register_entity('many', '%s', ARRAY['user_id'])".formatted(name));
                    coordinator.execute("CALL feature_store.system.add_expectation(schema_name => 'shared', view_name => 'user_stats', expectation_name => '%s', kind => 'not_null', column_name => 'spend')".formatted(name));
                    return null;
                });
            }
        }
        for (Future<Void> future : executor.invokeAll(calls, 120, SECONDS)) {
            future.get();
        }
        for (QueryRunner coordinator : coordinators) {
            assertThat(coordinator.execute("SELECT count(*) FROM feature_store.system.entities WHERE schema_name = 'many'").getOnlyValue()).isEqualTo((long) CLIENTS * 4);
            assertThat(coordinator.execute("SELECT count(*) FROM feature_store.system.expectations WHERE expectation_name LIKE 'e\\_%' ESCAPE '\\'").getOnlyValue()).isEqualTo((long) CLIENTS * 4);
        }
    }

    /**
     * Write-audit-publish from eight clients at once: one begins the write, the staged rows are
     * committed to the branch once however many clients commit them, and one publishes them.
     */
    @Test
    void testWriteAuditPublish()
    {
        long before = (long) coordinators.get(0).execute("SELECT count(*) FROM iceberg.concurrency.users").getOnlyValue();
        assertOneSucceeds(
                "CALL feature_store.system.begin_write('shared', 'user_stats', 'w1')",
                "iceberg.concurrency.users already has a branch or tag 'w1'; publish or discard that write first",
                "SELECT count(*) FROM iceberg.concurrency.\"users$refs\" WHERE name = 'w1'");
        coordinators.get(1).execute("INSERT INTO iceberg.concurrency.users_staging_w1 SELECT user_id + 1000, event_ts, spend FROM iceberg.concurrency.users");

        List<String> outcomes = runConcurrently("CALL feature_store.system.commit_write('shared', 'user_stats', 'w1')");
        assertThat(outcomes).contains("ok");
        assertThat(outcomes).allMatch(outcome -> outcome.equals("ok") || outcome.equals("Staging table iceberg.concurrency.users_staging_w1 does not exist; begin_write creates it"));
        for (QueryRunner coordinator : coordinators) {
            assertThat(coordinator.execute("SELECT count(*) FROM iceberg.concurrency.users FOR VERSION AS OF 'w1'").getOnlyValue()).isEqualTo(2 * before);
        }

        assertOneSucceeds(
                "CALL feature_store.system.publish_write('shared', 'user_stats', 'w1')",
                "iceberg.concurrency.users has no branch 'w1'; begin_write creates it",
                "SELECT count(*) / %s - 1 FROM iceberg.concurrency.users".formatted(before));
        assertThat(coordinators.get(0).execute("SELECT count(*) FROM iceberg.concurrency.\"users$refs\"").getOnlyValue()).isEqualTo(1L);
    }

    /**
     * Clients that register and drop the same few names in random order on both coordinators: every
     * call either takes effect or fails, so for each name the successful registrations and drops
     * alternate, and the name exists at the end exactly when one more registration than drop
     * succeeded.
     */
    @Test
    void testRandomInterleavings()
            throws Exception
    {
        List<String> names = ImmutableList.of("a", "b", "c");
        Map<String, AtomicInteger> registered = new ConcurrentHashMap<>();
        Map<String, AtomicInteger> dropped = new ConcurrentHashMap<>();
        List<Callable<Void>> clients = new ArrayList<>();
        for (int client = 0; client < CLIENTS; client++) {
            Random random = new Random(20261201L + client);
            clients.add(() -> {
                for (int call = 0; call < 12; call++) {
                    String name = names.get(random.nextInt(names.size()));
                    QueryRunner coordinator = coordinators.get(random.nextInt(2));
                    boolean register = random.nextBoolean();
                    try {
                        if (register) {
                            coordinator.execute("CALL feature_store.system.register_feature_service('shared', 'svc_%s', ARRAY['user_stats:spend'])".formatted(name));
                            registered.computeIfAbsent(name, _ -> new AtomicInteger()).incrementAndGet();
                        }
                        else {
                            coordinator.execute("CALL feature_store.system.drop_feature_service('shared', 'svc_%s')".formatted(name));
                            dropped.computeIfAbsent(name, _ -> new AtomicInteger()).incrementAndGet();
                        }
                    }
                    catch (RuntimeException e) {
                        assertThat(e.getMessage()).isEqualTo(register
                                ? "Feature service shared.svc_%s already exists".formatted(name)
                                : "Feature service shared.svc_%s does not exist".formatted(name));
                    }
                }
                return null;
            });
        }
        for (Future<Void> future : executor.invokeAll(clients, 300, SECONDS)) {
            future.get();
        }
        for (QueryRunner coordinator : coordinators) {
            for (String name : names) {
                int balance = registered.getOrDefault(name, new AtomicInteger()).get() - dropped.getOrDefault(name, new AtomicInteger()).get();
                assertThat(balance).as(name).isBetween(0, 1);
                assertThat(coordinator.execute("SELECT count(*) FROM feature_store.system.feature_services WHERE schema_name = 'shared' AND name = 'svc_%s'".formatted(name)).getOnlyValue())
                        .as(name)
                        .isEqualTo((long) balance);
            }
        }
        assertThat(registered.values().stream().mapToInt(AtomicInteger::get).sum()).isGreaterThan(names.size());
    }

    /**
     * Entities, feature services, expectations and materializations that an earlier release kept as
     * properties of the schema's namespace are moved to views when the schema is first used.
     */
    @Test
    void testNamespacePropertiesOfEarlierReleaseMoved()
    {
        Namespace legacy = Namespace.of("feature_store", "legacy");
        try (JdbcCatalog jdbcCatalog = new JdbcCatalog(_ -> new InMemoryFileIO(), null, false)) {
            jdbcCatalog.initialize(TestingLakehouseCatalog.CATALOG_NAME, ImmutableMap.of(
                    CatalogProperties.URI, catalog.jdbcUrl(),
                    CatalogProperties.WAREHOUSE_LOCATION, catalog.warehouseLocation(),
                    JdbcCatalog.PROPERTY_PREFIX + "schema-version", "V1"));
            jdbcCatalog.createNamespace(legacy, ImmutableMap.of(
                    "comment", "Feature store registry",
                    "feature-store.entity.customer", "{\"schema\":\"legacy\",\"name\":\"customer\",\"joinKeys\":[\"user_id\"],\"description\":\"A customer\",\"owner\":\"admin\",\"createdAt\":\"2026-11-30T12:34:56.789Z\"}",
                    "feature-store.feature-service.scoring", "{\"schema\":\"legacy\",\"name\":\"scoring\",\"features\":[\"user_stats:*\"],\"owner\":\"admin\",\"createdAt\":\"2026-11-30T12:34:56.789Z\"}"));

            QueryRunner coordinator = coordinators.get(1);
            assertThat(coordinator.execute("SELECT name, join_keys, description FROM feature_store.system.entities WHERE schema_name = 'legacy'").getMaterializedRows())
                    .extracting(row -> row.getFields().toString())
                    .containsExactly("[customer, [user_id], A customer]");
            assertThat(coordinator.execute("SELECT name FROM feature_store.system.feature_services WHERE schema_name = 'legacy'").getOnlyValue()).isEqualTo("scoring");
            assertThat(jdbcCatalog.loadNamespaceMetadata(legacy)).doesNotContainKeys("feature-store.entity.customer", "feature-store.feature-service.scoring");

            // and the other coordinator, which had not moved them itself, sees them and can drop them
            coordinators.get(0).execute("CALL feature_store.system.drop_entity('legacy', 'customer')");
            assertThat(coordinator.execute("SELECT count(*) FROM feature_store.system.entities WHERE schema_name = 'legacy'").getOnlyValue()).isEqualTo(0L);
        }
    }

    /**
     * Runs a call from eight clients at once: exactly one succeeds, every other fails with the given
     * message, and afterwards both coordinators answer the check with 1.
     */
    private void assertOneSucceeds(String sql, String failure, String check)
    {
        List<String> outcomes = runConcurrently(sql);
        assertThat(outcomes).as(sql).filteredOn("ok"::equals).hasSize(1);
        assertThat(outcomes).as(sql).filteredOn(outcome -> !outcome.equals("ok")).allMatch(failure::equals);
        for (QueryRunner coordinator : coordinators) {
            assertThat(coordinator.execute(check).getOnlyValue()).as(check).isEqualTo(1L);
        }
    }

    /**
     * Runs a call from eight clients at once, half of them on each coordinator, and returns what
     * each got: "ok" or the error message.
     */
    private List<String> runConcurrently(String sql)
    {
        CountDownLatch start = new CountDownLatch(1);
        List<Future<String>> futures = new ArrayList<>();
        for (int client = 0; client < CLIENTS; client++) {
            QueryRunner coordinator = coordinators.get(client % 2);
            futures.add(executor.submit(() -> {
                start.await();
                try {
                    coordinator.execute(sql);
                    return "ok";
                }
                catch (RuntimeException e) {
                    return e.getMessage();
                }
            }));
        }
        start.countDown();
        List<String> outcomes = new ArrayList<>();
        try {
            for (Future<String> future : futures) {
                outcomes.add(future.get(120, SECONDS));
            }
        }
        catch (Exception e) {
            throw new AssertionError(e);
        }
        return outcomes;
    }
}
