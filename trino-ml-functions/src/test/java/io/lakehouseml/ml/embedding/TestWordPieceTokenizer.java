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

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import com.google.common.base.Splitter;
import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

import static io.lakehouseml.ml.embedding.SentenceEmbeddingModel.TOKENIZER_RESOURCE;
import static io.lakehouseml.ml.embedding.WordNetGlosses.glosses;
import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.TestInstance.Lifecycle.PER_CLASS;

/**
 * The plain Java tokenizer against the Hugging Face tokenizers library itself (its Rust code, through
 * DJL's binding), which sentence-transformers uses for this model: the same ids for every WordNet gloss,
 * for every character of the Basic Multilingual Plane but those whose Unicode data is newer than the
 * library's tables, and for hand-picked edge cases.
 */
@TestInstance(PER_CLASS)
final class TestWordPieceTokenizer
{
    private static final int MAX_LENGTH = SentenceEmbeddingModel.MAX_SEQUENCE_LENGTH;

    // characters to which Unicode 9 and later gave a category (new marks, format characters and
    // punctuation of rare scripts) or another category: the JDK knows them, the Rust library's tables
    // (crate unicode_categories) do not, so one side makes a word of them and the other does not
    private static final Set<Integer> NEWER_UNICODE_DATA = codePoints(
            "061D 07FD 0890-0891 0897-089F 08CA-08E2 09FD-09FE 0A76 0AFA-0AFF 0B55 0C04 0C3C 0C77 0C84 0D00 0D3B-0D3C 0D81 0EBA 0ECE " +
                    "166D 1734 180F 1885-1886 1ABF-1ACE 1B4E-1B4F 1B7D-1B7F 1DF6-1DFB 2E43-2E4F 2E52-2E5D A82C A8C5 A8FF A9BD");

    private final WordPieceTokenizer tokenizer;
    private final HuggingFaceTokenizer truncating;
    private final HuggingFaceTokenizer untruncated;

    TestWordPieceTokenizer()
            throws IOException
    {
        try (InputStream json = resource()) {
            tokenizer = WordPieceTokenizer.fromTokenizerJson(json);
        }
        // as sentence-transformers configures it for this model: truncation at max_seq_length, no padding
        try (InputStream json = resource()) {
            truncating = HuggingFaceTokenizer.newInstance(json, ImmutableMap.of("padding", "false", "truncation", "true", "maxLength", String.valueOf(MAX_LENGTH)));
        }
        try (InputStream json = resource()) {
            untruncated = HuggingFaceTokenizer.newInstance(json, ImmutableMap.of("padding", "false", "truncation", "false"));
        }
    }

    @AfterAll
    void tearDown()
    {
        truncating.close();
        untruncated.close();
    }

    @Test
    void testWordNetGlosses()
    {
        List<String> glosses = glosses();
        List<String> differences = new ArrayList<>();
        for (String gloss : glosses) {
            long[] expected = truncating.encode(gloss).getIds();
            long[] actual = tokenizer.encode(gloss, MAX_LENGTH);
            if (!Arrays.equals(actual, expected)) {
                differences.add("%s\n  ours: %s\n  Hugging Face: %s".formatted(gloss, Arrays.toString(actual), Arrays.toString(expected)));
            }
        }
        assertThat(glosses).hasSizeGreaterThan(100_000);
        assertThat(differences).isEmpty();
    }

    @Test
    void testEdgeCases()
    {
        List<String> texts = ImmutableList.of(
                "",
                " \t\n\r ",
                "Hello, world!",
                "Wireless noise-cancelling headphones (30-hour battery) -- only $199.99!!!",
                "Crème brûlée, naïve façade, Ångström, Øresund, Ærø, ŁÓDŹ",
                // compatibility characters are not decomposed (NFD, not NFKD): the ligature and full-width letters stay
                "ﬁne ｆｕｌｌｗｉｄｔｈ Ⅻ ½ ²",
                "东京是日本的首都。北京、上海",
                "日本語のひらがなとカタカナ、한국어 문장",
                // a capital sigma lower-cases to σ whatever its position; İ becomes i and a combining dot
                "ΟΔΥΣΣΕΥΣ İstanbul ǅemal",
                "emoji 😀🎉👍🏽 and symbols ™ © ® € ¥ § ¶ • … — – ‘quotes’ «guillemets»",
                // control and format characters vanish; no-break and other spaces separate words
                "zero\u200Bwidth soft\u00ADhyphen tab\there nbsp\u00A0space ideographic\u3000space\u2028line\u000Bvt\u0085nel",
                "NUL\u0000and replacement\uFFFDcharacter private\uE000use",
                "unassigned \u0378 and \uD83D alone",
                // added tokens written in the text keep their ids; lower-case ones are ordinary text
                "[CLS] [SEP][MASK]x[PAD] [UNK] [cls] [MASK [ MASK] [[SEP]]",
                "antidisestablishmentarianism pneumonoultramicroscopicsilicovolcanoconiosis",
                "a".repeat(100) + " " + "b".repeat(101) + " " + "é".repeat(101),
                "x\u0301\u0327y\u0308 a\u20DDb",
                "C++ & C# | a<b>c ^ ~tilde `back` {brace} \\slash");
        for (String text : texts) {
            assertThat(tokenizer.encode(text, MAX_LENGTH)).as(text).isEqualTo(truncating.encode(text).getIds());
            assertThat(tokenizer.encode(text, 100_000)).as(text).isEqualTo(untruncated.encode(text).getIds());
        }
    }

