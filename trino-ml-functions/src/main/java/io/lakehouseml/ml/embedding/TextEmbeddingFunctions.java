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
package io.lakehouseml.ml.embedding;

import io.airlift.slice.Slice;
import io.trino.spi.block.Block;
import io.trino.spi.block.IntArrayBlock;
import io.trino.spi.function.Description;
import io.trino.spi.function.ScalarFunction;
import io.trino.spi.function.SqlType;
import io.trino.spi.type.StandardTypes;

import java.util.Optional;

/**
 * Text embeddings computed in the engine, by a model that ships with the plugin: no service to call.
 */
public final class TextEmbeddingFunctions
{
    private TextEmbeddingFunctions() {}

    @Description("Embeds a text with the sentence-transformers model all-MiniLM-L6-v2: a unit vector of 384 dimensions; a text longer than 256 word pieces is truncated")
    @ScalarFunction("embed_text")
    @SqlType("array(real)")
    public static Block embedText(@SqlType(StandardTypes.VARCHAR) Slice text)
    {
        float[] embedding = SentenceEmbeddingModel.get().embed(text.toStringUtf8());
        int[] bits = new int[embedding.length];
        for (int i = 0; i < embedding.length; i++) {
            bits[i] = Float.floatToRawIntBits(embedding[i]);
        }
        return new IntArrayBlock(bits.length, Optional.empty(), bits);
    }
}
