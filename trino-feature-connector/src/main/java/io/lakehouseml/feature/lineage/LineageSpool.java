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
import io.airlift.json.JsonCodec;
import io.airlift.json.JsonCodecFactory;
import io.airlift.log.Logger;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static com.google.common.collect.ImmutableList.toImmutableList;
import static java.nio.charset.StandardCharsets.UTF_8;
import static java.nio.file.StandardOpenOption.APPEND;
import static java.nio.file.StandardOpenOption.CREATE_NEW;
import static java.nio.file.StandardOpenOption.READ;
import static java.nio.file.StandardOpenOption.WRITE;
import static java.util.Objects.requireNonNull;

/**
 * A local, durable queue of runs: each run is appended as one JSON line to the segment being
 * written and forced to disk before {@link #append} returns. The committer closes the segment,
 * commits the runs of every closed segment and deletes those segments, so a run stays on disk
 * until the lineage table holds it. Segments left by an earlier process are committed too.
 * <p>
 * A line cut short by a crash does not parse and is skipped; after a failed write the segment is
 * closed, so the next run starts a new segment and no line is ever appended to a broken one.
 */
public final class LineageSpool
        implements Closeable
{
    private static final Logger log = Logger.get(LineageSpool.class);
    private static final JsonCodec<LineageRun> RUN_CODEC = new JsonCodecFactory().jsonCodec(LineageRun.class);
    private static final Pattern SEGMENT_NAME = Pattern.compile("runs-(\\d{20})\\.jsonl");

    private final Path directory;
    private long nextSequence;
    private FileChannel segment;

    public LineageSpool(Path directory)
            throws IOException
    {
        this.directory = requireNonNull(directory, "directory is null");
        Files.createDirectories(directory);
        this.nextSequence = segments().stream()
                .mapToLong(LineageSpool::sequence)
                .max()
                .orElse(0) + 1;
    }

    public Path directory()
    {
        return directory;
    }

    /**
     * Appends the run and forces it to disk.
     */
    public synchronized void append(LineageRun run)
            throws IOException
    {
        ByteBuffer line = ByteBuffer.wrap((RUN_CODEC.toJson(run) + "\n").getBytes(UTF_8));
        try {
            if (segment == null) {
                segment = FileChannel.open(directory.resolve("runs-%020d.jsonl".formatted(nextSequence)), CREATE_NEW, WRITE, APPEND);
                nextSequence++;
                forceDirectory();
            }
            while (line.hasRemaining()) {
                segment.write(line);
            }
            segment.force(false);
        }
        catch (IOException | RuntimeException e) {
            closeSegment();
            throw e;
        }
    }

    /**
     * Closes the segment being written, and returns every closed segment, oldest first.
     */
    public synchronized List<Path> closeSegments()
            throws IOException
    {
        closeSegment();
        return segments();
    }

    /**
     * The runs of a segment, without the lines that do not parse.
     */
    public List<LineageRun> read(Path segment)
            throws IOException
    {
        ImmutableList.Builder<LineageRun> runs = ImmutableList.builder();
        List<String> lines;
        try {
            lines = Files.readAllLines(segment, UTF_8);
        }
        catch (NoSuchFileException _) {
            return ImmutableList.of();
        }
        for (String line : lines) {
            if (line.isBlank()) {
                continue;
            }
            try {
                runs.add(RUN_CODEC.fromJson(line));
            }
            catch (IllegalArgumentException e) {
                log.warn(e, "Skipping a line of lineage spool segment %s that does not parse (a write cut short)", segment);
            }
        }
        return runs.build();
    }

    public void delete(List<Path> segments)
            throws IOException
    {
        for (Path segment : segments) {
            Files.deleteIfExists(segment);
        }
        forceDirectory();
    }

    @Override
    public synchronized void close()
            throws IOException
    {
        closeSegment();
    }

    private void closeSegment()
            throws IOException
    {
        if (segment != null) {
            FileChannel closing = segment;
            segment = null;
            closing.close();
        }
    }

    private List<Path> segments()
            throws IOException
    {
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(file -> SEGMENT_NAME.matcher(file.getFileName().toString()).matches())
                    .sorted()
                    .collect(toImmutableList());
        }
    }

    private static long sequence(Path segment)
    {
        Matcher matcher = SEGMENT_NAME.matcher(segment.getFileName().toString());
        if (!matcher.matches()) {
            throw new IllegalArgumentException("Not a spool segment: " + segment);
        }
        return Long.parseLong(matcher.group(1));
    }

    private void forceDirectory()
            throws IOException
    {
        try (FileChannel channel = FileChannel.open(directory, READ)) {
            channel.force(true);
        }
    }
}
