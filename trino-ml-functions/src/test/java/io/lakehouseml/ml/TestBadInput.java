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

import com.google.common.collect.ImmutableList;
import com.google.common.primitives.Floats;
import io.trino.spi.ErrorCodeSupplier;
import io.trino.testing.AbstractTestQueryFramework;
import io.trino.testing.QueryRunner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;

import static com.google.common.base.Preconditions.checkArgument;
import static io.lakehouseml.ml.MlErrorCode.VECTOR_DIMENSION_MISMATCH;
import static io.lakehouseml.ml.MlErrorCode.VECTOR_EMPTY;
import static io.lakehouseml.ml.MlErrorCode.VECTOR_INVALID_FORMAT;
import static io.lakehouseml.ml.MlErrorCode.VECTOR_INVALID_PACKED;
import static io.lakehouseml.ml.MlErrorCode.VECTOR_NOT_FINITE;
import static io.lakehouseml.ml.MlErrorCode.VECTOR_NULL_ELEMENT;
import static io.lakehouseml.ml.MlErrorCode.VECTOR_OUT_OF_RANGE;
import static io.lakehouseml.ml.MlErrorCode.VECTOR_ZERO_NORM;
import static io.trino.spi.ErrorType.USER_ERROR;
import static io.trino.spi.StandardErrorCode.FUNCTION_NOT_FOUND;
import static java.util.concurrent.TimeUnit.MINUTES;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertAll;

/**
 * Bad input to every function of the plugin, through the engine: each case is a query and what it
 * must give, either an error (a {@code TrinoException} with a user error code, its message word for
 * word) or the value docs/ml-functions.md documents (NULL, NaN, infinity, IEEE arithmetic). A
 * function that fails with an internal error, another code or another message, or returns another
 * value, fails its case; every failing case of a function family is reported together.
 */
