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

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import com.google.common.primitives.Floats;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import io.lakehouseml.ml.MlFunctionsQueryRunner;
import io.trino.testing.AbstractTestQueryFramework;
import io.trino.testing.QueryRunner;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.LongBuffer;
import java.util.List;

import static io.lakehouseml.ml.embedding.SentenceEmbeddingModel.DIMENSIONS;
import static io.lakehouseml.ml.embedding.SentenceEmbeddingModel.MAX_SEQUENCE_LENGTH;
import static io.lakehouseml.ml.embedding.SentenceEmbeddingModel.MODEL_RESOURCE;
import static io.lakehouseml.ml.embedding.SentenceEmbeddingModel.TOKENIZER_RESOURCE;
import static java.util.Objects.requireNonNull;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code embed_text} through the engine against two independent paths to the same model: langchain4j's
 * own {@code AllMiniLmL6V2QuantizedEmbeddingModel} (DJL's binding of the Hugging Face tokenizer, its own
 * pooling), and, where langchain4j cannot follow (the empty text, which it refuses, and truncation at 256
 * word pieces, where it truncates at the 128 its tokenizer file sets), the Hugging Face tokenizer
 * configured as sentence-transformers configures it with a plain masked mean written here.
 */
final class TestEmbedText
        extends AbstractTestQueryFramework
{
    // the largest difference of a component allowed: different summation orders in float
    private static final double TOLERANCE = 1e-4;

    // 37 words of one word piece each, repeated past 256 word pieces
    private static final String LONG_TEXT = ("the quick brown fox jumps over the lazy dog while a small bird sings in the old tree and the children " +
            "play near the river under a clear blue sky on a warm summer day in the green valley ").repeat(10);

    private static final List<String> TEXTS = ImmutableList.of(
            "Wireless noise cancelling over-ear headphones with 30-hour battery",
            "Crème brûlée, naïve façade: Ångström's café in Zürich, été à São Paulo",
            "Wait... what?! 50% off (today only): $19.99 + free shipping; e-mail sales@example.com #deal",
            "東京は日本の首都です。北京是中国的首都。",
            "ΟΔΥΣΣΕΥΣ visited İstanbul",
            "antidisestablishmentarianism",
            "a");

    private final EmbeddingModel langchain4j = new AllMiniLmL6V2QuantizedEmbeddingModel();
    private OrtEnvironment environment;
    private OrtSession session;

    @Override
    protected QueryRunner createQueryRunner()
            throws Exception
    {
        return MlFunctionsQueryRunner.builder().build();
    }

    @BeforeAll
    void setUp()
            throws IOException, OrtException
    {
        environment = OrtEnvironment.getEnvironment();
        try (InputStream model = resource(MODEL_RESOURCE)) {
            session = environment.createSession(model.readAllBytes());
        }
        assertUpdate(
                """
                CREATE TABLE texts AS
                SELECT id, format('%s %s %s number %s', element_at(ARRAY['red', 'blue', 'green', 'black', 'white'], id % 5 + 1),
                    element_at(ARRAY['cotton', 'leather', 'steel', 'wooden'], id % 4 + 1),
                    element_at(ARRAY['shirt', 'bag', 'lamp', 'chair', 'watch', 'kettle', 'tent'], id % 7 + 1), id) AS text
                FROM UNNEST(sequence(1, 200)) AS t (id)
                """,
                200);
    }

    @AfterAll
    void tearDown()
            throws OrtException
    {
        session.close();
    }

    @Test
    void testMatchesLangchain4j()
    {
        for (String text : TEXTS) {
            assertClose(text, embedText(text), langchain4j.embed(text).content().vector());
        }
    }

    @Test
    void testMatchesReferenceWhereLangchain4jCannotFollow()
            throws OrtException
    {
        // the reference first agrees with langchain4j, at langchain4j's truncation of 128 word pieces
        for (String text : ImmutableList.<String>builder().addAll(TEXTS).add(LONG_TEXT).build()) {
            assertClose(text, reference(text, 128), langchain4j.embed(text).content().vector());
        }
        // the long text: langchain4j keeps 128 word pieces, this model 128 when told to, embed_text 256
        assertClose("long text, 128 word pieces", SentenceEmbeddingModel.get().embed(LONG_TEXT, 128), langchain4j.embed(LONG_TEXT).content().vector());
        float[] longText = embedText(LONG_TEXT);
        assertClose("long text", longText, reference(LONG_TEXT, MAX_SEQUENCE_LENGTH));
        assertThat(maxDifference(longText, reference(LONG_TEXT, 128))).isGreaterThan(1e-3);
        assertThat(maxDifference(longText, reference(LONG_TEXT, 512))).isGreaterThan(1e-3);
        // the empty text, which langchain4j refuses: [CLS] [SEP]
        assertClose("empty text", embedText(""), reference("", MAX_SEQUENCE_LENGTH));
        assertThat(embedText(" \t\n")).isEqualTo(embedText(""));
    }

    @Test
    void testUnitVectorsOf384Dimensions()
    {
        assertThat(embedText("")).hasSize(384);
        assertThat(query("SELECT count(*), count_if(cardinality(embed_text(text)) = 384), count_if(abs(vector_norm(embed_text(text)) - 1) <= 1e-6) FROM texts"))
                .matches("VALUES (BIGINT '200', BIGINT '200', BIGINT '200')");
        assertThat(query("SELECT typeof(embed_text('x'))")).matches("VALUES VARCHAR 'array(real)'");
    }

    @Test
    void testDeterministic()
    {
        // stored in one query, computed again in another, on whichever worker reads the split
        assertUpdate("CREATE TABLE embedded AS SELECT id, text, embed_text(text) AS embedding FROM texts", 200);
        assertThat(query("SELECT count(*) FROM embedded WHERE embedding <> embed_text(text)")).matches("VALUES BIGINT '0'");
        assertThat(embedText(LONG_TEXT)).isEqualTo(embedText(LONG_TEXT));
        assertThat(SentenceEmbeddingModel.get().embed(TEXTS.getFirst())).isEqualTo(embedText(TEXTS.getFirst()));
        assertUpdate("DROP TABLE embedded");
    }

    @Test
    void testNull()
    {
        assertThat(query("SELECT embed_text(NULL)")).matches("VALUES CAST(NULL AS array(real))");
        assertThat(query("SELECT count(embed_text(text)) FROM (VALUES 'a', NULL, 'b') t (text)")).matches("VALUES BIGINT '2'");
        assertThat(query("SELECT embed_text(CAST('sized' AS varchar(10))) = embed_text('sized')")).matches("VALUES true");
    }

    @Test
    void testParaphrasesRankAboveUnrelatedTexts()
    {
        assertThat(query(
                """
                SELECT text
                FROM (VALUES 'a recipe for tomato soup', 'bluetooth headphones that block outside sound', 'the history of the roman empire') t (text)
                ORDER BY cosine_distance(embed_text(text), embed_text('wireless noise cancelling headphones'))
                """))
                .ordered()
                .matches("VALUES 'bluetooth headphones that block outside sound', 'a recipe for tomato soup', 'the history of the roman empire'");
        assertThat(query(
                """
                SELECT count(*), count_if(cosine_distance(embed_text(text), embed_text(paraphrase)) < cosine_distance(embed_text(text), embed_text(unrelated)))
                FROM (VALUES
                    ('wireless noise cancelling headphones', 'bluetooth headphones that block outside sound', 'a recipe for tomato soup'),
                    ('how do I reset my password', 'I forgot my login credentials', 'the best hiking trails in the alps'),
                    ('a cheap flight to Paris', 'low-cost airline tickets to France', 'how to repot a cactus'),
                    ('the cat sleeps on the sofa', 'a kitten is napping on the couch', 'quarterly revenue grew by ten percent'),
                    ('stainless steel kitchen knife', 'a sharp chef knife made of steel', 'a children''s puzzle with 500 pieces'))
                    t (text, paraphrase, unrelated)
                """))
                .matches("VALUES (BIGINT '5', BIGINT '5')");
    }

    private float[] embedText(String text)
    {
        @SuppressWarnings("unchecked")
        List<Float> embedding = (List<Float>) computeScalar("SELECT embed_text('%s')".formatted(text.replace("'", "''")));
        return Floats.toArray(embedding);
    }

    /**
     * sentence-transformers' pooling of all-MiniLM-L6-v2, written plainly: the Hugging Face tokenizer
     * truncating at maxLength, the model, the mean of the hidden states where the attention mask is
     * 1, scaled to unit length.
     */
    private float[] reference(String text, int maxLength)
            throws OrtException
    {
        Encoding encoding;
        try (InputStream json = resource(TOKENIZER_RESOURCE);
                HuggingFaceTokenizer tokenizer = HuggingFaceTokenizer.newInstance(json, ImmutableMap.of("padding", "false", "truncation", "true", "maxLength", String.valueOf(maxLength)))) {
            encoding = tokenizer.encode(text);
        }
        catch (IOException e) {
            throw new AssertionError(e);
        }
        long[] shape = {1, encoding.getIds().length};
        float[][] hiddenStates;
        try (OnnxTensor inputIds = OnnxTensor.createTensor(environment, LongBuffer.wrap(encoding.getIds()), shape);
                OnnxTensor attentionMask = OnnxTensor.createTensor(environment, LongBuffer.wrap(encoding.getAttentionMask()), shape);
                OnnxTensor tokenTypeIds = OnnxTensor.createTensor(environment, LongBuffer.wrap(encoding.getTypeIds()), shape);
                OrtSession.Result result = session.run(ImmutableMap.of("input_ids", inputIds, "attention_mask", attentionMask, "token_type_ids", tokenTypeIds))) {
            hiddenStates = ((float[][][]) result.get("last_hidden_state").orElseThrow().getValue())[0];
        }
        double[] mean = new double[hiddenStates[0].length];
        long attended = 0;
        for (int token = 0; token < hiddenStates.length; token++) {
            long mask = encoding.getAttentionMask()[token];
            attended += mask;
            for (int i = 0; i < mean.length; i++) {
                mean[i] += mask * hiddenStates[token][i];
            }
        }
        double norm = 0;
        for (int i = 0; i < mean.length; i++) {
            mean[i] /= attended;
            norm += mean[i] * mean[i];
        }
        norm = Math.sqrt(norm);
        float[] embedding = new float[mean.length];
        for (int i = 0; i < mean.length; i++) {
            embedding[i] = (float) (mean[i] / norm);
        }
        return embedding;
    }

    private static void assertClose(String text, float[] actual, float[] expected)
    {
        assertThat(actual).as(text).hasSize(DIMENSIONS);
        assertThat(expected).as(text).hasSize(DIMENSIONS);
        assertThat(maxDifference(actual, expected)).as("largest difference of a component for: %s", text).isLessThanOrEqualTo(TOLERANCE);
    }

    private static double maxDifference(float[] first, float[] second)
    {
        double max = 0;
        for (int i = 0; i < first.length; i++) {
            max = Math.max(max, Math.abs((double) first[i] - second[i]));
        }
        return max;
    }

    private static InputStream resource(String name)
    {
        return requireNonNull(TestEmbedText.class.getClassLoader().getResourceAsStream(name), name);
    }
}
