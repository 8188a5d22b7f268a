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
package io.lakehouseml.feature.vector;

import com.google.common.collect.ImmutableMap;
import io.lakehouseml.feature.FeatureStoreQueryRunner;
import io.lakehouseml.ml.MlFunctionsPlugin;
import io.trino.Session;
import io.trino.testing.AbstractTestQueryFramework;
import io.trino.testing.MaterializedResult;
import io.trino.testing.MaterializedRow;
import io.trino.testing.QueryRunner;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static com.google.common.util.concurrent.Uninterruptibles.sleepUninterruptibly;
import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * vector_search through the index against an exact search in plain Java over the same rows, on a
 * cluster of a coordinator and two workers, with rows added, deleted and replaced after the index
 * was made.
 */
final class TestVectorSearch
        extends AbstractTestQueryFramework
{
    private static final int DIMENSION = 24;
    // vectors of low intrinsic dimension: a category direction, two latent coordinates and noise
    private static final String VECTOR =
            """
            transform(sequence(1, %d), d -> CAST(
                sin((id %% 7) * 1.7e0 + d * 0.9e0)
                + 0.6e0 * cos((id %% 101) / 101e0 * 6.3e0 + d * 0.4e0)
                + 0.4e0 * sin((id %% 37) / 37e0 * 6.3e0 * d)
                + 0.05e0 * (bitwise_and(from_big_endian_64(xxhash64(to_big_endian_64(id * 1000 + d))), 1048575) / 1048576e0 - 0.5e0)
                AS real))""".formatted(DIMENSION);

    @Override
    protected QueryRunner createQueryRunner()
            throws Exception
    {
        return FeatureStoreQueryRunner.builder(ImmutableMap.of(
                        "feature-store.security", "ALLOW_ALL",
                        "feature-store.vector-index.cleanup-interval", "1s"))
                .setIcebergProperties(ImmutableMap.of("iceberg.expire-snapshots.min-retention", "0s"))
                // vector_pack and the distances of packed vectors, the reference for packed columns
                .addPlugin(new MlFunctionsPlugin())
                .build();
    }

    @BeforeAll
    void createTables()
    {
        assertUpdate("CREATE SCHEMA iceberg.vectors");
        assertUpdate("CREATE TABLE iceberg.vectors.items (id bigint, category varchar, embedding array(real))");
        // three inserts, three data files
        for (int part = 0; part < 3; part++) {
            assertUpdate("INSERT INTO iceberg.vectors.items SELECT id, 'c' || CAST(id %% 5 AS varchar), %s FROM UNNEST(sequence(%d, %d)) AS t (id)".formatted(VECTOR, part * 1000 + 1, part * 1000 + 1000), 1000);
        }
    }

    @Test
    void testSearchFindsTheExactNeighbours()
    {
        assertUpdate("CREATE TABLE iceberg.vectors.recall AS SELECT * FROM iceberg.vectors.items", 3000);
        assertUpdate("CALL feature_store.system.create_vector_index(table_name => 'iceberg.vectors.recall', column_name => 'embedding')");
        assertThat(computeScalar("SELECT indexed_rows FROM feature_store.system.vector_indexes WHERE table_name = 'iceberg.vectors.recall'")).isEqualTo(3000L);
        assertThat(computeScalar("SELECT unindexed_rows FROM feature_store.system.vector_indexes WHERE table_name = 'iceberg.vectors.recall'")).isEqualTo(0L);

        Map<Long, float[]> rows = vectors("iceberg.vectors.recall");
        int found = 0;
        int queries = 0;
        for (long queryId = 5; queryId <= 3000; queryId += 150) {
            float[] query = rows.get(queryId);
            List<Long> exact = exactNearest(rows, query, VectorMetric.COSINE, 10, _ -> true);
            MaterializedResult result = computeActual(search("iceberg.vectors.recall", query, 10, ""));
            assertThat(result.getRowCount()).isEqualTo(10);
            for (MaterializedRow row : result.getMaterializedRows()) {
                long id = (long) row.getField(0);
                // every column is the row's, and the distance its exact cosine distance
                assertThat((String) row.getField(1)).isEqualTo("c" + id % 5);
                assertThat(toFloats(row.getField(2))).isEqualTo(rows.get(id));
                assertThat((double) row.getField(3)).isCloseTo(VectorMetric.COSINE.distance(query, rows.get(id), 0), within(1e-9));
                if (exact.contains(id)) {
                    found++;
                }
            }
            queries++;
        }
        assertThat(found / (10.0 * queries)).isGreaterThanOrEqualTo(0.95);
    }

    @Test
    void testNeverStale()
    {
        assertUpdate("CREATE TABLE iceberg.vectors.fresh AS SELECT * FROM iceberg.vectors.items", 3000);
        assertUpdate("CALL feature_store.system.create_vector_index(table_name => 'iceberg.vectors.fresh', column_name => 'embedding')");
        long indexedSnapshot = (long) computeScalar("SELECT snapshot_id FROM iceberg.vectors.\"fresh$snapshots\" ORDER BY committed_at DESC LIMIT 1");

        // rows added since are searched exactly
        assertUpdate("INSERT INTO iceberg.vectors.fresh SELECT id + 10000, 'new', %s FROM UNNEST(sequence(1, 200)) AS t (id)".formatted(VECTOR), 200);
        assertThat(computeScalar("SELECT unindexed_rows FROM feature_store.system.vector_indexes WHERE table_name = 'iceberg.vectors.fresh'")).isEqualTo(200L);
        checkAgainstExact("iceberg.vectors.fresh", _ -> true, "");

        // deleted rows are never returned (merge-on-read deletes of indexed and unindexed files)
        assertUpdate("DELETE FROM iceberg.vectors.fresh WHERE id % 3 = 0", 1067);
        checkAgainstExact("iceberg.vectors.fresh", _ -> true, "");
        assertThat(computeScalar("SELECT count(*) FROM (%s) WHERE id %% 3 = 0".formatted(search("iceberg.vectors.fresh", vectors("iceberg.vectors.items").get(300L), 50, "")))).isEqualTo(0L);

        // refreshed: everything is indexed again, and the answers stay exact
        assertUpdate("CALL feature_store.system.refresh_vector_index('iceberg.vectors.fresh', 'embedding')");
        assertThat(computeScalar("SELECT unindexed_rows FROM feature_store.system.vector_indexes WHERE table_name = 'iceberg.vectors.fresh'")).isEqualTo(0L);
        assertThat(computeScalar("SELECT segments FROM feature_store.system.vector_indexes WHERE table_name = 'iceberg.vectors.fresh'")).isEqualTo(2);
        checkAgainstExact("iceberg.vectors.fresh", _ -> true, "");

        // an older snapshot still has the deleted rows, and finds them
        float[] query = vectors("iceberg.vectors.items").get(300L);
        MaterializedResult old = computeActual(search("iceberg.vectors.fresh", query, 1, ", version => '%s'".formatted(indexedSnapshot)));
        assertThat(old.getMaterializedRows().getFirst().getField(0)).isEqualTo(300L);
        assertThat(computeScalar(search("iceberg.vectors.fresh", query, 1, "").replace("SELECT *", "SELECT id"))).isNotEqualTo(300L);

        // replaced: every data file is new, and searched exactly until the next refresh
        assertUpdate("CREATE OR REPLACE TABLE iceberg.vectors.fresh AS SELECT id, category, embedding FROM iceberg.vectors.items WHERE id <= 500", 500);
        checkAgainstExact("iceberg.vectors.fresh", _ -> true, "");
        assertUpdate("CALL feature_store.system.refresh_vector_index('iceberg.vectors.fresh', 'embedding')");
        // the segments of files no snapshot reads any more are gone
        assertThat(computeScalar("SELECT segments FROM feature_store.system.vector_indexes WHERE table_name = 'iceberg.vectors.fresh'")).isEqualTo(1);
        checkAgainstExact("iceberg.vectors.fresh", _ -> true, "");
    }

    @Test
    void testFilteredSearch()
    {
        assertUpdate("CREATE TABLE iceberg.vectors.filtered AS SELECT * FROM iceberg.vectors.items", 3000);
        assertUpdate("CALL feature_store.system.create_vector_index(table_name => 'iceberg.vectors.filtered', column_name => 'embedding')");
        assertUpdate("INSERT INTO iceberg.vectors.filtered SELECT id + 10000, 'rare', %s FROM UNNEST(sequence(1, 12)) AS t (id)".formatted(VECTOR), 12);
        // a common value, and a rare one whose rows are few: k rows when k rows match
        checkAgainstExact("iceberg.vectors.filtered", category -> category.equals("c2"), ", filter_column => 'category', filter_values => ARRAY['c2']");
        checkAgainstExact("iceberg.vectors.filtered", category -> category.equals("rare") || category.equals("c4"), ", filter_column => 'category', filter_values => ARRAY['rare', 'c4']");
        float[] query = vectors("iceberg.vectors.items").get(7L);
        assertThat(computeScalar("SELECT count(*) FROM (%s)".formatted(search("iceberg.vectors.filtered", query, 10, ", filter_column => 'category', filter_values => ARRAY['rare']")))).isEqualTo(10L);
        assertThat(computeScalar("SELECT count(*) FROM (%s)".formatted(search("iceberg.vectors.filtered", query, 10, ", filter_column => 'id', filter_values => ARRAY['10001', '10002']")))).isEqualTo(2L);
    }

    @Test
    void testMetrics()
    {
        for (VectorMetric metric : VectorMetric.values()) {
            String table = "iceberg.vectors.metric_" + metric.sqlName();
            assertUpdate("CREATE TABLE %s AS SELECT * FROM iceberg.vectors.items".formatted(table), 3000);
            assertUpdate("CALL feature_store.system.create_vector_index(table_name => '%s', column_name => 'embedding', metric => '%s', max_degree => 12, beam_width => 60)".formatted(table, metric.sqlName()));
            assertThat(computeScalar("SELECT metric FROM feature_store.system.vector_indexes WHERE table_name = '%s'".formatted(table))).isEqualTo(metric.sqlName());
            Map<Long, float[]> rows = vectors(table);
            float[] query = rows.get(1234L);
            List<Long> exact = exactNearest(rows, query, metric, 5, _ -> true);
            MaterializedResult result = computeActual(search(table, query, 5, ""));
            assertThat(result.getMaterializedRows().stream().map(row -> (Long) row.getField(0)).toList()).isEqualTo(exact);
            assertThat((double) result.getMaterializedRows().getFirst().getField(3)).isCloseTo(metric.distance(query, rows.get(exact.getFirst()), 0), within(1e-9));
        }
    }

    /**
     * A varbinary column of vectors packed by vector_pack (float16, then int8, bfloat16 and float32
     * rows appended) is
     * indexed and searched as its vectors unpacked: the rows come back with their packed values as
     * stored, and the distances are those of trino-ml-functions' cosine_distance on the packed values.
     */
    @Test
    void testPackedColumn()
    {
        assertUpdate("CREATE TABLE iceberg.vectors.packed AS SELECT id, category, vector_pack(embedding, 'float16') AS packed FROM iceberg.vectors.items", 3000);
        assertUpdate("CALL feature_store.system.create_vector_index(table_name => 'iceberg.vectors.packed', column_name => 'packed')");
        assertUpdate("INSERT INTO iceberg.vectors.packed SELECT id + 10000, 'new', vector_pack(embedding, CASE WHEN id <= 100 THEN 'int8' WHEN id <= 200 THEN 'bfloat16' ELSE 'float32' END) FROM iceberg.vectors.items WHERE id <= 300", 300);
        assertThat(computeScalar("SELECT unindexed_rows FROM feature_store.system.vector_indexes WHERE table_name = 'iceberg.vectors.packed'")).isEqualTo(300L);
        checkPackedAgainstExact();
        assertUpdate("CALL feature_store.system.refresh_vector_index('iceberg.vectors.packed', 'packed')");
        assertThat(computeScalar("SELECT unindexed_rows FROM feature_store.system.vector_indexes WHERE table_name = 'iceberg.vectors.packed'")).isEqualTo(0L);
        checkPackedAgainstExact();

        assertUpdate("CREATE TABLE iceberg.vectors.packed_binary AS SELECT id, vector_pack(embedding, 'binary') AS packed FROM iceberg.vectors.items WHERE id <= 10", 10);
        assertThat(query("CALL feature_store.system.create_vector_index(table_name => 'iceberg.vectors.packed_binary', column_name => 'packed')"))
                .failure().hasMessage("Column packed of iceberg.vectors.packed_binary holds binary vectors, which a vector index does not read (search them with hamming_distance)");
        assertUpdate("CREATE TABLE iceberg.vectors.packed_bad AS SELECT id, to_utf8(category) AS packed FROM iceberg.vectors.items WHERE id <= 10", 10);
        assertThat(query("CALL feature_store.system.create_vector_index(table_name => 'iceberg.vectors.packed_bad', column_name => 'packed')"))
                .failure().hasMessage("Column packed of iceberg.vectors.packed_bad holds a value that is not a packed vector (make them with vector_pack)");
    }

    private void checkPackedAgainstExact()
    {
        Map<Long, String> stored = computeActual("SELECT id, to_hex(packed) FROM iceberg.vectors.packed").getMaterializedRows().stream()
                .collect(Collectors.toMap(row -> (Long) row.getField(0), row -> (String) row.getField(1)));
        Map<Long, float[]> items = vectors("iceberg.vectors.items");
        int found = 0;
        for (long queryId : List.of(3L, 300L, 1501L, 2999L)) {
            String query = IntStream.range(0, DIMENSION).mapToObj(index -> "REAL '%s'".formatted(items.get(queryId)[index])).collect(Collectors.joining(", ", "ARRAY[", "]"));
            List<Long> exact = computeActual("SELECT id FROM iceberg.vectors.packed ORDER BY cosine_distance(packed, %s), id LIMIT 10".formatted(query)).getOnlyColumnAsSet().stream()
                    .map(Long.class::cast)
                    .toList();
            MaterializedResult result = computeActual(
                    "SELECT id, to_hex(packed), distance, cosine_distance(packed, %1$s) FROM TABLE(feature_store.system.vector_search(table_name => 'iceberg.vectors.packed', column_name => 'packed', query => %1$s, k => 10)) ORDER BY distance LIMIT 10"
                            .formatted(query));
            assertThat(result.getRowCount()).isEqualTo(10);
            for (MaterializedRow row : result.getMaterializedRows()) {
                assertThat(row.getField(1)).isEqualTo(stored.get((Long) row.getField(0)));
                // the functions' SIMD kernels sum float products in lanes, the index in double
                assertThat((double) row.getField(2)).isCloseTo((double) row.getField(3), within(1e-6));
                if (exact.contains((Long) row.getField(0))) {
                    found++;
                }
            }
        }
        assertThat(found).isGreaterThanOrEqualTo(38);
    }

    /**
     * A call of one split orders and limits its rows itself, as the engine does when it orders
     * and limits them (pushdown into connectors off), for any order a query asks; a call of
     * several splits leaves that to the engine.
     */
    @Test
    void testOrderAndLimitOfOneSplit()
    {
        assertUpdate("CREATE TABLE iceberg.vectors.ordered AS SELECT id, CASE WHEN id % 4 = 0 THEN NULL ELSE category END AS category, embedding FROM iceberg.vectors.items", 3000);
        assertUpdate("CALL feature_store.system.create_vector_index(table_name => 'iceberg.vectors.ordered', column_name => 'embedding')");
        Session engineOrders = Session.builder(getSession())
                .setSystemProperty("allow_pushdown_into_connectors", "false")
                .build();
        String call = search("iceberg.vectors.ordered", vectors("iceberg.vectors.items").get(1234L), 40, "").replaceFirst(" ORDER BY distance LIMIT 40$", "");
        List<String> queries = List.of(
                "SELECT id FROM (%s) ORDER BY distance LIMIT 10",
                "SELECT id, distance FROM (%s) ORDER BY distance DESC, id LIMIT 7",
                "SELECT id, category FROM (%s) ORDER BY category NULLS FIRST, id DESC LIMIT 12",
                "SELECT category, id FROM (%s) ORDER BY category DESC NULLS LAST, distance LIMIT 100",
                "SELECT embedding, distance FROM (%s) ORDER BY distance, id LIMIT 3",
                "SELECT distance FROM (%s) LIMIT 5",
                "SELECT id FROM (%s) ORDER BY id");
        for (String query : queries) {
            String sql = query.formatted(call);
            MaterializedResult expected = computeActual(engineOrders, sql);
            MaterializedResult actual = computeActual(sql);
            // the rows, in the order asked (LIMIT without ORDER BY: the nearest)
            assertThat(actual.getMaterializedRows()).as(query).isEqualTo(expected.getMaterializedRows());
        }
        assertThat(computeActual("EXPLAIN " + queries.getFirst().formatted(call)).getOnlyValue().toString()).doesNotContain("TopN");

        // rows added since the index was made are a split of their own: the engine orders and limits
        assertUpdate("INSERT INTO iceberg.vectors.ordered SELECT id + 10000, 'new', embedding FROM iceberg.vectors.items WHERE id <= 100", 100);
        String twoSplits = queries.getFirst().formatted(call);
        assertThat(computeActual("EXPLAIN " + twoSplits).getOnlyValue().toString()).contains("TopN");
        assertThat(computeActual(twoSplits).getMaterializedRows()).isEqualTo(computeActual(engineOrders, twoSplits).getMaterializedRows());
    }

    @Test
    void testDropRemovesTheFiles()
            throws IOException
    {
        assertUpdate("CREATE TABLE iceberg.vectors.dropped AS SELECT * FROM iceberg.vectors.items WHERE id <= 300", 300);
        assertUpdate("CALL feature_store.system.create_vector_index(table_name => 'iceberg.vectors.dropped', column_name => 'embedding')");
        Path indexDirectory = indexDirectory("dropped");
        assertThat(segmentFiles(indexDirectory)).hasSize(1);
        assertUpdate("CALL feature_store.system.drop_vector_index('iceberg.vectors.dropped', 'embedding')");
        assertThat(segmentFiles(indexDirectory)).isEmpty();
        assertThat(computeScalar("SELECT count(*) FROM feature_store.system.vector_indexes WHERE table_name = 'iceberg.vectors.dropped'")).isEqualTo(0L);
        assertThat(query(search("iceberg.vectors.dropped", new float[DIMENSION], 3, "")))
                .failure().hasMessage("Column embedding of iceberg.vectors.dropped has no vector index; make one with CALL system.create_vector_index(table_name => 'iceberg.vectors.dropped', column_name => 'embedding')");

        // a dropped table's index goes with it, within the coordinator's cleanup interval
        assertUpdate("CALL feature_store.system.create_vector_index(table_name => 'iceberg.vectors.dropped', column_name => 'embedding')");
        assertUpdate("DROP TABLE iceberg.vectors.dropped");
        waitUntilRemoved("SELECT count(*) FROM feature_store.system.vector_indexes WHERE table_name = 'iceberg.vectors.dropped'");
        assertThat(segmentFiles(indexDirectory)).isEmpty();

        // a table made again under that name is another table: its index replaces the old one's at once
        assertUpdate("CREATE TABLE iceberg.vectors.dropped AS SELECT * FROM iceberg.vectors.items WHERE id <= 300", 300);
        assertUpdate("CALL feature_store.system.create_vector_index(table_name => 'iceberg.vectors.dropped', column_name => 'embedding')");
        assertUpdate("DROP TABLE iceberg.vectors.dropped");
        assertUpdate("CREATE TABLE iceberg.vectors.dropped AS SELECT * FROM iceberg.vectors.items WHERE id <= 100", 100);
        assertUpdate("CALL feature_store.system.create_vector_index(table_name => 'iceberg.vectors.dropped', column_name => 'embedding', if_not_exists => true)");
        assertThat(computeScalar("SELECT indexed_rows FROM feature_store.system.vector_indexes WHERE table_name = 'iceberg.vectors.dropped'")).isEqualTo(100L);
    }

    /**
     * The segments that cover only data files of expired snapshots are removed with their files;
     * the index stays.
     */
    @Test
    void testExpiredSnapshotsTakeTheirSegments()
            throws IOException
    {
        assertUpdate("CREATE TABLE iceberg.vectors.expired AS SELECT * FROM iceberg.vectors.items WHERE id <= 300", 300);
        assertUpdate("CALL feature_store.system.create_vector_index(table_name => 'iceberg.vectors.expired', column_name => 'embedding')");
        Path indexDirectory = indexDirectory("expired");
        Set<Path> first = segmentFiles(indexDirectory);
        assertThat(first).hasSize(1);

        // every row replaced, and indexed again: the first segment still serves the older snapshots
        assertUpdate("CREATE OR REPLACE TABLE iceberg.vectors.expired AS SELECT * FROM iceberg.vectors.items WHERE id > 2800", 200);
        assertUpdate("CALL feature_store.system.refresh_vector_index('iceberg.vectors.expired', 'embedding')");
        Set<Path> second = segmentFiles(indexDirectory);
        second.removeAll(first);
        assertThat(second).hasSize(1);

        // no snapshot reads the first segment's files any more
        assertUpdate("ALTER TABLE iceberg.vectors.expired EXECUTE expire_snapshots(retention_threshold => '0s')");
        waitUntilRemoved("SELECT count(*) - 1 FROM feature_store.system.vector_indexes WHERE table_name = 'iceberg.vectors.expired' AND segments = 1");
        assertThat(segmentFiles(indexDirectory)).isEqualTo(second);
        checkAgainstExact("iceberg.vectors.expired", _ -> true, "");
    }

    /**
     * Waits for the coordinator's cleaner until a count is 0.
     */
    private void waitUntilRemoved(String count)
    {
        long deadline = System.nanoTime() + SECONDS.toNanos(60);
        while ((long) computeScalar(count) != 0) {
            assertThat(System.nanoTime()).as("still there after 60 s: " + count).isLessThan(deadline);
            sleepUninterruptibly(200, MILLISECONDS);
        }
    }

    @Test
    void testBadInput()
    {
        assertUpdate("CREATE TABLE iceberg.vectors.bad AS SELECT * FROM iceberg.vectors.items WHERE id <= 100", 100);
        assertUpdate("CALL feature_store.system.create_vector_index(table_name => 'iceberg.vectors.bad', column_name => 'embedding')");
        assertThat(query("CALL feature_store.system.create_vector_index(table_name => 'iceberg.vectors.bad', column_name => 'embedding')"))
                .failure().hasMessage("Column embedding of iceberg.vectors.bad has a vector index already");
        assertUpdate("CALL feature_store.system.create_vector_index(table_name => 'iceberg.vectors.bad', column_name => 'embedding', metric => 'l2', if_not_exists => true)");
        assertThat(computeScalar("SELECT metric FROM feature_store.system.vector_indexes WHERE table_name = 'iceberg.vectors.bad'")).isEqualTo("cosine");
        assertThat(query("CALL feature_store.system.create_vector_index(table_name => 'iceberg.vectors.bad', column_name => 'category')"))
                .failure().hasMessage("Column category of iceberg.vectors.bad is varchar; a vector index reads array(real) columns and varbinary columns of packed vectors");
        assertThat(query("CALL feature_store.system.create_vector_index(table_name => 'iceberg.vectors.bad', column_name => 'nothing')"))
                .failure().hasMessage("column_name 'nothing' is not a column of iceberg.vectors.bad");
        assertThat(query("CALL feature_store.system.create_vector_index(table_name => 'iceberg.vectors.missing', column_name => 'embedding')"))
                .failure().hasMessage("Source table iceberg.vectors.missing does not exist");
        assertThat(query("CALL feature_store.system.create_vector_index(table_name => 'iceberg.vectors.bad', column_name => 'embedding', metric => 'hamming')"))
                .failure().hasMessage("metric must be one of [cosine, l2, inner_product], not 'hamming'");
        assertThat(query("CALL feature_store.system.create_vector_index(table_name => 'iceberg.vectors.bad', column_name => 'embedding', max_degree => 0)"))
                .failure().hasMessage("max_degree must be between 4 and 128, not 0");
        assertThat(query("CALL feature_store.system.refresh_vector_index('iceberg.vectors.bad', 'category')"))
                .failure().hasMessage("Column category of iceberg.vectors.bad has no vector index; make one with CALL system.create_vector_index(table_name => 'iceberg.vectors.bad', column_name => 'category')");

        String table = "feature_store.system.vector_search(table_name => 'iceberg.vectors.bad', column_name => 'embedding'";
        String query = "ARRAY[%s]".formatted(IntStream.range(0, DIMENSION).mapToObj(_ -> "REAL '0.5'").collect(Collectors.joining(", ")));
        assertThat(query("SELECT * FROM TABLE(%s, query => ARRAY[REAL '1', REAL '2']))".formatted(table)))
                .failure().hasMessage("query has 2 dimensions; the vectors of iceberg.vectors.bad.embedding have 24");
        assertThat(query("SELECT * FROM TABLE(%s, query => %s, k => 0))".formatted(table, query)))
                .failure().hasMessage("k must be between 1 and 10000, not 0");
        assertThat(query("SELECT * FROM TABLE(%s, query => %s, k => -3))".formatted(table, query)))
                .failure().hasMessage("k must be between 1 and 10000, not -3");
        assertThat(query("SELECT * FROM TABLE(%s, query => CAST(NULL AS array(real))))".formatted(table)))
                .failure().hasMessage("query must not be NULL");
        assertThat(query("SELECT * FROM TABLE(%s, query => ARRAY[REAL '1', NULL]))".formatted(table)))
                .failure().hasMessage("query must not contain NULL");
        assertThat(query("SELECT * FROM TABLE(%s, query => %s))".formatted(table, query.replace("0.5", "0"))))
                .failure().hasMessage("query is a zero vector, which has no cosine distance");
        assertThat(query("SELECT * FROM TABLE(%s, query => %s))".formatted(table, query.replaceFirst("0.5", "NaN"))))
                .failure().hasMessage("query must hold finite numbers, not NaN");
        assertThat(query("SELECT * FROM TABLE(%s, query => %s))".formatted(table, query.replace("0.5", "1e30"))))
                .failure().hasMessage("query is too large: its squared norm is beyond the range of real");

        // vectors whose distances are not numbers (an infinite element, too large a norm) are neither indexed nor found
        String notFinite = "SELECT id, category, CASE id %% 3 WHEN 0 THEN transform(embedding, x -> x * REAL 'Infinity') WHEN 1 THEN transform(embedding, x -> x * REAL '1e25') ELSE embedding END AS embedding FROM iceberg.vectors.items WHERE id <= %s";
        assertUpdate("CREATE TABLE iceberg.vectors.not_finite (id, category, embedding) AS " + notFinite.formatted(300), 300);
        assertUpdate("CALL feature_store.system.create_vector_index(table_name => 'iceberg.vectors.not_finite', column_name => 'embedding')");
        assertUpdate("INSERT INTO iceberg.vectors.not_finite SELECT id + 1000, category, embedding FROM (%s)".formatted(notFinite.formatted(300)), 300);
        assertThat(computeActual(search("iceberg.vectors.not_finite", vectors("iceberg.vectors.items").get(5L), 300, "").replace("SELECT *", "SELECT id")).getOnlyColumnAsSet())
                .hasSize(200)
                .allMatch(id -> (long) id % 1000 % 3 == 2);
        assertThat(query("SELECT * FROM TABLE(%s, query => %s, filter_column => 'category'))".formatted(table, query)))
                .failure().hasMessage("filter_column needs filter_values: the values a row may have");
        assertThat(query("SELECT * FROM TABLE(%s, query => %s, filter_column => 'embedding', filter_values => ARRAY['x']))".formatted(table, query)))
                .failure().hasMessage("filter_column embedding is array(real); vector_search filters varchar and integer columns");
        assertThat(query("SELECT * FROM TABLE(%s, query => %s, filter_column => 'id', filter_values => ARRAY['x']))".formatted(table, query)))
                .failure().hasMessage("filter_values must be integers for filter_column id, not 'x'");
        assertThat(query("SELECT * FROM TABLE(%s, query => %s, version => 'no_such_branch'))".formatted(table, query)))
                .failure().hasMessage("iceberg.vectors.bad has no snapshot, branch or tag 'no_such_branch'; its branches and tags are [main]");
        assertThat(query("SELECT * FROM TABLE(feature_store.system.vector_search(table_name => 'iceberg.vectors.bad', column_name => 'category', query => %s))".formatted(query)))
                .failure().hasMessage("Column category of iceberg.vectors.bad has no vector index; make one with CALL system.create_vector_index(table_name => 'iceberg.vectors.bad', column_name => 'category')");
    }

    /**
     * vector_search with k 10 equals the exact 10 nearest rows that pass a filter, for a few queries.
     */
    private void checkAgainstExact(String table, Predicate<String> category, String arguments)
    {
        Map<Long, float[]> rows = vectors(table);
        Map<Long, String> categories = computeActual("SELECT id, category FROM " + table).getMaterializedRows().stream()
                .collect(Collectors.toMap(row -> (Long) row.getField(0), row -> (String) row.getField(1)));
        Map<Long, float[]> items = vectors("iceberg.vectors.items");
        int found = 0;
        int expected = 0;
        for (long queryId : List.of(3L, 300L, 1501L, 2999L)) {
            float[] query = items.get(queryId);
            List<Long> exact = exactNearest(rows, query, VectorMetric.COSINE, 10, id -> category.test(categories.get(id)));
            List<Long> result = computeActual(search(table, query, 10, arguments)).getMaterializedRows().stream().map(row -> (Long) row.getField(0)).toList();
            assertThat(result).hasSize(exact.size());
            assertThat(result).allMatch(id -> rows.containsKey(id) && category.test(categories.get(id)));
            found += (int) result.stream().filter(exact::contains).count();
            expected += exact.size();
        }
        assertThat(found).isGreaterThanOrEqualTo((int) Math.ceil(0.95 * expected));
    }

    private static String search(String table, float[] query, int k, String arguments)
    {
        String vector = IntStream.range(0, query.length).mapToObj(index -> "REAL '%s'".formatted(query[index])).collect(Collectors.joining(", ", "ARRAY[", "]"));
        return "SELECT * FROM TABLE(feature_store.system.vector_search(table_name => '%s', column_name => 'embedding', query => %s, k => %d%s)) ORDER BY distance LIMIT %d"
                .formatted(table, vector, k, arguments, k);
    }

    private Map<Long, float[]> vectors(String table)
    {
        return computeActual("SELECT id, embedding FROM " + table).getMaterializedRows().stream()
                .collect(Collectors.toMap(row -> (Long) row.getField(0), row -> toFloats(row.getField(1))));
    }

    private static List<Long> exactNearest(Map<Long, float[]> rows, float[] query, VectorMetric metric, int k, Predicate<Long> accepted)
    {
        return rows.entrySet().stream()
                .filter(entry -> accepted.test(entry.getKey()))
                .sorted(Comparator.comparingDouble((Map.Entry<Long, float[]> entry) -> metric.distance(query, entry.getValue(), 0)).thenComparing(Map.Entry::getKey))
                .limit(k)
                .map(Map.Entry::getKey)
                .toList();
    }

    private static float[] toFloats(Object value)
    {
        List<?> values = (List<?>) value;
        float[] floats = new float[values.size()];
        for (int index = 0; index < floats.length; index++) {
            floats[index] = (Float) values.get(index);
        }
        return floats;
    }

    /**
     * The folder of the vector index files of a table of iceberg.vectors: vector-index beside the
     * table's data folder.
     */
    private Path indexDirectory(String table)
    {
        String dataFile = (String) computeScalar("SELECT file_path FROM iceberg.vectors.\"%s$files\" LIMIT 1".formatted(table));
        return Path.of(dataFile.replaceFirst("^(file|local):/+", "/")).getParent().getParent().resolve("vector-index");
    }

    private static Set<Path> segmentFiles(Path directory)
            throws IOException
    {
        if (!Files.exists(directory)) {
            return Set.of();
        }
        try (Stream<Path> files = Files.walk(directory)) {
            return files.filter(Files::isRegularFile).collect(Collectors.toCollection(HashSet::new));
        }
    }
}
