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
package io.lakehouseml.ml;

import io.trino.testing.AbstractTestQueryFramework;
import io.trino.testing.QueryRunner;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The functions through the engine, on Iceberg tables of a distributed query runner: against
 * Trino's own array(double) functions, against reference expressions in SQL, and at their edges.
 */
final class TestVectorFunctions
        extends AbstractTestQueryFramework
{
    // a uniform double in [0, 1) from a hash of a bigint expression: the same data on every run, so a failure can be reproduced
    private static final String UNIFORM = "(bitwise_and(from_big_endian_64(xxhash64(to_big_endian_64(%s))), 9007199254740991) / 9007199254740992e0)";

    // pseudo-random pairs of vectors of many dimensions, some near each other, in several files
    private static final String RANDOM_PAIRS =
            """
            CREATE TABLE pairs AS
            SELECT
                id,
                dimension,
                transform(sequence(1, dimension), i -> CAST(scale * (@A@ - 0.5) AS real)) AS a,
                transform(sequence(1, dimension), i -> CAST(scale * (@B@ - 0.5) AS real)) AS b
            FROM (
                SELECT
                    id,
                    CAST(element_at(ARRAY[1, 2, 3, 7, 8, 9, 16, 17, 31, 255, 257, 384, 768], 1 + id % 13) AS integer) AS dimension,
                    element_at(ARRAY[1e0, 1e-20, 1e20, 3e0], 1 + id % 4) AS scale
                FROM UNNEST(sequence(1, 1500)) AS t (id))
            """
            .replace("@A@", UNIFORM.formatted("id * 4096 + i"))
            .replace("@B@", UNIFORM.formatted("id * 4096 + 2048 + i"));

    @Override
    protected QueryRunner createQueryRunner()
            throws Exception
    {
        return MlFunctionsQueryRunner.builder().build();
    }

    @BeforeAll
    void createTables()
    {
        assertUpdate(RANDOM_PAIRS, 1500);
        assertUpdate("INSERT INTO pairs SELECT id + 10000, dimension, transform(a, x -> -x), transform(a, x -> -x - CAST(1e-4 * x AS real)) FROM pairs WHERE id <= 500", 500);
    }

    @Test
    void testBuiltinNamesMatchArrayDouble()
    {
        // within the documented tolerance: 2^-20 (9.5e-7) of the sum of |x * y| for dot products, of the
        // result for distances, 2^-18 (3.8e-6) absolute for the cosine
        String magnitude = "reduce(zip_with(a, b, (x, y) -> abs(CAST(x AS double) * y)), 0e0, (s, v) -> s + v, s -> s)";
        String doubles = "CAST(a AS array(double)), CAST(b AS array(double))";
        assertNoneDifferBy("cosine_similarity(a, b)", "cosine_similarity(%s)".formatted(doubles), "3.814697265625e-6");
        assertNoneDifferBy("cosine_distance(a, b)", "cosine_distance(%s)".formatted(doubles), "3.814697265625e-6");
        assertNoneDifferBy("dot_product(a, b)", "dot_product(%s)".formatted(doubles), "9.5367431640625e-7 * " + magnitude);
        assertNoneDifferBy("euclidean_distance(a, b)", "euclidean_distance(%s)".formatted(doubles), "9.5367431640625e-7 * euclidean_distance(%s)".formatted(doubles));
    }

    @Test
    void testNewDistancesMatchReferenceExpressions()
    {
        String dot = "reduce(zip_with(a, b, (x, y) -> CAST(x AS double) * y), 0e0, (s, v) -> s + v, s -> s)";
        String squared = "reduce(zip_with(a, b, (x, y) -> (CAST(x AS double) - y) * (CAST(x AS double) - y)), 0e0, (s, v) -> s + v, s -> s)";
        String manhattan = "reduce(zip_with(a, b, (x, y) -> abs(CAST(x AS double) - y)), 0e0, (s, v) -> s + v, s -> s)";
        String magnitude = "reduce(zip_with(a, b, (x, y) -> abs(CAST(x AS double) * y)), 0e0, (s, v) -> s + v, s -> s)";
        assertNoneDiffer("inner_product(a, b)", dot, magnitude);
        assertNoneDiffer("-negative_inner_product(a, b)", dot, magnitude);
        assertNoneDiffer("l2_squared_distance(a, b)", squared, squared);
        assertNoneDiffer("l2_distance(a, b)", "sqrt(" + squared + ")", "sqrt(" + squared + ")");
        assertNoneDiffer("l1_distance(a, b)", manhattan, manhattan);
        assertNoneDiffer("vector_norm(a)", "sqrt(reduce(a, 0e0, (s, x) -> s + CAST(x AS double) * x, s -> s))", "vector_norm(a)");
        // the array(double) overloads of the new names
        String doubles = "CAST(a AS array(double)), CAST(b AS array(double))";
        assertNoneDiffer("l2_squared_distance(%s)".formatted(doubles), squared, squared);
        assertNoneDiffer("l1_distance(%s)".formatted(doubles), manhattan, manhattan);
        assertNoneDiffer("inner_product(%s)".formatted(doubles), dot, magnitude);
        assertNoneDiffer("vector_norm(CAST(a AS array(double)))", "vector_norm(a)", "vector_norm(a)");
    }

    @Test
    void testNormalize()
    {
        assertThat(query("SELECT l2_normalize(ARRAY[REAL '3', REAL '4'])")).matches("VALUES ARRAY[REAL '0.6', REAL '0.8']");
        assertThat(query("SELECT l2_normalize(ARRAY[3e0, 4e0])")).matches("VALUES ARRAY[0.6e0, 0.8e0]");
        assertThat(query("SELECT l2_normalize(ARRAY[REAL '0', REAL '0'])")).matches("VALUES ARRAY[REAL '0', REAL '0']");
        assertThat(query("SELECT count(*) FROM pairs WHERE abs(vector_norm(l2_normalize(a)) - 1) > 1e-6 AND vector_norm(a) > 0"))
                .matches("VALUES BIGINT '0'");
        assertThat(query("SELECT l2_normalize(ARRAY[REAL '1', NULL])")).matches("VALUES CAST(NULL AS array(real))");
        assertThat(query("SELECT l2_normalize(CAST(ARRAY[] AS array(real)))")).failure().hasMessage("l2_normalize: the vector is empty");
        assertThat(query("SELECT l2_normalize(ARRAY[REAL 'Infinity', REAL '1'])")).failure().hasMessage("l2_normalize: the vector contains NaN or infinity");
    }

    @Test
    void testNullElements()
    {
        // no parameter is @SqlNullable, so a NULL argument never reaches these functions; a NULL element
        // does. NULL from the cosine and the new names, on either side, with an array(real) or a packed
        // vector on the other
        for (String function : new String[] {"cosine_similarity", "cosine_distance", "l2_distance", "l2_squared_distance", "l1_distance", "inner_product", "negative_inner_product"}) {
            assertThat(query("SELECT %s(ARRAY[REAL '1', NULL], ARRAY[REAL '1', REAL '1'])".formatted(function))).as(function).matches("VALUES CAST(NULL AS double)");
            assertThat(query("SELECT %s(ARRAY[REAL '1', REAL '1'], ARRAY[REAL '1', NULL])".formatted(function))).as(function).matches("VALUES CAST(NULL AS double)");
            assertThat(query("SELECT %s(vector_pack(ARRAY[REAL '1', REAL '1']), ARRAY[REAL '1', NULL])".formatted(function))).as(function).matches("VALUES CAST(NULL AS double)");
            assertThat(query("SELECT %s(ARRAY[REAL '1', NULL], vector_pack(ARRAY[REAL '1', REAL '1']))".formatted(function))).as(function).matches("VALUES CAST(NULL AS double)");
        }
        // the array(double) overloads of the new names
        for (String function : new String[] {"l2_distance", "l2_squared_distance", "l1_distance", "inner_product", "negative_inner_product"}) {
            assertThat(query("SELECT %s(ARRAY[1e0, NULL], ARRAY[1e0, 2e0])".formatted(function))).as(function).matches("VALUES CAST(NULL AS double)");
            assertThat(query("SELECT %s(ARRAY[1e0, 2e0], ARRAY[1e0, NULL])".formatted(function))).as(function).matches("VALUES CAST(NULL AS double)");
        }
        // zero in dot_product and euclidean_distance, as Trino's array(double) functions (the second of each pair) count it
        assertThat(query("SELECT dot_product(ARRAY[REAL '5', NULL], ARRAY[REAL '1', REAL '1'])")).matches("VALUES 5e0");
        assertThat(query("SELECT dot_product(ARRAY[5e0, NULL], ARRAY[1e0, 1e0])")).matches("VALUES 5e0");
        assertThat(query("SELECT euclidean_distance(ARRAY[REAL '1', NULL], ARRAY[REAL '1', REAL '2'])")).matches("VALUES 2e0");
        assertThat(query("SELECT euclidean_distance(ARRAY[1e0, NULL], ARRAY[1e0, 2e0])")).matches("VALUES 2e0");
        assertThat(query("SELECT dot_product(vector_pack(ARRAY[REAL '1', REAL '1']), ARRAY[REAL '5', NULL])")).matches("VALUES 5e0");
        assertThat(query("SELECT euclidean_distance(ARRAY[REAL '1', NULL], vector_pack(ARRAY[REAL '1', REAL '2']))")).matches("VALUES 2e0");
        // the norm and normalization of a vector with a NULL element
        assertThat(query("SELECT vector_norm(ARRAY[REAL '3', NULL])")).matches("VALUES CAST(NULL AS double)");
        assertThat(query("SELECT vector_norm(ARRAY[3e0, NULL])")).matches("VALUES CAST(NULL AS double)");
        assertThat(query("SELECT l2_normalize(ARRAY[3e0, NULL])")).matches("VALUES CAST(NULL AS array(double))");
    }

    @Test
    void testErrors()
    {
        assertThat(query("SELECT cosine_similarity(ARRAY[REAL '1', REAL '2'], ARRAY[REAL '1', REAL '2', REAL '3'])"))
                .failure().hasMessage("cosine_similarity: vector dimensions differ: 2 and 3");
        assertThat(query("SELECT l2_distance(vector_pack(ARRAY[REAL '1']), ARRAY[REAL '1', REAL '2'])"))
                .failure().hasMessage("l2_distance: vector dimensions differ: 1 and 2");
        assertThat(query("SELECT l1_distance(ARRAY[1e0], ARRAY[1e0, 2e0])"))
                .failure().hasMessage("l1_distance: vector dimensions differ: 1 and 2");
        assertThat(query("SELECT cosine_similarity(ARRAY[REAL '0', REAL '0'], ARRAY[REAL '1', REAL '2'])"))
                .failure().hasMessage("Vector magnitude cannot be zero: the cosine of a zero vector is undefined");
        assertThat(query("SELECT vector_norm(CAST(ARRAY[] AS array(real)))")).failure().hasMessage("vector_norm: the vector is empty");
        assertThat(query("SELECT cosine_distance(X'0102', ARRAY[REAL '1'])"))
                .failure().hasMessage("cosine_distance: not a packed vector: a varbinary vector must be made by vector_pack or binary_quantize");
        assertThat(query("SELECT vector_unpack(X'56580100ff')"))
                .failure().hasMessage("vector_unpack: not a packed vector: a varbinary vector must be made by vector_pack or binary_quantize");
        assertThat(query("SELECT vector_unpack(substr(vector_pack(ARRAY[REAL '1', REAL '2']), 1, 10))"))
                .failure().hasMessage("vector_unpack: not a packed vector: a float32 vector of dimension 2 has 16 bytes, not 10");
        assertThat(query("SELECT vector_pack(ARRAY[REAL '1'], 'float64')"))
                .failure().hasMessage("Unknown vector format 'float64'; use one of 'float32', 'float16', 'bfloat16', 'int8', 'binary'");
        assertThat(query("SELECT vector_pack(ARRAY[REAL '1', NULL])")).failure().hasMessage("vector_pack: element 2 of the vector is NULL");
        assertThat(query("SELECT vector_pack(ARRAY[REAL '1', REAL 'NaN'], 'float16')"))
                .failure().hasMessage("vector_pack: a float16 vector cannot hold NaN or infinity (element 2 is NaN)");
        assertThat(query("SELECT vector_pack(ARRAY[REAL '70000'], 'float16')"))
                .failure().hasMessage("vector_pack: element 1 (70000.0) is outside the float16 range of +-65504; use 'bfloat16' or 'float32'");
        assertThat(query("SELECT binary_quantize(ARRAY[REAL 'NaN'])"))
                .failure().hasMessage("binary_quantize: a binary vector cannot hold NaN or infinity (element 1 is NaN)");
        assertThat(query("SELECT cosine_distance(binary_quantize(ARRAY[REAL '1']), binary_quantize(ARRAY[REAL '1']))"))
                .failure().hasMessage("cosine_distance does not accept binary vectors: compare them with hamming_distance or jaccard_distance");
        assertThat(query("SELECT hamming_distance(vector_pack(ARRAY[REAL '1']), binary_quantize(ARRAY[REAL '1']))"))
                .failure().hasMessage("hamming_distance needs binary vectors (from binary_quantize), not float32 vectors");
        assertThat(query("SELECT hamming_distance(binary_quantize(ARRAY[REAL '1']), binary_quantize(ARRAY[REAL '1', REAL '2']))"))
                .failure().hasMessage("hamming_distance: vector dimensions differ: 1 and 2");
    }

    @Test
    void testNonFiniteValuesBehaveAsForArrayDouble()
    {
        assertThat(query("SELECT cosine_similarity(ARRAY[REAL 'NaN', REAL '1'], ARRAY[REAL '1', REAL '2'])")).matches("VALUES nan()");
        assertThat(query("SELECT euclidean_distance(ARRAY[REAL 'Infinity'], ARRAY[REAL '1'])")).matches("VALUES infinity()");
        assertThat(query("SELECT dot_product(ARRAY[REAL 'Infinity'], ARRAY[REAL '0'])")).matches("VALUES nan()");
        assertThat(query("SELECT dot_product(ARRAY[infinity()], ARRAY[0e0])")).matches("VALUES nan()");
    }

    @Test
    void testPackedRoundTrips()
    {
        // float32 is exact; every format decodes to the same floats wherever it is read
        assertThat(query("SELECT count(*) FROM pairs WHERE vector_unpack(vector_pack(a)) <> a")).matches("VALUES BIGINT '0'");
        assertThat(query("SELECT count(*) FROM pairs WHERE vector_dims(vector_pack(a, 'int8')) <> cardinality(a)")).matches("VALUES BIGINT '0'");
        assertThat(query("SELECT vector_format(vector_pack(ARRAY[REAL '1'], 'BFloat16')), vector_format(binary_quantize(ARRAY[REAL '1']))"))
                .matches("VALUES (VARCHAR 'bfloat16', VARCHAR 'binary')");
        assertThat(query("SELECT vector_unpack(vector_pack(ARRAY[REAL '1.5', REAL '-2', REAL '0.1'], 'float16'))"))
                .matches("VALUES ARRAY[REAL '1.5', REAL '-2', REAL '0.099975586']");
        assertThat(query("SELECT vector_unpack(vector_pack(ARRAY[REAL '1.5', REAL '-2', REAL '0.1'], 'bfloat16'))"))
                .matches("VALUES ARRAY[REAL '1.5', REAL '-2', REAL '0.10009766']");
        assertThat(query("SELECT vector_unpack(vector_pack(ARRAY[REAL '127', REAL '-63.5', REAL '0'], 'int8'))"))
                .matches("VALUES ARRAY[REAL '127', REAL '-64', REAL '0']");
        assertThat(query("SELECT vector_unpack(binary_quantize(ARRAY[REAL '0.5', REAL '-1', REAL '0', REAL '2']))"))
                .matches("VALUES ARRAY[REAL '1', REAL '0', REAL '0', REAL '1']");
        // int8 keeps each element within half a step of the scale
        assertThat(query(
                """
                SELECT count(*) FROM pairs
                WHERE cardinality(filter(zip_with(a, vector_unpack(vector_pack(a, 'int8')), (x, y) -> abs(CAST(x AS double) - y)),
                    error -> error > 0.5001 * array_max(transform(a, x -> abs(CAST(x AS double)))) / 127)) > 0
                """))
                .matches("VALUES BIGINT '0'");
    }

    @Test
    void testPackedDistancesReadTheSameFloats()
    {
        for (String format : new String[] {"float32", "float16", "bfloat16", "int8"}) {
            String packedA = "vector_pack(a, '%s')".formatted(format);
            String packedB = "vector_pack(b, '%s')".formatted(format);
            String unpackedA = "vector_unpack(%s)".formatted(packedA);
            String unpackedB = "vector_unpack(%s)".formatted(packedB);
            String finite = format.equals("float16") || format.equals("bfloat16") ? "WHERE id % 4 IN (0, 3)" : "";
            for (String function : new String[] {"cosine_distance", "dot_product", "l2_squared_distance", "l1_distance"}) {
                assertThat(query(
                        """
                        SELECT count(*) FROM (SELECT * FROM pairs %5$s)
                        WHERE %1$s(%2$s, %3$s) <> %1$s(%4$s, %6$s)
                           OR %1$s(%2$s, %6$s) <> %1$s(%4$s, %6$s)
                           OR %1$s(%4$s, %3$s) <> %1$s(%4$s, %6$s)
                        """.formatted(function, packedA, packedB, unpackedA, finite, unpackedB)))
                        .as("%s on %s", function, format)
                        .matches("VALUES BIGINT '0'");
            }
        }
    }

    @Test
    void testPackedVectorsInIcebergTable()
    {
        assertUpdate(
                """
                CREATE TABLE packed AS
                SELECT id, a, vector_pack(a) AS a32, vector_pack(a, 'float16') AS a16, binary_quantize(a) AS abits
                FROM pairs WHERE id % 4 IN (0, 3)
                """,
                1000);
        assertThat(query("SELECT count(*) FROM packed WHERE vector_unpack(a32) <> a OR vector_dims(a16) <> cardinality(a)")).matches("VALUES BIGINT '0'");
        assertThat(query("SELECT count(*) FROM packed WHERE cosine_distance(a32, a) > 1e-12 AND vector_norm(a) > 0")).matches("VALUES BIGINT '0'");
        assertThat(query("SELECT count(*) FROM packed p JOIN packed q ON p.id = q.id WHERE hamming_distance(p.abits, q.abits) <> 0")).matches("VALUES BIGINT '0'");
        assertUpdate("DROP TABLE packed");
    }

    @Test
    void testBinaryDistances()
    {
        String bitsA = "vector_unpack(binary_quantize(a))";
        String bitsB = "vector_unpack(binary_quantize(b))";
        assertThat(query(
                """
                SELECT count(*) FROM pairs
                WHERE hamming_distance(binary_quantize(a), binary_quantize(b)) <> cardinality(filter(zip_with(%1$s, %2$s, (x, y) -> x <> y), d -> d))
                """.formatted(bitsA, bitsB)))
                .matches("VALUES BIGINT '0'");
        assertThat(query(
                """
                SELECT count(*) FROM pairs
                WHERE cardinality(filter(zip_with(%1$s, %2$s, (x, y) -> x + y > 0), e -> e)) > 0
                  AND abs(jaccard_distance(binary_quantize(a), binary_quantize(b))
                      - CAST(cardinality(filter(zip_with(%1$s, %2$s, (x, y) -> x <> y), d -> d)) AS double)
                        / cardinality(filter(zip_with(%1$s, %2$s, (x, y) -> x + y > 0), e -> e))) > 1e-15
                """.formatted(bitsA, bitsB)))
                .matches("VALUES BIGINT '0'");
        assertThat(query("SELECT jaccard_distance(binary_quantize(ARRAY[REAL '-1']), binary_quantize(ARRAY[REAL '0']))")).matches("VALUES 0e0");
    }

    @Test
    void testAggregatesAcrossWorkers()
    {
        assertUpdate("CREATE TABLE grouped (grp integer, v array(real))");
        for (int commit = 0; commit < 4; commit++) {
            String element = UNIFORM.formatted("(%s * 10000 + id) * 16 + i".formatted(commit));
            assertUpdate("INSERT INTO grouped SELECT id % 5, transform(sequence(1, 16), i -> CAST(" + element + " * 10 - 5 AS real)) FROM UNNEST(sequence(1, 2000)) AS t (id)", 2000);
        }
        assertUpdate("INSERT INTO grouped VALUES (7, NULL)", 1);
        // the reference: per group and position, in double, from unnested elements
        String reference =
                """
                SELECT grp, ordinal, %s(CAST(x AS double)) AS value
                FROM grouped CROSS JOIN UNNEST(v) WITH ORDINALITY AS u (x, ordinal)
                GROUP BY grp, ordinal
                """;
        for (String[] pair : new String[][] {{"vector_sum", "sum"}, {"vector_avg", "avg"}}) {
            assertThat(query(
                    """
                    WITH ours AS (
                        SELECT grp, ordinal, x AS value
                        FROM (SELECT grp, %1$s(v) AS total FROM grouped GROUP BY grp)
                        CROSS JOIN UNNEST(total) WITH ORDINALITY AS u (x, ordinal))
                    SELECT count(*), count(*) FILTER (WHERE abs(ours.value - CAST(CAST(expected.value AS real) AS double)) > 1e-6 * greatest(1e0, abs(expected.value)))
                    FROM ours JOIN (%2$s) expected ON ours.grp = expected.grp AND ours.ordinal = expected.ordinal
                    """.formatted(pair[0], reference.formatted(pair[1]))))
                    .as(pair[0])
                    .matches("VALUES (BIGINT '80', BIGINT '0')");
        }
        // the engine skips NULL vectors, so a group of only NULL vectors ends with no sums: the output writes NULL
        assertThat(query("SELECT vector_sum(v), vector_avg(v) FROM grouped WHERE grp = 7")).matches("VALUES (CAST(NULL AS array(real)), CAST(NULL AS array(real)))");
        assertThat(query("SELECT vector_avg(v) FROM (VALUES ARRAY[REAL '1', REAL '2'], ARRAY[REAL '3', REAL '6']) t (v)")).matches("VALUES ARRAY[REAL '2', REAL '4']");
        assertThat(query("SELECT vector_sum(v) FROM (VALUES ARRAY[REAL '1', REAL '2'], ARRAY[REAL '3']) t (v)"))
                .failure().hasMessage("vector_sum: vector dimensions differ: 2 and 1");
        assertThat(query("SELECT vector_avg(v) FROM (VALUES ARRAY[REAL '1', NULL]) t (v)"))
                .failure().hasMessage("vector_avg: element 2 of a vector is NULL");
        assertUpdate("DROP TABLE grouped");
    }

    @Test
    void testTopK()
    {
        String query = "(SELECT b FROM pairs WHERE id = 11)";
        // ORDER BY ... LIMIT, min_by with a count, and per-group top k agree with the built-in on array(double)
        // (on vectors of ordinary magnitudes, where distances do not tie)
        assertThat(query("SELECT id FROM pairs WHERE dimension = 384 AND mod(id, 4) IN (0, 3) ORDER BY cosine_distance(a, %s), id LIMIT 10".formatted(query)))
                .matches("SELECT id FROM pairs WHERE dimension = 384 AND mod(id, 4) IN (0, 3) ORDER BY cosine_distance(CAST(a AS array(double)), CAST(%s AS array(double))), id LIMIT 10".formatted(query));
        assertThat(query("SELECT min_by(id, l2_distance(a, %s), 5) FROM pairs WHERE dimension = 384 AND mod(id, 4) IN (0, 3)".formatted(query)))
                .matches("SELECT min_by(id, euclidean_distance(CAST(a AS array(double)), CAST(%s AS array(double))), 5) FROM pairs WHERE dimension = 384 AND mod(id, 4) IN (0, 3)".formatted(query));
        assertThat(query(
                """
                SELECT mod(id, 3) AS grp, array_sort(min_by(id, cosine_distance(a, vector_pack(%1$s, 'float16')), 3))
                FROM pairs WHERE dimension = 384 AND mod(id, 4) IN (0, 3) GROUP BY mod(id, 3)
                """.formatted(query)))
                .matches(
                        """
                        SELECT grp, array_sort(array_agg(id))
                        FROM (
                            SELECT id, mod(id, 3) AS grp, row_number() OVER (PARTITION BY mod(id, 3) ORDER BY cosine_distance(a, vector_pack(%1$s, 'float16'))) AS rank
                            FROM pairs WHERE dimension = 384 AND mod(id, 4) IN (0, 3))
                        WHERE rank <= 3
                        GROUP BY grp
                        """.formatted(query));
    }

    private void assertNoneDiffer(String actual, String expected, String magnitude)
    {
        assertNoneDifferBy(actual, expected, "9.5367431640625e-7 * " + magnitude);
    }

    private void assertNoneDifferBy(String actual, String expected, String tolerance)
    {
        assertThat(query("SELECT count(*) FROM pairs WHERE NOT (abs(%s - %s) <= %s)".formatted(actual, expected, tolerance)))
                .as(actual)
                .matches("VALUES BIGINT '0'");
    }
}
