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

import com.google.common.collect.ImmutableList;

import java.time.Instant;
import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * One file of a vector index: the graph and the vectors of every row of some data files of the
 * table, as they were when the segment was made. A segment never changes; it is used for the data
 * files of a snapshot it covers, and the rows deleted since are left out when it is searched.
 *
 * @param id sorts in the order the segments were made; where two segments cover the same data
 *         file (two refreshes at once), the first one is used for it
 * @param location the segment file, under the table's location
 * @param snapshotId the snapshot whose data files it covers
 * @param vectors the vectors it holds (rows whose vector is NULL, or zero for cosine, have none)
 * @param dataFiles the data files it covers, in the order of their ordinals
 */
public record VectorIndexSegment(
        String indexName,
        String id,
        String location,
        long sizeBytes,
        long snapshotId,
        long vectors,
        List<String> dataFiles,
        Instant createdAt)
{
    public VectorIndexSegment
    {
        requireNonNull(indexName, "indexName is null");
        requireNonNull(id, "id is null");
        requireNonNull(location, "location is null");
        dataFiles = ImmutableList.copyOf(dataFiles);
        requireNonNull(createdAt, "createdAt is null");
    }
}
