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

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;

import java.io.IOException;
import java.io.InputStream;
import java.text.Normalizer;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.collect.ImmutableList.toImmutableList;
import static java.lang.String.format;
import static java.util.Objects.requireNonNull;

/**
 * The BERT tokenizer of a Hugging Face {@code tokenizer.json} (a {@code BertNormalizer}, the
 * {@code BertPreTokenizer}, a {@code WordPiece} model and {@code [CLS] text [SEP]}) in plain Java: it
 * gives the ids the Hugging Face tokenizers library gives, so that a model sees what it was trained on.
 * <ol>
 * <li>Added tokens ({@code [CLS]}, {@code [SEP]}, {@code [MASK]}, ...) written in the text are matched
 * first, exactly and case-sensitively, and keep their ids.
 * <li>Normalisation of the rest: control characters (categories Cc, Cf, Co and Cs, but tab, newline
 * and carriage return), NUL and U+FFFD are removed, while unassigned code points stay (and become
 * {@code [UNK]}); whitespace (the Unicode White_Space property) separates words; CJK ideographs
 * become words of their own; accents are stripped (canonical decomposition, NFD, then the non-spacing
 * marks removed); letters are lower-cased one character at a time, without context (so a final
 * capital sigma becomes σ, and İ becomes i followed by U+0307).
 * <li>Pre-tokenisation: every punctuation character (Unicode categories P*, and the ASCII symbols
 * {@code $+<=>^`|~}) is a word of its own.
 * <li>WordPiece: each word is split greedily into the longest vocabulary entries from its start,
 * continuations prefixed with {@code ##}; a word with a character sequence the vocabulary cannot cover,
 * or longer than the configured maximum of characters, becomes one {@code [UNK]}.
 * </ol>
 * Truncation keeps the first {@code maxLength - 2} word pieces, even within a word, and encoding stops
 * there: a text costs only as much as the prefix that is kept. Instances are immutable and thread-safe.
 * <p>
 * Character categories come from the JDK (Unicode 16 in JDK 25). Those of the Rust library are older
 * (about Unicode 8): the few characters that Unicode 9 and later made marks, format characters or
 * punctuation, all in rare scripts (119 in the Basic Multilingual Plane), tokenise differently.
 */
final class WordPieceTokenizer
{
    private static final String CLASSIFICATION_TOKEN = "[CLS]";
    private static final String SEPARATOR_TOKEN = "[SEP]";

    // a word longer than a few dozen characters is rare; the buffer of its pieces grows when needed
    private static final int INITIAL_WORD_PIECES = 32;

    private final Map<String, Integer> wordStarts;
    private final Map<String, Integer> continuations;
    // longest first, so that the longest of the tokens that start at one position is matched
    private final List<AddedToken> addedTokens;
    private final int unknownId;
    private final int classificationId;
    private final int separatorId;
    private final int maxCharactersPerWord;

    private WordPieceTokenizer(Map<String, Integer> vocabulary, String continuationPrefix, String unknownToken, List<AddedToken> addedTokens, int maxCharactersPerWord)
    {
        ImmutableMap.Builder<String, Integer> continuations = ImmutableMap.builder();
        for (Map.Entry<String, Integer> entry : vocabulary.entrySet()) {
            if (entry.getKey().startsWith(continuationPrefix) && entry.getKey().length() > continuationPrefix.length()) {
                continuations.put(entry.getKey().substring(continuationPrefix.length()), entry.getValue());
            }
        }
        this.wordStarts = ImmutableMap.copyOf(vocabulary);
        this.continuations = continuations.buildOrThrow();
        this.addedTokens = addedTokens.stream()
                .sorted(Comparator.comparingInt((AddedToken token) -> token.content().length()).reversed())
                .collect(toImmutableList());
        this.unknownId = idOf(vocabulary, unknownToken);
        this.classificationId = idOf(vocabulary, CLASSIFICATION_TOKEN);
        this.separatorId = idOf(vocabulary, SEPARATOR_TOKEN);
        checkArgument(maxCharactersPerWord > 0, "maxCharactersPerWord is not positive: %s", maxCharactersPerWord);
        this.maxCharactersPerWord = maxCharactersPerWord;
    }