    @Test
    void testKnownIds()
    {
        // from the vocabulary of the model: hello 7592, "," 1010, world 2088, "!" 999, em 7861, ##bed 8270, ##ding 4667, ##s 2015
        assertThat(tokenizer.encode("Hello, WORLD!", MAX_LENGTH)).containsExactly(101, 7592, 1010, 2088, 999, 102);
        assertThat(tokenizer.encode("", MAX_LENGTH)).containsExactly(101, 102);
        assertThat(tokenizer.encode("Embeddings", MAX_LENGTH)).containsExactly(101, 7861, 8270, 4667, 2015, 102);
        assertThat(tokenizer.encode("\u0378", MAX_LENGTH)).containsExactly(101, 100, 102);
    }

    @Test
    void testTruncation()
    {
        // truncation keeps the first word pieces, even part of a word, and always ends with [SEP]
        String text = "antidisestablishmentarianism ".repeat(100);
        for (int maxLength : new int[] {2, 3, 4, 5, 6, 7, 128, 256, 512}) {
            long[] ids = tokenizer.encode(text, maxLength);
            long[] all = tokenizer.encode(text, 100_000);
            assertThat(ids).hasSize(maxLength);
            assertThat(ids[maxLength - 1]).isEqualTo(102);
            assertThat(Arrays.copyOf(ids, maxLength - 1)).isEqualTo(Arrays.copyOf(all, maxLength - 1));
        }
        assertThat(tokenizer.encode(text, MAX_LENGTH)).isEqualTo(truncating.encode(text).getIds());
        // a text of ten million characters costs only its first word pieces
        assertThat(tokenizer.encode("word ".repeat(2_000_000), MAX_LENGTH)).hasSize(MAX_LENGTH);
        assertThatThrownBy(() -> tokenizer.encode("text", 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxLength is less than 2: 1");
    }

    @Test
    void testEveryCharacterOfTheBasicMultilingualPlane()
    {
        ImmutableSet.Builder<Integer> differing = ImmutableSet.builder();
        for (int codePoint = 0; codePoint <= 0xFFFF; codePoint++) {
            // each character between two letters, where it can join, split or vanish
            String text = "ab" + Character.toString(codePoint) + "cd";
            if (!Arrays.equals(tokenizer.encode(text, MAX_LENGTH), untruncated.encode(text).getIds())) {
                differing.add(codePoint);
            }
        }
        assertThat(differing.build()).isEqualTo(NEWER_UNICODE_DATA);
    }

    @Test
    void testOtherTokenizersAreRefused()
    {
        assertThatThrownBy(() -> WordPieceTokenizer.fromTokenizerJson(json("{\"normalizer\": {\"type\": \"NFC\"}}")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Not a BERT WordPiece tokenizer configuration: the normalizer is not a BertNormalizer");
        String cased = "{\"normalizer\": {\"type\": \"BertNormalizer\", \"clean_text\": true, \"handle_chinese_chars\": true, \"strip_accents\": null, \"lowercase\": false}}";
        assertThatThrownBy(() -> WordPieceTokenizer.fromTokenizerJson(json(cased)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Not a BERT WordPiece tokenizer configuration: the normalizer does not lower-case");
    }

    private static InputStream json(String json)
    {
        return new ByteArrayInputStream(json.getBytes(UTF_8));
    }

    private static InputStream resource()
    {
        return requireNonNull(TestWordPieceTokenizer.class.getClassLoader().getResourceAsStream(TOKENIZER_RESOURCE), TOKENIZER_RESOURCE);
    }

    /**
     * Code points from hexadecimal numbers and ranges such as {@code 0890-0891}, separated by spaces.
     */
    private static Set<Integer> codePoints(String ranges)
    {
        ImmutableSet.Builder<Integer> codePoints = ImmutableSet.builder();
        for (String range : Splitter.on(' ').split(ranges)) {
            List<String> ends = Splitter.on('-').splitToList(range);
            for (int codePoint = Integer.parseInt(ends.getFirst(), 16); codePoint <= Integer.parseInt(ends.getLast(), 16); codePoint++) {
                codePoints.add(codePoint);
            }
        }
        return codePoints.build();
    }
}
