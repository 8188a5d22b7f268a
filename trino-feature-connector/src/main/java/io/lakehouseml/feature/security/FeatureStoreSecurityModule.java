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

import com.google.inject.Binder;
import com.google.inject.Scopes;
import io.airlift.configuration.AbstractConfigurationAwareModule;
import io.trino.spi.connector.ConnectorContext;

import static java.util.Objects.requireNonNull;

/**
 * Binds the {@link SourceAccessControl} that {@code feature-store.security} names.
 */
public class FeatureStoreSecurityModule
        extends AbstractConfigurationAwareModule
{
    private final ConnectorContext context;

    public FeatureStoreSecurityModule(ConnectorContext context)
    {
        this.context = requireNonNull(context, "context is null");
    }

    @Override
    protected void setup(Binder binder)
    {
        FeatureStoreSecurityConfig config = buildConfigObject(FeatureStoreSecurityConfig.class);
        switch (config.getMode()) {
            case ALLOW_ALL -> binder.bind(SourceAccessControl.class).to(AllowAllSourceAccessControl.class).in(Scopes.SINGLETON);
            case ENGINE -> binder.bind(SourceAccessControl.class).to(EngineSourceAccessControl.class).in(Scopes.SINGLETON);
            case FILE -> binder.bind(SourceAccessControl.class).toProvider(() -> new FileBasedSourceAccessControl(config, context)).in(Scopes.SINGLETON);
        }
    }
}
