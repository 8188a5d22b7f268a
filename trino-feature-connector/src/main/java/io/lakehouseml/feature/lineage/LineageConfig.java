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

import com.google.common.base.Splitter;
import com.google.common.collect.ImmutableSet;
import io.airlift.configuration.Config;
import io.airlift.configuration.ConfigDescription;
import io.airlift.units.Duration;
import io.airlift.units.MinDuration;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import java.util.Set;

import static java.util.concurrent.TimeUnit.SECONDS;

/**
 * The lineage event listener: where it spools the events of completed writes, how often it
 * commits them, and the Iceberg table it commits them to. The Iceberg catalog itself is
 * configured with the lines of the Iceberg catalog ({@code iceberg.catalog.type}, ...).
 */
public class LineageConfig
{
    private String spoolDirectory;
    private Duration commitInterval = new Duration(10, SECONDS);
    private String table = "lineage.query_runs";
    private Set<String> icebergCatalogs = ImmutableSet.of("iceberg");
    private int maxQueryLength = 65_536;
    private String openLineageNamespace = "trino://lakehouse";

    @NotNull
    public String getSpoolDirectory()
    {
        return spoolDirectory;
    }

    @Config("lineage.spool-directory")
    @ConfigDescription("Local directory where completed writes are kept until they are committed to the lineage table")
    public LineageConfig setSpoolDirectory(String spoolDirectory)
    {
        this.spoolDirectory = spoolDirectory;
        return this;
    }

    @NotNull
    @MinDuration("10ms")
    public Duration getCommitInterval()
    {
        return commitInterval;
    }

    @Config("lineage.commit-interval")
    @ConfigDescription("Time between two commits of the spooled writes to the lineage table")
    public LineageConfig setCommitInterval(Duration commitInterval)
    {
        this.commitInterval = commitInterval;
        return this;
    }

    @NotEmpty
    @Pattern(regexp = "[a-z_][a-z0-9_]*\\.[a-z_][a-z0-9_]*", message = "must be a lower-case schema.table name")
    public String getTable()
    {
        return table;
    }

    @Config("lineage.table")
    @ConfigDescription("Iceberg table, as schema.table, that receives one row per run and table")
    public LineageConfig setTable(String table)
    {
        this.table = table;
        return this;
    }

    @NotNull
    public Set<String> getIcebergCatalogs()
    {
        return icebergCatalogs;
    }

    @Config("lineage.iceberg-catalogs")
    @ConfigDescription("Trino catalogs that read the configured Iceberg catalog: the snapshots written to their tables are looked up")
    public LineageConfig setIcebergCatalogs(String icebergCatalogs)
    {
        this.icebergCatalogs = ImmutableSet.copyOf(Splitter.on(',').trimResults().omitEmptyStrings().split(icebergCatalogs));
        return this;
    }

    @Min(1)
    public int getMaxQueryLength()
    {
        return maxQueryLength;
    }

    @Config("lineage.max-query-length")
    @ConfigDescription("Longest query text kept, in characters: longer texts are cut there")
    public LineageConfig setMaxQueryLength(int maxQueryLength)
    {
        this.maxQueryLength = maxQueryLength;
        return this;
    }

    @NotEmpty
    public String getOpenLineageNamespace()
    {
        return openLineageNamespace;
    }

    @Config("lineage.openlineage-namespace")
    @ConfigDescription("Namespace of the jobs and datasets in the OpenLineage run events")
    public LineageConfig setOpenLineageNamespace(String openLineageNamespace)
    {
        this.openLineageNamespace = openLineageNamespace;
        return this;
    }
}
