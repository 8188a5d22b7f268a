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

import com.google.common.base.Splitter;
import com.google.common.collect.ImmutableList;
import io.trino.spi.ErrorCodeSupplier;
import io.trino.testing.AbstractTestQueryFramework;
import io.trino.testing.QueryRunner;
import org.junit.jupiter.api.Test;

import java.util.List;

import static com.google.common.collect.ImmutableList.toImmutableList;
import static io.lakehouseml.ml.MlErrorCode.VECTOR_DIMENSION_MISMATCH;
import static io.lakehouseml.ml.MlErrorCode.VECTOR_ZERO_NORM;
import static java.lang.String.join;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertAll;

/**
 * pgvector's own regression expectations for the functions whose names we share, run against our
 * {@code array(real)} functions (pgvector's {@code vector} holds float4 elements, as {@code array(real)}
 * does). Each case is a statement of pgvector's {@code test/sql/vector_type.sql} or
 * {@code test/sql/bit_functions.sql} word for word, the result its {@code test/expected/*.out} prints,
 * our statement and our result (repository pgvector/pgvector, commit 24e40f107cd0d700de92a7273a86ef1ba5e9d245
 * for vector_type, 2b125a1956e84da57b9ef0f51ef3c47aecc68c7f for bit_functions). Where the results
 * agree, the test checks pgvector's printed value equals ours; where we differ by design, it checks
 * that they differ and the case says why.
 * <p>
 * The shared names: {@code vector_dims}, {@code vector_norm}, {@code l2_distance} ({@code <->}),
 * {@code inner_product} ({@code <#>} is {@code negative_inner_product}), {@code cosine_distance}
 * ({@code <=>}), {@code l1_distance} ({@code <+>}), {@code l2_normalize}, {@code binary_quantize},
 * {@code hamming_distance}, {@code jaccard_distance}, and pgvector's {@code avg} and {@code sum}
 * aggregates, ours {@code vector_avg} and {@code vector_sum}. Not shared, so not here: the input syntax
 * of the {@code vector} type, its arithmetic and comparison operators (Trino's {@code zip_with} and array
 * comparison), {@code subvector} (Trino's {@code slice}) and pgvector's internal aggregate helpers
 * ({@code vector_accum}, {@code vector_combine}, and {@code vector_avg(double precision[])}, a final
 * function over pgvector's accumulator, not the aggregate our {@code vector_avg} is).
 * <p>
 * Differences by design: we add in double where pgvector's float4 sums overflow to Infinity (and where
 * pgvector's {@code sum} fails with an overflow, our {@code vector_sum}, which adds in double too, rounds
 * the result to real and gives Infinity); the cosine of a zero vector is an error here and NaN in
 * pgvector; pgvector clamps the cosine similarity to [-1, 1], we do not (as Trino's built-in
 * {@code cosine_distance} does not), so where rounding takes a similarity past 1 our distance can be a
 * tiny negative number where pgvector's is 0 (no case of pgvector's shows it); error messages name the
 * function.
 */
