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

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

/**
 * What the processors of {@link FeatureJoinFunction} and {@link SpineFeaturesFunction} join. Spine
 * columns: the {@code spineOutputCount} columns returned, then the entity and timestamp columns the
 * join needs that are not returned; read from the spine table's data files, or given by the engine
 * when the spine is a relation.
 * Features: one or more sources (feature views or feature tables) and the feature columns returned,
 * in the order asked. The first source's entity columns are matched by spine columns
 * {@code spineKeys}, whose entities the splits share out; sources keyed by other spine columns
 * (views of other entities, in a call over a spine table) are joined for every spine row a split
 * holds.
 *
 * @param spineTable the spine table and the snapshot read, or empty when the engine gives the spine rows
 * @param spineRowNumber whether the spine row's number among the rows of the spine's snapshot follows the spine columns
 * @param outputs the features returned, each a column of a source
 */
public record FeatureJoinHandle(
        Optional<SpineTable> spineTable,
        List<ColumnSpec> spineColumns,
        int spineOutputCount,
        boolean spineRowNumber,
        List<Integer> spineKeys,
        int spineTimestamp,
        List<FeatureSource> sources,
        List<FeatureOutput> outputs,
        boolean respectCreatedTimestamp)
        implements ConnectorTableFunctionHandle
{
    public FeatureJoinHandle
    {
        requireNonNull(spineTable, "spineTable is null");
        spineColumns = List.copyOf(spineColumns);
        spineKeys = List.copyOf(spineKeys);
        sources = List.copyOf(sources);
        checkArgument(!sources.isEmpty(), "no feature source");
        outputs = List.copyOf(outputs);
    }

    /**
     * The columns the call returns before the features: the spine columns returned and the row number.
     */
    public int spineOutputChannels()
    {
        return spineOutputCount + (spineRowNumber ? 1 : 0);
    }

    public int keyCount()
    {
        return spineKeys.size();
    }

    /**
     * Whether a source is keyed by the spine columns the splits share the entities of (the first
     * source's); the others are joined for every spine row a split holds.
     */
    public boolean keyedLikeSplits(int source)
    {
        return sources.get(source).spineKeys().equals(spineKeys);
    }

    public record SpineTable(SourceTable table, long snapshotId)
    {
        public SpineTable
        {
            requireNonNull(table, "table is null");
        }
    }

    /**
     * A table the features are read from, at a snapshot. Columns: the entity columns (matched by
     * spine columns {@code spineKeys}, in that order), the event timestamp, the created timestamp
     * when there is one, then the features.
     */
    public record FeatureSource(
            SourceTable table,
            long snapshotId,
            List<ColumnSpec> columns,
            List<Integer> spineKeys,
            boolean hasCreatedTimestamp,
            Optional<Long> ttlMicros)
    {
        public FeatureSource
        {
            requireNonNull(table, "table is null");
            columns = List.copyOf(columns);
            spineKeys = List.copyOf(spineKeys);
            requireNonNull(ttlMicros, "ttlMicros is null");
        }

        public int keyCount()
        {
            return spineKeys.size();
        }

        public int firstFeature()
        {
            return keyCount() + 1 + (hasCreatedTimestamp ? 1 : 0);
        }
    }

    /**
     * A feature returned: column {@code column} of source {@code source}.
     */
    public record FeatureOutput(int source, int column) {}

    public record ColumnSpec(int fieldId, String name, Type type)
    {
        public ColumnSpec
        {
            requireNonNull(name, "name is null");
            requireNonNull(type, "type is null");
        }
    }
}
