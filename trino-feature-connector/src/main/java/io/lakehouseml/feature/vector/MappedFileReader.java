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

import io.github.jbellis.jvector.disk.RandomAccessReader;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.nio.ByteOrder.BIG_ENDIAN;
import static java.util.Objects.requireNonNull;

/**
 * Reads a segment file mapped into memory, in the big-endian order it was written in; the mapping
 * may be larger than 2 GB. Each reader has its own position; many read one mapping at once.
 */
final class MappedFileReader
        implements RandomAccessReader
{
    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT_UNALIGNED.withOrder(BIG_ENDIAN);
    private static final ValueLayout.OfFloat FLOAT = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(BIG_ENDIAN);
    private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(BIG_ENDIAN);

    private final MemorySegment memory;
    private long position;

    MappedFileReader(MemorySegment memory)
    {
        this.memory = requireNonNull(memory, "memory is null");
    }

    @Override
    public void seek(long offset)
    {
        position = offset;
    }

    @Override
    public long getPosition()
    {
        return position;
    }

    @Override
    public int readInt()
    {
        int value = memory.get(INT, position);
        position += Integer.BYTES;
        return value;
    }

    @Override
    public float readFloat()
    {
        float value = memory.get(FLOAT, position);
        position += Float.BYTES;
        return value;
    }

    @Override
    public void readFully(byte[] bytes)
    {
        MemorySegment.copy(memory, JAVA_BYTE, position, bytes, 0, bytes.length);
        position += bytes.length;
    }

    @Override
    public void readFully(ByteBuffer buffer)
    {
        int length = buffer.remaining();
        MemorySegment.ofBuffer(buffer).copyFrom(memory.asSlice(position, length));
        buffer.position(buffer.limit());
        position += length;
    }

    @Override
    public void readFully(long[] values)
    {
        MemorySegment.copy(memory, LONG, position, values, 0, values.length);
        position += (long) values.length * Long.BYTES;
    }

    @Override
    public void read(int[] values, int offset, int count)
    {
        MemorySegment.copy(memory, INT, position, values, offset, count);
        position += (long) count * Integer.BYTES;
    }

    @Override
    public void read(float[] values, int offset, int count)
    {
        MemorySegment.copy(memory, FLOAT, position, values, offset, count);
        position += (long) count * Float.BYTES;
    }

    @Override
    public void close() {}
}
