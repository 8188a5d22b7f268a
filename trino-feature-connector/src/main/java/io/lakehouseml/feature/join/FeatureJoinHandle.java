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

import io.lakehouseml.feature.registry.FeatureViewDefinition.SourceTable;
import io.trino.spi.function.table.ConnectorTableFunctionHandle;
import io.trino.spi.type.Type;

import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * What the splits of {@link FeatureJoinFunction} read. Spine columns: the {@code spineOutputCount}
 * columns returned, then the entity and timestamp columns the join needs that are not returned.
 * Feature columns: the entity columns, the event timestamp, the created timestamp when there is
 * one, then the features.
 *
 * @param spineRowNumber whether the spine row's number among the rows of the spine's snapshot follows the spine columns
 */
public record FeatureJoinHandle(
        SourceTable spineTable,
        long spineSnapshotId,
        List<ColumnSpec> spineColumns,
        int spineOutputCount,
        boolean spineRowNumber,
        List<Integer> spineKeys,
        int spineTimestamp,
        SourceTable featureTable,
        long featureSnapshotId,
        List<ColumnSpec> featureColumns,
        int keyCount,
        boolean hasCreatedTimestamp,
        Optional<Long> ttlMicros,
        boolean respectCreatedTimestamp)
        implements ConnectorTableFunctionHandle
{
    public FeatureJoinHandle
    {
        requireNonNull(spineTable, "spineTable is null");
        spineColumns = List.copyOf(spineColumns);
        spineKeys = List.copyOf(spineKeys);
        requireNonNull(featureTable, "featureTable is null");
        featureColumns = List.copyOf(featureColumns);
        requireNonNull(ttlMicros, "ttlMicros is null");
    }

    /**
     * The columns the call returns before the features: the spine columns returned and the row number.
     */
    public int spineOutputChannels()
    {
        return spineOutputCount + (spineRowNumber ? 1 : 0);
    }

    public int featureCount()
    {
        return featureColumns.size() - keyCount - 1 - (hasCreatedTimestamp ? 1 : 0);
    }

    public int firstFeature()
    {
        return featureColumns.size() - featureCount();
    }

    public record ColumnSpec(int fieldId, String name, Type type)
    {
        public ColumnSpec
        {
            requireNonNull(name, "name is null");
            requireNonNull(type, "type is null");
        }
    }
}
