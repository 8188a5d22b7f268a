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

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.lakehouseml.feature.vector.TableFiles.DataFileRef;
import io.trino.spi.connector.ConnectorSplit;

import java.util.List;
import java.util.Optional;

import static io.airlift.slice.SizeOf.estimatedSizeOf;
import static io.airlift.slice.SizeOf.instanceSize;
import static io.airlift.slice.SizeOf.sizeOf;
import static java.util.Objects.requireNonNull;

/**
 * A share of a {@code vector_search} call: the data files of the snapshot one index segment covers,
 * searched through the segment, or data files no segment covers, searched exactly.
 *
 * @param segmentLocation the segment, when the files are searched through one
 * @param files the data files, with the rows deleted at the snapshot read
 */
public record VectorSearchSplit(Optional<String> segmentLocation, List<DataFileRef> files)
        implements ConnectorSplit
{
    private static final int INSTANCE_SIZE = instanceSize(VectorSearchSplit.class);

    @JsonCreator
    public VectorSearchSplit(@JsonProperty("segmentLocation") Optional<String> segmentLocation, @JsonProperty("files") List<DataFileRef> files)
    {
        this.segmentLocation = requireNonNull(segmentLocation, "segmentLocation is null");
        this.files = List.copyOf(files);
    }

    @Override
    public long getRetainedSizeInBytes()
    {
        return INSTANCE_SIZE + estimatedSizeOf(files, file -> estimatedSizeOf(file.path()) + sizeOf(file.deletedPositions()));
    }
}
