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

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSet;
import com.google.inject.Inject;
import io.lakehouseml.feature.iceberg.IcebergBuckets;
import io.lakehouseml.feature.iceberg.ParquetFeatureReader;
import io.lakehouseml.feature.join.FeatureJoinHandle.ColumnSpec;
import io.lakehouseml.feature.join.FeatureJoinHandle.FeatureSource;
import io.lakehouseml.feature.join.FeatureJoinHandle.SpineTable;
import io.lakehouseml.feature.join.FeatureJoinSplit.BucketRouting;
import io.lakehouseml.feature.join.FeatureJoinSplit.SourceFile;
import io.lakehouseml.feature.join.FeatureJoinSplit.SourceFiles;
import io.lakehouseml.feature.registry.FeatureRegistry;
import io.lakehouseml.feature.registry.FeatureViewDefinition.SourceTable;
import io.trino.spi.NodeManager;
import io.trino.spi.TrinoException;
import io.trino.spi.connector.ConnectorSplitSource;
import io.trino.spi.connector.FixedSplitSource;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.PartitionField;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Table;
import org.apache.iceberg.io.CloseableIterable;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

import static com.google.common.collect.ImmutableList.toImmutableList;
import static io.lakehouseml.feature.FeatureStoreErrorCode.FEATURE_STORE_SNAPSHOT_NOT_FOUND;
import static io.lakehouseml.feature.FeatureStoreErrorCode.FEATURE_STORE_SOURCE_ERROR;
import static io.trino.spi.StandardErrorCode.NOT_SUPPORTED;
import static java.lang.String.format;
import static java.util.Objects.requireNonNull;

/**
 * Plans the splits of {@link FeatureJoinFunction}: the data files of the spine and the feature
 * tables at their snapshots, and two splits per worker, each with a share of the entities (see
 * {@link FeatureJoinSplit}).
 */
public class FeatureJoinSplitManager
{
    private final FeatureRegistry registry;
    private final NodeManager nodeManager;

    @Inject
    public FeatureJoinSplitManager(FeatureRegistry registry, NodeManager nodeManager)
    {
        this.registry = requireNonNull(registry, "registry is null");
        this.nodeManager = requireNonNull(nodeManager, "nodeManager is null");
    }

    public ConnectorSplitSource getSplits(FeatureJoinHandle handle)
    {
        SpineTable spineTable = handle.spineTable().orElseThrow();
        Table spine = table(spineTable.table(), spineTable.snapshotId());
        List<FileScanTask> spineTasks = tasks(spine, spineTable.table(), spineTable.snapshotId());
        Set<Integer> spineIdentityFields = ParquetFeatureReader.identityPartitionFields(spine);
        PlannedSources planned = planSources(handle);
        int count = Math.max(2, 2 * nodeManager.getWorkerNodes().size());
        if (planned.routing().isPresent()) {
            count = Math.min(count, planned.routing().get().buckets());
        }
        List<SourceFile> spineFiles = files(spineTasks, planned.routing().map(bucketed -> new BucketRouting(handle.spineKeys().get(bucketed.key()), bucketed.buckets())), handle.spineColumns());
        ImmutableList.Builder<FeatureJoinSplit> splits = ImmutableList.builder();
        for (int index = 0; index < count; index++) {
            splits.add(new FeatureJoinSplit(index, count, planned.routing(), filesOf(index, count, spineFiles), spineIdentityFields, planned.filesOf(index, count)));
        }
        return new FixedSplitSource(splits.build());
    }

    /**
     * The feature files of a call whose spine rows the engine gives ({@link SpineFeaturesFunction}):
     * one share that owns every bucket, which each processor takes, reading the files of the buckets
     * of the spine rows it is given.
     */
    public FeatureJoinSplit featureFiles(FeatureJoinHandle handle)
    {
        PlannedSources planned = planSources(handle);
        return new FeatureJoinSplit(0, 1, planned.routing(), ImmutableList.of(), ImmutableSet.of(), planned.filesOf(0, 1));
    }

