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
 * For a server without access control, where every user may read and change every table.
 */
public class AllowAllSourceAccessControl
        implements SourceAccessControl
{
    @Override
    public void checkCanReadFiles(ConnectorSession session, CatalogSchemaTableName table, Map<String, Type> columns, String reader) {}

    @Override
    public boolean canReadFiles(ConnectorSession session, CatalogSchemaTableName table, Map<String, Type> columns)
    {
        return true;
    }

    @Override
    public void checkCanSelect(ConnectorSession session, CatalogSchemaTableName table, Set<String> columns) {}

    @Override
    public void checkCanWrite(ConnectorSession session, CatalogSchemaTableName table) {}
}
