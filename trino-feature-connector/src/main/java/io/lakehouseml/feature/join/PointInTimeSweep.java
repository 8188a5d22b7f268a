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
package io.lakehouseml.feature.join;

import io.trino.spi.block.Block;
import io.trino.spi.block.Fixed12Block;
import io.trino.spi.type.TimestampType;
import io.trino.spi.type.TimestampWithTimeZoneType;
import io.trino.spi.type.Type;

import java.util.Arrays;
import java.util.function.IntToLongFunction;

import static io.airlift.slice.SizeOf.sizeOf;
import static io.trino.spi.type.DateTimeEncoding.unpackMillisUtc;

/**
 * The point-in-time join of one entity's rows: for every spine row, the best feature row visible at
 * the spine row's timestamp. Rows are added in any order and numbered from 0; {@link #solve} sorts
 * them by time and sweeps them once.
 * <p>
 * Timestamps are microseconds since the epoch plus picoseconds of the microsecond. A feature row
 * becomes visible at its event timestamp, or, when the created timestamp is respected, at the later
 * of its event and created timestamps (a NULL created timestamp counts as the event timestamp). Of
 * the visible rows the best has the latest event timestamp, then the latest created timestamp, then
 * the largest hash of its feature values, a deterministic tie-break. The best row has the latest
 * event timestamp of all visible rows, so the TTL needs checking on it alone: when it is too old,
 * every visible row is.
 */
final class PointInTimeSweep
{
    private boolean[] spine;
    private boolean[] timestampIsNull;
    private long[] micros;
    private int[] picos;
    private boolean[] hasCreated;
    private long[] createdMicros;
    private int[] createdPicos;
    private int count;
    private int spineCount;
    private int featureCount;

    // the arrays of solve, kept for the next entity
    private int[] spineOrder = new int[0];
    private int[] featureOrder = new int[0];
    private long[] visibleMicros = new long[0];
    private int[] visiblePicos = new int[0];
    private long[] hashes = new long[0];
    private long[] sortKeys = new long[0];

    /**
     * @param capacity the number of rows that will be added
     */
    PointInTimeSweep(int capacity)
    {
        reset(capacity);
    }

    /**
     * Forgets the rows added, to take the rows of another entity; the arrays are kept when they
     * hold {@code capacity} rows.
     *
     * @param capacity the number of rows that will be added
     */
    void reset(int capacity)
    {
        if (spine == null || spine.length < capacity) {
            spine = new boolean[capacity];
            timestampIsNull = new boolean[capacity];
            micros = new long[capacity];
            picos = new int[capacity];
            hasCreated = new boolean[capacity];
            createdMicros = new long[capacity];
            createdPicos = new int[capacity];
        }
        count = 0;
        spineCount = 0;
        featureCount = 0;
    }

    /**
     * The bytes the arrays hold.
     */
    long retainedBytes()
    {
        return sizeOf(spine) + sizeOf(timestampIsNull) + sizeOf(micros) + sizeOf(picos) + sizeOf(hasCreated) + sizeOf(createdMicros) + sizeOf(createdPicos)
                + sizeOf(spineOrder) + sizeOf(featureOrder) + sizeOf(visibleMicros) + sizeOf(visiblePicos) + sizeOf(hashes) + sizeOf(sortKeys);
    }

    int spineCount()
    {
        return spineCount;
    }

    int count()
    {
        return count;
    }

    boolean isSpine(int row)
    {
        return spine[row];
    }

    /**
     * A spine row, with its timestamp at a position of a block; without a timestamp it gets no features.
     */
    void addSpine(Type timestampType, Block timestamps, int position)
    {
        hasCreated[count] = false;
        add(true, timestampType, timestamps, position);
        spineCount++;
    }

    /**
     * A feature row; without an event timestamp it is never visible.
     *
     * @param created the created timestamps, or null when there are none
     */
    void addFeature(Type timestampType, Block timestamps, int position, Type createdType, Block created)
    {
        hasCreated[count] = created != null && !created.isNull(position);
        if (hasCreated[count]) {
            decode(createdType, created, position, createdMicros, createdPicos, count);
        }
        add(false, timestampType, timestamps, position);
        featureCount++;
    }

    /**
     * A spine row with its timestamp decoded (see {@link #decode(Type, Block, boolean[], long[], int[], int)}).
     */
    void addSpine(boolean timestampIsNull, long micros, int picos)
    {
        hasCreated[count] = false;
        add(true, timestampIsNull, micros, picos);
        spineCount++;
    }

    /**
     * A feature row with its timestamps decoded.
     */
    void addFeature(boolean timestampIsNull, long micros, int picos, boolean hasCreated, long createdMicros, int createdPicos)
    {
        this.hasCreated[count] = hasCreated;
        this.createdMicros[count] = createdMicros;
        this.createdPicos[count] = createdPicos;
        add(false, timestampIsNull, micros, picos);
        featureCount++;
    }

