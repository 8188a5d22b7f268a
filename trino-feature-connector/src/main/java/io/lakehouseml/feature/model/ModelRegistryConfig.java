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
package io.lakehouseml.feature.model;

import com.google.common.collect.ImmutableList;
import io.airlift.configuration.Config;
import io.airlift.configuration.ConfigDescription;
import jakarta.validation.constraints.NotNull;

import java.util.List;

public class ModelRegistryConfig
{
    private List<String> artifactRoots = ImmutableList.of();

    @NotNull
    public List<String> getArtifactRoots()
    {
        return artifactRoots;
    }

    @Config("feature-store.model-artifact-roots")
    @ConfigDescription("Locations under which register_model may read model artefacts, comma separated; none when empty")
    public ModelRegistryConfig setArtifactRoots(List<String> artifactRoots)
    {
        this.artifactRoots = ImmutableList.copyOf(artifactRoots);
        return this;
    }
}
