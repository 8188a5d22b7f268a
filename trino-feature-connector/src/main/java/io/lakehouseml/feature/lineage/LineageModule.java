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
package io.lakehouseml.feature.lineage;

import com.google.inject.Binder;
import com.google.inject.Provides;
import com.google.inject.Scopes;
import com.google.inject.Singleton;
import io.airlift.configuration.AbstractConfigurationAwareModule;
import io.lakehouseml.feature.iceberg.IcebergCatalogConfig;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Tracer;
import io.trino.filesystem.manager.FileSystemModule;
import io.trino.spi.eventlistener.EventListenerFactory.EventListenerContext;

import java.io.IOException;
import java.nio.file.Path;

import static io.airlift.configuration.ConfigBinder.configBinder;
import static java.util.Objects.requireNonNull;

/**
 * The lineage event listener: its spool, its committer, and the Iceberg catalog it commits to,
 * opened with the same Trino file systems and catalog properties as the feature store connector.
 */
public class LineageModule
        extends AbstractConfigurationAwareModule
{
    private final EventListenerContext context;

    public LineageModule(EventListenerContext context)
    {
        this.context = requireNonNull(context, "context is null");
    }

    @Override
    protected void setup(Binder binder)
    {
        configBinder(binder).bindConfig(LineageConfig.class);
        configBinder(binder).bindConfig(IcebergCatalogConfig.class);
        binder.bind(OpenTelemetry.class).toInstance(context.getOpenTelemetry());
        binder.bind(Tracer.class).toInstance(context.getTracer());
        install(new FileSystemModule(LineageEventListenerFactory.NAME, new ListenerConnectorContext(context), false));

        binder.bind(LineageCommitter.class).in(Scopes.SINGLETON);
        binder.bind(LineageEventListener.class).in(Scopes.SINGLETON);
    }

    @Provides
    @Singleton
    public static LineageSpool createSpool(LineageConfig config)
            throws IOException
    {
        return new LineageSpool(Path.of(config.getSpoolDirectory()));
    }
}
