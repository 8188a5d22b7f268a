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
package io.lakehouseml.feature;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.trino.spi.connector.ConnectorSplit;

import java.util.List;
import java.util.Set;

import static io.airlift.slice.SizeOf.estimatedSizeOf;
import static io.airlift.slice.SizeOf.instanceSize;

/**
 * One bucket of the entities of a {@link FeatureJoinFunction} call, with every data file it reads.
 */
public record FeatureJoinSplit(int bucket, int buckets, List<String> spineFiles, Set<Integer> spineIdentityFields, List<String> featureFiles, Set<Integer> featureIdentityFields)
        implements ConnectorSplit
{
    private static final int INSTANCE_SIZE = instanceSize(FeatureJoinSplit.class);

    @JsonCreator
    public FeatureJoinSplit(
            @JsonProperty("bucket") int bucket,
            @JsonProperty("buckets") int buckets,
            @JsonProperty("spineFiles") List<String> spineFiles,
            @JsonProperty("spineIdentityFields") Set<Integer> spineIdentityFields,
            @JsonProperty("featureFiles") List<String> featureFiles,
            @JsonProperty("featureIdentityFields") Set<Integer> featureIdentityFields)
    {
        this.bucket = bucket;
        this.buckets = buckets;
        this.spineFiles = List.copyOf(spineFiles);
        this.spineIdentityFields = Set.copyOf(spineIdentityFields);
        this.featureFiles = List.copyOf(featureFiles);
        this.featureIdentityFields = Set.copyOf(featureIdentityFields);
    }

    @Override
    public long getRetainedSizeInBytes()
    {
        return INSTANCE_SIZE + estimatedSizeOf(spineFiles, path -> estimatedSizeOf(path)) + estimatedSizeOf(featureFiles, path -> estimatedSizeOf(path));
    }
}
