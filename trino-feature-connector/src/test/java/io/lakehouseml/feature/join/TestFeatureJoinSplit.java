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

import io.airlift.json.JsonCodec;
import io.lakehouseml.feature.join.FeatureJoinSplit.BucketRouting;
import io.lakehouseml.feature.join.FeatureJoinSplit.SourceFile;
import io.lakehouseml.feature.join.FeatureJoinSplit.SourceFiles;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

final class TestFeatureJoinSplit
{
    @Test
    void testBatchesOfBuckets()
    {
        // every bucket belongs to one split; a split's buckets fall in at most 16 batches, none empty, in bucket order
        for (int buckets = 1; buckets <= 300; buckets++) {
            for (int count = 1; count <= Math.min(buckets, 8); count++) {
                int owners = 0;
                for (int index = 0; index < count; index++) {
                    FeatureJoinSplit split = split(index, count, Optional.of(new BucketRouting(0, buckets)));
                    Set<Integer> batches = new TreeSet<>();
                    int previous = 0;
                    for (int bucket = 0; bucket < buckets; bucket++) {
                        if (split.owns(bucket)) {
                            owners++;
                            int batch = split.batchOf(bucket);
                            assertThat(batch).isBetween(previous, split.batches() - 1);
                            previous = batch;
                            batches.add(batch);
                        }
                    }
                    assertThat(batches).hasSize(split.batches());
                    assertThat(split.batches()).isBetween(1, 16);
                }
                assertThat(owners).isEqualTo(buckets);
            }
        }
        assertThat(split(0, 2, Optional.empty()).batches()).isEqualTo(1);
    }

    @Test
    void testJsonRoundTrip()
    {
        JsonCodec<FeatureJoinSplit> codec = JsonCodec.jsonCodec(FeatureJoinSplit.class);
        FeatureJoinSplit split = new FeatureJoinSplit(
                1,
                2,
                Optional.of(new BucketRouting(1, 16)),
                List.of(new SourceFile("file:///spine.parquet", OptionalInt.empty(), 0)),
                Set.of(3),
                List.of(
                        new SourceFiles(List.of(new SourceFile("file:///features-1.parquet", OptionalInt.of(1), 0), new SourceFile("file:///features-3.parquet", OptionalInt.of(3), 0)), Set.of(), Optional.empty()),
                        new SourceFiles(List.of(new SourceFile("file:///other.parquet", OptionalInt.empty(), 0)), Set.of(2), Optional.of(EntityShare.all(Optional.of(new BucketRouting(0, 8)))))));
        assertThat(codec.fromJson(codec.toJson(split))).isEqualTo(split);
    }

    private static FeatureJoinSplit split(int index, int count, Optional<BucketRouting> routing)
    {
        return new FeatureJoinSplit(index, count, routing, List.of(), Set.of(), List.of());
    }
}