@Timeout(value = 2, unit = MINUTES)
final class TestBadInput
        extends AbstractTestQueryFramework
{
    private static final String EMPTY_REAL = "CAST(ARRAY[] AS array(real))";
    private static final String EMPTY_DOUBLE = "CAST(ARRAY[] AS array(double))";
    // 100,000 elements, 1 to 10,000 ten times (sequence and repeat stop at 10,000), made without a lambda, which takes a compilation per query
    private static final String HUGE = "flatten(repeat(CAST(sequence(1, 10000) AS array(real)), 10))";
    // a float32 header that says 1,073,741,825 elements and one element: four times the dimension overflows an int to 4
    private static final String OVERFLOWING_DIMENSION = "X'56580100 01000040 0000803f'";

    private static final String NOT_PACKED = "%s: not a packed vector: a varbinary vector must be made by vector_pack or binary_quantize";
    private static final String ZERO_NORM = "Vector magnitude cannot be zero: the cosine of a zero vector is undefined";
    private static final String NO_BINARY = "%s does not accept binary vectors: compare them with hamming_distance or jaccard_distance";

    private static final List<String> COSINES = ImmutableList.of("cosine_similarity", "cosine_distance");
    // the names new to Trino, with an array(double) overload; NULL elements give NULL
    private static final List<String> NEW_DISTANCES = ImmutableList.of("l2_distance", "l2_squared_distance", "l1_distance", "inner_product", "negative_inner_product");
    private static final List<String> DISTANCES = ImmutableList.<String>builder()
            .addAll(COSINES)
            .add("dot_product", "euclidean_distance")
            .addAll(NEW_DISTANCES)
            .build();

    @Override
    protected QueryRunner createQueryRunner()
            throws Exception
    {
        return MlFunctionsQueryRunner.builder().build();
    }

    @Test
    void testDistancesOnArrays()
    {
        ImmutableList.Builder<Case> cases = ImmutableList.builder();
        for (String function : DISTANCES) {
            cases.add(fails(
                    "SELECT %s(ARRAY[REAL '1', REAL '2'], ARRAY[REAL '1', REAL '2', REAL '3'])".formatted(function),
                    VECTOR_DIMENSION_MISMATCH,
                    "%s: vector dimensions differ: 2 and 3".formatted(function)));
            cases.add(fails(
                    "SELECT %s(%s, concat(%<s, ARRAY[REAL '1']))".formatted(function, HUGE),
                    VECTOR_DIMENSION_MISMATCH,
                    "%s: vector dimensions differ: 100000 and 100001".formatted(function)));
            // NaN follows IEEE arithmetic, as in Trino's functions
            cases.add(returns("SELECT %s(ARRAY[REAL 'NaN', REAL '1'], ARRAY[REAL '1', REAL '2'])".formatted(function), Double.NaN));
        }
        for (String function : COSINES) {
            cases.add(fails("SELECT %s(%s, %<s)".formatted(function, EMPTY_REAL), VECTOR_ZERO_NORM, ZERO_NORM));
            cases.add(fails("SELECT %s(ARRAY[REAL '1', REAL '2'], ARRAY[REAL '0', REAL '-0'])".formatted(function), VECTOR_ZERO_NORM, ZERO_NORM));
            // infinity over infinity
            cases.add(returns("SELECT %s(ARRAY[REAL 'Infinity', REAL '1'], ARRAY[REAL '1', REAL '2'])".formatted(function), Double.NaN));
            cases.add(returns("SELECT %s(ARRAY[REAL '1', NULL], ARRAY[REAL '1', REAL '2'])".formatted(function), null));
        }
        for (String function : NEW_DISTANCES) {
            cases.add(returns("SELECT %s(ARRAY[REAL '1', REAL '2'], ARRAY[NULL, REAL '2'])".formatted(function), null));
        }
        cases.add(
                // the empty vectors: no terms to add
                returns("SELECT dot_product(%s, %<s)".formatted(EMPTY_REAL), 0.0),
                returns("SELECT inner_product(%s, %<s)".formatted(EMPTY_REAL), 0.0),
                // the negation of +0
                returns("SELECT negative_inner_product(%s, %<s)".formatted(EMPTY_REAL), -0.0),
                returns("SELECT euclidean_distance(%s, %<s)".formatted(EMPTY_REAL), 0.0),
                returns("SELECT l2_distance(%s, %<s)".formatted(EMPTY_REAL), 0.0),
                returns("SELECT l2_squared_distance(%s, %<s)".formatted(EMPTY_REAL), 0.0),
                returns("SELECT l1_distance(%s, %<s)".formatted(EMPTY_REAL), 0.0),
                // a NULL element counts as 0 in Trino's names
                returns("SELECT dot_product(ARRAY[REAL '5', NULL], ARRAY[REAL '1', REAL '1'])", 5.0),
                returns("SELECT euclidean_distance(ARRAY[REAL '1', NULL], ARRAY[REAL '1', REAL '2'])", 2.0),
                // infinity follows IEEE arithmetic
                returns("SELECT dot_product(ARRAY[REAL 'Infinity', REAL '1'], ARRAY[REAL '1', REAL '2'])", Double.POSITIVE_INFINITY),
                returns("SELECT dot_product(ARRAY[REAL 'Infinity', REAL '1'], ARRAY[REAL '0', REAL '2'])", Double.NaN),
                returns("SELECT negative_inner_product(ARRAY[REAL 'Infinity', REAL '1'], ARRAY[REAL '1', REAL '2'])", Double.NEGATIVE_INFINITY),
                returns("SELECT l2_distance(ARRAY[REAL '-Infinity'], ARRAY[REAL '1'])", Double.POSITIVE_INFINITY),
                returns("SELECT l1_distance(ARRAY[REAL 'Infinity'], ARRAY[REAL 'Infinity'])", Double.NaN),
                // the largest and the smallest floats: the sums in double neither overflow nor underflow
                returns("SELECT l2_distance(ARRAY[REAL '3.4028235e38'], ARRAY[REAL '-3.4028235e38'])", 2 * (double) Float.MAX_VALUE),
                returns("SELECT l2_squared_distance(ARRAY[REAL '1.4e-45'], ARRAY[REAL '0'])", (double) Float.MIN_VALUE * Float.MIN_VALUE),
                returns("SELECT cosine_similarity(ARRAY[REAL '1.4e-45', REAL '1.4e-45'], ARRAY[REAL '3.4e38', REAL '3.4e38'])", 1.0),
                // a huge vector
                returns("SELECT inner_product(%s, flatten(repeat(repeat(REAL '1', 10000), 10)))".formatted(HUGE), 10 * 10000 * 10001 / 2.0),
                // the engine resolves the overloads: a wrong argument type fails before any function runs
                fails(
                        "SELECT hamming_distance(ARRAY[REAL '1'], ARRAY[REAL '1'])",
                        FUNCTION_NOT_FOUND,
                        "line 1:8: Unexpected parameters (array(real), array(real)) for function hamming_distance. Expected: hamming_distance(varbinary, varbinary), hamming_distance(varchar(x), varchar(y))"),
                // and a NULL vector gives NULL
                returns("SELECT cosine_distance(NULL, NULL)", null),
                returns("SELECT l2_distance(ARRAY[REAL '1'], NULL)", null));
        verify(cases.build());
    }

    @Test
    void testDistancesOnDoubleArrays()
    {
        ImmutableList.Builder<Case> cases = ImmutableList.builder();
        for (String function : NEW_DISTANCES) {
            cases.add(
                    fails("SELECT %s(ARRAY[1e0, 2e0], ARRAY[1e0])".formatted(function), VECTOR_DIMENSION_MISMATCH, "%s: vector dimensions differ: 2 and 1".formatted(function)),
                    fails("SELECT %s(%s, ARRAY[1e0])".formatted(function, EMPTY_DOUBLE), VECTOR_DIMENSION_MISMATCH, "%s: vector dimensions differ: 0 and 1".formatted(function)),
                    returns("SELECT %s(ARRAY[1e0, NULL], ARRAY[1e0, 2e0])".formatted(function), null),
                    returns("SELECT %s(ARRAY[nan(), 1e0], ARRAY[1e0, 2e0])".formatted(function), Double.NaN));
        }
        cases.add(
                returns("SELECT l2_distance(%s, %<s)".formatted(EMPTY_DOUBLE), 0.0),
                returns("SELECT l2_squared_distance(%s, %<s)".formatted(EMPTY_DOUBLE), 0.0),
                returns("SELECT l1_distance(%s, %<s)".formatted(EMPTY_DOUBLE), 0.0),
                returns("SELECT inner_product(%s, %<s)".formatted(EMPTY_DOUBLE), 0.0),
                returns("SELECT l2_distance(ARRAY[infinity()], ARRAY[1e0])", Double.POSITIVE_INFINITY),
                returns("SELECT l2_distance(ARRAY[infinity()], ARRAY[infinity()])", Double.NaN),
                // the squares overflow or underflow, the distance does not
                returns("SELECT l2_distance(ARRAY[1e200], ARRAY[-1e200])", 2e200),
                returns("SELECT l2_distance(ARRAY[1e-200, 0e0], ARRAY[0e0, 0e0])", 1e-200),
                returns("SELECT l2_distance(ARRAY[4.9e-324], ARRAY[0e0])", Double.MIN_VALUE),
                // and where the distance itself overflows, infinity
                returns("SELECT l2_distance(ARRAY[1.7976931348623157e308], ARRAY[-1.7976931348623157e308])", Double.POSITIVE_INFINITY),
                returns("SELECT l2_squared_distance(ARRAY[1e200], ARRAY[-1e200])", Double.POSITIVE_INFINITY));
        verify(cases.build());
    }

    @Test
    void testDistancesOnPackedVectors()
    {
        ImmutableList.Builder<Case> cases = ImmutableList.builder();
        for (String function : DISTANCES) {
            // each of the three packed overloads
            cases.add(
                    fails(
                            "SELECT %s(vector_pack(ARRAY[REAL '1']), ARRAY[REAL '1', REAL '2'])".formatted(function),
                            VECTOR_DIMENSION_MISMATCH,
                            "%s: vector dimensions differ: 1 and 2".formatted(function)),
                    fails(
                            "SELECT %s(ARRAY[REAL '1', REAL '2'], vector_pack(ARRAY[REAL '1'], 'int8'))".formatted(function),
                            VECTOR_DIMENSION_MISMATCH,
                            "%s: vector dimensions differ: 2 and 1".formatted(function)),
                    fails(
                            "SELECT %s(vector_pack(ARRAY[REAL '1', REAL '2'], 'float16'), vector_pack(ARRAY[REAL '1'], 'bfloat16'))".formatted(function),
                            VECTOR_DIMENSION_MISMATCH,
                            "%s: vector dimensions differ: 2 and 1".formatted(function)),
                    fails("SELECT %s(X'', ARRAY[REAL '1'])".formatted(function), VECTOR_INVALID_PACKED, NOT_PACKED.formatted(function)),
                    fails(
                            "SELECT %s(vector_pack(ARRAY[REAL '1']), %s)".formatted(function, OVERFLOWING_DIMENSION),
                            VECTOR_INVALID_PACKED,
                            "%s: not a packed vector: a float32 vector of dimension 1073741825 has 4294967308 bytes, not 12".formatted(function)),
                    // binary vectors are compared with hamming_distance and jaccard_distance; with a float format they do not mix
                    fails("SELECT %s(binary_quantize(ARRAY[REAL '1']), vector_pack(ARRAY[REAL '1']))".formatted(function), VECTOR_INVALID_FORMAT, NO_BINARY.formatted(function)),
                    fails("SELECT %s(ARRAY[REAL '1'], binary_quantize(ARRAY[REAL '1']))".formatted(function), VECTOR_INVALID_FORMAT, NO_BINARY.formatted(function)));
        }
        for (String function : COSINES) {
            cases.add(
                    fails("SELECT %s(vector_pack(%s), vector_pack(%<s))".formatted(function, EMPTY_REAL), VECTOR_ZERO_NORM, ZERO_NORM),
                    fails("SELECT %s(vector_pack(ARRAY[REAL '0', REAL '0'], 'int8'), ARRAY[REAL '1', REAL '2'])".formatted(function), VECTOR_ZERO_NORM, ZERO_NORM));
        }
        cases.add(
                // the float formats mix: each side is read as floats
                returns("SELECT l2_squared_distance(vector_pack(ARRAY[REAL '1', REAL '-2'], 'float16'), vector_pack(ARRAY[REAL '127', REAL '-127'], 'int8'))", 126.0 * 126 + 125 * 125),
                returns("SELECT dot_product(vector_pack(ARRAY[REAL '3', REAL '0.5'], 'bfloat16'), vector_pack(ARRAY[REAL '2', REAL '4']))", 8.0),
                // NaN and infinity stored in float32 follow IEEE arithmetic
                returns("SELECT inner_product(vector_pack(ARRAY[REAL 'NaN']), vector_pack(ARRAY[REAL '1'], 'float16'))", Double.NaN),
                returns("SELECT l1_distance(vector_pack(ARRAY[REAL 'Infinity']), ARRAY[REAL '1'])", Double.POSITIVE_INFINITY),
                returns("SELECT l2_distance(vector_pack(%s, 'float16'), vector_unpack(vector_pack(%<s, 'float16')))".formatted(HUGE), 0.0));
        verify(cases.build());
    }

    @Test
    void testNorms()
    {
        verify(ImmutableList.of(
                fails("SELECT vector_norm(%s)".formatted(EMPTY_REAL), VECTOR_EMPTY, "vector_norm: the vector is empty"),
                fails("SELECT vector_norm(%s)".formatted(EMPTY_DOUBLE), VECTOR_EMPTY, "vector_norm: the vector is empty"),
                fails("SELECT vector_norm(vector_pack(%s, 'int8'))".formatted(EMPTY_REAL), VECTOR_EMPTY, "vector_norm: the vector is empty"),
                fails("SELECT vector_norm(binary_quantize(ARRAY[REAL '1']))", VECTOR_INVALID_FORMAT, NO_BINARY.formatted("vector_norm")),
                fails("SELECT vector_norm(X'')", VECTOR_INVALID_PACKED, NOT_PACKED.formatted("vector_norm")),
                fails(
                        "SELECT vector_norm(%s)".formatted(OVERFLOWING_DIMENSION),
                        VECTOR_INVALID_PACKED,
                        "vector_norm: not a packed vector: a float32 vector of dimension 1073741825 has 4294967308 bytes, not 12"),
                fails(
                        "SELECT vector_norm('abc')",
                        FUNCTION_NOT_FOUND,
                        "line 1:8: Unexpected parameters (varchar(3)) for function vector_norm. Expected: vector_norm(array(double)), vector_norm(array(real)), vector_norm(varbinary)"),
                returns("SELECT vector_norm(ARRAY[REAL '3', NULL])", null),
                returns("SELECT vector_norm(ARRAY[3e0, NULL])", null),
                returns("SELECT vector_norm(ARRAY[REAL 'NaN', REAL '1'])", Double.NaN),
                returns("SELECT vector_norm(ARRAY[-infinity(), 1e0])", Double.POSITIVE_INFINITY),
                returns("SELECT vector_norm(vector_pack(ARRAY[REAL 'Infinity', REAL 'NaN']))", Double.NaN),
                returns("SELECT vector_norm(ARRAY[REAL '0', REAL '-0'])", 0.0),
                returns("SELECT vector_norm(ARRAY[REAL '3.4e38', REAL '3.4e38'])", Math.sqrt(2.0 * 3.4e38f * 3.4e38f)),
                returns("SELECT vector_norm(ARRAY[REAL '1.4e-45'])", (double) Float.MIN_VALUE),
                // in double the squares overflow or underflow, the norm does not
                returns("SELECT vector_norm(ARRAY[1e200, 1e200])", Math.sqrt(2) * 1e200),
                returns("SELECT vector_norm(ARRAY[1e-200])", 1e-200),
                returns("SELECT vector_norm(ARRAY[-4.9e-324, 0e0])", Double.MIN_VALUE),
                returns("SELECT vector_norm(%s)".formatted(HUGE), Math.sqrt(10 * sumOfSquaresUpTo(10000)))));
    }

    @Test
    void testVectorDims()
    {
        verify(ImmutableList.of(
                // the number of elements, as cardinality: an empty vector has 0, a NULL element counts
                returns("SELECT vector_dims(%s)".formatted(EMPTY_REAL), 0L),
                returns("SELECT vector_dims(%s)".formatted(EMPTY_DOUBLE), 0L),
                returns("SELECT vector_dims(ARRAY[REAL '1', NULL])", 2L),
                returns("SELECT vector_dims(ARRAY[1e0, NULL, nan()])", 3L),
                returns("SELECT vector_dims(%s)".formatted(HUGE), 100_000L),
                returns("SELECT vector_dims(CAST(NULL AS array(real)))", null),
                fails(
                        "SELECT vector_dims('abc')",
                        FUNCTION_NOT_FOUND,
                        "line 1:8: Unexpected parameters (varchar(3)) for function vector_dims. Expected: vector_dims(array(double)), vector_dims(array(real)), vector_dims(varbinary)")));
    }

    @Test
    void testEmbedText()
    {
        verify(ImmutableList.of(
                returns("SELECT embed_text(NULL)", null),
                returns("SELECT cardinality(embed_text(''))", 384L),
                // control and format characters vanish: the embedding of the empty text
                returns("SELECT embed_text(chr(0) || chr(7) || chr(8203) || chr(65279)) = embed_text('')", true),
                // invalid UTF-8 is read as U+FFFD, which vanishes too
                returns("SELECT embed_text(from_utf8(X'FFFE')) = embed_text('')", true),
                // ten million characters: truncated at 256 word pieces ([CLS], 254 words, [SEP])
                returns("SELECT embed_text(rpad('', 10000000, 'word ')) = embed_text(rpad('', 1270, 'word '))", true),
                returns("SELECT embed_text(rpad('', 1270, 'word ')) = embed_text(rpad('', 1265, 'word '))", false),
                fails(
                        "SELECT embed_text(42)",
                        FUNCTION_NOT_FOUND,
                        "line 1:8: Unexpected parameters (integer) for function embed_text. Expected: embed_text(varchar)"),
                fails(
                        "SELECT embed_text(ARRAY['a'])",
                        FUNCTION_NOT_FOUND,
                        "line 1:8: Unexpected parameters (array(varchar(1))) for function embed_text. Expected: embed_text(varchar)")));
    }

    @Test
    void testNormalize()
    {
        verify(ImmutableList.of(
                fails("SELECT l2_normalize(%s)".formatted(EMPTY_REAL), VECTOR_EMPTY, "l2_normalize: the vector is empty"),
                fails("SELECT l2_normalize(%s)".formatted(EMPTY_DOUBLE), VECTOR_EMPTY, "l2_normalize: the vector is empty"),
                fails("SELECT l2_normalize(ARRAY[REAL '1', REAL 'NaN'])", VECTOR_NOT_FINITE, "l2_normalize: the vector contains NaN or infinity"),
                fails("SELECT l2_normalize(ARRAY[REAL '-Infinity'])", VECTOR_NOT_FINITE, "l2_normalize: the vector contains NaN or infinity"),
                fails("SELECT l2_normalize(ARRAY[nan()])", VECTOR_NOT_FINITE, "l2_normalize: the vector contains NaN or infinity"),
                fails("SELECT l2_normalize(ARRAY[1e0, infinity()])", VECTOR_NOT_FINITE, "l2_normalize: the vector contains NaN or infinity"),
                fails("SELECT l2_normalize(concat(%s, ARRAY[REAL 'NaN']))".formatted(HUGE), VECTOR_NOT_FINITE, "l2_normalize: the vector contains NaN or infinity"),
                returns("SELECT l2_normalize(ARRAY[REAL '1', NULL])", null),
                returns("SELECT l2_normalize(ARRAY[1e0, NULL])", null),
                // a zero vector stays zero, as in pgvector
                returns("SELECT l2_normalize(ARRAY[REAL '0', REAL '0'])", floats(0, 0)),
                returns("SELECT l2_normalize(ARRAY[0e0, -0e0])", ImmutableList.of(0.0, -0.0)),
                // the largest and the smallest values
                returns("SELECT l2_normalize(ARRAY[REAL '3.4e38', REAL '-3.4e38'])", floats(0.70710677f, -0.70710677f)),
                returns("SELECT l2_normalize(ARRAY[REAL '1.4e-45', REAL '0'])", floats(1, 0)),
                returns("SELECT l2_normalize(ARRAY[1e200, 1e200])", ImmutableList.of(0.7071067811865475, 0.7071067811865475)),
                returns("SELECT l2_normalize(ARRAY[1.7976931348623157e308, -1.7976931348623157e308])", ImmutableList.of(0.7071067811865475, -0.7071067811865475)),
                returns("SELECT l2_normalize(ARRAY[1e-200, 0e0])", ImmutableList.of(1.0, 0.0)),
                returns("SELECT l2_normalize(ARRAY[4.9e-324])", ImmutableList.of(1.0))));
    }

    @Test
    void testPacking()
    {
        verify(ImmutableList.of(
                fails("SELECT vector_pack(ARRAY[REAL '1', NULL])", VECTOR_NULL_ELEMENT, "vector_pack: element 2 of the vector is NULL"),
                fails("SELECT vector_pack(ARRAY[NULL, REAL '1'], 'int8')", VECTOR_NULL_ELEMENT, "vector_pack: element 1 of the vector is NULL"),
                fails("SELECT binary_quantize(ARRAY[REAL '1', NULL])", VECTOR_NULL_ELEMENT, "binary_quantize: element 2 of the vector is NULL"),
                fails("SELECT vector_pack(concat(%s, ARRAY[CAST(NULL AS real)]), 'bfloat16')".formatted(HUGE), VECTOR_NULL_ELEMENT, "vector_pack: element 100001 of the vector is NULL"),
                fails(
                        "SELECT vector_pack(ARRAY[REAL '1', REAL 'NaN'], 'float16')",
                        VECTOR_NOT_FINITE,
                        "vector_pack: a float16 vector cannot hold NaN or infinity (element 2 is NaN)"),
                fails(
                        "SELECT vector_pack(ARRAY[REAL '-Infinity'], 'BFloat16')",
                        VECTOR_NOT_FINITE,
                        "vector_pack: a bfloat16 vector cannot hold NaN or infinity (element 1 is -Infinity)"),
                fails(
                        "SELECT vector_pack(ARRAY[REAL '0', REAL 'Infinity'], 'int8')",
                        VECTOR_NOT_FINITE,
                        "vector_pack: an int8 vector cannot hold NaN or infinity (element 2 is Infinity)"),
                fails(
                        "SELECT vector_pack(ARRAY[REAL 'NaN'], 'binary')",
                        VECTOR_NOT_FINITE,
                        "vector_pack: a binary vector cannot hold NaN or infinity (element 1 is NaN)"),
                fails(
                        "SELECT binary_quantize(ARRAY[REAL '1', REAL '-Infinity'])",
                        VECTOR_NOT_FINITE,
                        "binary_quantize: a binary vector cannot hold NaN or infinity (element 2 is -Infinity)"),
                fails(
                        "SELECT vector_pack(concat(%s, ARRAY[REAL 'NaN']), 'float16')".formatted(HUGE),
                        VECTOR_NOT_FINITE,
                        "vector_pack: a float16 vector cannot hold NaN or infinity (element 100001 is NaN)"),
                fails(
                        "SELECT vector_pack(ARRAY[REAL '-70000'], 'float16')",
                        VECTOR_OUT_OF_RANGE,
                        "vector_pack: element 1 (-70000.0) is outside the float16 range of +-65504; use 'bfloat16' or 'float32'"),
                fails(
                        "SELECT vector_pack(ARRAY[REAL '1', REAL '3.4028235e38'], 'bfloat16')",
                        VECTOR_OUT_OF_RANGE,
                        "vector_pack: element 2 (3.4028235E38) rounds to infinity in bfloat16; use 'float32'"),
                fails(
                        "SELECT vector_pack(ARRAY[REAL '1'], 'float64')",
                        VECTOR_INVALID_FORMAT,
                        "Unknown vector format 'float64'; use one of 'float32', 'float16', 'bfloat16', 'int8', 'binary'"),
                fails(
                        "SELECT vector_pack(ARRAY[REAL '1'], '')",
                        VECTOR_INVALID_FORMAT,
                        "Unknown vector format ''; use one of 'float32', 'float16', 'bfloat16', 'int8', 'binary'"),
                fails(
                        "SELECT vector_pack(ARRAY[REAL '1'], 8)",
                        FUNCTION_NOT_FOUND,
                        "line 1:8: Unexpected parameters (array(real), integer) for function vector_pack. Expected: vector_pack(array(real)), vector_pack(array(real), varchar)"),
                returns("SELECT vector_pack(ARRAY[REAL '1'], NULL)", null),
                returns("SELECT binary_quantize(NULL)", null),
                // float32 keeps NaN and infinity
                returns("SELECT vector_unpack(vector_pack(ARRAY[REAL 'NaN', REAL '-Infinity']))", floats(Float.NaN, Float.NEGATIVE_INFINITY)),
                // an empty vector packs, in every format
                returns("SELECT vector_unpack(vector_pack(%s))".formatted(EMPTY_REAL), floats()),
                returns("SELECT vector_dims(vector_pack(%s, 'int8'))".formatted(EMPTY_REAL), 0L),
                returns("SELECT vector_dims(binary_quantize(%s))".formatted(EMPTY_REAL), 0L),
                // int8 at the ends of the float range: the scale neither underflows to 0 nor makes the largest element infinite
                returns("SELECT vector_unpack(vector_pack(ARRAY[REAL '1.4e-45', REAL '-1.4e-45', REAL '0'], 'int8'))", floats(Float.MIN_VALUE, -Float.MIN_VALUE, 0)),
                returns("SELECT transform(vector_unpack(vector_pack(ARRAY[REAL '3.4028235e38', REAL '-3.4028235e38'], 'int8')), x -> is_finite(x) AND abs(x) > 3.40282e38)", ImmutableList.of(true, true))));
    }

    @Test
    void testMalformedPackedVectors()
    {
        verify(ImmutableList.of(
                // not a packed vector at all
                fails("SELECT vector_unpack(X'')", VECTOR_INVALID_PACKED, NOT_PACKED.formatted("vector_unpack")),
                fails("SELECT vector_dims(X'00')", VECTOR_INVALID_PACKED, NOT_PACKED.formatted("vector_dims")),
                fails("SELECT vector_format(X'FFFFFFFF')", VECTOR_INVALID_PACKED, NOT_PACKED.formatted("vector_format")),
                fails("SELECT vector_unpack(to_utf8('VX'))", VECTOR_INVALID_PACKED, NOT_PACKED.formatted("vector_unpack")),
                // a truncated header
                fails("SELECT vector_unpack(X'56580100 010000')", VECTOR_INVALID_PACKED, NOT_PACKED.formatted("vector_unpack")),
                // a wrong format byte, reserved byte or dimension
                fails(
                        "SELECT vector_unpack(X'56580900 01000000 0000803f')",
                        VECTOR_INVALID_PACKED,
                        "vector_unpack: not a packed vector: unknown element format code 9"),
                fails(
                        "SELECT vector_format(X'5658FF00 01000000 0000803f')",
                        VECTOR_INVALID_PACKED,
                        "vector_format: not a packed vector: unknown element format code 255"),
                fails(
                        "SELECT vector_dims(X'56580000 00000000')",
                        VECTOR_INVALID_PACKED,
                        "vector_dims: not a packed vector: unknown element format code 0"),
                fails(
                        "SELECT vector_unpack(X'56580107 01000000 0000803f')",
                        VECTOR_INVALID_PACKED,
                        "vector_unpack: not a packed vector: the reserved header byte is 7, not 0"),
                fails(
                        "SELECT vector_dims(X'56580100 FFFFFFFF')",
                        VECTOR_INVALID_PACKED,
                        "vector_dims: not a packed vector: negative dimension -1"),
                // a length that does not match the dimension, including dimensions whose length overflows an int
                fails(
                        "SELECT vector_unpack(X'56580100 02000000 0000803f')",
                        VECTOR_INVALID_PACKED,
                        "vector_unpack: not a packed vector: a float32 vector of dimension 2 has 16 bytes, not 12"),
                fails(
                        "SELECT vector_unpack(X'56580100 00000000 00')",
                        VECTOR_INVALID_PACKED,
                        "vector_unpack: not a packed vector: a float32 vector of dimension 0 has 8 bytes, not 9"),
                fails(
                        "SELECT vector_unpack(%s)".formatted(OVERFLOWING_DIMENSION),
                        VECTOR_INVALID_PACKED,
                        "vector_unpack: not a packed vector: a float32 vector of dimension 1073741825 has 4294967308 bytes, not 12"),
                fails(
                        "SELECT vector_dims(%s)".formatted(OVERFLOWING_DIMENSION),
                        VECTOR_INVALID_PACKED,
                        "vector_dims: not a packed vector: a float32 vector of dimension 1073741825 has 4294967308 bytes, not 12"),
                fails(
                        "SELECT vector_unpack(X'56580200 00000040')",
                        VECTOR_INVALID_PACKED,
                        "vector_unpack: not a packed vector: a float16 vector of dimension 1073741824 has 2147483656 bytes, not 8"),
                fails(
                        "SELECT vector_unpack(X'56580500 FFFFFF7F')",
                        VECTOR_INVALID_PACKED,
                        "vector_unpack: not a packed vector: a binary vector of dimension 2147483647 has 268435464 bytes, not 8"),
                fails(
                        "SELECT vector_unpack(X'56580400 01000000 01')",
                        VECTOR_INVALID_PACKED,
                        "vector_unpack: not a packed vector: an int8 vector of dimension 1 has 13 bytes, not 9"),
                fails(
                        "SELECT vector_unpack(substr(vector_pack(ARRAY[REAL '1', REAL '2'], 'bfloat16'), 1, 11))",
                        VECTOR_INVALID_PACKED,
                        "vector_unpack: not a packed vector: a bfloat16 vector of dimension 2 has 12 bytes, not 11"),
                // an int8 scale that is not finite or negative
                fails(
                        "SELECT vector_unpack(X'56580400 01000000 0000c07f 01')",
                        VECTOR_INVALID_PACKED,
                        "vector_unpack: not a packed vector: an int8 vector has scale NaN; a scale is finite and not negative"),
                fails(
                        "SELECT vector_norm(X'56580400 01000000 0000807f 01')",
                        VECTOR_INVALID_PACKED,
                        "vector_norm: not a packed vector: an int8 vector has scale Infinity; a scale is finite and not negative"),
                fails(
                        "SELECT l2_distance(X'56580400 01000000 000000c0 01', ARRAY[REAL '1'])",
                        VECTOR_INVALID_PACKED,
                        "l2_distance: not a packed vector: an int8 vector has scale -2.0; a scale is finite and not negative"),
                // bits set after the last element of a binary vector
                fails(
                        "SELECT vector_unpack(X'56580500 01000000 ff')",
                        VECTOR_INVALID_PACKED,
                        "vector_unpack: not a packed vector: a binary vector of dimension 1 has bits set after its last element"),
                fails(
                        "SELECT vector_format(X'56580500 0f000000 ffff')",
                        VECTOR_INVALID_PACKED,
                        "vector_format: not a packed vector: a binary vector of dimension 15 has bits set after its last element"),
                // the same vectors made well
                returns("SELECT vector_unpack(X'56580500 01000000 80')", floats(1)),
                returns("SELECT vector_unpack(X'56580500 0f000000 fffe')", floats(1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1)),
                returns("SELECT vector_unpack(X'56580400 01000000 0000803f 81')", floats(-127)),
                returns("SELECT vector_unpack(X'56580100 01000000 0000803f')", floats(1)),
                returns("SELECT vector_format(X'56580100 00000000')", "float32"),
                returns("SELECT vector_unpack(NULL)", null)));
    }

    @Test
    void testBinaryDistances()
    {
        ImmutableList.Builder<Case> cases = ImmutableList.builder();
        for (String function : ImmutableList.of("hamming_distance", "jaccard_distance")) {
            cases.add(
                    fails(
                            "SELECT %s(binary_quantize(ARRAY[REAL '1']), binary_quantize(ARRAY[REAL '1', REAL '2']))".formatted(function),
                            VECTOR_DIMENSION_MISMATCH,
                            "%s: vector dimensions differ: 1 and 2".formatted(function)),
                    fails(
                            "SELECT %s(binary_quantize(%s), binary_quantize(ARRAY[REAL '1']))".formatted(function, EMPTY_REAL),
                            VECTOR_DIMENSION_MISMATCH,
                            "%s: vector dimensions differ: 0 and 1".formatted(function)),
                    fails(
                            "SELECT %s(vector_pack(ARRAY[REAL '1']), binary_quantize(ARRAY[REAL '1']))".formatted(function),
                            VECTOR_INVALID_FORMAT,
                            "%s needs binary vectors (from binary_quantize), not float32 vectors".formatted(function)),
                    fails(
                            "SELECT %s(binary_quantize(ARRAY[REAL '1']), vector_pack(ARRAY[REAL '1'], 'int8'))".formatted(function),
                            VECTOR_INVALID_FORMAT,
                            "%s needs binary vectors (from binary_quantize), not int8 vectors".formatted(function)),
                    fails(
                            "SELECT %s(vector_pack(ARRAY[REAL '1'], 'float16'), vector_pack(ARRAY[REAL '1'], 'int8'))".formatted(function),
                            VECTOR_INVALID_FORMAT,
                            "%s needs binary vectors (from binary_quantize), not float16 vectors".formatted(function)),
                    fails("SELECT %s(X'00', binary_quantize(ARRAY[REAL '1']))".formatted(function), VECTOR_INVALID_PACKED, NOT_PACKED.formatted(function)),
                    fails("SELECT %s(binary_quantize(ARRAY[REAL '1']), X'')".formatted(function), VECTOR_INVALID_PACKED, NOT_PACKED.formatted(function)),
                    // the seven unused bits of a one-bit vector would count as differences
                    fails(
                            "SELECT %s(X'56580500 01000000 ff', X'56580500 01000000 00')".formatted(function),
                            VECTOR_INVALID_PACKED,
                            "%s: not a packed vector: a binary vector of dimension 1 has bits set after its last element".formatted(function)));
        }
        cases.add(
                returns("SELECT hamming_distance(binary_quantize(%s), binary_quantize(%<s))".formatted(EMPTY_REAL), 0L),
                // two empty sets are the same set
                returns("SELECT jaccard_distance(binary_quantize(%s), binary_quantize(%<s))".formatted(EMPTY_REAL), 0.0),
                returns("SELECT jaccard_distance(binary_quantize(ARRAY[REAL '0', REAL '-1']), binary_quantize(ARRAY[REAL '-0', REAL '-2']))", 0.0),
                returns("SELECT hamming_distance(X'56580500 01000000 80', X'56580500 01000000 00')", 1L),
                returns("SELECT hamming_distance(binary_quantize(%s), binary_quantize(flatten(repeat(CAST(sequence(-1, -10000, -1) AS array(real)), 10))))".formatted(HUGE), 100000L));
        verify(cases.build());
    }

    @Test
    void testAggregates()
    {
        ImmutableList.Builder<Case> cases = ImmutableList.builder();
        for (String function : ImmutableList.of("vector_sum", "vector_avg")) {
            cases.add(
                    fails(
                            "SELECT %s(v) FROM (VALUES ARRAY[REAL '1', REAL '2'], ARRAY[REAL '3']) t (v)".formatted(function),
                            VECTOR_DIMENSION_MISMATCH,
                            "%s: vector dimensions differ: 2 and 1".formatted(function)),
                    fails(
                            "SELECT %s(v) FROM (VALUES %s, ARRAY[REAL '1']) t (v)".formatted(function, EMPTY_REAL),
                            VECTOR_DIMENSION_MISMATCH,
                            "%s: vector dimensions differ: 0 and 1".formatted(function)),
                    fails(
                            "SELECT %s(v) FROM (VALUES %s, concat(%<s, ARRAY[REAL '1'])) t (v)".formatted(function, HUGE),
                            VECTOR_DIMENSION_MISMATCH,
                            "%s: vector dimensions differ: 100000 and 100001".formatted(function)),
                    fails(
                            "SELECT %s(v) FROM (VALUES ARRAY[REAL '1', REAL '2'], ARRAY[REAL '1', NULL]) t (v)".formatted(function),
                            VECTOR_NULL_ELEMENT,
                            "%s: element 2 of a vector is NULL".formatted(function)),
                    fails(
                            "SELECT %s(ARRAY[1e0])".formatted(function),
                            FUNCTION_NOT_FOUND,
                            "line 1:8: Unexpected parameters (array(double)) for function %1$s. Expected: %1$s(array(real))".formatted(function)),
                    // NULL vectors are skipped; no vectors give NULL
                    returns("SELECT %s(v) FROM (VALUES CAST(NULL AS array(real))) t (v)".formatted(function), null),
                    returns("SELECT %s(v) FROM (VALUES ARRAY[REAL '1']) t (v) WHERE v IS NULL".formatted(function), null),
                    returns("SELECT %s(v) FROM (VALUES %s, %<s) t (v)".formatted(function, EMPTY_REAL), floats()),
                    // NaN and infinity follow IEEE arithmetic
                    returns("SELECT %s(v) FROM (VALUES ARRAY[REAL 'NaN', REAL '1'], ARRAY[REAL '1', REAL '1']) t (v)".formatted(function), floats(Float.NaN, "vector_sum".equals(function) ? 2 : 1)),
                    returns("SELECT %s(v) FROM (VALUES ARRAY[REAL 'Infinity'], ARRAY[REAL '-Infinity']) t (v)".formatted(function), floats(Float.NaN)),
                    returns("SELECT element_at(%s(v), 100000) FROM (VALUES %s, %<s) t (v)".formatted(function, HUGE), "vector_sum".equals(function) ? 20000f : 10000f));
        }
        cases.add(
                // the sums are doubles: an average of the largest floats is a float, their sum rounds to infinity
                returns("SELECT vector_avg(v) FROM (VALUES ARRAY[REAL '3.4028235e38'], ARRAY[REAL '3.4028235e38']) t (v)", floats(Float.MAX_VALUE)),
                returns("SELECT vector_sum(v) FROM (VALUES ARRAY[REAL '3.4028235e38'], ARRAY[REAL '3.4028235e38']) t (v)", floats(Float.POSITIVE_INFINITY)),
                returns("SELECT vector_avg(v) FROM (VALUES ARRAY[REAL '1.4e-45'], ARRAY[REAL '1.4e-45']) t (v)", floats(Float.MIN_VALUE)));
        verify(cases.build());
    }

    private void verify(List<Case> cases)
    {
        assertAll(cases.stream().map(testCase -> () -> verify(testCase)));
    }

    private void verify(Case testCase)
    {
        try {
            switch (testCase) {
                case Fails fails -> assertThat(query(fails.sql()))
                        .failure()
                        .hasErrorCode(fails.errorCode())
                        .hasMessage(fails.message());
                case Returns returns -> assertThat(computeScalar(returns.sql())).isEqualTo(returns.value());
            }
        }
        catch (AssertionError | RuntimeException e) {
            throw new AssertionError("%s\n%s".formatted(testCase.sql(), e.getMessage()), e);
        }
    }

    private static Case fails(String sql, ErrorCodeSupplier errorCode, String message)
    {
        return new Fails(sql, errorCode, message);
    }

    private static Case returns(String sql, Object value)
    {
        return new Returns(sql, value);
    }

    private static List<Float> floats(float... values)
    {
        return Floats.asList(values);
    }

    private static double sumOfSquaresUpTo(int last)
    {
        double sum = 0;
        for (int i = 1; i <= last; i++) {
            sum += (double) i * i;
        }
        return sum;
    }

    private sealed interface Case
            permits Fails, Returns
    {
        String sql();
    }

    /**
     * The query fails with this user error code and message.
     */
    private record Fails(String sql, ErrorCodeSupplier errorCode, String message)
            implements Case
    {
        private Fails
        {
            checkArgument(errorCode.toErrorCode().getType() == USER_ERROR, "%s is not a user error", errorCode);
        }
    }

    /**
     * The query returns one row of one column: this value, of this Java type; null for SQL NULL.
     */
    private record Returns(String sql, Object value)
            implements Case {}
}
