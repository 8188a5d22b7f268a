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
package io.lakehouseml.feature.join;

import io.lakehouseml.feature.FeatureStoreQueryRunner;
import io.trino.testing.AbstractTestQueryFramework;
import io.trino.testing.MaterializedRow;
import io.trino.testing.QueryRunner;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.StringJoiner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code point_in_time_join} against a plain reference implementation on thousands of random small
 * cases, on Iceberg tables of a distributed query runner: ties, equal timestamps, TTL edges, NULL
 * keys, timestamps and values, duplicate spine rows, composite keys whose concatenations collide,
 * backfilled rows, and both timestamp types.
 */
final class TestPointInTimeJoin
        extends AbstractTestQueryFramework
{
    private static final int CASES = 2000;
    private static final long[] FIRST_KEYS = {1, 11, 2};
    private static final String[] SECOND_KEYS = {"2", "12", "1"};

    private final List<SpineRow> spine = new ArrayList<>();
    private final List<FeatureRow> features = new ArrayList<>();

    @Override
    protected QueryRunner createQueryRunner()
            throws Exception
    {
        return FeatureStoreQueryRunner.builder().build();
    }

    @BeforeAll
    void createCases()
    {
        Random random = new Random(20261123);
        for (int testCase = 0; testCase < CASES; testCase++) {
            int spineRows = 1 + random.nextInt(6);
            for (int i = 0; i < spineRows; i++) {
                spine.add(new SpineRow(spine.size(), testCase, firstKey(random), secondKey(random), random.nextInt(25) == 0 ? null : (long) random.nextInt(40)));
                if (random.nextInt(6) == 0) {
                    // a duplicate spine row
                    SpineRow last = spine.getLast();
                    spine.add(new SpineRow(spine.size(), last.testCase(), last.firstKey(), last.secondKey(), last.minute()));
                }
            }
            int featureRows = random.nextInt(10);
            for (int i = 0; i < featureRows; i++) {
                Long minute = random.nextInt(30) == 0 ? null : (long) random.nextInt(40);
                Long created = minute == null || random.nextInt(5) == 0 ? null : minute + (random.nextInt(3) == 0 ? random.nextInt(20) : random.nextInt(2));
                features.add(new FeatureRow(
                        testCase,
                        firstKey(random),
                        secondKey(random),
                        minute,
                        created,
                        random.nextInt(8) == 0 ? null : (long) random.nextInt(5),
                        random.nextInt(8) == 0 ? null : "v" + random.nextInt(5)));
            }
        }
        assertUpdate("CREATE TABLE spine (spine_id bigint, test_case integer, k1 bigint, k2 varchar, ts timestamp(6), label varchar)");
        assertUpdate("CREATE TABLE feature_rows (test_case integer, k1 bigint, k2 varchar, ts timestamp(6), created_ts timestamp(6), f1 bigint, f2 varchar)");
        insert("spine", spine.stream().map(row -> "(%s, %s, %s, %s, %s, 'label%s')".formatted(row.id(), row.testCase(), literal(row.firstKey()), literal(row.secondKey()), timestamp(row.minute()), row.id())).toList());
        insert("feature_rows", features.stream().map(row -> "(%s, %s, %s, %s, %s, %s, %s)".formatted(
                row.testCase(),
                literal(row.firstKey()),
                literal(row.secondKey()),
                timestamp(row.minute()),
                timestamp(row.created()),
                literal(row.f1()),
                literal(row.f2()))).toList());
    }

    @Test
    void testAgainstReference()
    {
        for (boolean withCreated : new boolean[] {false, true}) {
            for (boolean respectCreated : new boolean[] {true, false}) {
                if (!withCreated && !respectCreated) {
                    continue;
                }
                for (Long ttl : new Long[] {null, 5L}) {
                    for (String timestampType : new String[] {"timestamp(6)", "timestamp(6) with time zone", "timestamp(3)"}) {
                        verify(withCreated, respectCreated, ttl, timestampType);
                    }
                }
            }
        }
    }

    /**
     * Two feature views with different entity keys: the result of the first join is the spine of
     * the second.
     */
    @Test
    void testFeatureViewsWithDifferentKeys()
    {
        String sql =
                """
                SELECT spine_id, f1, f2, g1
                FROM TABLE(feature_store.system.point_in_time_join(
                    input => TABLE(
                        SELECT spine_id, test_case, k1, ts, f1, f2, CAST(NULL AS bigint) AS g1, CAST(NULL AS timestamp(6)) AS created_ts, 'spine' AS row_kind
                        FROM TABLE(%s)
                        UNION ALL
                        SELECT NULL, test_case, k1, ts, NULL, NULL, f1, created_ts, 'feature'
                        FROM feature_rows)
                        PARTITION BY (test_case, k1),
                    timestamp_column => 'ts',
                    features => DESCRIPTOR(g1),
                    created_timestamp_column => 'created_ts'))
                """.formatted(pointInTimeJoin(true, true, null, "timestamp(6)"));
        Map<Long, Set<List<Object>>> byBothKeys = reference(true, true, null, true);
        Map<Long, Set<List<Object>>> byFirstKey = reference(true, true, null, false);
        List<MaterializedRow> rows = computeActual(sql).getMaterializedRows();
        assertThat(rows).hasSize(spine.size());
        for (MaterializedRow row : rows) {
            long spineId = (Long) row.getField(0);
            assertThat(byBothKeys.get(spineId)).as("spine row %s", spineId).contains(listOf(row.getField(1), row.getField(2)));
            assertThat(byFirstKey.get(spineId).stream().map(List::getFirst)).as("spine row %s", spineId).contains(row.getField(3));
        }
        assertThat(rows.stream().filter(row -> row.getField(3) != null).count()).isGreaterThan(spine.size() / 4);
    }

    /**
     * Where feature rows tie, the one chosen does not depend on the order the rows arrive in: three
     * rows per entity and time that differ only in their values, written in one order to one table
     * and in the reverse order to another, give the same result.
     */
    @Test
    void testTiesDoNotDependOnRowOrder()
    {
        assertUpdate("CREATE TABLE tie_spine AS SELECT k, TIMESTAMP '2025-01-01 00:00:00' + s * INTERVAL '1' MINUTE AS ts FROM UNNEST(sequence(BIGINT '1', 200)) AS a (k) CROSS JOIN UNNEST(sequence(0, 9)) AS b (s)", 2000);
        assertUpdate("CREATE TABLE ties_in_order (k bigint, ts timestamp(6), f1 bigint, f2 varchar)");
        assertUpdate("CREATE TABLE ties_reversed (k bigint, ts timestamp(6), f1 bigint, f2 varchar)");
        for (int copy = 0; copy < 3; copy++) {
            String rows = "SELECT k, TIMESTAMP '2025-01-01 00:00:00' + m * INTERVAL '2' MINUTE, (k * 7 + m * 3 + %1$s * 11) %% 13, 'copy%1$s' FROM UNNEST(sequence(BIGINT '1', 200)) AS a (k) CROSS JOIN UNNEST(sequence(0, 4)) AS b (m)";
            assertUpdate("INSERT INTO ties_in_order " + rows.formatted(copy), 1000);
            assertUpdate("INSERT INTO ties_reversed " + rows.formatted(2 - copy), 1000);
        }
        String join =
                """
                SELECT k, ts, f1, f2
                FROM TABLE(feature_store.system.point_in_time_join(
                    input => TABLE(
                        SELECT k, ts, CAST(NULL AS bigint) AS f1, CAST(NULL AS varchar) AS f2, 'spine' AS row_kind FROM tie_spine
                        UNION ALL
                        SELECT k, ts, f1, f2, 'feature' FROM %s)
                        PARTITION BY k,
                    timestamp_column => 'ts',
                    features => DESCRIPTOR(f1, f2)))
                """;
        List<MaterializedRow> rows = computeActual(join.formatted("ties_in_order")).getMaterializedRows();
        assertThat(rows).hasSize(2000);
        assertThat(computeActual(join.formatted("ties_reversed")).getMaterializedRows()).containsExactlyInAnyOrderElementsOf(rows);
        // the tie is broken by the values, not always in favour of the same copy
        assertThat(rows.stream().map(row -> row.getField(3)).distinct()).hasSize(3);
    }

    @Test
    void testInvalidArguments()
    {
        String input = "TABLE(SELECT k1, ts, f1, 'spine' AS row_kind FROM feature_rows)";
        assertQueryFails("SELECT * FROM TABLE(feature_store.system.point_in_time_join(input => %s, timestamp_column => 'ts', features => DESCRIPTOR(f1)))".formatted(input),
                "point_in_time_join needs the input partitioned by the entity columns: TABLE\\(...\\) PARTITION BY <entity columns>");
        assertQueryFails("SELECT * FROM TABLE(feature_store.system.point_in_time_join(input => %s PARTITION BY k1, timestamp_column => 'f1', features => DESCRIPTOR(ts)))".formatted(input),
                "timestamp_column 'f1' must be a timestamp or a timestamp with time zone, not bigint");
        assertQueryFails("SELECT * FROM TABLE(feature_store.system.point_in_time_join(input => %s PARTITION BY k1, timestamp_column => 'missing', features => DESCRIPTOR(f1)))".formatted(input),
                "timestamp_column 'missing' is not a column of the input; its columns are \\[k1, ts, f1, row_kind\\]");
        assertQueryFails("SELECT * FROM TABLE(feature_store.system.point_in_time_join(input => %s PARTITION BY k1, timestamp_column => 'ts', features => DESCRIPTOR(k1)))".formatted(input),
                "feature 'k1' is named twice or is an entity, timestamp or kind column");
        assertQueryFails("SELECT * FROM TABLE(feature_store.system.point_in_time_join(input => %s PARTITION BY k1, timestamp_column => 'ts', features => DESCRIPTOR(f1), ttl => 'forever'))".formatted(input),
                "ttl must be a duration such as '30d', '12h' or '90m', not 'forever'");
        assertQueryFails("SELECT * FROM TABLE(feature_store.system.point_in_time_join(input => %s PARTITION BY k1, timestamp_column => 'ts', features => DESCRIPTOR(f1), respect_created_timestamp => NULL))".formatted(input),
                "respect_created_timestamp must be true or false, not NULL");
        assertQueryFails(
                "SELECT * FROM TABLE(feature_store.system.point_in_time_join(input => TABLE(SELECT k1, ts, f1, 'other' AS row_kind FROM feature_rows) PARTITION BY k1, timestamp_column => 'ts', features => DESCRIPTOR(f1)))",
                "point_in_time_join: the kind column holds 'other'; each input row must be 'spine' or 'feature'");
        assertQueryFails(
                "SELECT * FROM TABLE(feature_store.system.point_in_time_join(input => TABLE(SELECT k1, ts, f1, 'spine' AS row_kind FROM feature_rows WHERE f1 IS NOT NULL) PARTITION BY k1, timestamp_column => 'ts', features => DESCRIPTOR(f1)))",
                "point_in_time_join: feature 'f1' holds a value on a spine row; features must be NULL on spine rows");
    }

    private void verify(boolean withCreated, boolean respectCreated, Long ttlMinutes, String timestampType)
    {
        Map<Long, Set<List<Object>>> expected = reference(withCreated, respectCreated, ttlMinutes, true);
        List<MaterializedRow> rows = computeActual(join(withCreated, respectCreated, ttlMinutes, timestampType)).getMaterializedRows();
        String description = "created %s, respected %s, ttl %s, %s".formatted(withCreated, respectCreated, ttlMinutes, timestampType);
        assertThat(rows).as(description).hasSize(spine.size());
        Set<Long> seen = new HashSet<>();
        for (MaterializedRow row : rows) {
            long spineId = (Long) row.getField(0);
            assertThat(seen.add(spineId)).as("one row per spine row: %s", description).isTrue();
            assertThat(row.getField(1)).isEqualTo("label" + spineId);
            List<Object> values = new ArrayList<>();
            values.add(row.getField(2));
            values.add(row.getField(3));
            assertThat(expected.get(spineId)).as("spine row %s: %s", spineId, description).contains(values);
        }
    }

    private String join(boolean withCreated, boolean respectCreated, Long ttlMinutes, String timestampType)
    {
        return "SELECT spine_id, label, f1, f2 FROM TABLE(%s)".formatted(pointInTimeJoin(withCreated, respectCreated, ttlMinutes, timestampType));
    }

    private static String pointInTimeJoin(boolean withCreated, boolean respectCreated, Long ttlMinutes, String timestampType)
    {
        String created = withCreated ? "CAST(created_ts AS %s)".formatted(timestampType) : "CAST(NULL AS %s)".formatted(timestampType);
        // with time zones, the spine and the feature rows state the same instants in different zones
        String spineZone = timestampType.endsWith("with time zone") ? " AT TIME ZONE 'Asia/Kathmandu'" : "";
        String featureZone = timestampType.endsWith("with time zone") ? " AT TIME ZONE 'America/Los_Angeles'" : "";
        return """
               feature_store.system.point_in_time_join(
                   input => TABLE(
                       SELECT spine_id, test_case, k1, k2, CAST(ts AS %1$s)%5$s AS ts, label, CAST(NULL AS bigint) AS f1, CAST(NULL AS varchar) AS f2, CAST(NULL AS %1$s) AS created_ts, 'spine' AS row_kind
                       FROM spine
                       UNION ALL
                       SELECT NULL, test_case, k1, k2, CAST(ts AS %1$s)%6$s, NULL, f1, f2, %2$s, 'feature'
                       FROM feature_rows)
                       PARTITION BY (test_case, k1, k2),
                   timestamp_column => 'ts',
                   features => DESCRIPTOR(f1, f2),
                   created_timestamp_column => 'created_ts',
                   ttl => %3$s,
                   respect_created_timestamp => %4$s)
               """.formatted(timestampType, created, ttlMinutes == null ? "NULL" : "'%sm'".formatted(ttlMinutes), respectCreated, spineZone, featureZone);
    }

    /**
     * For each spine row, every acceptable (f1, f2), from the plain reference.
     */
    private Map<Long, Set<List<Object>>> reference(boolean withCreated, boolean respectCreated, Long ttlMinutes, boolean bothKeys)
    {
        List<PointInTimeReference.SpineRow> spineRows = spine.stream()
                .map(row -> new PointInTimeReference.SpineRow(row.id(), key(row.testCase(), row.firstKey(), row.secondKey(), bothKeys), row.minute()))
                .toList();
        List<PointInTimeReference.FeatureRow> featureRows = features.stream()
                .map(row -> new PointInTimeReference.FeatureRow(
                        key(row.testCase(), row.firstKey(), row.secondKey(), bothKeys),
                        row.minute(),
                        withCreated ? row.created() : null,
                        listOf(row.f1(), row.f2())))
                .toList();
        return PointInTimeReference.expected(spineRows, featureRows, 2, respectCreated, ttlMinutes);
    }

    private static List<Object> key(int testCase, Long firstKey, String secondKey, boolean bothKeys)
    {
        List<Object> key = new ArrayList<>();
        key.add(testCase);
        key.add(firstKey);
        if (bothKeys) {
            key.add(secondKey);
        }
        return key;
    }

    private void insert(String table, List<String> values)
    {
        for (int start = 0; start < values.size(); start += 2000) {
            List<String> batch = values.subList(start, Math.min(values.size(), start + 2000));
            StringJoiner rows = new StringJoiner(", ");
            batch.forEach(rows::add);
            assertUpdate("INSERT INTO %s VALUES %s".formatted(table, rows), batch.size());
        }
    }

    private static Long firstKey(Random random)
    {
        return random.nextInt(12) == 0 ? null : FIRST_KEYS[random.nextInt(FIRST_KEYS.length)];
    }

    private static String secondKey(Random random)
    {
        return random.nextInt(12) == 0 ? null : SECOND_KEYS[random.nextInt(SECOND_KEYS.length)];
    }

    private static String timestamp(Long minute)
    {
        return minute == null ? "NULL" : "TIMESTAMP '2025-03-30 00:00:00' + INTERVAL '%s' MINUTE".formatted(minute);
    }

    private static String literal(Object value)
    {
        if (value == null) {
            return "NULL";
        }
        return value instanceof String string ? "'" + string + "'" : value.toString();
    }

    private static List<Object> listOf(Object first, Object second)
    {
        List<Object> list = new ArrayList<>();
        list.add(first);
        list.add(second);
        return list;
    }

    private record SpineRow(long id, int testCase, Long firstKey, String secondKey, Long minute) {}

    private record FeatureRow(int testCase, Long firstKey, String secondKey, Long minute, Long created, Long f1, String f2) {}
}