    /**
     * Reads a Hugging Face {@code tokenizer.json}; fails unless it describes the BERT tokenizer this
     * class implements (lower-casing and accent stripping, as uncased BERT models are trained).
     */
    static WordPieceTokenizer fromTokenizerJson(InputStream json)
            throws IOException
    {
        JsonNode root = new ObjectMapper().readTree(json);
        JsonNode normalizer = root.path("normalizer");
        checkConfiguration(normalizer.path("type").asText().equals("BertNormalizer"), "the normalizer is not a BertNormalizer");
        checkConfiguration(normalizer.path("clean_text").asBoolean(false), "the normalizer does not clean the text");
        checkConfiguration(normalizer.path("handle_chinese_chars").asBoolean(false), "the normalizer does not separate CJK ideographs");
        checkConfiguration(normalizer.path("lowercase").asBoolean(false), "the normalizer does not lower-case");
        // strip_accents: null means "as lowercase"
        checkConfiguration(normalizer.path("strip_accents").asBoolean(true), "the normalizer keeps accents");
        checkConfiguration(root.path("pre_tokenizer").path("type").asText().equals("BertPreTokenizer"), "the pre-tokenizer is not the BertPreTokenizer");

        JsonNode model = root.path("model");
        checkConfiguration(model.path("type").asText().equals("WordPiece"), "the model is not WordPiece");
        ImmutableMap.Builder<String, Integer> vocabulary = ImmutableMap.builder();
        for (Map.Entry<String, JsonNode> entry : model.path("vocab").properties()) {
            vocabulary.put(entry.getKey(), entry.getValue().asInt());
        }
        ImmutableList.Builder<AddedToken> addedTokens = ImmutableList.builder();
        for (JsonNode token : root.path("added_tokens")) {
            checkConfiguration(!token.path("normalized").asBoolean(true), "the added token %s is normalized".formatted(token.path("content")));
            checkConfiguration(!token.path("single_word").asBoolean(false) && !token.path("lstrip").asBoolean(false) && !token.path("rstrip").asBoolean(false),
                    "the added token %s is matched with options".formatted(token.path("content")));
            addedTokens.add(new AddedToken(token.path("content").asText(), token.path("id").asInt()));
        }
        return new WordPieceTokenizer(
                vocabulary.buildOrThrow(),
                model.path("continuing_subword_prefix").asText("##"),
                model.path("unk_token").asText("[UNK]"),
                addedTokens.build(),
                model.path("max_input_chars_per_word").asInt(100));
    }

    /**
     * The ids of {@code [CLS]}, the first {@code maxLength - 2} word pieces of the text, and {@code [SEP]}.
     */
    long[] encode(String text, int maxLength)
    {
        requireNonNull(text, "text is null");
        checkArgument(maxLength >= 2, "maxLength is less than 2: %s", maxLength);
        Encoding encoding = new Encoding(maxLength);
        encoding.add(classificationId);
        int position = 0;
        while (position < text.length() && !encoding.isFull()) {
            int tokenStart = text.indexOf('[', position);
            AddedToken token = null;
            while (tokenStart >= 0) {
                token = addedTokenAt(text, tokenStart);
                if (token != null) {
                    break;
                }
                tokenStart = text.indexOf('[', tokenStart + 1);
            }
            int end = token == null ? text.length() : tokenStart;
            encodeText(text, position, end, encoding);
            if (token == null) {
                break;
            }
            if (!encoding.isFull()) {
                encoding.add(token.id());
            }
            position = end + token.content().length();
        }
        encoding.finish(separatorId);
        return encoding.ids();
    }

    private AddedToken addedTokenAt(String text, int position)
    {
        for (AddedToken token : addedTokens) {
            if (text.startsWith(token.content(), position)) {
                return token;
            }
        }
        return null;
    }

    /**
     * Splits the text between start and end into segments at whitespace, dropping control characters,
     * and encodes each segment until the encoding is full.
     */
    private void encodeText(String text, int start, int end, Encoding encoding)
    {
        StringBuilder segment = new StringBuilder();
        int position = start;
        while (position < end && !encoding.isFull()) {
            int codePoint = text.codePointAt(position);
            position += Character.charCount(codePoint);
            if (isWhitespace(codePoint)) {
                encodeSegment(segment, encoding);
                segment.setLength(0);
            }
            else if (codePoint != 0 && codePoint != 0xFFFD && !isControl(codePoint)) {
                segment.appendCodePoint(codePoint);
            }
        }
        encodeSegment(segment, encoding);
    }

    /**
     * Encodes text without whitespace or control characters: strips accents, lower-cases, and splits
     * it into words at CJK ideographs and punctuation.
     */
    private void encodeSegment(CharSequence segment, Encoding encoding)
    {
        if (segment.isEmpty() || encoding.isFull()) {
            return;
        }
        String decomposed = isAscii(segment) ? segment.toString() : Normalizer.normalize(segment, Normalizer.Form.NFD);
        StringBuilder word = new StringBuilder();
        int position = 0;
        while (position < decomposed.length()) {
            int codePoint = decomposed.codePointAt(position);
            position += Character.charCount(codePoint);
            if (Character.getType(codePoint) == Character.NON_SPACING_MARK) {
                continue;
            }
            if (isChineseCharacter(codePoint) || isPunctuation(codePoint)) {
                encodeWord(word, encoding);
                word.setLength(0);
                word.appendCodePoint(codePoint);
                encodeWord(word, encoding);
                word.setLength(0);
            }
            else {
                appendLowerCase(word, codePoint);
            }
        }
        encodeWord(word, encoding);
    }

