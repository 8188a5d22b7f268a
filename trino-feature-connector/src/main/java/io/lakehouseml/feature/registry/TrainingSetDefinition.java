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
package io.lakehouseml.feature.registry;

import com.google.common.collect.ImmutableList;
import io.lakehouseml.feature.registry.FeatureViewDefinition.ColumnDefinition;
import io.lakehouseml.feature.registry.FeatureViewDefinition.SourceTable;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * A training set: a spine joined point-in-time with features, every source read at the snapshot
 * it had when the training set was created, so the rows never change.
 *
 * @param features the features as {@code view:feature}, in the order of the result's columns
 * @param sources the spine (first) and the source table of every feature view used, with their pinned snapshots
 * @param columns the result's columns: the spine's, then one per feature
 * @param sql the query that reads the pinned snapshots through the engine, which applies the reader's column masks and row filters
 * @param fingerprint a SHA-256 of the query, which names every pinned snapshot: equal fingerprints, equal rows
 * @param filesSql the query that reads the same rows with {@code point_in_time_features} from the
 *         data files of the pinned snapshots, for readers whose access rules neither mask nor
 *         filter the sources; absent for training sets made before it existed and for sources that
 *         it cannot read (row-level deletes, files other than Parquet)
 */
public record TrainingSetDefinition(
        String schema,
        String name,
        SourceTable spineTable,
        String spineTimestampColumn,
        List<String> features,
        boolean respectCreatedTimestamp,
        List<PinnedSource> sources,
        List<ColumnDefinition> columns,
        String sql,
        String fingerprint,
        String owner,
        Instant createdAt,
        Optional<String> filesSql)
        implements RegistryView
{
    public TrainingSetDefinition
    {
        requireNonNull(schema, "schema is null");
        requireNonNull(name, "name is null");
        requireNonNull(spineTable, "spineTable is null");
        requireNonNull(spineTimestampColumn, "spineTimestampColumn is null");
        features = ImmutableList.copyOf(features);
        sources = ImmutableList.copyOf(sources);
        columns = ImmutableList.copyOf(columns);
        requireNonNull(sql, "sql is null");
        requireNonNull(fingerprint, "fingerprint is null");
        requireNonNull(owner, "owner is null");
        requireNonNull(createdAt, "createdAt is null");
        requireNonNull(filesSql, "filesSql is null");
    }

    /**
     * A table read at one snapshot.
     *
     * @param role {@code spine} or the name of the feature view the table is the source of
     * @param featureViewVersion the version of the feature view whose definition was used; empty
     *         for the spine and in training sets made before feature views had versions
     */
    public record PinnedSource(String role, SourceTable table, long snapshotId, Instant committedAt, Optional<Integer> featureViewVersion)
    {
        public static final String SPINE_ROLE = "spine";

        public PinnedSource
        {
            requireNonNull(role, "role is null");
            requireNonNull(table, "table is null");
            requireNonNull(committedAt, "committedAt is null");
            requireNonNull(featureViewVersion, "featureViewVersion is null");
        }
    }
}
