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

import io.airlift.slice.Slices;
import io.trino.spi.block.Block;
import io.trino.spi.block.BlockBuilder;
import io.trino.spi.type.Type;
import org.apache.iceberg.transforms.Transforms;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;
import java.util.function.Function;

import static io.trino.spi.type.BigintType.BIGINT;
import static io.trino.spi.type.DateType.DATE;
import static io.trino.spi.type.IntegerType.INTEGER;
import static io.trino.spi.type.VarcharType.VARCHAR;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bucket of Trino values against Iceberg's own bucket transform of the same values.
 */
final class TestIcebergBuckets
{
    private static final int[] BUCKET_COUNTS = {1, 2, 5, 16, 1000, Integer.MAX_VALUE};

    @Test
    void testSameBucketsAsIceberg()
    {
        SplittableRandom random = new SplittableRandom(7);
        for (int value = 0; value < 2000; value++) {
            long bigint = value < 1000 ? value - 500 : random.nextLong();
            int integer = (int) bigint;
            String string = randomString(random);
            for (int buckets : BUCKET_COUNTS) {
                Function<Object, Integer> longBucket = bind(buckets, Types.LongType.get());
                Function<Object, Integer> intBucket = bind(buckets, Types.IntegerType.get());
                Function<Object, Integer> dateBucket = bind(buckets, Types.DateType.get());
                Function<Object, Integer> stringBucket = bind(buckets, Types.StringType.get());
                assertThat(bucket(BIGINT, bigint, buckets)).isEqualTo(longBucket.apply(bigint));
                assertThat(bucket(INTEGER, (long) integer, buckets)).isEqualTo(intBucket.apply(integer));
                assertThat(bucket(DATE, (long) integer, buckets)).isEqualTo(dateBucket.apply(integer));
                assertThat(bucket(VARCHAR, string, buckets)).as(string).isEqualTo(stringBucket.apply(string));
            }
        }
    }

    @Test
    void testBucketCount()
    {
        assertThat(IcebergBuckets.bucketCount(Transforms.bucket(16))).hasValue(16);
        assertThat(IcebergBuckets.bucketCount(Transforms.identity())).isEmpty();
        assertThat(IcebergBuckets.bucketCount(Transforms.truncate(16))).isEmpty();
        assertThat(IcebergBuckets.bucketCount(Transforms.day())).isEmpty();
    }

    @SuppressWarnings("unchecked")
    private static Function<Object, Integer> bind(int buckets, org.apache.iceberg.types.Type type)
    {
        return (Function<Object, Integer>) (Function<?, Integer>) Transforms.bucket(buckets).bind(type);
    }

    private static int bucket(Type type, Object value, int buckets)
    {
        BlockBuilder builder = type.createBlockBuilder(null, 1);
        if (value instanceof String string) {
            type.writeSlice(builder, Slices.utf8Slice(string));
        }
        else {
            type.writeLong(builder, (long) value);
        }
        Block block = builder.build();
        return IcebergBuckets.bucket(type, block, 0, buckets);
    }

    private static String randomString(SplittableRandom random)
    {
        StringBuilder string = new StringBuilder();
        int length = random.nextInt(12);
        for (int index = 0; index < length; index++) {
            // ASCII, accented letters, CJK and a code point outside the basic plane
            int[] alphabet = {'a' + random.nextInt(26), 0xE9, 0x4E2D, 0x1F600};
            string.appendCodePoint(alphabet[random.nextInt(alphabet.length)]);
        }
        return string.toString();
    }
}
