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

import com.google.common.collect.ImmutableList;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The glosses of WordNet 3.0 (Debian's package wordnet-base): 117,659 short English definitions, a
 * corpus of the kind of texts a table column holds. A gloss is the text after {@code "| "} on each line
 * of a data file that is not part of the license header (those lines start with two spaces).
 */
final class WordNetGlosses
{
    private static final Path DIRECTORY = Path.of("/usr/share/wordnet");
    private static final List<String> PARTS_OF_SPEECH = ImmutableList.of("noun", "verb", "adj", "adv");

    private WordNetGlosses() {}

    /**
     * Every gloss, in file order; fails where WordNet is not installed (.ci/run installs it).
     */
    static List<String> glosses()
    {
        if (!Files.isRegularFile(DIRECTORY.resolve("data.noun"))) {
            throw new IllegalStateException("WordNet is not installed in " + DIRECTORY + ": install the Debian package wordnet-base");
        }
        ImmutableList.Builder<String> glosses = ImmutableList.builder();
        for (String partOfSpeech : PARTS_OF_SPEECH) {
            try {
                for (String line : Files.readAllLines(DIRECTORY.resolve("data." + partOfSpeech))) {
                    int start = line.indexOf("| ");
                    if (!line.startsWith("  ") && start >= 0) {
                        glosses.add(line.substring(start + 2).strip());
                    }
                }
            }
            catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return glosses.build();
    }
}
