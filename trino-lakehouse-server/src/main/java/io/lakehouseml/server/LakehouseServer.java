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
package io.lakehouseml.server;

import io.trino.server.Server;

import static java.util.Objects.requireNonNull;

/**
 * Starts a Trino server from an assembled installation ({@code lib/}, {@code plugin/}, {@code etc/}).
 * Trino's own launcher class is not published with the engine, so this is its equivalent.
 */
public final class LakehouseServer
{
    private LakehouseServer() {}

    public static void main(String[] args)
    {
        // the engine reports the version of the trino-main jar it runs from
        String version = requireNonNull(Server.class.getPackage().getImplementationVersion(), "trino-main has no version in its manifest");
        new Server().start(version);
    }
}
