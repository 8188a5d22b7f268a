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
package io.lakehouseml.feature.training;

import io.lakehouseml.feature.registry.FeatureViewDefinition.ColumnDefinition;
import io.lakehouseml.feature.registry.FeatureViewDefinition.SourceTable;
import io.lakehouseml.feature.registry.MaterializationDefinition;
import io.lakehouseml.feature.registry.TrainingSetDefinition;
import io.lakehouseml.feature.sql.TypeFamily;

import java.util.List;
import java.util.StringJoiner;

import static io.lakehouseml.feature.sql.SqlText.qualifiedName;
import static io.lakehouseml.feature.sql.SqlText.quote;
import static io.lakehouseml.feature.sql.SqlText.stringLiteral;
import static java.lang.String.format;

/**
 * The content fingerprint of a training set, {@code "<training set>$fingerprint"}: the number of
 * rows and an order-independent checksum of their values, to log with a training run and compare
 * with a later one; and the same for every table that materializes it, at its recorded snapshot.
 */
public final class TrainingSetFingerprint
{
    private TrainingSetFingerprint() {}

    /**
     * @param trainingSetSql the query the training set is read with
     */
    public static String sql(TrainingSetDefinition definition, String trainingSetSql, List<MaterializationDefinition> materializations)
    {
        StringJoiner values = new StringJoiner(", ", "ROW(", ")");
        for (ColumnDefinition column : definition.columns()) {
            // maps cannot be hashed as they are; their JSON text can
            values.add(TypeFamily.of(column.type()) == TypeFamily.MAP ? format("json_format(CAST(%s AS json))", quote(column.name())) : quote(column.name()));
        }
        StringJoiner sql = new StringJoiner("\nUNION ALL\n");
        sql.add(format(
                "SELECT CAST('training set' AS varchar) AS source, CAST(NULL AS bigint) AS snapshot_id, count(*) AS row_count, lower(to_hex(checksum(%s))) AS content_fingerprint FROM (%s)",
                values,
                trainingSetSql));
        for (MaterializationDefinition materialization : materializations) {
            SourceTable table = materialization.table();
            sql.add(format(
                    "SELECT CAST(%s AS varchar), BIGINT '%d', count(*), lower(to_hex(checksum(%s))) FROM %s FOR VERSION AS OF %2$d",
                    stringLiteral(table.toString()),
                    materialization.snapshotId(),
                    values,
                    qualifiedName(table.catalog(), table.schema(), table.table())));
        }
        return sql.toString();
    }
}