    private void add(boolean isSpine, boolean timestampIsNull, long micros, int picos)
    {
        spine[count] = isSpine;
        this.timestampIsNull[count] = timestampIsNull;
        this.micros[count] = micros;
        this.picos[count] = picos;
        count++;
    }

    /**
     * Reads a block of timestamps into arrays from an offset on, with the type's case chosen once.
     */
    static void decode(Type type, Block block, boolean[] isNull, long[] micros, int[] picos, int offset)
    {
        int positions = block.getPositionCount();
        for (int position = 0; position < positions; position++) {
            isNull[offset + position] = block.isNull(position);
            if (isNull[offset + position]) {
                micros[offset + position] = 0;
                picos[offset + position] = 0;
            }
        }
        switch (type) {
            case TimestampType timestamp when timestamp.isShort() -> {
                for (int position = 0; position < positions; position++) {
                    if (!isNull[offset + position]) {
                        micros[offset + position] = timestamp.getLong(block, position);
                        picos[offset + position] = 0;
                    }
                }
            }
            case TimestampWithTimeZoneType timestamp when timestamp.isShort() -> {
                for (int position = 0; position < positions; position++) {
                    if (!isNull[offset + position]) {
                        micros[offset + position] = unpackMillisUtc(timestamp.getLong(block, position)) * 1000;
                        picos[offset + position] = 0;
                    }
                }
            }
            default -> {
                for (int position = 0; position < positions; position++) {
                    if (!isNull[offset + position]) {
                        decode(type, block, position, micros, picos, offset + position);
                    }
                }
            }
        }
    }

    private void add(boolean isSpine, Type timestampType, Block timestamps, int position)
    {
        spine[count] = isSpine;
        timestampIsNull[count] = timestamps.isNull(position);
        if (!timestampIsNull[count]) {
            decode(timestampType, timestamps, position, micros, picos, count);
        }
        count++;
    }

    /**
     * Reads a timestamp once, as microseconds since the epoch (UTC) and picoseconds of the microsecond.
     */
    private static void decode(Type type, Block block, int position, long[] micros, int[] picos, int row)
    {
        switch (type) {
            case TimestampType timestamp when timestamp.isShort() -> {
                micros[row] = timestamp.getLong(block, position);
                picos[row] = 0;
            }
            case TimestampType _ -> {
                // read in place, without a LongTimestamp per value: epoch microseconds, picoseconds of the microsecond
                Fixed12Block values = (Fixed12Block) block.getUnderlyingValueBlock();
                int index = block.getUnderlyingValuePosition(position);
                micros[row] = values.getFixed12First(index);
                picos[row] = values.getFixed12Second(index);
            }
            case TimestampWithTimeZoneType timestamp when timestamp.isShort() -> {
                micros[row] = unpackMillisUtc(timestamp.getLong(block, position)) * 1000;
                picos[row] = 0;
            }
            case TimestampWithTimeZoneType _ -> {
                // read in place: epoch milliseconds packed with the zone, picoseconds of the millisecond
                Fixed12Block values = (Fixed12Block) block.getUnderlyingValueBlock();
                int index = block.getUnderlyingValuePosition(position);
                long millis = unpackMillisUtc(values.getFixed12First(index));
                int picosOfMilli = values.getFixed12Second(index);
                micros[row] = millis * 1000 + picosOfMilli / 1_000_000;
                picos[row] = picosOfMilli % 1_000_000;
            }
            default -> throw new IllegalArgumentException("Not a timestamp type: " + type);
        }
    }

