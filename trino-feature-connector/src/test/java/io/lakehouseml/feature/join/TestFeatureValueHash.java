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

import com.google.common.collect.ImmutableList;
import io.trino.spi.Page;
import io.trino.spi.block.ArrayBlockBuilder;
import io.trino.spi.block.Block;
import io.trino.spi.block.BlockBuilder;
import io.trino.spi.block.DictionaryBlock;
import io.trino.spi.block.RowBlockBuilder;
import io.trino.spi.block.RunLengthEncodedBlock;
import io.trino.spi.type.ArrayType;
import io.trino.spi.type.Int128;
import io.trino.spi.type.LongTimestampWithTimeZone;
import io.trino.spi.type.RowType;
import io.trino.spi.type.Type;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.airlift.slice.Slices.utf8Slice;
import static io.trino.spi.type.BigintType.BIGINT;
import static io.trino.spi.type.DecimalType.createDecimalType;
import static io.trino.spi.type.DoubleType.DOUBLE;
import static io.trino.spi.type.IntegerType.INTEGER;
import static io.trino.spi.type.SmallintType.SMALLINT;
import static io.trino.spi.type.TimeZoneKey.UTC_KEY;
import static io.trino.spi.type.TimestampWithTimeZoneType.TIMESTAMP_TZ_MICROS;
import static io.trino.spi.type.TinyintType.TINYINT;
import static io.trino.spi.type.TypeUtils.writeNativeValue;
import static io.trino.spi.type.VarcharType.VARCHAR;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.SoftAssertions.assertSoftly;

/**
 * {@link FeatureValueHash} decides which of several feature rows with equal event and created
 * times a point-in-time join returns, so the training sets already pinned keep their rows only while
 * it hashes every value exactly as before. The expected hashes were computed by the release before
 * the connector was split into packages.
 */
final class TestFeatureValueHash
{
    private static final long[] GOLDEN_BIGINT = {0L, -7046029252738873940L, 7046029256010040749L, -2177342782992218707L, 4788793621730201290L, 1540483477L};
    private static final long[] GOLDEN_INTEGER = {0L, 6018027439040311425L, -6018027441974595456L, 4637232027569668597L, 1540483477L};
    private static final long[] GOLDEN_SMALLINT = {0L, 7566792161078529533L, -7566792163148968454L, 1540483477L};
    private static final long[] GOLDEN_TINYINT = {0L, 1663341875200855286L, -1663341875892777737L, 1540483477L};
    private static final long[] GOLDEN_DOUBLE = {0L, -283726772295434240L, -4751438341175541760L, -6964816821055127552L, 1540483477L};
    private static final long[] GOLDEN_VARCHAR = {-1205034819632174695L, 1278023373275349225L, 8172738259129064666L, 7402436684824787661L, 1540483477L};
    private static final long[] GOLDEN_DECIMAL = {0L, -6832837856290573690L, 4312222728145392011L, 1540483477L};
    private static final long[] GOLDEN_TIMESTAMP_TZ = {0L, -5614111439370798441L, 1540483477L};
    private static final long[] GOLDEN_NESTED = {-8672806915708549246L, 0L, 1540483477L, -2630634338051320331L, 1540484438L};
    private static final long[] GOLDEN_ROWS = {-8292426801101063243L, 4312163492139884131L, -671433483778387020L};

    @Test
    void testHashesOfEarlierRelease()
    {
        assertSoftly(softly -> {
            softly.assertThat(hashes(BIGINT, 0L, 1L, -1L, Long.MAX_VALUE, 1_234_567_890_123L, null)).containsExactly(GOLDEN_BIGINT);
            softly.assertThat(hashes(INTEGER, 0L, 7L, -7L, (long) Integer.MIN_VALUE, null)).containsExactly(GOLDEN_INTEGER);
            softly.assertThat(hashes(SMALLINT, 0L, 300L, -300L, null)).containsExactly(GOLDEN_SMALLINT);
            softly.assertThat(hashes(TINYINT, 0L, 5L, -5L, null)).containsExactly(GOLDEN_TINYINT);
            softly.assertThat(hashes(DOUBLE, 0.0, 0.25, -17.5, Double.NaN, null)).containsExactly(GOLDEN_DOUBLE);
            softly.assertThat(hashes(VARCHAR, utf8Slice(""), utf8Slice("gold"), utf8Slice("silver"), utf8Slice("Zürich 東京 𝄞"), null)).containsExactly(GOLDEN_VARCHAR);
            softly.assertThat(hashes(createDecimalType(20, 2), Int128.valueOf(0), Int128.valueOf(12_345), Int128.valueOf(-98_765_432_109_876L), null)).containsExactly(GOLDEN_DECIMAL);
            softly.assertThat(hashes(
                            TIMESTAMP_TZ_MICROS,
                            LongTimestampWithTimeZone.fromEpochMillisAndFraction(0, 0, UTC_KEY),
                            LongTimestampWithTimeZone.fromEpochMillisAndFraction(1_735_689_600_000L, 123_000_000, UTC_KEY),
                            null))
                    .containsExactly(GOLDEN_TIMESTAMP_TZ);
            softly.assertThat(arrayAndRowHashes()).containsExactly(GOLDEN_NESTED);
            softly.assertThat(rowHashes()).containsExactly(GOLDEN_ROWS);
        });
    }

