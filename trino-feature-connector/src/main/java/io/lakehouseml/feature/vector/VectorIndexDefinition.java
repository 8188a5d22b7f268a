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

import com.google.common.hash.Hashing;
import io.lakehouseml.feature.registry.FeatureViewDefinition.SourceTable;

import java.time.Instant;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

/**
 * A vector index of a column of an Iceberg table: what it indexes and how. What it covers is in its
 * segments ({@link VectorIndexSegment}), each made by one {@code create_vector_index} or
 * {@code refresh_vector_index}.
 *
 * @param tableUuid the table's Iceberg UUID: a table dropped and created again under the same name is
 *         another table, whose files this index does not describe
 * @param fieldId the Iceberg field id of the column, which survives renames
 * @param maxDegree the most neighbours of a node of the graph
 * @param beamWidth the candidates kept while a node's neighbours are chosen
 */
public record VectorIndexDefinition(
        SourceTable table,
        String tableUuid,
        String column,
        int fieldId,
        String metric,
        int dimension,
        int maxDegree,
        int beamWidth,
        String owner,
        Instant createdAt)
{
    public VectorIndexDefinition
    {
        requireNonNull(table, "table is null");
        requireNonNull(tableUuid, "tableUuid is null");
        requireNonNull(column, "column is null");
        requireNonNull(metric, "metric is null");
        requireNonNull(owner, "owner is null");
        requireNonNull(createdAt, "createdAt is null");
    }

    /**
     * The registry's name of the index of a column: table and column names can be long and hold any
     * character, so the name is a hash of them.
     */
    public static String indexName(SourceTable table, String column)
    {
        return "index_" + Hashing.sha256().hashString(table + "\u0000" + column, UTF_8).toString().substring(0, 40);
    }

    public String name()
    {
        return indexName(table, column);
    }

    public VectorMetric vectorMetric()
    {
        return VectorMetric.fromSqlName(metric);
    }
}
