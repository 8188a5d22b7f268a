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

import static io.airlift.slice.SizeOf.estimatedSizeOf;
import static io.airlift.slice.SizeOf.instanceSize;

/**
 * One bucket of the entities of a {@link FeatureJoinFunction} call, with every data file it reads.
 */
public record FeatureJoinSplit(int bucket, int buckets, List<String> spineFiles, List<String> featureFiles)
        implements ConnectorSplit
{
    private static final int INSTANCE_SIZE = instanceSize(FeatureJoinSplit.class);

    @JsonCreator
    public FeatureJoinSplit(
            @JsonProperty("bucket") int bucket,
            @JsonProperty("buckets") int buckets,
            @JsonProperty("spineFiles") List<String> spineFiles,
            @JsonProperty("featureFiles") List<String> featureFiles)
    {
        this.bucket = bucket;
        this.buckets = buckets;
        this.spineFiles = List.copyOf(spineFiles);
        this.featureFiles = List.copyOf(featureFiles);
    }

    @Override
    public long getRetainedSizeInBytes()
    {
        return INSTANCE_SIZE + estimatedSizeOf(spineFiles, path -> estimatedSizeOf(path)) + estimatedSizeOf(featureFiles, path -> estimatedSizeOf(path));
    }
}
