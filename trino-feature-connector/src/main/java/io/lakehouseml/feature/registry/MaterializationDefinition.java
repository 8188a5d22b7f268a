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

import io.lakehouseml.feature.registry.FeatureViewDefinition.SourceTable;

import java.time.Instant;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * An Iceberg table that holds the rows of a training set, for training jobs that read files, at the
 * snapshot it had when it was registered.
 *
 * @param rows the row count of the snapshot's summary
 */
public record MaterializationDefinition(
        String schema,
        String trainingSet,
        SourceTable table,
        long snapshotId,
        Instant committedAt,
        Optional<Long> rows,
        String owner,
        Instant createdAt)
{
    public MaterializationDefinition
    {
        requireNonNull(schema, "schema is null");
        requireNonNull(trainingSet, "trainingSet is null");
        requireNonNull(table, "table is null");
        requireNonNull(committedAt, "committedAt is null");
        requireNonNull(rows, "rows is null");
        requireNonNull(owner, "owner is null");
        requireNonNull(createdAt, "createdAt is null");
    }
}
