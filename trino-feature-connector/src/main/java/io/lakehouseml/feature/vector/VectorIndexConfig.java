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
package io.lakehouseml.feature.vector;

import io.airlift.configuration.Config;
import io.airlift.configuration.ConfigDescription;
import io.airlift.units.DataSize;
import io.airlift.units.Duration;
import io.airlift.units.MinDataSize;
import io.airlift.units.MinDuration;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

public class VectorIndexConfig
{
    private DataSize cacheSize = DataSize.of(4, DataSize.Unit.GIGABYTE);
    private Path cacheDirectory = Path.of(System.getProperty("java.io.tmpdir"), "feature-store-vector-index");
    private int buildThreads = Runtime.getRuntime().availableProcessors();
    private Duration cleanupInterval = new Duration(5, TimeUnit.MINUTES);

    @NotNull
    @MinDataSize("1MB")
    public DataSize getCacheSize()
    {
        return cacheSize;
    }

    @Config("feature-store.vector-index.cache-size")
    @ConfigDescription("Most bytes of index segments one node keeps loaded (mapped from its cache directory); the least recently used are unloaded first")
    public VectorIndexConfig setCacheSize(DataSize cacheSize)
    {
        this.cacheSize = cacheSize;
        return this;
    }

    @NotNull
    public Path getCacheDirectory()
    {
        return cacheDirectory;
    }

    @Config("feature-store.vector-index.cache-directory")
    @ConfigDescription("Local directory where a node keeps the index segments it loaded from the table's storage")
    public VectorIndexConfig setCacheDirectory(Path cacheDirectory)
    {
        this.cacheDirectory = cacheDirectory;
        return this;
    }

    @Min(1)
    @Max(256)
    public int getBuildThreads()
    {
        return buildThreads;
    }

    @Config("feature-store.vector-index.build-threads")
    @ConfigDescription("Threads that build the graph of an index segment on the coordinator")
    public VectorIndexConfig setBuildThreads(int buildThreads)
    {
        this.buildThreads = buildThreads;
        return this;
    }

    @NotNull
    @MinDuration("1s")
    public Duration getCleanupInterval()
    {
        return cleanupInterval;
    }

    @Config("feature-store.vector-index.cleanup-interval")
    @ConfigDescription("How often the coordinator removes the vector indexes of dropped tables and the index segments of expired snapshots")
    public VectorIndexConfig setCleanupInterval(Duration cleanupInterval)
    {
        this.cleanupInterval = cleanupInterval;
        return this;
    }
}
