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

import com.google.common.collect.ImmutableList;
import com.google.inject.Inject;
import io.lakehouseml.feature.FeatureViewDefinition.SourceTable;
import io.trino.spi.NodeManager;
import io.trino.spi.TrinoException;
import io.trino.spi.connector.ColumnHandle;
import io.trino.spi.connector.ConnectorSession;
import io.trino.spi.connector.ConnectorSplitManager;
import io.trino.spi.connector.ConnectorSplitSource;
import io.trino.spi.connector.ConnectorTableHandle;
import io.trino.spi.connector.ConnectorTransactionHandle;
import io.trino.spi.connector.Constraint;
import io.trino.spi.connector.FixedSplitSource;
import io.trino.spi.function.table.ConnectorTableFunctionHandle;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.PartitionField;
import org.apache.iceberg.Table;
import org.apache.iceberg.io.CloseableIterable;

import java.io.IOException;
import java.util.List;
import java.util.Set;

import static com.google.common.collect.ImmutableSet.toImmutableSet;
import static io.lakehouseml.feature.FeatureStoreErrorCode.FEATURE_STORE_SNAPSHOT_NOT_FOUND;
import static io.lakehouseml.feature.FeatureStoreErrorCode.FEATURE_STORE_SOURCE_ERROR;
import static io.trino.spi.StandardErrorCode.NOT_SUPPORTED;
import static java.lang.String.format;
import static java.util.Objects.requireNonNull;

/**
 * Plans the splits of {@link FeatureJoinFunction}: the data files of the spine and the feature
 * table at their snapshots, and one split per bucket of the entities, two per worker.
 */
public class FeatureJoinSplitManager
        implements ConnectorSplitManager
{
    private final FeatureRegistry registry;
    private final NodeManager nodeManager;

    @Inject
    public FeatureJoinSplitManager(FeatureRegistry registry, NodeManager nodeManager)
    {
        this.registry = requireNonNull(registry, "registry is null");
        this.nodeManager = requireNonNull(nodeManager, "nodeManager is null");
    }

    @Override
    public ConnectorSplitSource getSplits(ConnectorTransactionHandle transaction, ConnectorSession session, ConnectorTableHandle table, Set<ColumnHandle> columns, Constraint constraint)
    {
        // FeatureStoreMetadata.getTableHandle returns no handle (feature views are views, companions
        // are views or system tables), so the engine never asks for the splits of a table
        throw new IllegalStateException("The feature store has no table handles to split: " + table);
    }

    @Override
    public ConnectorSplitSource getSplits(ConnectorTransactionHandle transaction, ConnectorSession session, ConnectorTableFunctionHandle function)
    {
        FeatureJoinHandle handle = (FeatureJoinHandle) function;
        Table spine = table(handle.spineTable(), handle.spineSnapshotId());
        Table features = table(handle.featureTable(), handle.featureSnapshotId());
        List<String> spineFiles = dataFiles(spine, handle.spineTable(), handle.spineSnapshotId());
        List<String> featureFiles = dataFiles(features, handle.featureTable(), handle.featureSnapshotId());
        Set<Integer> spineIdentityFields = identityPartitionFields(spine);
        Set<Integer> featureIdentityFields = identityPartitionFields(features);
        int buckets = Math.max(2, 2 * nodeManager.getWorkerNodes().size());
        ImmutableList.Builder<FeatureJoinSplit> splits = ImmutableList.builder();
        for (int bucket = 0; bucket < buckets; bucket++) {
            splits.add(new FeatureJoinSplit(bucket, buckets, spineFiles, spineIdentityFields, featureFiles, featureIdentityFields));
        }
        return new FixedSplitSource(splits.build());
    }

    private Table table(SourceTable name, long snapshotId)
    {
        Table table = registry.loadSourceTable(name);
        if (table.snapshot(snapshotId) == null) {
            throw new TrinoException(FEATURE_STORE_SNAPSHOT_NOT_FOUND, format("Snapshot %s of %s no longer exists", snapshotId, name));
        }
        return table;
    }

    /**
     * The source columns of identity partition fields, in any partition spec the table has had.
     */
    private static Set<Integer> identityPartitionFields(Table table)
    {
        return table.specs().values().stream()
                .flatMap(spec -> spec.fields().stream())
                .filter(field -> field.transform().isIdentity())
                .map(PartitionField::sourceId)
                .collect(toImmutableSet());
    }

    private static List<String> dataFiles(Table table, SourceTable name, long snapshotId)
    {
        ImmutableList.Builder<String> files = ImmutableList.builder();
        try (CloseableIterable<FileScanTask> tasks = table.newScan().useSnapshot(snapshotId).planFiles()) {
            for (FileScanTask task : tasks) {
                if (!task.deletes().isEmpty()) {
                    throw new TrinoException(NOT_SUPPORTED, format("%s has row-level deletes at snapshot %s; point_in_time_features reads tables without them (compact the table with ALTER TABLE ... EXECUTE optimize, or use point_in_time_join)", name, snapshotId));
                }
                if (task.file().format() != FileFormat.PARQUET) {
                    throw new TrinoException(NOT_SUPPORTED, format("%s has a %s data file; point_in_time_features reads Parquet files", name, task.file().format()));
                }
                files.add(task.file().location());
            }
        }
        catch (IOException e) {
            throw new TrinoException(FEATURE_STORE_SOURCE_ERROR, format("Failed to plan the data files of %s", name), e);
        }
        return files.build();
    }
}
