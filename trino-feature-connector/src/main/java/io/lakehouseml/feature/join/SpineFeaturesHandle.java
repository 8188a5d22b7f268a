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
package io.lakehouseml.feature.join;

import io.trino.spi.function.table.ConnectorTableFunctionHandle;

import static java.util.Objects.requireNonNull;

/**
 * What the processors of {@link SpineFeaturesFunction} join: the spine columns the engine gives and
 * the features, and the feature files of every bucket, planned once on the coordinator.
 */
public record SpineFeaturesHandle(FeatureJoinHandle join, FeatureJoinSplit featureFiles)
        implements ConnectorTableFunctionHandle
{
    public SpineFeaturesHandle
    {
        requireNonNull(join, "join is null");
        requireNonNull(featureFiles, "featureFiles is null");
    }
}
