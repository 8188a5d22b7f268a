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

import com.google.common.cache.Cache;
import com.google.common.cache.CacheBuilder;
import com.google.common.collect.ImmutableList;
import com.google.inject.Inject;
import io.lakehouseml.feature.registry.FeatureRegistry;
import io.lakehouseml.feature.vector.TableFiles.DataFileRef;
import io.trino.filesystem.TrinoFileSystemFactory;
import io.trino.spi.NodeManager;
import io.trino.spi.connector.ConnectorSession;
import io.trino.spi.connector.ConnectorSplitSource;
import io.trino.spi.connector.FixedSplitSource;
import org.apache.iceberg.Table;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.lakehouseml.feature.FeatureStoreErrorCode.FEATURE_STORE_SOURCE_ERROR;
import static java.lang.Math.toIntExact;
import static java.util.Objects.requireNonNull;
import static java.util.concurrent.TimeUnit.MINUTES;

/**
 * Plans the splits of {@link VectorSearchFunction}: one for each index segment that covers data
 * files of the snapshot read (the first segment made serves a file two cover), and the data files
 * no segment covers in up to two splits per worker, searched exactly.
 */
public class VectorSearchSplitManager
{
    private static final long SNAPSHOT_FILES_CACHE_BYTES = 64L << 20;

    private final FeatureRegistry registry;
    private final TrinoFileSystemFactory fileSystemFactory;
    private final NodeManager nodeManager;
    private final Cache<SnapshotKey, List<DataFileRef>> snapshotFiles = CacheBuilder.newBuilder()
            // one part: the cache splits its weight among its parts, and would drop at once the files of a snapshot larger than a part
            .concurrencyLevel(1)
            .maximumWeight(SNAPSHOT_FILES_CACHE_BYTES)
            .weigher((SnapshotKey _, List<DataFileRef> files) -> weight(files))
            .expireAfterAccess(10, MINUTES)
            .build();

    @Inject
    public VectorSearchSplitManager(FeatureRegistry registry, TrinoFileSystemFactory fileSystemFactory, NodeManager nodeManager)
    {
        this.registry = requireNonNull(registry, "registry is null");
        this.fileSystemFactory = requireNonNull(fileSystemFactory, "fileSystemFactory is null");
        this.nodeManager = requireNonNull(nodeManager, "nodeManager is null");
    }

    public ConnectorSplitSource getSplits(ConnectorSession session, VectorSearchTableHandle table)
    {
        List<VectorSearchSplit> splits = plan(session, table.search());
        if (table.ordersOrLimits() && splits.size() > 1) {
            // planned on one split, which ordered and limited the rows; the index changed since
            throw FEATURE_STORE_SOURCE_ERROR.error("The vector index of %s changed while the query was planned; run the query again", table.search().table());
        }
        return new FixedSplitSource(splits);
    }

    /**
     * The splits of a call, in the order they are made.
     */
    public List<VectorSearchSplit> plan(ConnectorSession session, VectorSearchHandle handle)
    {
        List<DataFileRef> files = snapshotFiles(session, handle);
        Map<String, VectorIndexSegment> owners = VectorIndexes.owners(registry.listVectorIndexSegments(handle.indexName()));
        Map<String, List<DataFileRef>> bySegment = new LinkedHashMap<>();
        List<DataFileRef> unindexed = new ArrayList<>();
        for (DataFileRef file : files) {
            VectorIndexSegment owner = owners.get(file.path());
            if (owner == null) {
                unindexed.add(file);
            }
            else {
                bySegment.computeIfAbsent(owner.location(), _ -> new ArrayList<>()).add(file);
            }
        }
        ImmutableList.Builder<VectorSearchSplit> splits = ImmutableList.builder();
        bySegment.forEach((location, segmentFiles) -> splits.add(new VectorSearchSplit(Optional.of(location), segmentFiles)));
        int groups = Math.min(unindexed.size(), Math.max(2, 2 * nodeManager.getWorkerNodes().size()));
        for (int group = 0; group < groups; group++) {
            ImmutableList.Builder<DataFileRef> groupFiles = ImmutableList.builder();
            for (int index = group; index < unindexed.size(); index += groups) {
                groupFiles.add(unindexed.get(index));
            }
            splits.add(new VectorSearchSplit(Optional.empty(), groupFiles.build()));
        }
        return splits.build();
    }

    /**
     * The data files of the snapshot read. A snapshot's files and deletes never change, so the
     * files of the snapshots searched last are kept: a search of a snapshot searched before reads
     * neither the table's metadata nor its manifests.
     */
    private List<DataFileRef> snapshotFiles(ConnectorSession session, VectorSearchHandle handle)
    {
        SnapshotKey key = new SnapshotKey(handle.tableUuid(), handle.snapshotId());
        List<DataFileRef> files = snapshotFiles.getIfPresent(key);
        if (files == null) {
            Table table = registry.loadSourceTable(handle.table());
            if (!table.uuid().toString().equals(handle.tableUuid())) {
                throw FEATURE_STORE_SOURCE_ERROR.error("%s was dropped and created again while the query was planned; run the query again", handle.table());
            }
            files = TableFiles.plan(table, handle.table(), handle.snapshotId(), fileSystemFactory.create(session));
            snapshotFiles.put(key, files);
        }
        return files;
    }

    private static int weight(List<DataFileRef> files)
    {
        long bytes = 0;
        for (DataFileRef file : files) {
            bytes += 64 + 2L * file.path().length() + 8L * file.deletedPositions().length;
        }
        return toIntExact(Math.min(Integer.MAX_VALUE, bytes));
    }

    private record SnapshotKey(String tableUuid, long snapshotId)
    {
        SnapshotKey
        {
            requireNonNull(tableUuid, "tableUuid is null");
        }
    }
}