    /**
     * The data files of every feature source, and the routing of the first bucketed source keyed
     * like the split (the files of others bucketed alike are routed too). A source keyed by other
     * spine columns has its files routed by its own buckets, and every split reads them all.
     */
    private PlannedSources planSources(FeatureJoinHandle handle)
    {
        List<List<FileScanTask>> sourceTasks = new ArrayList<>();
        List<Set<Integer>> identityFields = new ArrayList<>();
        Optional<BucketRouting> routing = Optional.empty();
        for (int source = 0; source < handle.sources().size(); source++) {
            FeatureSource featureSource = handle.sources().get(source);
            Table features = table(featureSource.table(), featureSource.snapshotId());
            List<FileScanTask> tasks = tasks(features, featureSource.table(), featureSource.snapshotId());
            sourceTasks.add(tasks);
            identityFields.add(ParquetFeatureReader.identityPartitionFields(features));
            if (routing.isEmpty() && handle.keyedLikeSplits(source)) {
                routing = routing(featureSource, tasks);
            }
        }
        List<List<SourceFile>> files = new ArrayList<>();
        List<Optional<EntityShare>> otherEntities = new ArrayList<>();
        for (int source = 0; source < handle.sources().size(); source++) {
            FeatureSource featureSource = handle.sources().get(source);
            if (handle.keyedLikeSplits(source)) {
                files.add(files(sourceTasks.get(source), routing, featureSource.columns()));
                otherEntities.add(Optional.empty());
            }
            else {
                Optional<BucketRouting> own = routing(featureSource, sourceTasks.get(source));
                files.add(files(sourceTasks.get(source), own, featureSource.columns()));
                otherEntities.add(Optional.of(EntityShare.all(own)));
            }
        }
        return new PlannedSources(routing, files, identityFields, otherEntities);
    }

    private record PlannedSources(Optional<BucketRouting> routing, List<List<SourceFile>> files, List<Set<Integer>> identityFields, List<Optional<EntityShare>> otherEntities)
    {
        List<SourceFiles> filesOf(int index, int count)
        {
            ImmutableList.Builder<SourceFiles> sources = ImmutableList.builder();
            for (int source = 0; source < files.size(); source++) {
                List<SourceFile> sourceFiles = otherEntities.get(source).isPresent() ? files.get(source) : FeatureJoinSplitManager.filesOf(index, count, files.get(source));
                sources.add(new SourceFiles(sourceFiles, identityFields.get(source), otherEntities.get(source)));
            }
            return sources.build();
        }
    }

    /**
     * The Iceberg bucket partitioning the files of a feature source share, if they do: an entity
     * column of a type this connector hashes as Iceberg does, and the same {@code bucket[N]} of it
     * in every file's partition spec.
     */
    private static Optional<BucketRouting> routing(FeatureSource source, List<FileScanTask> featureTasks)
    {
        if (featureTasks.isEmpty()) {
            return Optional.empty();
        }
        for (int key = 0; key < source.keyCount(); key++) {
            ColumnSpec column = source.columns().get(key);
            if (!IcebergBuckets.isSupported(column.type())) {
                continue;
            }
            Set<Integer> bucketCounts = new HashSet<>();
            for (FileScanTask task : featureTasks) {
                bucketCounts.add(bucketField(task.spec(), column.fieldId()).map(field -> IcebergBuckets.bucketCount(field.transform()).orElseThrow()).orElse(0));
            }
            if (bucketCounts.size() == 1 && !bucketCounts.contains(0)) {
                return Optional.of(new BucketRouting(key, bucketCounts.iterator().next()));
            }
        }
        return Optional.empty();
    }

