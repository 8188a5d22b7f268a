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

import com.google.common.collect.ImmutableMap;
import io.lakehouseml.ml.embedding.TextEmbeddingFunctions;
import io.trino.metadata.InternalFunctionBundle;
import io.trino.spi.function.FunctionMetadata;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static java.util.stream.Collectors.counting;
import static java.util.stream.Collectors.groupingBy;
import static org.assertj.core.api.Assertions.assertThat;

final class TestMlFunctionsPlugin
{
    @Test
    void testCreatePlugin()
    {
        MlFunctionsPlugin plugin = new MlFunctionsPlugin();

        assertThat(plugin.getFunctions()).containsExactlyInAnyOrder(
                RealVectorFunctions.class,
                DoubleVectorFunctions.class,
                PackedVectorFunctions.class,
                BinaryVectorFunctions.class,
                TextEmbeddingFunctions.class,
                VectorSumAggregation.class,
                VectorAvgAggregation.class);
        assertThat(plugin.getConnectorFactories()).isEmpty();
    }

    @Test
    void testFunctionsRegister()
    {
        // the engine reads the annotations as it does when it loads the plugin: a wrong annotation fails here
        InternalFunctionBundle functions = InternalFunctionBundle.extractFunctions(new MlFunctionsPlugin().getFunctions());

        Map<String, Long> overloads = functions.getFunctions().stream()
                .collect(groupingBy(FunctionMetadata::getCanonicalName, counting()));
        assertThat(overloads).isEqualTo(ImmutableMap.<String, Long>builder()
                // array(real), then packed with packed, packed with array(real), array(real) with packed
                .put("cosine_similarity", 4L)
                .put("cosine_distance", 4L)
                .put("dot_product", 4L)
                .put("euclidean_distance", 4L)
                // the same, and array(double)
                .put("l2_distance", 5L)
                .put("l2_squared_distance", 5L)
                .put("l1_distance", 5L)
                .put("inner_product", 5L)
                .put("negative_inner_product", 5L)
                // array(real), array(double), packed
                .put("vector_norm", 3L)
                // array(real), array(double)
                .put("l2_normalize", 2L)
                // with and without a format
                .put("vector_pack", 2L)
                .put("vector_unpack", 1L)
                // array(real), array(double), packed
                .put("vector_dims", 3L)
                .put("vector_format", 1L)
                .put("binary_quantize", 1L)
                .put("hamming_distance", 1L)
                .put("jaccard_distance", 1L)
                .put("vector_sum", 1L)
                .put("vector_avg", 1L)
                .put("embed_text", 1L)
                .buildOrThrow());
    }
}
