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
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import io.airlift.log.Level;
import io.airlift.log.Logging;
import io.lakehouseml.ml.MlFunctionsQueryRunner;
import io.trino.testing.DistributedQueryRunner;

import java.io.IOException;
import java.io.InputStream;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static java.lang.String.format;
import static java.lang.String.join;
import static java.util.Objects.requireNonNull;

/**
 * Throughput of embed_text on short texts, WordNet glosses (18 word pieces on average), in texts per
 * second: the model called row by row from one and from two threads, as Trino's driver threads call the
 * scalar function; for comparison, the path not taken, batches of texts padded to their longest, in
 * table order and sorted by length (which a scalar function, called one row at a time, cannot do);
 * then {@code SELECT count(embed_text(gloss))} through a distributed query runner
 * (a coordinator and two workers in this JVM) over an Iceberg table of the glosses written as one file
 * and as eight files (one split each: the files bound how many drivers embed at once). Each figure is
 * the median of three runs after a warm-up. Run it with the test class path:
 * <pre>
 * java --add-modules=jdk.incubator.vector -cp ... io.lakehouseml.ml.embedding.BenchmarkEmbedText [texts]
 * </pre>
 */
public final class BenchmarkEmbedText
{
    private static final int RUNS = 3;
    private static final int BATCH_SIZE = 16;

    private BenchmarkEmbedText() {}

    public static void main(String[] args)
            throws Exception
    {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        List<String> texts = sample(WordNetGlosses.glosses(), count);
        SentenceEmbeddingModel model = SentenceEmbeddingModel.get();

        // warm-up: the JIT and ONNX Runtime's first runs
        for (String text : texts.subList(0, Math.min(200, count))) {
            model.embed(text);
        }
        System.out.println(format("%d WordNet glosses, %.1f word pieces on average (with [CLS] and [SEP])", count, averageLength(texts)));
        System.out.println(format("scalar path, 1 thread:   %,8.0f texts/s", median(() -> embedAll(model, texts, 1))));
        System.out.println(format("scalar path, 2 threads:  %,8.0f texts/s", median(() -> embedAll(model, texts, 2))));
        // the path not taken: batches through the model, padded to their longest text
        try (OrtSession.SessionOptions options = singleThreaded(); OrtSession session = OrtEnvironment.getEnvironment().createSession(modelBytes(), options)) {
            List<long[]> ids = texts.stream()
                    .map(text -> model.tokenizer().encode(text, SentenceEmbeddingModel.MAX_SEQUENCE_LENGTH))
                    .toList();
            List<long[]> byLength = ids.stream()
                    .sorted(Comparator.comparingInt(encoded -> encoded.length))
                    .toList();
            System.out.println(format("batches of %d, 1 thread:  %,8.0f texts/s", BATCH_SIZE, median(() -> embedBatches(session, ids))));
            System.out.println(format("batches of %d texts of similar length, 1 thread: %,8.0f texts/s", BATCH_SIZE, median(() -> embedBatches(session, byLength))));
        }

        Logging.initialize().setLevel("io.trino", Level.WARN);
        try (DistributedQueryRunner queryRunner = MlFunctionsQueryRunner.builder().build()) {
            createTable(queryRunner, "glosses_one_file", texts, 1);
            createTable(queryRunner, "glosses_eight_files", texts, 8);
            for (String table : ImmutableList.of("glosses_one_file", "glosses_eight_files")) {
                String query = "SELECT count(embed_text(gloss)) FROM " + table;
                queryRunner.execute(query);
                double rate = median(() -> {
                    long start = System.nanoTime();
                    queryRunner.execute(query);
                    return count / ((System.nanoTime() - start) / 1e9);
                });
                System.out.println(format("SQL, %-20s %,8.0f texts/s   (%s)", table + ":", rate, query));
            }
        }
    }

    private static double embedAll(SentenceEmbeddingModel model, List<String> texts, int threads)
            throws Exception
    {
        ExecutorService executor = Executors.newFixedThreadPool(threads);
        try {
            long start = System.nanoTime();
            List<Future<?>> futures = new ArrayList<>();
            for (int thread = 0; thread < threads; thread++) {
                int first = thread;
                futures.add(executor.submit(() -> {
                    for (int i = first; i < texts.size(); i += threads) {
                        model.embed(texts.get(i));
                    }
                }));
            }
            for (Future<?> future : futures) {
                future.get();
            }
            return texts.size() / ((System.nanoTime() - start) / 1e9);
        }
        finally {
            executor.shutdownNow();
        }
    }

