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

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.trino.spi.connector.ConnectorSplit;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

import static io.airlift.slice.SizeOf.estimatedSizeOf;
import static io.airlift.slice.SizeOf.instanceSize;
import static java.util.Objects.requireNonNull;

/**
 * A share of the entities of a {@link FeatureJoinFunction} call, with the data files it reads.
 * Without {@code routing}, the split keeps the entities whose key hash falls in its share and reads
 * every file. With it (a feature table is partitioned by Iceberg's {@code bucket} transform of an
 * entity column), the split owns the Iceberg buckets {@code b} with {@code b % count == index}, gets
 * only the feature files of those buckets (of every feature table partitioned alike; the files of
 * the others all, keeping the rows of its buckets), and takes them a batch of buckets at a time (see
 * {@link #batches()}).
 */
public record FeatureJoinSplit(
        int index,
        int count,
        Optional<BucketRouting> routing,
        List<SourceFile> spineFiles,
        Set<Integer> spineIdentityFields,
        List<SourceFiles> featureSources)
        implements ConnectorSplit
{
    private static final int INSTANCE_SIZE = instanceSize(FeatureJoinSplit.class);

    @JsonCreator
    public FeatureJoinSplit(
            @JsonProperty("index") int index,
            @JsonProperty("count") int count,
            @JsonProperty("routing") Optional<BucketRouting> routing,
            @JsonProperty("spineFiles") List<SourceFile> spineFiles,
            @JsonProperty("spineIdentityFields") Set<Integer> spineIdentityFields,
            @JsonProperty("featureSources") List<SourceFiles> featureSources)
    {
        this.index = index;
        this.count = count;
        this.routing = requireNonNull(routing, "routing is null");
        this.spineFiles = List.copyOf(spineFiles);
        this.spineIdentityFields = Set.copyOf(spineIdentityFields);
        this.featureSources = List.copyOf(featureSources);
    }

    /**
     * The entities of the split's feature sources keyed by the call's first entity columns, and the
     * batches it takes them in.
     */
    public EntityShare share()
    {
        return new EntityShare(index, count, routing);
    }

    public boolean owns(int bucket)
    {
        return share().owns(bucket);
    }

    /**
     * The number of batches the split takes its entities in: one without a routing; with one, its
     * buckets, in consecutive groups when it owns more than 16 of them.
     */
    public int batches()
    {
        return share().batches();
    }

    /**
     * The batch of a bucket the split owns.
     */
    public int batchOf(int bucket)
    {
        return share().batchOf(bucket);
    }

    @Override
    public long getRetainedSizeInBytes()
    {
        return INSTANCE_SIZE + estimatedSizeOf(spineFiles, SourceFile::retainedSizeInBytes) + estimatedSizeOf(featureSources, SourceFiles::retainedSizeInBytes);
    }

    /**
     * Entities are routed by Iceberg's {@code bucket[buckets]} transform of entity column {@code key}
     * (an index into the view's entity columns).
     */
    public record BucketRouting(int key, int buckets) {}

    /**
     * The files a split reads of one feature source, and the fields of the source's identity partitions.
     *
     * @param otherEntities for a source keyed by other spine columns than the call's first entity
     *         columns, the entities the split takes of it: every one, a batch of the source's own buckets
     *         at a time when its files are bucketed (every split reads every file); empty for a source keyed
     *         like the split
     */
    public record SourceFiles(List<SourceFile> files, Set<Integer> identityFields, Optional<EntityShare> otherEntities)
    {
        private static final int INSTANCE_SIZE = instanceSize(SourceFiles.class);

        public SourceFiles
        {
            files = List.copyOf(files);
            identityFields = Set.copyOf(identityFields);
            requireNonNull(otherEntities, "otherEntities is null");
        }

        long retainedSizeInBytes()
        {
            return INSTANCE_SIZE + estimatedSizeOf(files, SourceFile::retainedSizeInBytes);
        }
    }

    /**
     * A data file, with its Iceberg bucket when its partition has the routing bucket.
     *
     * @param firstRow the number of its first row among the rows of the table's snapshot, its files taken in the order of their paths
     */
    public record SourceFile(String path, OptionalInt bucket, long firstRow)
    {
        private static final int INSTANCE_SIZE = instanceSize(SourceFile.class);

        public SourceFile
        {
            requireNonNull(path, "path is null");
            requireNonNull(bucket, "bucket is null");
        }

        long retainedSizeInBytes()
        {
            return INSTANCE_SIZE + estimatedSizeOf(path);
        }
    }
}
