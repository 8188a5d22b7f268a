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
package io.lakehouseml.feature.iceberg;

import io.lakehouseml.feature.registry.FeatureViewDefinition.SourceTable;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotRef;
import org.apache.iceberg.Table;

import java.util.Optional;

import static io.lakehouseml.feature.FeatureStoreErrorCode.FEATURE_STORE_SNAPSHOT_NOT_FOUND;

/**
 * The snapshots of a table that the feature store reads: the current one, or the one a version
 * names.
 */
public final class IcebergSnapshots
{
    private IcebergSnapshots() {}

    /**
     * The current snapshot of a table, or a clear error for a table that was never written.
     */
    public static Snapshot currentSnapshot(Table table, SourceTable name)
    {
        Snapshot snapshot = table.currentSnapshot();
        if (snapshot == null) {
            throw FEATURE_STORE_SNAPSHOT_NOT_FOUND.error("Table %s has never been written: it has no snapshot to read", name);
        }
        return snapshot;
    }

    /**
     * The snapshot a version names: a snapshot id, or the name of a branch or tag of the table.
     */
    public static long resolveVersion(Table table, SourceTable source, String version)
    {
        if (!version.isEmpty() && version.chars().allMatch(Character::isDigit)) {
            Snapshot snapshot = null;
            try {
                snapshot = table.snapshot(Long.parseLong(version));
            }
            catch (NumberFormatException _) {
                // too large for a snapshot id
            }
            if (snapshot == null) {
                throw FEATURE_STORE_SNAPSHOT_NOT_FOUND.error("%s has no snapshot %s (expired, rolled back or never made)", source, version);
            }
            return snapshot.snapshotId();
        }
        SnapshotRef ref = table.refs().get(version);
        if (ref == null) {
            throw FEATURE_STORE_SNAPSHOT_NOT_FOUND.error(
                    "%s has no snapshot, branch or tag '%s'; its branches and tags are %s",
                    source,
                    version,
                    table.refs().keySet().stream().sorted().toList());
        }
        return ref.snapshotId();
    }

    /**
     * The schema a snapshot was written with.
     */
    public static Schema schemaOf(Table table, long snapshotId)
    {
        Integer schemaId = table.snapshot(snapshotId).schemaId();
        return schemaId == null ? table.schema() : table.schemas().getOrDefault(schemaId, table.schema());
    }

    /**
     * The snapshot a version of the table names, or its current snapshot when no version is given;
     * empty for a table that was never written.
     */
    public static Optional<Long> snapshotOf(Table table, SourceTable source, Optional<String> version)
    {
        if (version.isPresent()) {
            return Optional.of(resolveVersion(table, source, version.get()));
        }
        return Optional.ofNullable(table.currentSnapshot()).map(Snapshot::snapshotId);
    }
}
