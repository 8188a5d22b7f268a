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
package io.lakehouseml.feature.lineage;

import com.google.common.collect.ImmutableList;

import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * A table that a run read or wrote: its columns that the run used, and the Iceberg snapshot it
 * read or wrote when that is known.
 */
public record LineageDataset(String catalogName, String schemaName, String tableName, List<String> columns, Optional<Long> snapshotId)
{
    public LineageDataset
    {
        requireNonNull(catalogName, "catalogName is null");
        requireNonNull(schemaName, "schemaName is null");
        requireNonNull(tableName, "tableName is null");
        columns = ImmutableList.copyOf(columns);
        requireNonNull(snapshotId, "snapshotId is null");
    }

    public LineageDataset withSnapshotId(Optional<Long> snapshotId)
    {
        return new LineageDataset(catalogName, schemaName, tableName, columns, snapshotId);
    }

    public String qualifiedName()
    {
        return catalogName + "." + schemaName + "." + tableName;
    }
}
