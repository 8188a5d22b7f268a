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
package io.lakehouseml.feature.lineage;

import com.google.common.collect.ImmutableList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.nio.file.StandardOpenOption.APPEND;
import static org.assertj.core.api.Assertions.assertThat;

final class TestLineageSpool
{
    @Test
    void testRunsSurviveAndCutLinesAreSkipped(@TempDir Path directory)
            throws IOException
    {
        LineageRun first = run("20261201_120000_00001_abcde");
        LineageRun second = run("20261201_120001_00002_abcde");
        List<Path> segments;
        try (LineageSpool spool = new LineageSpool(directory)) {
            spool.append(first);
            spool.append(second);
            segments = spool.closeSegments();
        }
        assertThat(segments).hasSize(1);
        // a crash in the middle of a line
        Files.writeString(segments.getFirst(), "{\"runId\":\"20261201_120002_00003_ab", UTF_8, APPEND);

        try (LineageSpool restarted = new LineageSpool(directory)) {
            restarted.append(run("20261201_120003_00004_abcde"));
            List<Path> all = restarted.closeSegments();
            assertThat(all).hasSize(2);
            assertThat(all.getFirst()).isEqualTo(segments.getFirst());
            assertThat(restarted.read(all.getFirst())).containsExactly(first, second);
            assertThat(restarted.read(all.getLast())).extracting(LineageRun::runId).containsExactly("20261201_120003_00004_abcde");

            restarted.delete(all);
            assertThat(restarted.closeSegments()).isEmpty();
        }
    }

    @Test
    void testSnapshotReadFromConnectorInformation()
    {
        assertThat(LineageEventListener.snapshotRead(Optional.of(new InputInformation(2, OptionalLong.of(42))))).contains(42L);
        assertThat(LineageEventListener.snapshotRead(Optional.of(new InputInformation(2, OptionalLong.empty())))).isEmpty();
        assertThat(LineageEventListener.snapshotRead(Optional.of("not a record"))).isEmpty();
        assertThat(LineageEventListener.snapshotRead(Optional.empty())).isEmpty();
    }

    // the shape of the Iceberg connector's IcebergInputInfo, in so far as the listener reads it
    public record InputInformation(int formatVersion, OptionalLong snapshotId) {}

    private static LineageRun run(String runId)
    {
        return new LineageRun(
                runId,
                LineageRun.RUN_KIND_QUERY,
                Optional.of("INSERT"),
                Optional.of("alice"),
                Optional.of("INSERT INTO t\nSELECT * FROM s -- two lines"),
                Optional.of(Instant.parse("2026-12-01T12:00:00.123456Z")),
                Instant.parse("2026-12-01T12:00:01.5Z"),
                ImmutableList.of(new LineageDataset("iceberg", "tpch", "s", ImmutableList.of("a", "b"), Optional.of(7L))),
                ImmutableList.of(new LineageDataset("iceberg", "tpch", "t", ImmutableList.of("a", "b"), Optional.empty())));
    }
}
