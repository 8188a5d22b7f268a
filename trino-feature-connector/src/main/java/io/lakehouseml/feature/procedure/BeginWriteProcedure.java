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
package io.lakehouseml.feature.procedure;

import com.google.common.collect.ImmutableList;
import com.google.inject.Inject;
import io.lakehouseml.feature.quality.WriteAuditPublish;
import io.trino.spi.connector.ConnectorSession;
import io.trino.spi.procedure.Procedure;
import io.trino.spi.procedure.Procedure.Argument;
import jakarta.inject.Provider;

import static io.trino.spi.type.VarcharType.VARCHAR;
import static java.util.Objects.requireNonNull;

/**
 * {@code CALL feature_store.system.begin_write(schema_name, view_name, branch_name, table_name)}, on the source table of a feature view or, with {@code table_name} instead of {@code schema_name} and {@code view_name}, on any Iceberg table: creates a branch of the table at the snapshot of {@code main} and an empty staging table with the table's schema, into which the new rows are inserted.
 */
public class BeginWriteProcedure
        implements Provider<Procedure>
{
    private final WriteAuditPublish writeAuditPublish;

    @Inject
    public BeginWriteProcedure(WriteAuditPublish writeAuditPublish)
    {
        this.writeAuditPublish = requireNonNull(writeAuditPublish, "writeAuditPublish is null");
    }

    @Override
    public Procedure get()
    {
        return new Procedure(
                "system",
                "begin_write",
                ImmutableList.of(
                        new Argument("SCHEMA_NAME", VARCHAR, false, null),
                        new Argument("VIEW_NAME", VARCHAR, false, null),
                        new Argument("BRANCH_NAME", VARCHAR, false, null),
                        new Argument("TABLE_NAME", VARCHAR, false, null)),
                ProcedureMethods.bind(this, "beginWrite", ConnectorSession.class, String.class, String.class, String.class, String.class));
    }

    public void beginWrite(ConnectorSession session, String schemaName, String viewName, String branchName, String tableName)
    {
        writeAuditPublish.begin(session, schemaName, viewName, tableName, branchName);
    }
}
