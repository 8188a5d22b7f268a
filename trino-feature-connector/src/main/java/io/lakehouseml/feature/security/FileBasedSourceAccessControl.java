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

import com.google.common.collect.ImmutableMap;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Tracer;
import io.trino.plugin.base.security.FileBasedSystemAccessControl;
import io.trino.spi.QueryId;
import io.trino.spi.connector.CatalogSchemaTableName;
import io.trino.spi.connector.ConnectorContext;
import io.trino.spi.connector.ConnectorSession;
import io.trino.spi.security.AccessDeniedException;
import io.trino.spi.security.ConnectorIdentity;
import io.trino.spi.security.Identity;
import io.trino.spi.security.SystemAccessControl;
import io.trino.spi.security.SystemAccessControlFactory.SystemAccessControlContext;
import io.trino.spi.security.SystemSecurityContext;
import io.trino.spi.type.Type;

import java.io.File;
import java.util.Map;
import java.util.Set;

import static java.lang.String.format;
import static java.util.Objects.requireNonNull;

/**
 * For a server that runs Trino's file-based access control: the connector loads the same rules
 * file and asks it, for the session user, what the engine would ask for a query on the table.
 */
public class FileBasedSourceAccessControl
        implements SourceAccessControl
{
    private final SystemAccessControl rules;

    public FileBasedSourceAccessControl(FeatureStoreSecurityConfig config, ConnectorContext context)
    {
        File configFile = config.getConfigFile().orElseThrow(() -> new IllegalArgumentException("feature-store.security.config-file is not set"));
        ImmutableMap.Builder<String, String> properties = ImmutableMap.builder();
        properties.put("security.config-file", configFile.getPath());
        config.getRefreshPeriod().ifPresent(period -> properties.put("security.refresh-period", period.toString()));
        this.rules = new FileBasedSystemAccessControl.Factory().create(properties.buildOrThrow(), new SystemAccessControlContext()
        {
            @Override
            public String getVersion()
            {
                return context.getCurrentNode().getVersion();
            }

            @Override
            public OpenTelemetry getOpenTelemetry()
            {
                return context.getOpenTelemetry();
            }

            @Override
            public Tracer getTracer()
            {
                return context.getTracer();
            }
        });
    }

    @Override
    public void checkCanReadFiles(ConnectorSession session, CatalogSchemaTableName table, Map<String, Type> columns, String reader)
    {
        SystemSecurityContext context = securityContext(session);
        rules.checkCanSelectFromColumns(context, table, columns.keySet());
        if (!rules.getRowFilters(context, table).isEmpty()) {
            throw new AccessDeniedException(format(
                    "%s has a row filter for user %s, which %s cannot apply as it reads the data files itself: use point_in_time_join, which reads through the engine",
                    table,
                    session.getUser(),
                    reader));
        }
        columns.forEach((column, type) -> {
            if (rules.getColumnMask(context, table, column, type).isPresent()) {
                throw new AccessDeniedException(format(
                        "Column %s of %s is masked for user %s, which %s cannot apply as it reads the data files itself: use point_in_time_join, which reads through the engine",
                        column,
                        table,
                        session.getUser(),
                        reader));
            }
        });
    }

    @Override
    public boolean canReadFiles(ConnectorSession session, CatalogSchemaTableName table, Map<String, Type> columns)
    {
        try {
            checkCanReadFiles(session, table, columns, "the feature store");
            return true;
        }
        catch (AccessDeniedException _) {
            return false;
        }
    }

    @Override
    public void checkCanSelect(ConnectorSession session, CatalogSchemaTableName table, Set<String> columns)
    {
        rules.checkCanSelectFromColumns(securityContext(session), table, columns);
    }

    @Override
    public void checkCanWrite(ConnectorSession session, CatalogSchemaTableName table)
    {
        SystemSecurityContext context = securityContext(session);
        rules.checkCanInsertIntoTable(context, table);
        rules.checkCanDeleteFromTable(context, table);
    }

    private static SystemSecurityContext securityContext(ConnectorSession session)
    {
        requireNonNull(session, "session is null");
        ConnectorIdentity identity = session.getIdentity();
        return new SystemSecurityContext(
                Identity.forUser(identity.getUser())
                        .withGroups(identity.getGroups())
                        .withEnabledRoles(identity.getEnabledSystemRoles())
                        .withExtraCredentials(identity.getExtraCredentials())
                        .build(),
                QueryId.valueOf(session.getQueryId()),
                session.getStart());
    }
}
