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

import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableSet;
import io.lakehouseml.feature.FeatureStoreQueryRunner;
import io.trino.operator.OperatorStats;
import io.trino.spi.Page;
import io.trino.spi.QueryId;
import io.trino.spi.block.LongArrayBlock;
import io.trino.testing.AbstractTestQueryFramework;
import io.trino.testing.DistributedQueryRunner;
import io.trino.testing.MaterializedResult;
import io.trino.testing.MaterializedRow;
import io.trino.testing.QueryRunner;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static java.lang.Math.toIntExact;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * point_in_time_features, which reads the Iceberg files itself, against the plain reference
 * ({@link PointInTimeReference}) over the rows of the same tables as the engine reads them, on a
 * coordinator and two workers: ties of event and created times, backfills, TTL, NULL keys,
 * timestamps and values, duplicate spine rows, a composite key, keys of equal hashes, several data
 * files, bucketed and partitioned tables, schema evolution.
 */
final class TestFeatureJoin
        extends AbstractTestQueryFramework
{
    private static final String CREATED_AND_TTL = ", created_timestamp_column => 'created_ts', ttl => '30d'";
    private static final long THIRTY_DAYS = 30L * 24 * 3600 * 1_000_000;
    private static final long SEVEN_DAYS = 7L * 24 * 3600 * 1_000_000;
    // a pseudo-random bigint in [0, bound) from a hash of the expression
    private static final String RANDOM = "CAST(bitwise_and(from_big_endian_64(xxhash64(to_big_endian_64(%s))), 1099511627775) %% %s AS bigint)";

    @Override
    protected QueryRunner createQueryRunner()
            throws Exception
    {
        return FeatureStoreQueryRunner.builder().build();
    }

    @BeforeAll
    void createSources()
    {
        assertUpdate("CREATE SCHEMA iceberg.pit");
        assertUpdate("CREATE TABLE iceberg.pit.users (user_id bigint, event_ts timestamp(6) with time zone, created_ts timestamp(6) with time zone, spend double, tier varchar)");
        assertUpdate("CREATE TABLE iceberg.pit.labels (label_id bigint, user_id bigint, region varchar, shop integer, label_ts timestamp(6) with time zone)");
        assertUpdate("CREATE TABLE iceberg.pit.shops (region varchar, shop integer, event_ts timestamp(6), rating integer)");
        for (int batch = 0; batch < 3; batch++) {
            // event times on a coarse grid, so that ties are common; a third of the rows backfilled days late
            assertUpdate(
                    """
                    INSERT INTO iceberg.pit.users
                    SELECT
                        IF(%1$s = 0, NULL, %2$s),
                        IF(%3$s = 0, NULL, TIMESTAMP '2025-01-01 00:00:00 UTC' + %4$s * INTERVAL '1' DAY),
                        TIMESTAMP '2025-01-01 00:00:00 UTC' + %4$s * INTERVAL '1' DAY + %5$s * INTERVAL '1' DAY,
                        IF(%6$s = 0, NULL, %7$s / 4e0),
                        element_at(ARRAY['gold', 'silver', NULL], 1 + CAST(%8$s AS integer))
                    FROM UNNEST(sequence(1, 3000)) AS t (n)
                    """.formatted(
                            random("n * 11 + %s".formatted(batch), "97"),
                            random("n * 13 + %s".formatted(batch), "200"),
                            random("n * 17 + %s".formatted(batch), "113"),
                            random("n * 19 + %s".formatted(batch), "120"),
                            random("n * 23 + %s".formatted(batch), "3"),
                            random("n * 29 + %s".formatted(batch), "9"),
                            random("n * 31 + %s".formatted(batch), "40"),
                            random("n * 37 + %s".formatted(batch), "3")),
                    3000);
            assertUpdate(
                    """
                    INSERT INTO iceberg.pit.shops
                    SELECT
                        element_at(ARRAY['eu', 'us', 'ap'], 1 + CAST(%1$s AS integer)),
                        CAST(%2$s AS integer),
                        TIMESTAMP '2025-01-01 00:00:00' + %3$s * INTERVAL '6' HOUR,
                        CAST(%4$s AS integer)
                    FROM UNNEST(sequence(1, 1000)) AS t (n)
                    """.formatted(
                            random("n * 41 + %s".formatted(batch), "3"),
                            random("n * 43 + %s".formatted(batch), "12"),
                            random("n * 47 + %s".formatted(batch), "400"),
                            random("n * 53 + %s".formatted(batch), "5")),
                    1000);
        }
        // labels, with NULL keys and timestamps and a duplicated row; the key (1, '12') against (11, '2') in shops is no match
        assertUpdate(
                """
                INSERT INTO iceberg.pit.labels
                SELECT
                    n,
                    IF(%1$s = 0, NULL, %2$s),
                    element_at(ARRAY['eu', 'us', 'ap', NULL], 1 + CAST(%3$s AS integer)),
                    CAST(%4$s AS integer),
                    IF(%5$s = 0, NULL, TIMESTAMP '2025-01-01 00:00:00 UTC' + %6$s * INTERVAL '1' HOUR)
                FROM UNNEST(sequence(1, 4000)) AS t (n)
                """.formatted(
                        random("n * 59", "50"),
                        random("n * 61", "210"),
                        random("n * 67", "4"),
                        random("n * 71", "13"),
                        random("n * 73", "61"),
                        random("n * 79", "3000")),
                4000);
        assertUpdate("INSERT INTO iceberg.pit.labels SELECT * FROM iceberg.pit.labels WHERE label_id % 100 = 0", 40);
        assertUpdate(
                """
                CALL feature_store.system.register_feature_view(schema_name => 'pit', view_name => 'user_stats',
                    source_table => 'iceberg.pit.users', entity_columns => ARRAY['user_id'], timestamp_column => 'event_ts',
                    created_timestamp_column => 'created_ts', ttl => '30d')
                """);
        assertUpdate(
                """
                CALL feature_store.system.register_feature_view(schema_name => 'pit', view_name => 'shop_ratings',
                    source_table => 'iceberg.pit.shops', entity_columns => ARRAY['region', 'shop'], timestamp_column => 'event_ts')
                """);
    }

    @Test
    void testAgainstReference()
    {
        for (boolean respectCreated : new boolean[] {true, false}) {
            assertMatches(
                    featureJoin("'user_stats:*'", ", respect_created_timestamp => " + respectCreated),
                    userReference("iceberg.pit.users", true, List.of("spend", "tier"), respectCreated, THIRTY_DAYS));
        }
        assertMatches(featureJoin("'shop_ratings:rating'", ""), reference("iceberg.pit.shops", List.of("region", "shop"), false, List.of("rating"), true, null));
    }

    /**
     * More entities in a split than its table of a batch's entities first holds (1,024), so that the
     * table grows while the rows are numbered: a bigint key, and a composite varchar + integer key.
     */
    @Test
    void testManyEntities()
    {
        assertUpdate(
                """
                CREATE TABLE iceberg.pit.many_users AS
                SELECT
                    %s AS user_id,
                    TIMESTAMP '2025-01-01 00:00:00 UTC' + %s * INTERVAL '1' HOUR AS event_ts,
                    TIMESTAMP '2025-01-01 00:00:00 UTC' + %s * INTERVAL '1' HOUR AS created_ts,
                    IF(%s = 0, NULL, n / 4e0) AS spend,
                    element_at(ARRAY['gold', 'silver', NULL], 1 + CAST(%s AS integer)) AS tier
                FROM (SELECT x * 10000 + y AS n FROM UNNEST(sequence(0, 3)) AS a (x) CROSS JOIN UNNEST(sequence(1, 10000)) AS b (y))
                """.formatted(random("n * 83", "12000"), random("n * 89", "2000"), random("n * 97", "2100"), random("n * 101", "9"), random("n * 103", "3")),
                40000);
        assertUpdate(
                """
                CREATE TABLE iceberg.pit.many_shops AS
                SELECT
                    element_at(ARRAY['eu', 'us', 'ap'], 1 + CAST(%s AS integer)) AS region,
                    CAST(%s AS integer) AS shop,
                    TIMESTAMP '2025-01-01 00:00:00' + %s * INTERVAL '1' HOUR AS event_ts,
                    CAST(%s AS integer) AS rating
                FROM (SELECT x * 10000 + y AS n FROM UNNEST(sequence(0, 3)) AS a (x) CROSS JOIN UNNEST(sequence(1, 10000)) AS b (y))
                """.formatted(random("n * 107", "3"), random("n * 109", "4000"), random("n * 113", "2000"), random("n * 127", "5")),
                40000);
        assertUpdate(
                """
                CREATE TABLE iceberg.pit.many_labels AS
                SELECT
                    n AS label_id,
                    IF(%s = 0, NULL, %s) AS user_id,
                    element_at(ARRAY['eu', 'us', 'ap'], 1 + CAST(%s AS integer)) AS region,
                    CAST(%s AS integer) AS shop,
                    TIMESTAMP '2025-01-01 00:00:00 UTC' + %s * INTERVAL '1' HOUR AS label_ts
                FROM UNNEST(sequence(1, 8000)) AS t (n)
                """.formatted(random("n * 131", "100"), random("n * 137", "12500"), random("n * 139", "3"), random("n * 149", "4200"), random("n * 151", "2100")),
                8000);
        assertUpdate(
                """
                CALL feature_store.system.register_feature_view(schema_name => 'pit', view_name => 'many_user_stats',
                    source_table => 'iceberg.pit.many_users', entity_columns => ARRAY['user_id'], timestamp_column => 'event_ts',
                    created_timestamp_column => 'created_ts', ttl => '30d')
                """);
        assertUpdate(
                """
                CALL feature_store.system.register_feature_view(schema_name => 'pit', view_name => 'many_shop_ratings',
                    source_table => 'iceberg.pit.many_shops', entity_columns => ARRAY['region', 'shop'], timestamp_column => 'event_ts')
                """);
        assertMatches(
                featureJoin("iceberg.pit.many_labels", "'many_user_stats:*'", ""),
                reference("iceberg.pit.many_labels", "iceberg.pit.many_users", List.of("user_id"), true, List.of("spend", "tier"), true, THIRTY_DAYS),
                8000);
        assertMatches(
                featureJoin("iceberg.pit.many_labels", "'many_shop_ratings:rating'", ""),
                reference("iceberg.pit.many_labels", "iceberg.pit.many_shops", List.of("region", "shop"), false, List.of("rating"), true, null),
                8000);
        // many labels find features and some do not, so the comparisons above mean something
        for (String feature : List.of("many_user_stats:spend", "many_shop_ratings:rating")) {
            assertThat(query(
                    """
                    SELECT count(%s) BETWEEN 2000 AND 7900
                    FROM TABLE(feature_store.system.point_in_time_features(
                        schema_name => 'pit', spine_table => 'iceberg.pit.many_labels', spine_timestamp_column => 'label_ts',
                        features => ARRAY['%s']))
                    """.formatted(feature.substring(feature.indexOf(':') + 1), feature)))
                    .matches("VALUES true");
        }
    }

    /**
     * Entities whose keys hash alike (a composite bigint key, its second part chosen so that the
     * hashes of the pairs are equal), in one batch of one split: the table that numbers a batch's
     * entities tells them apart by their keys.
     */
    @Test
    void testEntitiesWithEqualKeyHashes()
    {
        long hash = compositeKeyHash(7, 7);
        StringBuilder entities = new StringBuilder();
        for (long first = 1; first <= 6; first++) {
            long second = secondKeyWithHash(hash, first);
            assertThat(compositeKeyHash(first, second)).isEqualTo(hash);
            entities.append(first == 1 ? "" : ", ").append("(BIGINT '%s', BIGINT '%s')".formatted(first, second));
        }
        assertUpdate(
                """
                CREATE TABLE iceberg.pit.equal_hash_stats AS
                SELECT key_a, key_b, TIMESTAMP '2025-01-01 00:00:00 UTC' + n * INTERVAL '1' HOUR AS event_ts, key_a * 1000 + n AS score
                FROM (VALUES %s) AS e (key_a, key_b)
                CROSS JOIN UNNEST(sequence(1, 20)) AS t (n)
                """.formatted(entities),
                120);
        // five spine columns, as assertMatches expects before the features (note stands where the labels have shop)
        assertUpdate(
                """
                CREATE TABLE iceberg.pit.equal_hash_labels AS
                SELECT row_number() OVER () AS label_id, key_a, key_b, 'none' AS note, TIMESTAMP '2025-01-01 00:30:00 UTC' + n * INTERVAL '1' HOUR AS label_ts
                FROM (VALUES %s) AS e (key_a, key_b)
                CROSS JOIN UNNEST(sequence(0, 22, 2)) AS t (n)
                """.formatted(entities),
                72);
        assertUpdate(
                """
                CALL feature_store.system.register_feature_view(schema_name => 'pit', view_name => 'equal_hash_stats',
                    source_table => 'iceberg.pit.equal_hash_stats', entity_columns => ARRAY['key_a', 'key_b'], timestamp_column => 'event_ts')
                """);
        String call = featureJoin("iceberg.pit.equal_hash_labels", "'equal_hash_stats:score'", "");
        assertMatches(call, reference("iceberg.pit.equal_hash_labels", "iceberg.pit.equal_hash_stats", List.of("key_a", "key_b"), false, List.of("score"), true, null), 72);
        // each label finds the last row of its own entity before it (none before the first hour)
        assertThat(query("SELECT count(*) FROM (%s) WHERE score = key_a * 1000 + hour(label_ts)".formatted(call)))
                .matches("VALUES BIGINT '60'");
    }

    /**
     * point_in_time_join breaks ties with the same hash of the feature values, so both functions
     * return the same rows.
     */
    @Test
    void testSameRowsAsPointInTimeJoin()
    {
        assertThat(query(featureJoin("'user_stats:*'", "")))
                .matches(userJoin(
                        "iceberg.pit.users",
                        "CAST(NULL AS timestamp(6) with time zone) AS created_ts, CAST(NULL AS double) AS spend, CAST(NULL AS varchar) AS tier",
                        "created_ts, spend, tier",
                        "spend, tier",
                        ", created_timestamp_column => 'created_ts', ttl => '30d'"));
    }

    @Test
    void testResultIsNotTrivial()
    {
        // the comparisons above mean something: most labels find features, some do not, some features are NULL
        assertThat(query(
                """
                SELECT count(*), count(tier) > 1000, count(*) - count(tier) > 500, count_if(tier IS NOT NULL AND spend IS NULL) > 50
                FROM TABLE(feature_store.system.point_in_time_features(
                    schema_name => 'pit', spine_table => 'iceberg.pit.labels', spine_timestamp_column => 'label_ts',
                    features => ARRAY['user_stats:*']))
                """))
                .matches("VALUES (BIGINT '4040', true, true, true)");
    }

    @Test
    void testErrors()
    {
        assertThat(query("SELECT * FROM TABLE(feature_store.system.point_in_time_features(schema_name => 'pit', spine_table => 'iceberg.pit.labels', spine_timestamp_column => 'label_id', features => ARRAY['user_stats:*']))"))
                .failure().hasMessageContaining("must be a timestamp");
        assertThat(query("SELECT * FROM TABLE(feature_store.system.point_in_time_features(schema_name => 'pit', spine_table => 'iceberg.pit.shops', spine_timestamp_column => 'event_ts', features => ARRAY['user_stats:*']))"))
                .failure().hasMessageContaining("entity column 'user_id' is not a column of");
    }

    /**
     * Feature views with the same entity columns in one call: every spine row once, with the features
     * of each view in the order asked, each as the reference gives them for that view alone. With
     * the unbucketed view first, the bucketed one routes the entities and every split reads the
     * other's files; with the bucketed one first, the same rows.
     */
    @Test
    void testSeveralViewsInOneCall()
    {
        assertUpdate("CREATE TABLE iceberg.pit.visits WITH (partitioning = ARRAY['bucket(user_id, 4)']) AS SELECT user_id, event_ts + INTERVAL '5' HOUR AS event_ts, CAST(spend * 4 AS integer) % 7 AS visits, tier AS channel FROM iceberg.pit.users", 9000);
        registerUserView("user_visits", "visits", ", ttl => '7d'");
        Map<Long, Set<List<Object>>> stats = userReference("iceberg.pit.users", true, List.of("tier", "spend"), true, THIRTY_DAYS);
        Map<Long, Set<List<Object>>> visits = userReference("iceberg.pit.visits", false, List.of("visits", "channel"), true, SEVEN_DAYS);

        String call = featureJoin("'user_stats:tier', 'user_visits:*', 'user_stats:spend'", "");
        assertThat(query(call + " LIMIT 1")).result().hasColumnNames("label_id", "user_id", "region", "shop", "label_ts", "tier", "visits", "channel", "spend");
        assertEachView(call, new ViewColumns(stats, 5, 8), new ViewColumns(visits, 6, 7));
        assertThat(splits(call)).isEqualTo(4L);
        // the bucketed view first, the spine bucketed alike: the same rows (ties are broken by a hash of a view's features in the order read, the same here)
        assertUpdate("CREATE TABLE iceberg.pit.labels_by_bucket WITH (partitioning = ARRAY['bucket(user_id, 4)']) AS SELECT * FROM iceberg.pit.labels", 4040);
        assertThat(query(featureJoin("iceberg.pit.labels_by_bucket", "'user_visits:*', 'user_stats:tier', 'user_stats:spend'", "")))
                .matches("SELECT label_id, user_id, region, shop, label_ts, visits, channel, tier, spend FROM (%s)".formatted(call));
        // a view's feature counts once, also for views not in the first place
        assertThat(query("SELECT count(*), count(visits) > 1000, count(tier) > 1000 FROM (%s)".formatted(call))).matches("VALUES (BIGINT '4040', true, true)");

        registerUserView("user_spend", "users", "");
        assertThat(query(featureJoin("'user_stats:spend', 'user_spend:spend'", "")))
                .failure().hasMessageContaining("Feature spend is named by user_stats@v1 and by user_spend@v1, and every output column needs its own name");
        assertThat(query(featureJoin("'user_stats:spend', 'user_visits:visits'", ", feature_version => '1'")))
                .failure().hasMessageContaining("feature_version names a version of one feature table, and these features come from 2 feature views");

        // the same tables described with feature_tables, each read at a snapshot named: rows written later are not read
        long usersSnapshot = (long) computeScalar("SELECT snapshot_id FROM iceberg.pit.\"users$snapshots\" ORDER BY committed_at DESC LIMIT 1");
        long visitsSnapshot = (long) computeScalar("SELECT snapshot_id FROM iceberg.pit.\"visits$snapshots\" ORDER BY committed_at DESC LIMIT 1");
        String before = "SELECT label_id, tier, visits, channel, spend FROM (%s)".formatted(call);
        MaterializedResult expected = computeActual(before);
        assertUpdate("INSERT INTO iceberg.pit.visits SELECT user_id, event_ts + INTERVAL '1' MINUTE, visits + 100, channel FROM iceberg.pit.visits", 9000);
        assertThat(ImmutableSet.copyOf(computeActual(before).getMaterializedRows())).isNotEqualTo(ImmutableSet.copyOf(expected.getMaterializedRows()));
        String tables =
                """
                SELECT label_id, tier, visits, channel, spend FROM TABLE(feature_store.system.point_in_time_features(
                    spine_table => 'iceberg.pit.labels', spine_timestamp_column => 'label_ts',
                    feature_tables => ARRAY[
                        '{"table": "iceberg.pit.users", "version": "%s", "entity_columns": ["user_id"], "timestamp_column": "event_ts", "created_timestamp_column": "created_ts", "ttl": "30d", "features": ["tier", "spend"]}',
                        '{"table": "iceberg.pit.visits", "version": "%s", "entity_columns": ["user_id"], "timestamp_column": "event_ts", "ttl": "7d", "features": ["visits", "channel"]}']))
                """.formatted(usersSnapshot, visitsSnapshot);
        assertThat(computeActual(tables).getMaterializedRows()).containsExactlyInAnyOrderElementsOf(expected.getMaterializedRows());
    }

    /**
     * Feature views with different entity columns in one call (a bigint key; a composite varchar +
     * integer key, unbucketed, and bucketed by its integer column with a TTL): every spine row once,
     * a spine row with a NULL key for one view still finding the features of the others, each view's
     * features as the reference gives them for that view alone, whichever view comes first (it
     * shares the entities out to the splits; every split joins the others for all its rows), with a
     * spine bucketed or not, and the same rows as calls joined on the spine's row number.
     */
    @Test
    void testViewsOfDifferentEntitiesInOneCall()
    {
        assertUpdate("CREATE TABLE iceberg.pit.shop_scores WITH (partitioning = ARRAY['bucket(shop, 4)']) AS SELECT region, shop, event_ts + INTERVAL '3' HOUR AS event_ts, rating * 10 + 1 AS score FROM iceberg.pit.shops", 3000);
        assertUpdate(
                """
                CALL feature_store.system.register_feature_view(schema_name => 'pit', view_name => 'shop_scores',
                    source_table => 'iceberg.pit.shop_scores', entity_columns => ARRAY['shop', 'region'], timestamp_column => 'event_ts', ttl => '2d')
                """);
        Map<Long, Set<List<Object>>> users = userReference("iceberg.pit.users", true, List.of("tier", "spend"), true, THIRTY_DAYS);
        Map<Long, Set<List<Object>>> ratings = reference("iceberg.pit.shops", List.of("region", "shop"), false, List.of("rating"), true, null);
        Map<Long, Set<List<Object>>> scores = reference("iceberg.pit.shop_scores", List.of("region", "shop"), false, List.of("score"), true, 2L * 24 * 3600 * 1_000_000);

        String call = featureJoin("'user_stats:tier', 'shop_ratings:rating', 'user_stats:spend', 'shop_scores:score'", "");
        assertThat(query(call + " LIMIT 1")).result().hasColumnNames("label_id", "user_id", "region", "shop", "label_ts", "tier", "rating", "spend", "score");
        assertEachView(call, new ViewColumns(users, 5, 7), new ViewColumns(ratings, 6), new ViewColumns(scores, 8));
        // the comparisons mean something: labels without a user find shop features, and the reverse
        assertThat(query("SELECT count(*), count(tier) > 1000, count(rating) > 1000, count(score) > 300, count_if(user_id IS NULL AND rating IS NOT NULL) > 10, count_if(region IS NULL AND tier IS NOT NULL) > 100 FROM (%s)".formatted(call)))
                .matches("VALUES (BIGINT '4040', true, true, true, true, true)");

        // the bucketed view first, which then shares the entities out by its buckets; a spine bucketed by the user: the same rows
        String reordered = "SELECT label_id, user_id, region, shop, label_ts, tier, rating, spend, score FROM (%s)";
        assertThat(query(reordered.formatted(featureJoin("'shop_scores:score', 'user_stats:tier', 'shop_ratings:rating', 'user_stats:spend'", ""))))
                .matches(call);
        assertUpdate("CREATE TABLE iceberg.pit.labels_by_user WITH (partitioning = ARRAY['bucket(user_id, 3)']) AS SELECT * FROM iceberg.pit.labels", 4040);
        assertThat(query(featureJoin("iceberg.pit.labels_by_user", "'user_stats:tier', 'shop_ratings:rating', 'user_stats:spend', 'shop_scores:score'", "")))
                .matches(call);

        // calls joined on the spine's row number, and the tables described with feature_tables: the same rows
        String joined =
                """
                SELECT u.label_id, u.user_id, u.region, u.shop, u.label_ts, u.tier, r.rating, u.spend, s.score
                FROM TABLE(feature_store.system.point_in_time_features(
                    schema_name => 'pit', spine_table => 'iceberg.pit.labels', spine_timestamp_column => 'label_ts',
                    features => ARRAY['user_stats:tier', 'user_stats:spend'], spine_row_column => 'n')) u
                JOIN TABLE(feature_store.system.point_in_time_features(
                    schema_name => 'pit', spine_table => 'iceberg.pit.labels', spine_timestamp_column => 'label_ts',
                    features => ARRAY['shop_ratings:rating'], spine_columns => CAST(ARRAY[] AS array(varchar)), spine_row_column => 'n')) r ON u.n = r.n
                JOIN TABLE(feature_store.system.point_in_time_features(
                    schema_name => 'pit', spine_table => 'iceberg.pit.labels', spine_timestamp_column => 'label_ts',
                    features => ARRAY['shop_scores:score'], spine_columns => CAST(ARRAY[] AS array(varchar)), spine_row_column => 'n')) s ON u.n = s.n
                """;
        assertThat(query(joined)).matches(call);
        assertThat(query(
                """
                SELECT * FROM TABLE(feature_store.system.point_in_time_features(
                    spine_table => 'iceberg.pit.labels', spine_timestamp_column => 'label_ts',
                    feature_tables => ARRAY[
                        '{"table": "iceberg.pit.users", "entity_columns": ["user_id"], "timestamp_column": "event_ts", "created_timestamp_column": "created_ts", "ttl": "30d", "features": ["tier"]}',
                        '{"table": "iceberg.pit.shops", "entity_columns": ["region", "shop"], "timestamp_column": "event_ts", "features": ["rating"]}']))
                """))
                .matches("SELECT label_id, user_id, region, shop, label_ts, tier, rating FROM (%s)".formatted(featureJoin("'user_stats:tier', 'shop_ratings:rating'", "")));
    }

    /**
     * Views with different entities in one statement: one call per view, joined on the spine's row
     * number, which every call numbers the same way; or point_in_time_features_for calls chained,
     * with the same rows.
     */
    @Test
    void testViewsJoinedOnSpineRow()
    {
        Map<Long, Set<List<Object>>> users = userReference("iceberg.pit.users", true, List.of("spend", "tier"), true, THIRTY_DAYS);
        Map<Long, Set<List<Object>>> shops = reference("iceberg.pit.shops", List.of("region", "shop"), false, List.of("rating"), true, null);
        String joined =
                """
                SELECT u.label_id, u.spine_row, u.spend, u.tier, s.rating
                FROM TABLE(feature_store.system.point_in_time_features(
                    schema_name => 'pit', spine_table => 'iceberg.pit.labels', spine_timestamp_column => 'label_ts',
                    features => ARRAY['user_stats:*'], spine_row_column => 'spine_row')) u
                JOIN TABLE(feature_store.system.point_in_time_features(
                    schema_name => 'pit', spine_table => 'iceberg.pit.labels', spine_timestamp_column => 'label_ts',
                    features => ARRAY['shop_ratings:rating'], spine_columns => ARRAY['label_id'], spine_row_column => 'spine_row')) s
                  ON u.spine_row = s.spine_row
                """;
        assertEachView(joined, new ViewColumns(users, 2, 3), new ViewColumns(shops, 4));
        assertThat(query("SELECT count(DISTINCT spine_row) FROM (%s)".formatted(joined))).matches("VALUES BIGINT '4040'");
        // the row numbers are those of the snapshot's rows, 0 to count - 1, whatever the call reads
        assertThat(query("SELECT min(spine_row), max(spine_row), count(DISTINCT spine_row) FROM TABLE(feature_store.system.point_in_time_features(schema_name => 'pit', spine_table => 'iceberg.pit.labels', spine_timestamp_column => 'label_ts', features => ARRAY['shop_ratings:rating'], spine_columns => CAST(ARRAY[] AS array(varchar)), spine_row_column => 'spine_row'))"))
                .matches("VALUES (BIGINT '0', BIGINT '4039', BIGINT '4040')");
        assertThat(query("SELECT * FROM TABLE(feature_store.system.point_in_time_features(schema_name => 'pit', spine_table => 'iceberg.pit.labels', spine_timestamp_column => 'label_ts', features => ARRAY['shop_ratings:rating'], spine_columns => ARRAY['label_id', 'label_ts'], spine_row_column => 'n')) LIMIT 1"))
                .result().hasColumnNames("label_id", "label_ts", "n", "rating");

        // chained through point_in_time_features_for, the result of one call the spine of the next: the same rows, with no row number
        String chained =
                """
                SELECT label_id, spend, tier, rating
                FROM TABLE(feature_store.system.point_in_time_features_for(
                    spine => TABLE(
                        SELECT * FROM TABLE(feature_store.system.point_in_time_features_for(
                            spine => TABLE(iceberg.pit.labels), spine_timestamp_column => 'label_ts',
                            schema_name => 'pit', features => ARRAY['shop_ratings:rating']))),
                    spine_timestamp_column => 'label_ts', schema_name => 'pit', features => ARRAY['user_stats:*']))
                """;
        String withoutRowNumber = "SELECT label_id, spend, tier, rating FROM (%s)".formatted(joined);
        assertThat(query("((%1$s) EXCEPT ALL (%2$s)) UNION ALL ((%2$s) EXCEPT ALL (%1$s))".formatted(chained, withoutRowNumber))).returnsEmptyResult();
    }

    /**
     * A spine given as a relation, which the engine gives to point_in_time_features_for: the whole
     * spine in one partition, a filtered spine, a composite key, and spines partitioned by Iceberg's
     * bucket of the entity as the feature table is bucketed, by another bucket count and by a column
     * unrelated to the entity (each partition then reads the feature files of several buckets): the
     * same rows as the reference every time.
     */
    @Test
    void testSpineRelation()
    {
        Map<Long, Set<List<Object>>> users = userReference("iceberg.pit.users", true, List.of("spend", "tier"), true, THIRTY_DAYS);
        assertMatches(spineJoin("TABLE(iceberg.pit.labels)", "'user_stats:*'", ""), users);
        assertMatches(spineJoin("TABLE(iceberg.pit.labels)", "'user_stats:*'", ", respect_created_timestamp => false"), userReference("iceberg.pit.users", true, List.of("spend", "tier"), false, THIRTY_DAYS));
        assertMatches(spineJoin("TABLE(iceberg.pit.labels)", "'shop_ratings:rating'", ""), reference("iceberg.pit.shops", List.of("region", "shop"), false, List.of("rating"), true, null));
        long filtered = (long) computeScalar("SELECT count(*) FROM iceberg.pit.labels WHERE label_id % 3 = 0 OR user_id IS NULL");
        assertMatches(spineJoin("TABLE(SELECT * FROM iceberg.pit.labels WHERE label_id % 3 = 0 OR user_id IS NULL)", "'user_stats:*'", ""), users, toIntExact(filtered));

        assertUpdate("CREATE TABLE iceberg.pit.users_bucketed_for WITH (partitioning = ARRAY['bucket(user_id, 5)']) AS SELECT * FROM iceberg.pit.users", 9000);
        registerUserView("users_bucketed_for", "users_bucketed_for", CREATED_AND_TTL);
        for (String partition : List.of("iceberg.system.bucket(user_id, 5)", "iceberg.system.bucket(user_id, 3)", "region")) {
            String call = spineJoin("TABLE(SELECT *, %s AS part FROM iceberg.pit.labels) PARTITION BY part".formatted(partition), "'users_bucketed_for:*'", "");
            assertThat(query(call + " LIMIT 1")).result().hasColumnNames("label_id", "user_id", "region", "shop", "label_ts", "spend", "tier", "part");
            assertMatches("SELECT label_id, user_id, region, shop, label_ts, spend, tier FROM (%s)".formatted(call), users);
        }
        // a spine key of another integer width than the bucketed table's, partitioned by its bucket: routed to the same buckets
        assertMatches(
                "SELECT label_id, user_id, region, shop, label_ts, spend, tier FROM (%s)".formatted(spineJoin(
                        "TABLE(SELECT label_id, CAST(user_id AS integer) AS user_id, region, shop, label_ts, iceberg.system.bucket(CAST(user_id AS integer), 5) AS part FROM iceberg.pit.labels) PARTITION BY part",
                        "'users_bucketed_for:*'",
                        "")),
                users);
        // tables named with their entity and timestamp columns instead of feature views
        String spine = "spine => TABLE(iceberg.pit.labels), spine_timestamp_column => 'label_ts'";
        assertMatches(
                "SELECT * FROM TABLE(feature_store.system.point_in_time_features_for(%s, feature_table => 'iceberg.pit.shops', entity_columns => ARRAY['region', 'shop'], timestamp_column => 'event_ts', features => ARRAY['rating']))".formatted(spine),
                reference("iceberg.pit.shops", List.of("region", "shop"), false, List.of("rating"), true, null));
        assertMatches(
                "SELECT * FROM TABLE(feature_store.system.point_in_time_features_for(%s, feature_tables => ARRAY['{\"table\": \"iceberg.pit.users\", \"entity_columns\": [\"user_id\"], \"timestamp_column\": \"event_ts\", \"created_timestamp_column\": \"created_ts\", \"ttl\": \"30d\", \"features\": [\"spend\", \"tier\"]}']))".formatted(spine),
                users);
        // the same rows as point_in_time_features reading the spine table
        String bucketed = spineJoin("TABLE(SELECT *, iceberg.system.bucket(user_id, 5) AS part FROM iceberg.pit.labels) PARTITION BY part", "'users_bucketed_for:*'", "");
        assertThat(query("(SELECT label_id, user_id, region, shop, label_ts, spend, tier FROM (%s)) EXCEPT ALL (%s)".formatted(bucketed, featureJoin("'users_bucketed_for:*'", ""))))
                .returnsEmptyResult();

        assertThat(query(spineJoin("TABLE(iceberg.pit.labels)", "'user_stats:*', 'shop_ratings:rating'", "")))
                .failure().hasMessageContaining("point_in_time_features_for reads feature views with the same entity columns in one call: user_stats has [user_id] and shop_ratings has [region, shop]; chain the calls, the result of one being the spine of the next");
        assertThat(query(spineJoin("TABLE(iceberg.pit.labels) PARTITION BY user_id", "'user_stats:*'", "")))
                .failure().hasMessageContaining("entity column 'user_id' is a PARTITION BY column of the spine: partition the spine by the Iceberg bucket of an entity column");
        assertThat(query(spineJoin("TABLE(SELECT label_id, label_ts FROM iceberg.pit.labels)", "'user_stats:*'", "")))
                .failure().hasMessageContaining("entity column 'user_id' is not a column of the spine; its columns are [label_id, label_ts]");
        assertThat(query(spineJoin("TABLE(SELECT label_id + 1, user_id, label_ts FROM iceberg.pit.labels)", "'user_stats:*'", "")))
                .failure().hasMessageContaining("Column 1 of the spine has no name: every spine column is returned, so give it one (AS name)");
        assertThat(query(spineJoin("TABLE(SELECT l.user_id, l.label_ts, u.user_id FROM iceberg.pit.labels l JOIN iceberg.pit.labels u ON l.label_id = u.label_id)", "'user_stats:*'", "")))
                .failure().hasMessageContaining("entity column 'user_id' is ambiguous: the spine has several columns of that name");
        assertThat(query(spineJoin("TABLE(SELECT label_id, user_id, CAST(label_ts AS date) AS label_ts FROM iceberg.pit.labels)", "'user_stats:*'", "")))
                .failure().hasMessageContaining("spine_timestamp_column 'label_ts' must be a timestamp or a timestamp with time zone, not date");
    }

    /**
     * Any table with entity and timestamp columns, without a feature view; keys of integer types of
     * different widths match by value, as in training sets.
     */
    @Test
    void testFeatureTable()
    {
        assertUpdate("CREATE TABLE iceberg.pit.users_narrow AS SELECT CAST(user_id AS integer) AS user_id, event_ts, created_ts, spend, tier FROM iceberg.pit.users", 9000);
        assertMatches(
                """
                SELECT * FROM TABLE(feature_store.system.point_in_time_features(
                    spine_table => 'iceberg.pit.labels', spine_timestamp_column => 'label_ts',
                    feature_table => 'iceberg.pit.users_narrow', entity_columns => ARRAY['user_id'], timestamp_column => 'event_ts',
                    created_timestamp_column => 'created_ts', ttl => '30d', features => ARRAY['spend', 'tier']))
                """,
                userReference("iceberg.pit.users", true, List.of("spend", "tier"), true, THIRTY_DAYS));
        assertUpdate("CREATE TABLE iceberg.pit.users_bucketed_narrow WITH (partitioning = ARRAY['bucket(user_id, 3)']) AS SELECT * FROM iceberg.pit.users_narrow", 9000);
        assertMatches(
                """
                SELECT * FROM TABLE(feature_store.system.point_in_time_features(
                    spine_table => 'iceberg.pit.labels', spine_timestamp_column => 'label_ts',
                    feature_table => 'iceberg.pit.users_bucketed_narrow', entity_columns => ARRAY['user_id'], timestamp_column => 'event_ts',
                    features => ARRAY['spend', 'tier']))
                """,
                userReference("iceberg.pit.users", false, List.of("spend", "tier"), true, null));
        assertThat(query("SELECT * FROM TABLE(feature_store.system.point_in_time_features(schema_name => 'pit', spine_table => 'iceberg.pit.labels', spine_timestamp_column => 'label_ts', feature_table => 'iceberg.pit.users', entity_columns => ARRAY['user_id'], timestamp_column => 'event_ts', features => ARRAY['spend']))"))
                .failure().hasMessageContaining("with feature_table, leave it out");
        assertThat(query("SELECT * FROM TABLE(feature_store.system.point_in_time_features(spine_table => 'iceberg.pit.labels', spine_timestamp_column => 'label_ts', feature_table => 'iceberg.pit.users', timestamp_column => 'event_ts', features => ARRAY['spend']))"))
                .failure().hasMessageContaining("entity_columns must name the entity columns of feature_table iceberg.pit.users");
        assertThat(query("SELECT * FROM TABLE(feature_store.system.point_in_time_features(schema_name => 'pit', spine_table => 'iceberg.pit.labels', spine_timestamp_column => 'label_ts', features => ARRAY['user_stats:spend'], ttl => '1d'))"))
                .failure().hasMessageContaining("ttl describes a feature_table; a feature view has its own");
    }

    /**
     * The spine and the features at a snapshot, branch or tag; without one, every call of a query
     * reads the same snapshot.
     */
    @Test
    void testVersions()
    {
        assertUpdate("CREATE TABLE iceberg.pit.labels_growing AS SELECT * FROM iceberg.pit.labels WHERE label_id <= 1000", 1010);
        long first = (long) computeScalar("SELECT snapshot_id FROM iceberg.pit.\"labels_growing$snapshots\" ORDER BY committed_at DESC LIMIT 1");
        assertUpdate("INSERT INTO iceberg.pit.labels_growing SELECT * FROM iceberg.pit.labels WHERE label_id > 1000", 3030);
        String call = "SELECT count(*) FROM TABLE(feature_store.system.point_in_time_features(schema_name => 'pit', spine_table => 'iceberg.pit.labels_growing', spine_timestamp_column => 'label_ts', features => ARRAY['user_stats:spend']%s))";
        assertThat(query(call.formatted(""))).matches("VALUES BIGINT '4040'");
        assertThat(query(call.formatted(", spine_version => '%s'".formatted(first)))).matches("VALUES BIGINT '1010'");
        assertThat(query(call.formatted(", spine_version => 'no_such_branch'")))
                .failure().hasMessageContaining("iceberg.pit.labels_growing has no snapshot, branch or tag 'no_such_branch'");
        assertThat(query(call.formatted(", feature_version => '123'")))
                .failure().hasMessageContaining("iceberg.pit.users has no snapshot 123");

        // the features as of an earlier snapshot: the rows of its files only
        assertUpdate("CREATE TABLE iceberg.pit.users_growing AS SELECT * FROM iceberg.pit.users WHERE event_ts < TIMESTAMP '2025-03-01 00:00:00 UTC'", (long) computeScalar("SELECT count(*) FROM iceberg.pit.users WHERE event_ts < TIMESTAMP '2025-03-01 00:00:00 UTC'"));
        long early = (long) computeScalar("SELECT snapshot_id FROM iceberg.pit.\"users_growing$snapshots\" ORDER BY committed_at DESC LIMIT 1");
        assertUpdate("INSERT INTO iceberg.pit.users_growing SELECT * FROM iceberg.pit.users WHERE NOT event_ts < TIMESTAMP '2025-03-01 00:00:00 UTC' OR event_ts IS NULL", (long) computeScalar("SELECT count(*) FROM iceberg.pit.users WHERE NOT event_ts < TIMESTAMP '2025-03-01 00:00:00 UTC' OR event_ts IS NULL"));
        registerUserView("users_growing", "users_growing", "");
        assertUpdate("CREATE TABLE iceberg.pit.users_early AS SELECT * FROM iceberg.pit.users WHERE event_ts < TIMESTAMP '2025-03-01 00:00:00 UTC'", (long) computeScalar("SELECT count(*) FROM iceberg.pit.users WHERE event_ts < TIMESTAMP '2025-03-01 00:00:00 UTC'"));
        assertMatches(featureJoin("'users_growing:spend', 'users_growing:tier'", ", feature_version => '%s'".formatted(early)), userReference("iceberg.pit.users_early", false, List.of("spend", "tier"), true, null));
    }

    @Test
    void testColumnAddedLater()
    {
        // files written before the column was added read it as NULL; renamed columns are found by field id
        assertUpdate("CREATE TABLE iceberg.pit.evolved (user_id bigint, event_ts timestamp(6) with time zone, old_score double)");
        long keyed = (long) computeScalar("SELECT count(*) FROM iceberg.pit.users WHERE user_id IS NOT NULL");
        long timed = (long) computeScalar("SELECT count(*) FROM iceberg.pit.users WHERE user_id IS NOT NULL AND event_ts IS NOT NULL");
        assertUpdate("INSERT INTO iceberg.pit.evolved SELECT user_id, event_ts, spend FROM iceberg.pit.users WHERE user_id IS NOT NULL", keyed);
        assertUpdate("ALTER TABLE iceberg.pit.evolved ADD COLUMN segment varchar");
        assertUpdate("ALTER TABLE iceberg.pit.evolved RENAME COLUMN old_score TO score");
        assertUpdate("INSERT INTO iceberg.pit.evolved SELECT user_id, event_ts + INTERVAL '12' HOUR, spend * 2, tier FROM iceberg.pit.users WHERE user_id IS NOT NULL AND event_ts IS NOT NULL", timed);
        registerUserView("evolved_scores", "evolved", "");
        assertMatches(featureJoin("'evolved_scores:*'", ""), userReference("iceberg.pit.evolved", false, List.of("score", "segment"), true, null));
        // a column added since the last write is read as Trino reads it: NULL, at the current snapshot
        assertUpdate("ALTER TABLE iceberg.pit.evolved ADD COLUMN late double");
        registerUserView("evolved_late", "evolved", "");
        assertMatches(featureJoin("'evolved_late:*'", ""), userReference("iceberg.pit.evolved", false, List.of("score", "segment", "late"), true, null));
    }

    @Test
    void testPartitionedFeatureTable()
    {
        // an identity partition column is held in the data files Trino writes, and read from them
        assertUpdate("CREATE TABLE iceberg.pit.users_by_tier WITH (partitioning = ARRAY['tier']) AS SELECT user_id, event_ts, spend, tier FROM iceberg.pit.users", 9000);
        registerUserView("users_by_tier", "users_by_tier", "");
        assertMatches(featureJoin("'users_by_tier:*'", ""), userReference("iceberg.pit.users_by_tier", false, List.of("spend", "tier"), true, null));
    }

    @Test
    void testBucketedTables()
    {
        // feature tables partitioned by Iceberg's bucket of an entity column: each split reads the files of its buckets only
        assertUpdate("CREATE TABLE iceberg.pit.users_bucketed WITH (partitioning = ARRAY['bucket(user_id, 5)']) AS SELECT * FROM iceberg.pit.users", 9000);
        registerUserView("users_bucketed", "users_bucketed", CREATED_AND_TTL);
        Map<Long, Set<List<Object>>> expected = userReference("iceberg.pit.users", true, List.of("spend", "tier"), true, THIRTY_DAYS);
        assertMatches(featureJoin("'users_bucketed:*'", ""), expected);
        // one split per bucket here, where an unbucketed table gets two per node (of three)
        assertThat(splits(featureJoin("'users_bucketed:*'", ""))).isEqualTo(5L);
        assertThat(splits(featureJoin("'user_stats:*'", ""))).isEqualTo(6L);

        // a spine bucketed the same way: each split also reads only its spine files
        assertUpdate("CREATE TABLE iceberg.pit.labels_bucketed WITH (partitioning = ARRAY['bucket(user_id, 5)']) AS SELECT * FROM iceberg.pit.labels", 4040);
        assertMatches(featureJoin("iceberg.pit.labels_bucketed", "'users_bucketed:*'", ""), expected);
        // partitioned by other columns too, of other types
        assertUpdate("CREATE TABLE iceberg.pit.labels_by_region WITH (partitioning = ARRAY['region', 'bucket(user_id, 5)']) AS SELECT * FROM iceberg.pit.labels", 4040);
        assertMatches(featureJoin("iceberg.pit.labels_by_region", "'users_bucketed:*'", ""), expected);
        assertUpdate("CREATE TABLE iceberg.pit.users_by_tier_bucketed WITH (partitioning = ARRAY['tier', 'bucket(user_id, 5)']) AS SELECT * FROM iceberg.pit.users", 9000);
        registerUserView("users_by_tier_bucketed", "users_by_tier_bucketed", CREATED_AND_TTL);
        assertMatches(featureJoin("iceberg.pit.labels_by_region", "'users_by_tier_bucketed:*'", ""), expected);
        assertThat(splits(featureJoin("'users_by_tier_bucketed:*'", ""))).isEqualTo(5L);
        // more buckets than splits and batches: each split takes its buckets in groups
        assertUpdate("CREATE TABLE iceberg.pit.users_many_buckets WITH (partitioning = ARRAY['bucket(user_id, 150)']) AS SELECT * FROM iceberg.pit.users", 9000);
        registerUserView("users_many_buckets", "users_many_buckets", CREATED_AND_TTL);
        assertMatches(featureJoin("'users_many_buckets:*'", ""), expected);
        assertThat(splits(featureJoin("'users_many_buckets:*'", ""))).isEqualTo(6L);

        // a composite key bucketed by its varchar column: the bucket of a string is computed as Iceberg does
        assertUpdate("CREATE TABLE iceberg.pit.shops_bucketed WITH (partitioning = ARRAY['bucket(region, 4)']) AS SELECT * FROM iceberg.pit.shops", 3000);
        assertUpdate(
                """
                CALL feature_store.system.register_feature_view(schema_name => 'pit', view_name => 'shops_bucketed',
                    source_table => 'iceberg.pit.shops_bucketed', entity_columns => ARRAY['region', 'shop'], timestamp_column => 'event_ts')
                """);
        assertMatches(featureJoin("'shops_bucketed:rating'", ""), reference("iceberg.pit.shops", List.of("region", "shop"), false, List.of("rating"), true, null));
        assertThat(splits(featureJoin("'shops_bucketed:rating'", ""))).isEqualTo(4L);

        // files written before the table was bucketed: every split reads every file, keeping its share of the entities
        long early = (long) computeScalar("SELECT count(*) FROM iceberg.pit.users WHERE event_ts < TIMESTAMP '2025-03-01 00:00:00 UTC'");
        assertUpdate("CREATE TABLE iceberg.pit.users_rebucketed AS SELECT * FROM iceberg.pit.users WHERE event_ts < TIMESTAMP '2025-03-01 00:00:00 UTC'", early);
        assertUpdate("ALTER TABLE iceberg.pit.users_rebucketed SET PROPERTIES partitioning = ARRAY['bucket(user_id, 5)']");
        assertUpdate("INSERT INTO iceberg.pit.users_rebucketed SELECT * FROM iceberg.pit.users WHERE NOT event_ts < TIMESTAMP '2025-03-01 00:00:00 UTC' OR event_ts IS NULL", 9000 - early);
        registerUserView("users_rebucketed", "users_rebucketed", CREATED_AND_TTL);
        assertMatches(featureJoin("'users_rebucketed:*'", ""), expected);
    }

    /**
     * The fast layout in one step, CREATE OR REPLACE TABLE with a bucket partitioning and a sort
     * order, which keeps the table's history; the layout table says which files are in it.
     */
    @Test
    void testLayout()
    {
        assertUpdate("CREATE TABLE iceberg.pit.users_layout AS SELECT * FROM iceberg.pit.users", 9000);
        registerUserView("users_layout", "users_layout", CREATED_AND_TTL);
        long before = (long) computeScalar("SELECT snapshot_id FROM iceberg.pit.\"users_layout$snapshots\" ORDER BY committed_at DESC LIMIT 1");
        String layout = "SELECT bool_and(bucketed), bool_and(sorted), min(partitioning), min(sort_order), sum(record_count) FROM feature_store.system.feature_view_layout WHERE view_name = 'users_layout'";
        assertThat(query(layout)).matches("VALUES (false, false, VARCHAR '[]', CAST(NULL AS varchar), BIGINT '9000')");

        assertUpdate(
                """
                CREATE OR REPLACE TABLE iceberg.pit.users_layout
                WITH (partitioning = ARRAY['bucket(user_id, 4)'], sorted_by = ARRAY['user_id', 'event_ts'])
                AS SELECT * FROM iceberg.pit.users_layout
                """,
                9000);
        assertThat(query(layout)).matches("VALUES (true, true, VARCHAR '[bucket[4](user_id)]', VARCHAR '[user_id asc nulls first, event_ts asc nulls first]', BIGINT '9000')");
        assertMatches(featureJoin("'users_layout:*'", ""), userReference("iceberg.pit.users", true, List.of("spend", "tier"), true, THIRTY_DAYS));
        assertThat(splits(featureJoin("'users_layout:*'", ""))).isEqualTo(4L);
        // the history stays: the snapshot before the rewrite still reads
        assertThat(query("SELECT count(*) FROM iceberg.pit.users_layout FOR VERSION AS OF " + before)).matches("VALUES BIGINT '9000'");
    }

    @Test
    void testHeldMemoryAndReadsAreReported()
    {
        // every node reports what the splits it ran held at most, and nothing held once they finished
        QueryId queryId = getDistributedQueryRunner().executeWithPlan(getSession(), featureJoin("'user_stats:*'", "")).queryId();
        long spineBytes = (long) computeScalar("SELECT count(*) * 8 FROM iceberg.pit.labels");
        assertThat(query(
                """
                SELECT sum(splits), sum(peak_bytes) > %s, max(held_bytes)
                FROM feature_store.system.point_in_time_features_memory
                WHERE query_id = '%s'
                """.formatted(spineBytes, queryId)))
                .matches("VALUES (BIGINT '6', true, BIGINT '0')");

        // and the data files they read: every file of the spine and of the view at least once, and at most once per split
        long files = (long) computeScalar("SELECT (SELECT count(*) FROM iceberg.pit.\"labels$files\") + (SELECT count(*) FROM iceberg.pit.\"users$files\")");
        long rows = (long) computeScalar("SELECT (SELECT count(*) FROM iceberg.pit.labels) + (SELECT count(*) FROM iceberg.pit.users)");
        assertThat(query(
                """
                SELECT sum(files_read) BETWEEN %1$s AND 6 * %1$s, sum(rows_read) BETWEEN %2$s AND 6 * %2$s, sum(bytes_read) > 0, count(read_cpu_time_ms)
                FROM feature_store.system.point_in_time_features_memory
                WHERE query_id = '%3$s'
                """.formatted(files, rows, queryId)))
                .matches("VALUES (true, true, true, BIGINT '3')");
    }

    @Test
    void testMemoryLimit()
            throws Exception
    {
        try (DistributedQueryRunner runner = FeatureStoreQueryRunner.builder(ImmutableMap.of("feature-store.security", "ALLOW_ALL", "feature-store.point-in-time.max-memory-per-node", "2MB"))
                .setWorkerCount(0)
                .build()) {
            runner.execute("CREATE SCHEMA iceberg.ml");
            runner.execute("CREATE TABLE iceberg.ml.spend AS SELECT n % 1000 AS customer_id, TIMESTAMP '2025-02-01 00:00:00.000000 UTC' + n * INTERVAL '1' SECOND AS event_ts, n * 2.5e0 AS spend_30d FROM UNNEST(sequence(BIGINT '0', 199)) AS a (block) CROSS JOIN UNNEST(sequence(1, 1000)) AS b (offset) CROSS JOIN UNNEST(ARRAY[block * 1000 + offset]) AS t (n)");
            runner.execute("CREATE TABLE iceberg.ml.labels AS SELECT n % 1000 AS customer_id, TIMESTAMP '2025-03-01 00:00:00.000000 UTC' AS label_ts FROM UNNEST(sequence(BIGINT '1', 1000)) AS t (n)");
            runner.execute("CALL feature_store.system.register_feature_view(schema_name => 'limited', view_name => 'spend', source_table => 'iceberg.ml.spend', entity_columns => ARRAY['customer_id'], timestamp_column => 'event_ts')");
            assertRefusedAtLimit(runner, "SELECT count(spend_30d) FROM TABLE(feature_store.system.point_in_time_features(schema_name => 'limited', spine_table => 'iceberg.ml.labels', spine_timestamp_column => 'label_ts', features => ARRAY['spend:spend_30d']))");
            // what the failed query's splits held is given back, and a smaller query runs
            assertThat(heldBytes(runner)).isZero();
            runner.execute("CREATE TABLE iceberg.ml.recent AS SELECT * FROM iceberg.ml.spend WHERE spend_30d > 490000");
            runner.execute("CALL feature_store.system.register_feature_view(schema_name => 'limited', view_name => 'recent', source_table => 'iceberg.ml.recent', entity_columns => ARRAY['customer_id'], timestamp_column => 'event_ts')");
            assertThat(runner.execute("SELECT count(spend_30d) FROM TABLE(feature_store.system.point_in_time_features(schema_name => 'limited', spine_table => 'iceberg.ml.labels', spine_timestamp_column => 'label_ts', features => ARRAY['recent:spend_30d']))").getOnlyValue())
                    .isEqualTo(1000L);

            // a view of another entity, read whole by every split: its rows count against the same limit
            runner.execute("CREATE TABLE iceberg.ml.stores AS SELECT customer_id AS store_id, event_ts, spend_30d AS store_spend FROM iceberg.ml.spend");
            runner.execute("CREATE TABLE iceberg.ml.store_labels AS SELECT customer_id, customer_id AS store_id, label_ts FROM iceberg.ml.labels");
            runner.execute("CALL feature_store.system.register_feature_view(schema_name => 'limited', view_name => 'stores', source_table => 'iceberg.ml.stores', entity_columns => ARRAY['store_id'], timestamp_column => 'event_ts')");
            assertRefusedAtLimit(runner, "SELECT count(store_spend) FROM TABLE(feature_store.system.point_in_time_features(schema_name => 'limited', spine_table => 'iceberg.ml.store_labels', spine_timestamp_column => 'label_ts', features => ARRAY['recent:spend_30d', 'stores:store_spend']))");
            assertThat(heldBytes(runner)).isZero();
            runner.execute("CREATE TABLE iceberg.ml.recent_stores AS SELECT * FROM iceberg.ml.stores WHERE store_spend > 490000");
            runner.execute("CALL feature_store.system.register_feature_view(schema_name => 'limited', view_name => 'recent_stores', source_table => 'iceberg.ml.recent_stores', entity_columns => ARRAY['store_id'], timestamp_column => 'event_ts')");
            assertThat(runner.execute("SELECT count(spend_30d), count(store_spend) FROM TABLE(feature_store.system.point_in_time_features(schema_name => 'limited', spine_table => 'iceberg.ml.store_labels', spine_timestamp_column => 'label_ts', features => ARRAY['recent:spend_30d', 'recent_stores:store_spend']))").getMaterializedRows().getFirst().getFields())
                    .containsExactly(1000L, 1000L);

            // a spine relation: its processors count against the same limit, and a failed query's give their count back once collected (a data processor has no close)
            assertRefusedAtLimit(runner, "SELECT count(spend_30d) FROM TABLE(feature_store.system.point_in_time_features_for(spine => TABLE(iceberg.ml.labels), spine_timestamp_column => 'label_ts', schema_name => 'limited', features => ARRAY['spend:spend_30d']))");
            long deadline = System.nanoTime() + SECONDS.toNanos(30);
            long held;
            do {
                System.gc();
                Thread.sleep(100);
                held = heldBytes(runner);
            }
            while (held != 0 && System.nanoTime() < deadline);
            assertThat(held).isEqualTo(0L);
            assertThat(runner.execute("SELECT count(spend_30d) FROM TABLE(feature_store.system.point_in_time_features_for(spine => TABLE(iceberg.ml.labels), spine_timestamp_column => 'label_ts', schema_name => 'limited', features => ARRAY['recent:spend_30d']))").getOnlyValue())
                    .isEqualTo(1000L);
            assertThat(heldBytes(runner)).isZero();
        }
    }

    @Test
    void testRowLevelDeletesAreRefused()
    {
        assertUpdate("CREATE TABLE iceberg.pit.deleted (user_id bigint, event_ts timestamp(6) with time zone, score double)");
        assertUpdate("INSERT INTO iceberg.pit.deleted VALUES (1, TIMESTAMP '2025-01-01 00:00:00 UTC', 1.5), (2, TIMESTAMP '2025-01-02 00:00:00 UTC', 2.5)", 2);
        assertUpdate(
                """
                CALL feature_store.system.register_feature_view(schema_name => 'pit', view_name => 'deleted_scores',
                    source_table => 'iceberg.pit.deleted', entity_columns => ARRAY['user_id'], timestamp_column => 'event_ts')
                """);
        String call =
                """
                SELECT count(score) > 0 FROM TABLE(feature_store.system.point_in_time_features(
                    schema_name => 'pit', spine_table => 'iceberg.pit.labels', spine_timestamp_column => 'label_ts',
                    features => ARRAY['deleted_scores:score']))
                """;
        assertThat(query(call)).matches("VALUES true");
        assertUpdate("DELETE FROM iceberg.pit.deleted WHERE user_id = 2", 1);
        assertThat(query(call))
                .failure().hasMessageContaining("iceberg.pit.deleted has row-level deletes at snapshot");
    }

    /**
     * Registers a view keyed by user_id with its event_ts over iceberg.pit.{@code table}
     *
     * @param options further arguments of register_feature_view
     */
    private void registerUserView(String view, String table, String options)
    {
        assertUpdate(
                """
                CALL feature_store.system.register_feature_view(schema_name => 'pit', view_name => '%s',
                    source_table => 'iceberg.pit.%s', entity_columns => ARRAY['user_id'], timestamp_column => 'event_ts'%s)
                """.formatted(view, table, options));
    }

    /**
     * point_in_time_features of the labels with the given features ({@code 'view:feature'} literals)
     * and further arguments
     */
    private static String featureJoin(String features, String arguments)
    {
        return featureJoin("iceberg.pit.labels", features, arguments);
    }

    private static String featureJoin(String spineTable, String features, String arguments)
    {
        return """
               SELECT * FROM TABLE(feature_store.system.point_in_time_features(
                   schema_name => 'pit', spine_table => '%s', spine_timestamp_column => 'label_ts',
                   features => ARRAY[%s]%s))
               """.formatted(spineTable, features, arguments);
    }

    /**
     * point_in_time_features_for of a spine relation ({@code TABLE(...)} with its PARTITION BY) with
     * the given features and further arguments
     */
    private static String spineJoin(String spine, String features, String arguments)
    {
        return """
               SELECT * FROM TABLE(feature_store.system.point_in_time_features_for(
                   spine => %s, spine_timestamp_column => 'label_ts',
                   schema_name => 'pit', features => ARRAY[%s]%s))
               """.formatted(spine, features, arguments);
    }

    /**
     * The number of splits the table function of a query was run as.
     */
    private long splits(String sql)
    {
        QueryId queryId = getDistributedQueryRunner().executeWithPlan(getSession(), sql).queryId();
        return getDistributedQueryRunner().getCoordinator().getQueryManager().getFullQueryInfo(queryId).getQueryStats().getOperatorSummaries().stream()
                .filter(operator -> operator.getOperatorType().contains("TableFunction"))
                .mapToLong(OperatorStats::getTotalDrivers)
                .sum();
    }

    /**
     * The reference answers for the labels from a feature table keyed by user_id with an event_ts.
     *
     * @param withCreated whether the table's created_ts is the created timestamp
     */
    private Map<Long, Set<List<Object>>> userReference(String featureTable, boolean withCreated, List<String> features, boolean respectCreated, Long ttlMicros)
    {
        return reference(featureTable, List.of("user_id"), withCreated, features, respectCreated, ttlMicros);
    }

    /**
     * The reference answers for the labels, from the rows of a feature table as the engine reads them.
     *
     * @param keys the entity columns, named alike in the labels
     * @param withCreated whether the table's created_ts is the created timestamp
     * @param ttlMicros the TTL, or NULL for none
     */
    private Map<Long, Set<List<Object>>> reference(String featureTable, List<String> keys, boolean withCreated, List<String> features, boolean respectCreated, Long ttlMicros)
    {
        return reference("iceberg.pit.labels", featureTable, keys, withCreated, features, respectCreated, ttlMicros);
    }

    private Map<Long, Set<List<Object>>> reference(String spineTable, String featureTable, List<String> keys, boolean withCreated, List<String> features, boolean respectCreated, Long ttlMicros)
    {
        String keyList = String.join(", ", keys);
        List<PointInTimeReference.SpineRow> spine = computeActual("SELECT label_id, label_ts, %s FROM %s".formatted(keyList, spineTable)).getMaterializedRows().stream()
                .map(row -> new PointInTimeReference.SpineRow((long) row.getField(0), row.getFields().subList(2, 2 + keys.size()), PointInTimeReference.micros(row.getField(1))))
                .toList();
        List<PointInTimeReference.FeatureRow> featureRows = computeActual("SELECT event_ts, %s, %s, %s FROM %s".formatted(withCreated ? "created_ts" : "NULL", keyList, String.join(", ", features), featureTable))
                .getMaterializedRows().stream()
                .map(row -> new PointInTimeReference.FeatureRow(
                        row.getFields().subList(2, 2 + keys.size()),
                        PointInTimeReference.micros(row.getField(0)),
                        PointInTimeReference.micros(row.getField(1)),
                        row.getFields().subList(2 + keys.size(), row.getFieldCount())))
                .toList();
        return PointInTimeReference.expected(spine, featureRows, features.size(), respectCreated, ttlMicros);
    }

    /**
     * A query refused for needing more memory than testMemoryLimit's runner allows its splits.
     */
    private static void assertRefusedAtLimit(QueryRunner runner, String sql)
    {
        assertThatThrownBy(() -> runner.execute(sql))
                .hasMessageMatching("point_in_time_features needs more memory than feature-store.point-in-time.max-memory-per-node=2MB allows on this node: .*");
    }

    /**
     * The most that the splits of any query hold now on the runner's node.
     */
    private static long heldBytes(QueryRunner runner)
    {
        return (long) runner.execute("SELECT max(held_bytes) FROM feature_store.system.point_in_time_features_memory").getOnlyValue();
    }

    /**
     * A view's reference answers for the labels, and the result columns that hold its features.
     */
    private record ViewColumns(Map<Long, Set<List<Object>>> expected, int... columns) {}

    /**
     * Every label has its row in the result of a call over the labels (label_id first), and the
     * features of each view in it are one of that view's reference answers for the label.
     */
    private void assertEachView(String call, ViewColumns... views)
    {
        List<MaterializedRow> rows = computeActual(call).getMaterializedRows();
        assertThat(rows).hasSize(4040);
        for (MaterializedRow row : rows) {
            long labelId = (long) row.getField(0);
            for (ViewColumns view : views) {
                List<Object> features = Arrays.stream(view.columns()).mapToObj(row::getField).toList();
                assertThat(view.expected().get(labelId)).as("label %s", labelId).contains(features);
            }
        }
    }

    /**
     * Every row of a point_in_time_features call on a copy of the labels is one of the reference's
     * answers for its label, and every label has its rows.
     */
    private void assertMatches(String call, Map<Long, Set<List<Object>>> expected)
    {
        assertMatches(call, expected, 4040);
    }

    private void assertMatches(String call, Map<Long, Set<List<Object>>> expected, int spineRows)
    {
        List<MaterializedRow> rows = computeActual(call).getMaterializedRows();
        assertThat(rows).hasSize(spineRows);
        // label_id, user_id, region, shop, label_ts, then the features
        for (MaterializedRow row : rows) {
            long labelId = (long) row.getField(0);
            assertThat(expected.get(labelId)).as("label %s", labelId).contains(row.getFields().subList(5, row.getFieldCount()));
        }
    }

    /**
     * The same join with point_in_time_join, for feature tables keyed by user_id with an event_ts
     *
     * @param spineNulls the feature columns (and created timestamp) as typed NULLs on spine rows
     * @param featureColumns the same columns on feature rows
     * @param features the feature columns
     * @param arguments further arguments of point_in_time_join
     */
    private static String userJoin(String featureTable, String spineNulls, String featureColumns, String features, String arguments)
    {
        return """
               SELECT label_id, user_id, region, shop, label_ts, %4$s
               FROM TABLE(feature_store.system.point_in_time_join(
                   input => TABLE(
                       SELECT label_id, user_id, region, shop, label_ts, %2$s, 'spine' AS row_kind
                       FROM iceberg.pit.labels
                       UNION ALL
                       SELECT NULL, user_id, NULL, NULL, event_ts, %3$s, 'feature'
                       FROM %1$s)
                       PARTITION BY user_id,
                   timestamp_column => 'label_ts',
                   features => DESCRIPTOR(%4$s)%5$s))
               """.formatted(featureTable, spineNulls, featureColumns, features, arguments);
    }

    /**
     * The hash the engine gives a key of two bigint columns.
     */
    private static long compositeKeyHash(long first, long second)
    {
        Page page = new Page(new LongArrayBlock(1, Optional.empty(), new long[] {first}), new LongArrayBlock(1, Optional.empty(), new long[] {second}));
        return FeatureValueHash.hash(page, new int[] {0, 1}, 0);
    }

    /**
     * The second column of a two-bigint key whose hash is {@code hash}, given its first column: the
     * hash is {@code 31 * mix(first) + mix(second)} with {@code mix(0) = 0}, and {@code mix} (a
     * multiplication by an odd constant, then the high half xored into the low half) can be undone.
     */
    private static long secondKeyWithHash(long hash, long first)
    {
        long mixed = hash - compositeKeyHash(first, 0);
        // the low half xored with the high half again, then multiplied by the constant's inverse
        long product = mixed ^ (mixed >>> 32);
        long inverse = 0x9E3779B97F4A7C15L;
        for (int step = 0; step < 5; step++) {
            inverse *= 2 - 0x9E3779B97F4A7C15L * inverse;
        }
        return product * inverse;
    }

    private static String random(String expression, String bound)
    {
        return RANDOM.formatted(expression, bound);
    }
}
