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

import io.airlift.slice.Slice;
import io.trino.spi.block.Block;
import io.trino.spi.type.Type;
import io.trino.spi.type.VarcharType;
import org.apache.iceberg.transforms.Transform;
import org.apache.iceberg.util.BucketUtil;

import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.trino.spi.type.BigintType.BIGINT;
import static io.trino.spi.type.DateType.DATE;
import static io.trino.spi.type.IntegerType.INTEGER;

/**
 * Iceberg's {@code bucket[N]} partition transform, computed on Trino values: the bucket of a value
 * is the 32-bit Murmur3 hash Iceberg defines for its type, modulo N. Supported for the entity key
 * types of Iceberg {@code int}, {@code long}, {@code date} and {@code string} columns.
 */
public final class IcebergBuckets
{
    private static final Pattern BUCKET = Pattern.compile("bucket\\[(\\d+)]");

    private IcebergBuckets() {}

    public static boolean isSupported(Type type)
    {
        return type.equals(BIGINT) || type.equals(INTEGER) || type.equals(DATE) || type instanceof VarcharType;
    }

    /**
     * The N of a {@code bucket[N]} transform; empty for any other transform.
     */
    public static OptionalInt bucketCount(Transform<?, ?> transform)
    {
        Matcher matcher = BUCKET.matcher(transform.toString());
        return matcher.matches() ? OptionalInt.of(Integer.parseInt(matcher.group(1))) : OptionalInt.empty();
    }

    /**
     * The bucket of a non-NULL value of a {@linkplain #isSupported supported} type.
     */
    public static int bucket(Type type, Block block, int position, int buckets)
    {
        int hash;
        if (type instanceof VarcharType) {
            Slice value = type.getSlice(block, position);
            hash = BucketUtil.hash(value.toByteBuffer());
        }
        else {
            // Iceberg hashes int and date values as the long of the same value
            hash = BucketUtil.hash(type.getLong(block, position));
        }
        return (hash & Integer.MAX_VALUE) % buckets;
    }
}
