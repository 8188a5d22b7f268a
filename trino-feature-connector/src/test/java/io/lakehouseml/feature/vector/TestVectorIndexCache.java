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
package io.lakehouseml.feature.vector;

import io.airlift.units.DataSize;
import io.trino.filesystem.TrinoFileSystem;
import io.trino.filesystem.local.LocalFileSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import static io.airlift.units.DataSize.Unit.MEGABYTE;
import static org.assertj.core.api.Assertions.assertThat;

final class TestVectorIndexCache
{
    private static final int DIMENSION = 64;

    @TempDir
    Path directory;

    @Test
    void testKeepsSegmentsUpToItsSize()
            throws IOException
    {
        VectorIndexCache cache = new VectorIndexCache(new VectorIndexConfig()
                .setCacheSize(DataSize.of(1, MEGABYTE))
                .setCacheDirectory(directory.resolve("cache")));
        TrinoFileSystem fileSystem = new LocalFileSystem(directory);
        // each segment weighs about a third of the cache: more than a quarter, less than the whole
        String first = segment("first", 1_000);
        String second = segment("second", 1_000);
        String third = segment("third", 1_000);
        String fourth = segment("fourth", 1_000);
        for (String segment : List.of(first, second, third, fourth)) {
            assertThat(size(segment)).isBetween(DataSize.of(1, MEGABYTE).toBytes() / 4, DataSize.of(1, MEGABYTE).toBytes() / 3);
        }

        LoadedSegment loaded = cache.segment(fileSystem, first);
        assertThat(cache.segment(fileSystem, first)).isSameAs(loaded);
        assertThat(cache.loadedBytes()).isEqualTo(size(first));

        LoadedSegment secondLoaded = cache.segment(fileSystem, second);
        cache.segment(fileSystem, third);
        assertThat(cache.segment(fileSystem, first)).isSameAs(loaded);
        assertThat(cache.loadedBytes()).isEqualTo(size(first) + size(second) + size(third));

        // a fourth does not fit: the least recently used, the second, is unloaded
        cache.segment(fileSystem, fourth);
        assertThat(cache.loadedBytes()).isLessThanOrEqualTo(DataSize.of(1, MEGABYTE).toBytes());
        assertThat(cache.segment(fileSystem, first)).isSameAs(loaded);
        assertThat(cache.segment(fileSystem, second)).isNotSameAs(secondLoaded);
    }

    private static long size(String segment)
            throws IOException
    {
        return Files.size(Path.of(segment.substring("file://".length())));
    }

    private String segment(String name, int vectors)
            throws IOException
    {
        Random random = new Random(name.hashCode());
        SegmentFile.Contents contents = new SegmentFile.Contents(DIMENSION);
        contents.startFile("file://" + directory.resolve(name + ".parquet"));
        for (int position = 0; position < vectors; position++) {
            float[] vector = new float[DIMENSION];
            for (int index = 0; index < DIMENSION; index++) {
                vector[index] = random.nextFloat() * 2 - 1;
            }
            contents.add(position, vector);
        }
        Path file = directory.resolve(name + ".segment");
        SegmentFile.write(contents, VectorMetric.COSINE, 16, 100, 1, file);
        return "file://" + file;
    }
}
