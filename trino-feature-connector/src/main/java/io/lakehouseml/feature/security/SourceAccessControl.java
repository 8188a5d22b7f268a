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
package io.lakehouseml.feature.security;

import io.trino.spi.connector.CatalogSchemaTableName;
import io.trino.spi.connector.ConnectorSession;
import io.trino.spi.type.Type;

import java.util.Map;
import java.util.Set;

/**
 * Authorizes what the connector does by itself on behalf of the session user. The engine checks
 * everything it runs (table arguments, views that run as the invoker, procedures, functions), but
 * it cannot see the tables the connector reads or changes through the Iceberg catalog: those
 * accesses are checked here, against the server's rules where the connector can evaluate them, and
 * refused where it cannot (they fail closed).
 */
public interface SourceAccessControl
{
    /**
     * Before the connector reads the data files of a table itself: the user must be allowed to read
     * these columns, and none of them may be masked nor the table filtered for the user, since the
     * connector cannot apply masks and filters.
     *
     * @param columns the columns read, with their types
     * @param reader what reads them, for the error message
     */
    void checkCanReadFiles(ConnectorSession session, CatalogSchemaTableName table, Map<String, Type> columns, String reader);

    /**
     * Whether {@link #checkCanReadFiles} would pass.
     */
    boolean canReadFiles(ConnectorSession session, CatalogSchemaTableName table, Map<String, Type> columns);

    /**
     * Before a procedure reads the schema or snapshots of a table for the user: the user must be
     * allowed to select these columns (none: the table itself), so that registering reveals
     * nothing of a table the user may not read.
     */
    void checkCanSelect(ConnectorSession session, CatalogSchemaTableName table, Set<String> columns);

    /**
     * Before a procedure changes the data of a table: the user must be allowed to insert into it
     * and delete from it.
     */
    void checkCanWrite(ConnectorSession session, CatalogSchemaTableName table);
}