    /**
     * Greedy longest-match-first WordPiece; a word that cannot be covered is one {@code [UNK]}.
     */
    private void encodeWord(CharSequence word, Encoding encoding)
    {
        if (word.isEmpty() || encoding.isFull()) {
            return;
        }
        String text = word.toString();
        if (text.codePointCount(0, text.length()) > maxCharactersPerWord) {
            encoding.add(unknownId);
            return;
        }
        int[] pieces = encoding.wordPieces();
        int count = 0;
        int start = 0;
        while (start < text.length()) {
            Map<String, Integer> vocabulary = start == 0 ? wordStarts : continuations;
            int end = text.length();
            Integer id = null;
            while (end > start) {
                id = vocabulary.get(text.substring(start, end));
                if (id != null) {
                    break;
                }
                end -= Character.charCount(text.codePointBefore(end));
            }
            if (id == null) {
                encoding.add(unknownId);
                return;
            }
            if (count == pieces.length) {
                pieces = encoding.growWordPieces();
            }
            pieces[count] = id;
            count++;
            start = end;
        }
        for (int i = 0; i < count && !encoding.isFull(); i++) {
            encoding.add(pieces[i]);
        }
    }

    private static void appendLowerCase(StringBuilder word, int codePoint)
    {
        if (codePoint < 0x80) {
            word.append((char) (codePoint >= 'A' && codePoint <= 'Z' ? codePoint + ('a' - 'A') : codePoint));
        }
        else if (codePoint == 0x130) {
            // the one character whose full lower-case mapping is two characters (SpecialCasing.txt)
            word.append("i\u0307");
        }
        else {
            word.appendCodePoint(Character.toLowerCase(codePoint));
        }
    }

    /**
     * Unicode White_Space, apart from the control characters among it, which cleaning removes instead.
     */
    private static boolean isWhitespace(int codePoint)
    {
        return switch (codePoint) {
            case ' ', '\t', '\n', '\r' -> true;
            default -> codePoint > 0x7F && switch (Character.getType(codePoint)) {
                case Character.SPACE_SEPARATOR, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR -> true;
                default -> false;
            };
        };
    }

    private static boolean isControl(int codePoint)
    {
        return switch (Character.getType(codePoint)) {
            case Character.CONTROL, Character.FORMAT, Character.PRIVATE_USE, Character.SURROGATE -> true;
            default -> false;
        };
    }

    private static boolean isPunctuation(int codePoint)
    {
        if (codePoint < 0x80) {
            return (codePoint >= '!' && codePoint <= '/') || (codePoint >= ':' && codePoint <= '@') || (codePoint >= '[' && codePoint <= '`') || (codePoint >= '{' && codePoint <= '~');
        }
        return switch (Character.getType(codePoint)) {
            case Character.CONNECTOR_PUNCTUATION, Character.DASH_PUNCTUATION, Character.START_PUNCTUATION, Character.END_PUNCTUATION,
                 Character.INITIAL_QUOTE_PUNCTUATION, Character.FINAL_QUOTE_PUNCTUATION, Character.OTHER_PUNCTUATION -> true;
            default -> false;
        };
    }

    /**
     * The CJK ideograph blocks as the Hugging Face tokenizers library lists them (it starts the
     * extension E range at U+2B920, where BERT's original code starts it at U+2B820).
     */
    private static boolean isChineseCharacter(int codePoint)
    {
        return (codePoint >= 0x4E00 && codePoint <= 0x9FFF) ||
                (codePoint >= 0x3400 && codePoint <= 0x4DBF) ||
                (codePoint >= 0x20000 && codePoint <= 0x2A6DF) ||
                (codePoint >= 0x2A700 && codePoint <= 0x2B73F) ||
                (codePoint >= 0x2B740 && codePoint <= 0x2B81F) ||
                (codePoint >= 0x2B920 && codePoint <= 0x2CEAF) ||
                (codePoint >= 0xF900 && codePoint <= 0xFAFF) ||
                (codePoint >= 0x2F800 && codePoint <= 0x2FA1F);
    }

    private static boolean isAscii(CharSequence text)
    {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }

    private static int idOf(Map<String, Integer> vocabulary, String token)
    {
        Integer id = vocabulary.get(token);
        checkConfiguration(id != null, "the vocabulary has no %s".formatted(token));
        return id;
    }

    private static void checkConfiguration(boolean condition, String problem)
    {
        if (!condition) {
            throw new IllegalArgumentException(format("Not a BERT WordPiece tokenizer configuration: %s", problem));
        }
    }

    private record AddedToken(String content, int id)
    {
        private AddedToken
        {
            requireNonNull(content, "content is null");
            checkArgument(!content.isEmpty(), "content is empty");
        }
    }

    /**
     * The ids of one text, with room for its closing {@code [SEP]}.
     */
    private static final class Encoding
    {
        private final long[] ids;
        private int count;
        private int[] wordPieces = new int[INITIAL_WORD_PIECES];

        private Encoding(int maxLength)
        {
            ids = new long[maxLength];
        }

        boolean isFull()
        {
            return count == ids.length - 1;
        }

        void add(int id)
        {
            ids[count] = id;
            count++;
        }

        void finish(int separatorId)
        {
            ids[count] = separatorId;
            count++;
        }

        int[] wordPieces()
        {
            return wordPieces;
        }

        int[] growWordPieces()
        {
            wordPieces = Arrays.copyOf(wordPieces, wordPieces.length * 2);
            return wordPieces;
        }

        long[] ids()
        {
            return Arrays.copyOf(ids, count);
        }
    }
}