    /**
     * The data files, each with its bucket when its partition spec has the routing bucket, and the
     * number of its first row.
     *
     * @param routing the routing with {@code key} an index into {@code columns}
     */
    private static List<SourceFile> files(List<FileScanTask> tasks, Optional<BucketRouting> routing, List<ColumnSpec> columns)
    {
        ImmutableList.Builder<SourceFile> files = ImmutableList.builder();
        long firstRow = 0;
        for (FileScanTask task : tasks) {
            OptionalInt bucket = OptionalInt.empty();
            if (routing.isPresent()) {
                int fieldId = columns.get(routing.get().key()).fieldId();
                PartitionSpec spec = task.spec();
                for (int position = 0; position < spec.fields().size(); position++) {
                    PartitionField field = spec.fields().get(position);
                    if (field.sourceId() == fieldId && IcebergBuckets.bucketCount(field.transform()).equals(OptionalInt.of(routing.get().buckets()))) {
                        // a NULL bucket holds only NULL keys: such a file is read by every split, like an unbucketed one
                        Integer value = task.file().partition().get(position, Integer.class);
                        if (value != null) {
                            bucket = OptionalInt.of(value);
                        }
                        break;
                    }
                }
            }
            files.add(new SourceFile(task.file().location(), bucket, firstRow));
            firstRow += task.file().recordCount();
        }
        return files.build();
    }

    /**
     * The files a split reads: every file without a bucket, and the files of the buckets it owns.
     */
    private static List<SourceFile> filesOf(int index, int count, List<SourceFile> files)
    {
        return files.stream()
                .filter(file -> file.bucket().isEmpty() || new EntityShare(index, count, Optional.empty()).owns(file.bucket().getAsInt()))
                .collect(toImmutableList());
    }

    private static Optional<PartitionField> bucketField(PartitionSpec spec, int sourceId)
    {
        return spec.fields().stream()
                .filter(field -> field.sourceId() == sourceId && IcebergBuckets.bucketCount(field.transform()).isPresent())
                .findFirst();
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
     * Whether {@code point_in_time_features} can read a snapshot of a table: Parquet data files
     * without row-level deletes.
     */
    public static boolean canRead(Table table, SourceTable name, long snapshotId)
    {
        return plan(table, name, snapshotId).unreadable().isEmpty();
    }

    /**
     * The data files of a snapshot, in a fixed order, which numbers the rows of the snapshot the
     * same way in every call.
     */
    private static List<FileScanTask> tasks(Table table, SourceTable name, long snapshotId)
    {
        PlannedFiles planned = plan(table, name, snapshotId);
        planned.unreadable().ifPresent(reason -> {
            throw new TrinoException(NOT_SUPPORTED, reason);
        });
        return planned.tasks().stream()
                .sorted(Comparator.comparing(task -> task.file().location()))
                .collect(toImmutableList());
    }

    /**
     * The data files of a snapshot, up to the first one this function cannot read.
     */
    private static PlannedFiles plan(Table table, SourceTable name, long snapshotId)
    {
        ImmutableList.Builder<FileScanTask> files = ImmutableList.builder();
        try (CloseableIterable<FileScanTask> tasks = table.newScan().useSnapshot(snapshotId).planFiles()) {
            for (FileScanTask task : tasks) {
                if (!task.deletes().isEmpty()) {
                    return new PlannedFiles(files.build(), Optional.of(format("%s has row-level deletes at snapshot %s; point_in_time_features reads tables without them (compact the table with ALTER TABLE ... EXECUTE optimize, or use point_in_time_join)", name, snapshotId)));
                }
                if (task.file().format() != FileFormat.PARQUET) {
                    return new PlannedFiles(files.build(), Optional.of(format("%s has a %s data file; point_in_time_features reads Parquet files", name, task.file().format())));
                }
                files.add(task);
            }
        }
        catch (IOException e) {
            throw new TrinoException(FEATURE_STORE_SOURCE_ERROR, format("Failed to plan the data files of %s", name), e);
        }
        return new PlannedFiles(files.build(), Optional.empty());
    }

    /**
     * @param unreadable why a file cannot be read, when one cannot
     */
    private record PlannedFiles(List<FileScanTask> tasks, Optional<String> unreadable) {}
}