    @Test
    void testEncodingsHashAlike()
    {
        Block values = block(VARCHAR, utf8Slice("a"), utf8Slice("b"), null);
        Block dictionary = DictionaryBlock.create(4, values, new int[] {2, 1, 0, 1});
        assertThat(FeatureValueHash.hash(dictionary, 0)).isEqualTo(FeatureValueHash.hash(values, 2));
        assertThat(FeatureValueHash.hash(dictionary, 1)).isEqualTo(FeatureValueHash.hash(values, 1));
        Block runLength = RunLengthEncodedBlock.create(block(BIGINT, 42L), 3);
        assertThat(FeatureValueHash.hash(runLength, 2)).isEqualTo(FeatureValueHash.hash(block(BIGINT, 42L), 0));
    }

    /**
     * The hashes of a page's rows in one pass are the hashes of each row: a bigint column with NULLs,
     * a region of it (an offset into its values), and a composite key.
     */
    @Test
    void testPageHashesAreRowHashes()
    {
        Block longs = block(BIGINT, 0L, -1L, null, Long.MAX_VALUE, 42L, null, Long.MIN_VALUE);
        Block varchars = block(VARCHAR, utf8Slice("a"), null, utf8Slice(""), utf8Slice("b"), utf8Slice("a"), utf8Slice("c"), null);
        Page page = new Page(longs, varchars);
        for (Page tested : List.of(page, page.getRegion(2, 4), new Page(block(BIGINT, 1L, 2L, 3L)))) {
            for (int[] channels : List.of(new int[] {0}, new int[] {1}, new int[] {0, 1}, new int[] {1, 0}).subList(0, tested.getChannelCount() == 1 ? 1 : 4)) {
                long[] hashes = FeatureValueHash.hashes(tested, channels);
                for (int position = 0; position < tested.getPositionCount(); position++) {
                    assertThat(hashes[position]).isEqualTo(FeatureValueHash.hash(tested, channels, position));
                }
            }
        }
        // and the values of the release that made the earliest training sets
        assertThat(FeatureValueHash.hashes(new Page(block(BIGINT, 0L, 1L, -1L, Long.MAX_VALUE, 1_234_567_890_123L, null)), new int[] {0})).containsExactly(GOLDEN_BIGINT);
    }

    private static long[] hashes(Type type, Object... values)
    {
        Block block = block(type, values);
        long[] hashes = new long[values.length];
        for (int position = 0; position < values.length; position++) {
            hashes[position] = FeatureValueHash.hash(block, position);
        }
        return hashes;
    }

    private static long[] arrayAndRowHashes()
    {
        ArrayType arrayType = new ArrayType(DOUBLE);
        ArrayBlockBuilder arrays = arrayType.createBlockBuilder(null, 3);
        arrays.buildEntry(elements -> {
            DOUBLE.writeDouble(elements, 1.0);
            DOUBLE.writeDouble(elements, 2.5);
        });
        arrays.buildEntry(_ -> {});
        arrays.appendNull();
        RowType rowType = RowType.from(ImmutableList.of(RowType.field("a", INTEGER), RowType.field("b", VARCHAR)));
        RowBlockBuilder rows = rowType.createBlockBuilder(null, 2);
        rows.buildEntry(fields -> {
            INTEGER.writeLong(fields.get(0), 3);
            VARCHAR.writeSlice(fields.get(1), utf8Slice("r1"));
        });
        rows.buildEntry(fields -> {
            INTEGER.writeLong(fields.get(0), 0);
            fields.get(1).appendNull();
        });
        Block arrayBlock = arrays.build();
        Block rowBlock = rows.build();
        return new long[] {
                FeatureValueHash.hash(arrayBlock, 0),
                FeatureValueHash.hash(arrayBlock, 1),
                FeatureValueHash.hash(arrayBlock, 2),
                FeatureValueHash.hash(rowBlock, 0),
                FeatureValueHash.hash(rowBlock, 1),
        };
    }

    /**
     * The hash of several channels of a page: the key of an entity, or all features of a row.
     */
    private static long[] rowHashes()
    {
        Page page = new Page(
                block(BIGINT, 1L, 2L, null),
                block(VARCHAR, utf8Slice("eu"), null, utf8Slice("us")),
                block(DOUBLE, 0.5, 1.5, null));
        long[] hashes = new long[page.getPositionCount()];
        for (int position = 0; position < hashes.length; position++) {
            hashes[position] = FeatureValueHash.hash(page, new int[] {0, 1, 2}, position);
        }
        return hashes;
    }

    private static Block block(Type type, Object... values)
    {
        BlockBuilder builder = type.createBlockBuilder(null, values.length);
        for (Object value : values) {
            if (value == null) {
                builder.appendNull();
            }
            else {
                writeNativeValue(type, builder, value);
            }
        }
        return builder.build();
    }
}
