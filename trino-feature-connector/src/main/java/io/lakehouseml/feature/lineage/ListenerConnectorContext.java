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

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Tracer;
import io.trino.spi.HostAddress;
import io.trino.spi.Node;
import io.trino.spi.connector.ConnectorContext;
import io.trino.spi.eventlistener.EventListenerFactory.EventListenerContext;

import static java.util.Objects.requireNonNull;

/**
 * What Trino's file system modules need of a connector context, taken from an event listener's
 * context: its OpenTelemetry and tracer, and the node it runs on, the coordinator (event listeners
 * run there). Everything else a connector context offers is not available to an event listener.
 */
final class ListenerConnectorContext
        implements ConnectorContext
{
    private final EventListenerContext context;

    ListenerConnectorContext(EventListenerContext context)
    {
        this.context = requireNonNull(context, "context is null");
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

    @Override
    public Node getCurrentNode()
    {
        return new CoordinatorNode(context.getVersion());
    }

    private record CoordinatorNode(String version)
            implements Node
    {
        private CoordinatorNode
        {
            requireNonNull(version, "version is null");
        }

        @Override
        public String getHost()
        {
            return "localhost";
        }

        @Override
        public HostAddress getHostAndPort()
        {
            return HostAddress.fromString("localhost");
        }

        @Override
        public String getNodeIdentifier()
        {
            return "lineage-event-listener";
        }

        @Override
        public String getVersion()
        {
            return version;
        }

        @Override
        public boolean isCoordinator()
        {
            return true;
        }
    }
}
