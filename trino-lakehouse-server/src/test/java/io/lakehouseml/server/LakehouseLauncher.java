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

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

/**
 * Runs {@code bin/lakehouse} of the checkout for one port and data directory, as a user does.
 */
final class LakehouseLauncher
{
    private final Path home;
    private final int port;
    private final Path dataDirectory;

    LakehouseLauncher(int port, Path dataDirectory)
    {
        this.home = Path.of(requireNonNull(System.getProperty("lakehouse.home"), "lakehouse.home is not set"));
        this.port = port;
        this.dataDirectory = requireNonNull(dataDirectory, "dataDirectory is null");
    }

    CommandResult run(String command, String... arguments)
            throws IOException, InterruptedException
    {
        List<String> commandLine = new ArrayList<>(List.of(home.resolve("bin/lakehouse").toString(), command, "--port", String.valueOf(port), "--data-dir", dataDirectory.toString()));
        commandLine.addAll(List.of(arguments));
        Process process = new ProcessBuilder(commandLine)
                .redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .start();
        String output = new String(process.getInputStream().readAllBytes(), UTF_8);
        return new CommandResult(process.waitFor(), output);
    }

    record CommandResult(int exitCode, String output) {}
}