    /**
     * Runs the texts in batches padded to their longest text, masked as sentence-transformers masks
     * them; the results are not pooled.
     */
    private static double embedBatches(OrtSession session, List<long[]> ids)
            throws OrtException
    {
        OrtEnvironment environment = OrtEnvironment.getEnvironment();
        long start = System.nanoTime();
        for (int first = 0; first < ids.size(); first += BATCH_SIZE) {
            List<long[]> batch = ids.subList(first, Math.min(ids.size(), first + BATCH_SIZE));
            int length = batch.stream().mapToInt(encoded -> encoded.length).max().orElseThrow();
            long[] inputIds = new long[batch.size() * length];
            long[] attentionMask = new long[batch.size() * length];
            for (int row = 0; row < batch.size(); row++) {
                System.arraycopy(batch.get(row), 0, inputIds, row * length, batch.get(row).length);
                Arrays.fill(attentionMask, row * length, row * length + batch.get(row).length, 1);
            }
            long[] shape = {batch.size(), length};
            try (OnnxTensor inputIdsTensor = OnnxTensor.createTensor(environment, LongBuffer.wrap(inputIds), shape);
                    OnnxTensor attentionMaskTensor = OnnxTensor.createTensor(environment, LongBuffer.wrap(attentionMask), shape);
                    OnnxTensor tokenTypeIdsTensor = OnnxTensor.createTensor(environment, LongBuffer.wrap(new long[inputIds.length]), shape);
                    OrtSession.Result result = session.run(ImmutableMap.of("input_ids", inputIdsTensor, "attention_mask", attentionMaskTensor, "token_type_ids", tokenTypeIdsTensor))) {
                ((OnnxTensor) result.get(0)).getFloatBuffer();
            }
        }
        return ids.size() / ((System.nanoTime() - start) / 1e9);
    }

    private static byte[] modelBytes()
            throws IOException
    {
        try (InputStream model = requireNonNull(BenchmarkEmbedText.class.getClassLoader().getResourceAsStream(SentenceEmbeddingModel.MODEL_RESOURCE), "model")) {
            return model.readAllBytes();
        }
    }

    private static OrtSession.SessionOptions singleThreaded()
            throws OrtException
    {
        OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        options.setIntraOpNumThreads(1);
        options.setInterOpNumThreads(1);
        return options;
    }

    private static void createTable(DistributedQueryRunner queryRunner, String table, List<String> texts, int files)
    {
        queryRunner.execute(format("CREATE TABLE %s (id bigint, gloss varchar)", table));
        int perFile = (texts.size() + files - 1) / files;
        for (int start = 0; start < texts.size(); start += perFile) {
            List<String> rows = new ArrayList<>();
            for (int i = start; i < Math.min(texts.size(), start + perFile); i++) {
                rows.add(format("(%d, '%s')", i, texts.get(i).replace("'", "''")));
            }
            // one INSERT writes one file
            queryRunner.execute(format("INSERT INTO %s VALUES %s", table, join(", ", rows)));
        }
    }

    /**
     * Texts spread evenly over the glosses, so that every part of speech is in the sample.
     */
    private static List<String> sample(List<String> glosses, int count)
    {
        ImmutableList.Builder<String> sample = ImmutableList.builder();
        for (int i = 0; i < count; i++) {
            sample.add(glosses.get((int) ((long) i * glosses.size() / count)));
        }
        return sample.build();
    }

    private static double averageLength(List<String> texts)
    {
        WordPieceTokenizer tokenizer = SentenceEmbeddingModel.get().tokenizer();
        long total = 0;
        for (String text : texts) {
            total += tokenizer.encode(text, SentenceEmbeddingModel.MAX_SEQUENCE_LENGTH).length;
        }
        return (double) total / texts.size();
    }

    private static double median(Measurement measurement)
            throws Exception
    {
        double[] rates = new double[RUNS];
        for (int run = 0; run < RUNS; run++) {
            rates[run] = measurement.rate();
        }
        Arrays.sort(rates);
        return rates[RUNS / 2];
    }

    private interface Measurement
    {
        double rate()
                throws Exception;
    }
}
