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
package io.lakehouseml.feature;

import io.airlift.configuration.Config;
import io.airlift.configuration.ConfigDescription;
import io.airlift.units.DataSize;
import io.airlift.units.MinDataSize;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import java.util.Optional;

public class FeatureStoreConfig
{
    private String registryNamespace = "feature_store";
    private String sourceCatalog = "iceberg";
    private String lineageTable;
    private String lineageSpoolDirectory;
    private String openLineageNamespace = "trino://lakehouse";
    private DataSize pointInTimeMaxMemoryPerNode = DataSize.ofBytes(Runtime.getRuntime().maxMemory() / 4).succinct();

    @NotEmpty
    @Pattern(regexp = "[a-z_][a-z0-9_]*", message = "must be a lower-case identifier")
    public String getRegistryNamespace()
    {
        return registryNamespace;
    }

    @Config("feature-store.registry-namespace")
    @ConfigDescription("Iceberg namespace under which the feature registry is kept")
    public FeatureStoreConfig setRegistryNamespace(String registryNamespace)
    {
        this.registryNamespace = registryNamespace;
        return this;
    }

    @NotEmpty
    public String getSourceCatalog()
    {
        return sourceCatalog;
    }

    @Config("feature-store.source-catalog")
    @ConfigDescription("Name of the Trino Iceberg catalog that reads the same Iceberg catalog")
    public FeatureStoreConfig setSourceCatalog(String sourceCatalog)
    {
        this.sourceCatalog = sourceCatalog;
        return this;
    }

    public Optional<String> getLineageTable()
    {
        return Optional.ofNullable(lineageTable);
    }

    @Config("feature-store.lineage-table")
    @ConfigDescription("Table (schema.table of the Iceberg catalog) in which the procedures record their lineage, as the query lineage listener does; none when unset")
    public FeatureStoreConfig setLineageTable(String lineageTable)
    {
        this.lineageTable = lineageTable;
        return this;
    }

    public Optional<String> getLineageSpoolDirectory()
    {
        return Optional.ofNullable(lineageSpoolDirectory);
    }

    @Config("feature-store.lineage-spool-directory")
    @ConfigDescription("Spool directory of the query lineage listener of this coordinator (its lineage.spool-directory), where the table functions leave the tables they read for the run of their query; none when unset")
    public FeatureStoreConfig setLineageSpoolDirectory(String lineageSpoolDirectory)
    {
        this.lineageSpoolDirectory = lineageSpoolDirectory;
        return this;
    }

    @NotEmpty
    public String getOpenLineageNamespace()
    {
        return openLineageNamespace;
    }

    @Config("feature-store.openlineage-namespace")
    @ConfigDescription("Namespace of the jobs and datasets in the OpenLineage run events of the procedures")
    public FeatureStoreConfig setOpenLineageNamespace(String openLineageNamespace)
    {
        this.openLineageNamespace = openLineageNamespace;
        return this;
    }

    @NotNull
    @MinDataSize("1MB")
    public DataSize getPointInTimeMaxMemoryPerNode()
    {
        return pointInTimeMaxMemoryPerNode;
    }

    @Config("feature-store.point-in-time.max-memory-per-node")
    @ConfigDescription("Most memory the splits of point_in_time_features calls may hold on one node at once; a query that needs more fails")
    public FeatureStoreConfig setPointInTimeMaxMemoryPerNode(DataSize pointInTimeMaxMemoryPerNode)
    {
        this.pointInTimeMaxMemoryPerNode = pointInTimeMaxMemoryPerNode;
        return this;
    }
}