    /**
     * @param ttlMicros the TTL, or a negative value for none
     * @param featureHash the hash of a feature row's values, for ties
     * @param best receives, for every row, the number of the best visible feature row, or -1 (and -1 for feature rows)
     */
    void solve(boolean respectCreated, long ttlMicros, IntToLongFunction featureHash, int[] best)
    {
        Arrays.fill(best, 0, count, -1);
        if (spineCount == 0 || featureCount == 0) {
            return;
        }
        if (spineOrder.length < spineCount) {
            spineOrder = new int[spineCount];
        }
        if (featureOrder.length < featureCount) {
            featureOrder = new int[featureCount];
        }
        if (visibleMicros.length < count) {
            visibleMicros = new long[count];
            visiblePicos = new int[count];
            hashes = new long[count];
        }
        int spines = 0;
        int features = 0;
        for (int row = 0; row < count; row++) {
            if (timestampIsNull[row]) {
                continue;
            }
            if (spine[row]) {
                spineOrder[spines++] = row;
                continue;
            }
            featureOrder[features++] = row;
            visibleMicros[row] = micros[row];
            visiblePicos[row] = picos[row];
            if (respectCreated && hasCreated[row] && compare(createdMicros[row], createdPicos[row], micros[row], picos[row]) > 0) {
                visibleMicros[row] = createdMicros[row];
                visiblePicos[row] = createdPicos[row];
            }
        }
        sortByTime(spineOrder, spines, micros, picos);
        sortByTime(featureOrder, features, visibleMicros, visiblePicos);

        boolean hashed = false;
        int current = -1;
        int next = 0;
        for (int index = 0; index < spines; index++) {
            int spineRow = spineOrder[index];
            long spineMicros = micros[spineRow];
            int spinePicos = picos[spineRow];
            while (next < features && compare(visibleMicros[featureOrder[next]], visiblePicos[featureOrder[next]], spineMicros, spinePicos) <= 0) {
                int candidate = featureOrder[next++];
                if (current < 0) {
                    current = candidate;
                    continue;
                }
                if (micros[candidate] != micros[current]) {
                    // chosen without a branch: rows in the order they become visible are not in the order of their event timestamps
                    current = micros[candidate] > micros[current] ? candidate : current;
                    continue;
                }
                int order = compareRows(candidate, current);
                if (order == 0) {
                    if (!hashed) {
                        Arrays.fill(hashes, 0, count, Long.MIN_VALUE);
                        hashed = true;
                    }
                    order = Long.compare(hash(candidate, featureHash, hashes), hash(current, featureHash, hashes));
                }
                if (order > 0) {
                    current = candidate;
                }
            }
            if (current >= 0 && (ttlMicros < 0 || compare(micros[current], picos[current], spineMicros - ttlMicros, spinePicos) >= 0)) {
                best[spineRow] = current;
            }
        }
    }

    private int compareRows(int left, int right)
    {
        int byEvent = compare(micros[left], picos[left], micros[right], picos[right]);
        if (byEvent != 0) {
            return byEvent;
        }
        return compare(
                hasCreated[left] ? createdMicros[left] : micros[left],
                hasCreated[left] ? createdPicos[left] : picos[left],
                hasCreated[right] ? createdMicros[right] : micros[right],
                hasCreated[right] ? createdPicos[right] : picos[right]);
    }

    private static long hash(int row, IntToLongFunction featureHash, long[] hashes)
    {
        if (hashes[row] == Long.MIN_VALUE) {
            long hash = featureHash.applyAsLong(row);
            hashes[row] = hash == Long.MIN_VALUE ? Long.MAX_VALUE : hash;
        }
        return hashes[row];
    }

    /**
     * Puts the first {@code length} of {@code rows} in the order of their times: nothing to do when
     * they are in order already (rows written in time order), a sort of the microseconds when no row
     * has picoseconds, and of both otherwise. Rows of equal times may come in any order: the sweep
     * takes every row of a time before it answers a spine row of that time, and picks among them by
     * their values alone.
     */
    private void sortByTime(int[] rows, int length, long[] sortMicros, int[] sortPicos)
    {
        // without a branch per row: on rows out of order, a comparison per row would be mispredicted half the time
        int picosSeen = 0;
        for (int index = 0; index < length; index++) {
            picosSeen |= sortPicos[rows[index]];
        }
        boolean withPicos = picosSeen != 0;
        boolean sorted = true;
        for (int index = 1; index < length && sorted; index++) {
            sorted = withPicos
                    ? compare(sortMicros[rows[index - 1]], sortPicos[rows[index - 1]], sortMicros[rows[index]], sortPicos[rows[index]]) <= 0
                    : sortMicros[rows[index - 1]] <= sortMicros[rows[index]];
        }
        if (sorted) {
            return;
        }
        if (withPicos) {
            int[] order = IndexSort.sort(length, (left, right) -> compare(sortMicros[rows[left]], sortPicos[rows[left]], sortMicros[rows[right]], sortPicos[rows[right]]));
            int[] sortedRows = new int[length];
            for (int index = 0; index < length; index++) {
                sortedRows[index] = rows[order[index]];
            }
            System.arraycopy(sortedRows, 0, rows, 0, length);
            return;
        }
        if (sortKeys.length < length) {
            sortKeys = new long[Math.max(length, count)];
        }
        for (int index = 0; index < length; index++) {
            sortKeys[index] = sortMicros[rows[index]];
        }
        IndexSort.sortByKey(sortKeys, rows, length);
    }

    static int compare(long leftMicros, int leftPicos, long rightMicros, int rightPicos)
    {
        int byMicros = Long.compare(leftMicros, rightMicros);
        return byMicros != 0 ? byMicros : Integer.compare(leftPicos, rightPicos);
    }
}
