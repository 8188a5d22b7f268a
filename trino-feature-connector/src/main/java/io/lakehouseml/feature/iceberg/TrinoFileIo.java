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
package io.lakehouseml.feature.iceberg;

import io.trino.filesystem.Location;
import io.trino.filesystem.TrinoFileSystem;
import io.trino.filesystem.TrinoInputFile;
import io.trino.filesystem.TrinoInputStream;
import io.trino.filesystem.TrinoOutputFile;
import org.apache.iceberg.exceptions.NotFoundException;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.io.InputFile;
import org.apache.iceberg.io.OutputFile;
import org.apache.iceberg.io.PositionOutputStream;
import org.apache.iceberg.io.SeekableInputStream;

import java.io.ByteArrayOutputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;

import static java.util.Objects.requireNonNull;

/**
 * Iceberg {@link FileIO} over a Trino file system, so that the registry reads and writes Iceberg
 * metadata through the same file system configuration (local, S3, ...) as Trino's Iceberg connector.
 */
public final class TrinoFileIo
        implements FileIO
{
    private final TrinoFileSystem fileSystem;

    public TrinoFileIo(TrinoFileSystem fileSystem)
    {
        this.fileSystem = requireNonNull(fileSystem, "fileSystem is null");
    }

    @Override
    public InputFile newInputFile(String path)
    {
        return new TrinoIcebergInputFile(fileSystem.newInputFile(Location.of(path)), path);
    }

    @Override
    public InputFile newInputFile(String path, long length)
    {
        return new TrinoIcebergInputFile(fileSystem.newInputFile(Location.of(path), length), path);
    }

    @Override
    public OutputFile newOutputFile(String path)
    {
        return new TrinoIcebergOutputFile(fileSystem, path);
    }

    @Override
    public void deleteFile(String path)
    {
        try {
            fileSystem.deleteFile(Location.of(path));
        }
        catch (IOException e) {
            throw new UncheckedIOException("Failed to delete " + path, e);
        }
    }

    private record TrinoIcebergInputFile(TrinoInputFile file, String location)
            implements InputFile
    {
        private TrinoIcebergInputFile
        {
            requireNonNull(file, "file is null");
            requireNonNull(location, "location is null");
        }

        @Override
        public long getLength()
        {
            try {
                return file.length();
            }
            catch (FileNotFoundException | NoSuchFileException e) {
                throw new NotFoundException(e, "File does not exist: %s", location);
            }
            catch (IOException e) {
                throw new UncheckedIOException("Failed to read the length of " + location, e);
            }
        }

        @Override
        public SeekableInputStream newStream()
        {
            try {
                return new TrinoSeekableInputStream(file.newStream());
            }
            catch (FileNotFoundException | NoSuchFileException e) {
                throw new NotFoundException(e, "File does not exist: %s", location);
            }
            catch (IOException e) {
                throw new UncheckedIOException("Failed to open " + location, e);
            }
        }

        @Override
        public boolean exists()
        {
            try {
                return file.exists();
            }
            catch (IOException e) {
                throw new UncheckedIOException("Failed to check whether " + location + " exists", e);
            }
        }
    }

    private static final class TrinoSeekableInputStream
            extends SeekableInputStream
    {
        private final TrinoInputStream stream;

        private TrinoSeekableInputStream(TrinoInputStream stream)
        {
            this.stream = requireNonNull(stream, "stream is null");
        }

        @Override
        public long getPos()
                throws IOException
        {
            return stream.getPosition();
        }

        @Override
        public void seek(long newPos)
                throws IOException
        {
            stream.seek(newPos);
        }

        @Override
        public int read()
                throws IOException
        {
            return stream.read();
        }

        @Override
        public int read(byte[] buffer, int offset, int length)
                throws IOException
        {
            return stream.read(buffer, offset, length);
        }

        @Override
        public long skip(long count)
                throws IOException
        {
            return stream.skip(count);
        }

        @Override
        public void close()
                throws IOException
        {
            stream.close();
        }
    }

    private record TrinoIcebergOutputFile(TrinoFileSystem fileSystem, String location)
            implements OutputFile
    {
        private TrinoIcebergOutputFile
        {
            requireNonNull(fileSystem, "fileSystem is null");
            requireNonNull(location, "location is null");
        }

        @Override
        public PositionOutputStream create()
        {
            try {
                return new CountingPositionOutputStream(fileSystem.newOutputFile(Location.of(location)).create());
            }
            catch (IOException e) {
                throw new UncheckedIOException("Failed to create " + location, e);
            }
        }

        @Override
        public PositionOutputStream createOrOverwrite()
        {
            TrinoOutputFile file = fileSystem.newOutputFile(Location.of(location));
            return new BufferedPositionOutputStream(file::createOrOverwrite);
        }

        @Override
        public InputFile toInputFile()
        {
            return new TrinoIcebergInputFile(fileSystem.newInputFile(Location.of(location)), location);
        }
    }

    private static final class CountingPositionOutputStream
            extends PositionOutputStream
    {
        private final OutputStream delegate;
        private long position;

        private CountingPositionOutputStream(OutputStream delegate)
        {
            this.delegate = requireNonNull(delegate, "delegate is null");
        }

        @Override
        public long getPos()
        {
            return position;
        }

        @Override
        public void write(int value)
                throws IOException
        {
            delegate.write(value);
            position++;
        }

        @Override
        public void write(byte[] data, int offset, int length)
                throws IOException
        {
            delegate.write(data, offset, length);
            position += length;
        }

        @Override
        public void flush()
                throws IOException
        {
            delegate.flush();
        }

        @Override
        public void close()
                throws IOException
        {
            delegate.close();
        }
    }

    private interface ContentWriter
    {
        void write(byte[] data)
                throws IOException;
    }

    /**
     * A replaced file is collected in memory and written in one call, which replaces it atomically
     * on every file system; Iceberg replaces only small metadata files.
     */
    private static final class BufferedPositionOutputStream
            extends PositionOutputStream
    {
        private final ContentWriter writer;
        private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        private boolean closed;

        private BufferedPositionOutputStream(ContentWriter writer)
        {
            this.writer = requireNonNull(writer, "writer is null");
        }

        @Override
        public long getPos()
        {
            return buffer.size();
        }

        @Override
        public void write(int value)
        {
            buffer.write(value);
        }

        @Override
        public void write(byte[] data, int offset, int length)
        {
            buffer.write(data, offset, length);
        }

        @Override
        public void close()
                throws IOException
        {
            if (closed) {
                return;
            }
            closed = true;
            writer.write(buffer.toByteArray());
        }
    }
}
