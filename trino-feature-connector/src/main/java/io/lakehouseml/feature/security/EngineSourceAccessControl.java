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
import io.trino.spi.security.AccessDeniedException;
import io.trino.spi.type.Type;

import java.util.Map;
import java.util.Set;

import static java.lang.String.format;

/**
 * For a server whose access control the connector cannot evaluate (OPA, Ranger, a custom one):
 * the connector reads no data files itself, so no rule, mask or filter of the server can be
 * bypassed; paths that read through the engine keep working. Procedures are authorized by the
 * engine's procedure rules alone.
 */
public class EngineSourceAccessControl
        implements SourceAccessControl
{
    @Override
    public void checkCanReadFiles(ConnectorSession session, CatalogSchemaTableName table, Map<String, Type> columns, String reader)
    {
        throw new AccessDeniedException(format(
                "%s reads the data files of %s itself, and this catalog cannot evaluate the server's access control (feature-store.security=ENGINE): " +
                        "use point_in_time_join, which reads through the engine, or set feature-store.security=FILE with the server's rules file",
                reader,
                table));
    }

    @Override
    public boolean canReadFiles(ConnectorSession session, CatalogSchemaTableName table, Map<String, Type> columns)
    {
        return false;
    }

    @Override
    public void checkCanSelect(ConnectorSession session, CatalogSchemaTableName table, Set<String> columns) {}

    @Override
    public void checkCanWrite(ConnectorSession session, CatalogSchemaTableName table) {}
}