final class TestPgvectorCompatibility
        extends AbstractTestQueryFramework
{
    private static final String DIMENSIONS_DIFFER = "%s: vector dimensions differ: %s and %s";
    private static final String ZERO_NORM = "Vector magnitude cannot be zero: the cosine of a zero vector is undefined";
    private static final String DOUBLE_SUMS = "we add in double, where pgvector's float4 arithmetic overflows to Infinity";

    @Override
    protected QueryRunner createQueryRunner()
            throws Exception
    {
        return MlFunctionsQueryRunner.builder().build();
    }

    @Test
    void testVectorDimsAndNorm()
    {
        verify(ImmutableList.of(
                agrees("SELECT vector_dims('[1,2,3]'::vector);", "3", "SELECT vector_dims(%s)".formatted(vector("[1,2,3]")), 3L),
                agrees("SELECT round(vector_norm('[1,1]')::numeric, 5);", "1.41421", "SELECT round(vector_norm(%s), 5)".formatted(vector("[1,1]")), 1.41421),
                agrees("SELECT vector_norm('[3,4]');", "5", "SELECT vector_norm(%s)".formatted(vector("[3,4]")), 5.0),
                agrees("SELECT vector_norm('[0,1]');", "1", "SELECT vector_norm(%s)".formatted(vector("[0,1]")), 1.0),
                agrees("SELECT vector_norm('[3e37,4e37]')::real;", "5e+37", "SELECT CAST(vector_norm(%s) AS real)".formatted(vector("[3e37,4e37]")), 5e37f),
                agrees("SELECT vector_norm('[0,0]');", "0", "SELECT vector_norm(%s)".formatted(vector("[0,0]")), 0.0),
                agrees("SELECT vector_norm('[2]');", "2", "SELECT vector_norm(%s)".formatted(vector("[2]")), 2.0)));
    }

    @Test
    void testL2Distance()
    {
        verify(ImmutableList.of(
                agrees("SELECT l2_distance('[0,0]'::vector, '[3,4]');", "5", distance("l2_distance", "[0,0]", "[3,4]"), 5.0),
                agrees("SELECT l2_distance('[0,0]'::vector, '[0,1]');", "1", distance("l2_distance", "[0,0]", "[0,1]"), 1.0),
                bothFail(
                        "SELECT l2_distance('[1,2]'::vector, '[3]');",
                        "ERROR:  different vector dimensions 2 and 1",
                        distance("l2_distance", "[1,2]", "[3]"),
                        VECTOR_DIMENSION_MISMATCH,
                        DIMENSIONS_DIFFER.formatted("l2_distance", 2, 1)),
                differs("SELECT l2_distance('[3e38]'::vector, '[-3e38]');", "Infinity", distance("l2_distance", "[3e38]", "[-3e38]"), 2 * (double) 3e38f, DOUBLE_SUMS),
                agrees("SELECT l2_distance('[1,1,1,1,1,1,1,1,1]'::vector, '[1,1,1,1,1,1,1,4,5]');", "5", distance("l2_distance", "[1,1,1,1,1,1,1,1,1]", "[1,1,1,1,1,1,1,4,5]"), 5.0),
                // the operator <-> is l2_distance
                agrees("SELECT '[0,0]'::vector <-> '[3,4]';", "5", distance("l2_distance", "[0,0]", "[3,4]"), 5.0)));
    }

    @Test
    void testInnerProduct()
    {
        verify(ImmutableList.of(
                agrees("SELECT inner_product('[1,2]'::vector, '[3,4]');", "11", distance("inner_product", "[1,2]", "[3,4]"), 11.0),
                bothFail(
                        "SELECT inner_product('[1,2]'::vector, '[3]');",
                        "ERROR:  different vector dimensions 2 and 1",
                        distance("inner_product", "[1,2]", "[3]"),
                        VECTOR_DIMENSION_MISMATCH,
                        DIMENSIONS_DIFFER.formatted("inner_product", 2, 1)),
                differs("SELECT inner_product('[3e38]'::vector, '[3e38]');", "Infinity", distance("inner_product", "[3e38]", "[3e38]"), (double) 3e38f * 3e38f, DOUBLE_SUMS),
                agrees("SELECT inner_product('[1,1,1,1,1,1,1,1,1]'::vector, '[1,2,3,4,5,6,7,8,9]');", "45", distance("inner_product", "[1,1,1,1,1,1,1,1,1]", "[1,2,3,4,5,6,7,8,9]"), 45.0),
                // the operator <#> is the negative inner product
                agrees("SELECT '[1,2]'::vector <#> '[3,4]';", "-11", distance("negative_inner_product", "[1,2]", "[3,4]"), -11.0)));
    }

    @Test
    void testCosineDistance()
    {
        verify(ImmutableList.of(
                agrees("SELECT cosine_distance('[1,2]'::vector, '[2,4]');", "0", distance("cosine_distance", "[1,2]", "[2,4]"), 0.0),
                differsWithError(
                        "SELECT cosine_distance('[1,2]'::vector, '[0,0]');",
                        "NaN",
                        distance("cosine_distance", "[1,2]", "[0,0]"),
                        VECTOR_ZERO_NORM,
                        ZERO_NORM,
                        "the cosine of a zero vector is undefined: an error here, as in Trino's cosine_distance, NaN in pgvector"),
                agrees("SELECT cosine_distance('[1,1]'::vector, '[1,1]');", "0", distance("cosine_distance", "[1,1]", "[1,1]"), 0.0),
                agrees("SELECT cosine_distance('[1,0]'::vector, '[0,2]');", "1", distance("cosine_distance", "[1,0]", "[0,2]"), 1.0),
                agrees("SELECT cosine_distance('[1,1]'::vector, '[-1,-1]');", "2", distance("cosine_distance", "[1,1]", "[-1,-1]"), 2.0),
                bothFail(
                        "SELECT cosine_distance('[1,2]'::vector, '[3]');",
                        "ERROR:  different vector dimensions 2 and 1",
                        distance("cosine_distance", "[1,2]", "[3]"),
                        VECTOR_DIMENSION_MISMATCH,
                        DIMENSIONS_DIFFER.formatted("cosine_distance", 2, 1)),
                agrees("SELECT cosine_distance('[1,1]'::vector, '[1.1,1.1]');", "0", distance("cosine_distance", "[1,1]", "[1.1,1.1]"), 0.0),
                agrees("SELECT cosine_distance('[1,1]'::vector, '[-1.1,-1.1]');", "2", distance("cosine_distance", "[1,1]", "[-1.1,-1.1]"), 2.0),
                differs("SELECT cosine_distance('[3e38]'::vector, '[3e38]');", "NaN", distance("cosine_distance", "[3e38]", "[3e38]"), 0.0, DOUBLE_SUMS + " and the cosine becomes Infinity / Infinity"),
                agrees("SELECT cosine_distance('[1,2,3,4,5,6,7,8,9]'::vector, '[1,2,3,4,5,6,7,8,9]');", "0", distance("cosine_distance", "[1,2,3,4,5,6,7,8,9]", "[1,2,3,4,5,6,7,8,9]"), 0.0),
                agrees(
                        "SELECT cosine_distance('[1,2,3,4,5,6,7,8,9]'::vector, '[-1,-2,-3,-4,-5,-6,-7,-8,-9]');",
                        "2",
                        distance("cosine_distance", "[1,2,3,4,5,6,7,8,9]", "[-1,-2,-3,-4,-5,-6,-7,-8,-9]"),
                        2.0),
                // the operator <=> is cosine_distance
                agrees("SELECT '[1,2]'::vector <=> '[2,4]';", "0", distance("cosine_distance", "[1,2]", "[2,4]"), 0.0)));
    }

    @Test
    void testL1Distance()
    {
        verify(ImmutableList.of(
                agrees("SELECT l1_distance('[0,0]'::vector, '[3,4]');", "7", distance("l1_distance", "[0,0]", "[3,4]"), 7.0),
                agrees("SELECT l1_distance('[0,0]'::vector, '[0,1]');", "1", distance("l1_distance", "[0,0]", "[0,1]"), 1.0),
                bothFail(
                        "SELECT l1_distance('[1,2]'::vector, '[3]');",
                        "ERROR:  different vector dimensions 2 and 1",
                        distance("l1_distance", "[1,2]", "[3]"),
                        VECTOR_DIMENSION_MISMATCH,
                        DIMENSIONS_DIFFER.formatted("l1_distance", 2, 1)),
                differs("SELECT l1_distance('[3e38]'::vector, '[-3e38]');", "Infinity", distance("l1_distance", "[3e38]", "[-3e38]"), 2 * (double) 3e38f, DOUBLE_SUMS),
                agrees("SELECT l1_distance('[1,2,3,4,5,6,7,8,9]'::vector, '[1,2,3,4,5,6,7,8,9]');", "0", distance("l1_distance", "[1,2,3,4,5,6,7,8,9]", "[1,2,3,4,5,6,7,8,9]"), 0.0),
                agrees("SELECT l1_distance('[1,2,3,4,5,6,7,8,9]'::vector, '[0,3,2,5,4,7,6,9,8]');", "9", distance("l1_distance", "[1,2,3,4,5,6,7,8,9]", "[0,3,2,5,4,7,6,9,8]"), 9.0),
                // the operator <+> is l1_distance
                agrees("SELECT '[0,0]'::vector <+> '[3,4]';", "7", distance("l1_distance", "[0,0]", "[3,4]"), 7.0)));
    }

    @Test
    void testL2NormalizeAndBinaryQuantize()
    {
        verify(ImmutableList.of(
                agrees("SELECT l2_normalize('[3,4]'::vector);", "[0.6,0.8]", "SELECT l2_normalize(%s)".formatted(vector("[3,4]")), floats(0.6f, 0.8f)),
                agrees("SELECT l2_normalize('[3,0]'::vector);", "[1,0]", "SELECT l2_normalize(%s)".formatted(vector("[3,0]")), floats(1, 0)),
                agrees("SELECT l2_normalize('[0,0.1]'::vector);", "[0,1]", "SELECT l2_normalize(%s)".formatted(vector("[0,0.1]")), floats(0, 1)),
                agrees("SELECT l2_normalize('[0,0]'::vector);", "[0,0]", "SELECT l2_normalize(%s)".formatted(vector("[0,0]")), floats(0, 0)),
                agrees("SELECT l2_normalize('[3e38]'::vector);", "[1]", "SELECT l2_normalize(%s)".formatted(vector("[3e38]")), floats(1)),
                // pgvector returns a bit string; ours is a packed binary vector, read back as 0 and 1
                agrees("SELECT binary_quantize('[1,0,-1]'::vector);", "100", "SELECT vector_unpack(binary_quantize(%s))".formatted(vector("[1,0,-1]")), floats(1, 0, 0)),
                agrees(
                        "SELECT binary_quantize('[0,0.1,-0.2,-0.3,0.4,0.5,0.6,-0.7,0.8,-0.9,1]'::vector);",
                        "01001110101",
                        "SELECT vector_unpack(binary_quantize(%s))".formatted(vector("[0,0.1,-0.2,-0.3,0.4,0.5,0.6,-0.7,0.8,-0.9,1]")),
                        floats(0, 1, 0, 0, 1, 1, 1, 0, 1, 0, 1)),
                agrees(
                        "SELECT binary_quantize('[1,2,3,-4,5,6,-7,8,1,-2,-3,4,5,-6,7,8,-1,2,3]'::vector);",
                        "1110110110011011011",
                        "SELECT vector_unpack(binary_quantize(%s))".formatted(vector("[1,2,3,-4,5,6,-7,8,1,-2,-3,4,5,-6,7,8,-1,2,3]")),
                        floats(1, 1, 1, 0, 1, 1, 0, 1, 1, 0, 0, 1, 1, 0, 1, 1, 0, 1, 1))));
    }

    @Test
    void testAggregates()
    {
        // pgvector's avg(vector) and sum(vector) are our vector_avg and vector_sum
        verify(ImmutableList.of(
                agrees(
                        "SELECT avg(v) FROM unnest(ARRAY['[1,2,3]'::vector, '[3,5,7]']) v;",
                        "[2,3.5,5]",
                        aggregate("vector_avg", "[1,2,3]", "[3,5,7]"),
                        floats(2, 3.5f, 5)),
                agrees(
                        "SELECT avg(v) FROM unnest(ARRAY['[1,2,3]'::vector, '[3,5,7]', NULL]) v;",
                        "[2,3.5,5]",
                        aggregate("vector_avg", "[1,2,3]", "[3,5,7]", "NULL"),
                        floats(2, 3.5f, 5)),
                agrees("SELECT avg(v) FROM unnest(ARRAY[]::vector[]) v;", "", "SELECT vector_avg(v) FROM (SELECT CAST(NULL AS array(real)) AS v) WHERE false", null),
                bothFail(
                        "SELECT avg(v) FROM unnest(ARRAY['[1,2]'::vector, '[3]']) v;",
                        "ERROR:  expected 2 dimensions, not 1",
                        aggregate("vector_avg", "[1,2]", "[3]"),
                        VECTOR_DIMENSION_MISMATCH,
                        DIMENSIONS_DIFFER.formatted("vector_avg", 2, 1)),
                agrees("SELECT avg(v) FROM unnest(ARRAY['[3e38]'::vector, '[3e38]']) v;", "[3e+38]", aggregate("vector_avg", "[3e38]", "[3e38]"), floats(3e38f)),
                agrees("SELECT sum(v) FROM unnest(ARRAY['[1,2,3]'::vector, '[3,5,7]']) v;", "[4,7,10]", aggregate("vector_sum", "[1,2,3]", "[3,5,7]"), floats(4, 7, 10)),
                agrees(
                        "SELECT sum(v) FROM unnest(ARRAY['[1,2,3]'::vector, '[3,5,7]', NULL]) v;",
                        "[4,7,10]",
                        aggregate("vector_sum", "[1,2,3]", "[3,5,7]", "NULL"),
                        floats(4, 7, 10)),
                agrees("SELECT sum(v) FROM unnest(ARRAY[]::vector[]) v;", "", "SELECT vector_sum(v) FROM (SELECT CAST(NULL AS array(real)) AS v) WHERE false", null),
                bothFail(
                        "SELECT sum(v) FROM unnest(ARRAY['[1,2]'::vector, '[3]']) v;",
                        "ERROR:  different vector dimensions 2 and 1",
                        aggregate("vector_sum", "[1,2]", "[3]"),
                        VECTOR_DIMENSION_MISMATCH,
                        DIMENSIONS_DIFFER.formatted("vector_sum", 2, 1)),
                differs(
                        "SELECT sum(v) FROM unnest(ARRAY['[3e38]'::vector, '[3e38]']) v;",
                        "ERROR:  value out of range: overflow",
                        aggregate("vector_sum", "[3e38]", "[3e38]"),
                        floats(Float.POSITIVE_INFINITY),
                        "vector_sum adds in double and rounds the sum to real once, which gives Infinity where pgvector's float4 sum fails")));
    }

    @Test
    void testBitDistances()
    {
        // pgvector's bit strings are our binary vectors: binary_quantize makes a 1 bit of every positive element
        verify(ImmutableList.of(
                agrees("SELECT hamming_distance(B'111', B'111');", "0", bitDistance("hamming_distance", "111", "111"), 0L),
                agrees("SELECT hamming_distance(B'111', B'110');", "1", bitDistance("hamming_distance", "111", "110"), 1L),
                agrees("SELECT hamming_distance(B'111', B'100');", "2", bitDistance("hamming_distance", "111", "100"), 2L),
                agrees("SELECT hamming_distance(B'111', B'000');", "3", bitDistance("hamming_distance", "111", "000"), 3L),
                bothFail(
                        "SELECT hamming_distance(B'111', B'00');",
                        "ERROR:  different bit lengths 3 and 2",
                        bitDistance("hamming_distance", "111", "00"),
                        VECTOR_DIMENSION_MISMATCH,
                        DIMENSIONS_DIFFER.formatted("hamming_distance", 3, 2)),
                agrees("SELECT jaccard_distance(B'1111', B'1111');", "0", bitDistance("jaccard_distance", "1111", "1111"), 0.0),
                agrees("SELECT jaccard_distance(B'1111', B'1110');", "0.25", bitDistance("jaccard_distance", "1111", "1110"), 0.25),
                agrees("SELECT jaccard_distance(B'1111', B'1100');", "0.5", bitDistance("jaccard_distance", "1111", "1100"), 0.5),
                agrees("SELECT jaccard_distance(B'1111', B'1000');", "0.75", bitDistance("jaccard_distance", "1111", "1000"), 0.75),
                agrees("SELECT jaccard_distance(B'1111', B'0000');", "1", bitDistance("jaccard_distance", "1111", "0000"), 1.0),
                agrees("SELECT jaccard_distance(B'1100', B'1000');", "0.5", bitDistance("jaccard_distance", "1100", "1000"), 0.5),
                bothFail(
                        "SELECT jaccard_distance(B'1111', B'000');",
                        "ERROR:  different bit lengths 4 and 3",
                        bitDistance("jaccard_distance", "1111", "000"),
                        VECTOR_DIMENSION_MISMATCH,
                        DIMENSIONS_DIFFER.formatted("jaccard_distance", 4, 3))));
    }

    private void verify(List<Case> cases)
    {
        assertAll(cases.stream().map(testCase -> () -> verify(testCase)));
    }

    private void verify(Case testCase)
    {
        String description = "pgvector: %s -> %s; ours: %s".formatted(testCase.pgvector(), testCase.pgvectorResult(), testCase.sql());
        if (testCase.errorCode() != null) {
            assertThat(query(testCase.sql())).as(description)
                    .failure()
                    .hasErrorCode(testCase.errorCode())
                    .hasMessage((String) testCase.ours());
        }
        else {
            assertThat(computeScalar(testCase.sql())).as(description).isEqualTo(testCase.ours());
        }
        boolean pgvectorFails = testCase.pgvectorResult().startsWith("ERROR:");
        boolean oursFails = testCase.errorCode() != null;
        if (testCase.difference() == null) {
            // the same result, or an error on both sides
            assertThat(pgvectorFails).as(description).isEqualTo(oursFails);
            if (!pgvectorFails) {
                assertThat(pgvectorValue(testCase.pgvectorResult(), testCase.ours())).as(description).isEqualTo(testCase.ours());
            }
        }
        else if (!pgvectorFails && !oursFails) {
            assertThat(pgvectorValue(testCase.pgvectorResult(), testCase.ours())).as(description).isNotEqualTo(testCase.ours());
        }
    }

    /**
     * pgvector's printed result read as a value of the type of ours: a number, a vector {@code [a,b]},
     * a bit string, or nothing for NULL.
     */
    private static Object pgvectorValue(String printed, Object ours)
    {
        if (printed.isEmpty()) {
            return null;
        }
        return switch (ours) {
            case Long _ -> Long.parseLong(printed);
            case Double _ -> Double.parseDouble(printed);
            case Float _ -> Float.parseFloat(printed);
            case List<?> _ when printed.startsWith("[") -> Splitter.on(',').splitToStream(printed.substring(1, printed.length() - 1))
                    .map(Float::parseFloat)
                    .collect(toImmutableList());
            case List<?> _ -> printed.chars()
                    .mapToObj(bit -> bit == '1' ? 1f : 0f)
                    .collect(toImmutableList());
            default -> throw new IllegalArgumentException("no pgvector counterpart for " + ours);
        };
    }

    /**
     * pgvector's literal of a vector, {@code [1,2]}, as an {@code array(real)}.
     */
    private static String vector(String literal)
    {
        List<String> elements = Splitter.on(',').splitToList(literal.substring(1, literal.length() - 1));
        return "ARRAY[" + join(", ", elements.stream().map("REAL '%s'"::formatted).toList()) + "]";
    }

    private static String distance(String function, String first, String second)
    {
        return "SELECT %s(%s, %s)".formatted(function, vector(first), vector(second));
    }

    private static String aggregate(String function, String... vectors)
    {
        List<String> rows = ImmutableList.copyOf(vectors).stream()
                .map(vector -> vector.equals("NULL") ? "CAST(NULL AS array(real))" : vector(vector))
                .toList();
        return "SELECT %s(v) FROM (VALUES %s) t (v)".formatted(function, join(", ", rows));
    }

    /**
     * pgvector's bit string, {@code B'110'}, as our binary vector: binary_quantize of 1s and 0s.
     */
    private static String bitDistance(String function, String first, String second)
    {
        return "SELECT %s(%s, %s)".formatted(function, bits(first), bits(second));
    }

    private static String bits(String bits)
    {
        return "binary_quantize(" + vector("[" + join(",", Splitter.fixedLength(1).split(bits)) + "]") + ")";
    }

    private static List<Float> floats(float... values)
    {
        ImmutableList.Builder<Float> list = ImmutableList.builder();
        for (float value : values) {
            list.add(value);
        }
        return list.build();
    }

    private static Case agrees(String pgvector, String pgvectorResult, String sql, Object ours)
    {
        return new Case(pgvector, pgvectorResult, sql, ours, null, null);
    }

    private static Case bothFail(String pgvector, String pgvectorError, String sql, ErrorCodeSupplier errorCode, String message)
    {
        return new Case(pgvector, pgvectorError, sql, message, errorCode, null);
    }

    private static Case differs(String pgvector, String pgvectorResult, String sql, Object ours, String difference)
    {
        return new Case(pgvector, pgvectorResult, sql, ours, null, difference);
    }

    private static Case differsWithError(String pgvector, String pgvectorResult, String sql, ErrorCodeSupplier errorCode, String message, String difference)
    {
        return new Case(pgvector, pgvectorResult, sql, message, errorCode, difference);
    }

    /**
     * One statement of pgvector's regression test and its printed result, our statement and our result:
     * a value, or, with an error code, the message of the error; a difference says why the two differ.
     */
    private record Case(String pgvector, String pgvectorResult, String sql, Object ours, ErrorCodeSupplier errorCode, String difference) {}
}
