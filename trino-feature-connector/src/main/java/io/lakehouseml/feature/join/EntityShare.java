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

import io.lakehouseml.feature.iceberg.IcebergBuckets;
import io.lakehouseml.feature.join.FeatureJoinSplit.BucketRouting;
import io.trino.spi.Page;
import io.trino.spi.type.Type;

import java.util.Optional;

import static java.lang.Math.ceilDiv;
import static java.util.Objects.requireNonNull;

/**
 * The entities a processor takes of a feature source, and the batches it takes them in. Without
 * {@code routing}, share {@code index} of {@code count} keeps the entities whose key hash falls in
 * it, in one batch. With it, the share owns the Iceberg buckets {@code b} with
 * {@code b % count == index} and takes them in consecutive groups, at most 16.
 */
public record EntityShare(int index, int count, Optional<BucketRouting> routing)
{
    private static final int MAX_BATCHES = 16;

    public EntityShare
    {
        requireNonNull(routing, "routing is null");
    }

    /**
     * Every entity, a batch of buckets at a time when there is a routing.
     */
    public static EntityShare all(Optional<BucketRouting> routing)
    {
        return new EntityShare(0, 1, routing);
    }

    public boolean owns(int bucket)
    {
        return bucket % count == index;
    }

    /**
     * The number of batches: one without a routing; with one, the buckets owned, in consecutive
     * groups when there are more than 16 of them.
     */
    public int batches()
    {
        return routing.map(bucketed -> ceilDiv(ownedBuckets(bucketed), bucketsPerBatch(bucketed))).orElse(1);
    }

    /**
     * The batch of a bucket the share owns.
     */
    public int batchOf(int bucket)
    {
        return bucket / count / bucketsPerBatch(routing.orElseThrow());
    }

    /**
     * The batch a row with non-NULL keys belongs to, or -1 when it belongs to another share: with a
     * routing, the batch of its Iceberg bucket; without, batch 0 when its key hash falls in the share.
     *
     * @param keys the channels of the entity columns, of types {@code keyTypes}
     * @param hash the hash of the row's key ({@link FeatureValueHash})
     */
    public int batchOf(Page page, int[] keys, Type[] keyTypes, int position, long hash)
    {
        if (routing.isEmpty()) {
            return Long.remainderUnsigned(EntityRoutingHash.spread(hash) >>> 1, count) == index ? 0 : -1;
        }
        BucketRouting bucketed = routing.get();
        int bucket = IcebergBuckets.bucket(keyTypes[bucketed.key()], page.getBlock(keys[bucketed.key()]), position, bucketed.buckets());
        return owns(bucket) ? batchOf(bucket) : -1;
    }

    private int ownedBuckets(BucketRouting routing)
    {
        return (routing.buckets() - index + count - 1) / count;
    }

    private int bucketsPerBatch(BucketRouting routing)
    {
        return Math.max(1, ceilDiv(ownedBuckets(routing), MAX_BATCHES));
    }
}
