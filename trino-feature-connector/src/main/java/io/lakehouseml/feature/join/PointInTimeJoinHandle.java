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

import com.google.common.collect.ImmutableList;
import io.trino.spi.function.table.ConnectorTableFunctionHandle;
import io.trino.spi.type.Type;

import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * What {@link PointInTimeJoinFunction} learned from its arguments, by input channel.
 *
 * @param outputChannels the input channel of each output column
 */
public record PointInTimeJoinHandle(
        List<String> inputNames,
        List<Type> inputTypes,
        List<Integer> keyChannels,
        int timestampChannel,
        Optional<Integer> createdTimestampChannel,
        int kindChannel,
        List<Integer> featureChannels,
        List<Integer> outputChannels,
        Optional<Long> ttlMicros,
        boolean respectCreatedTimestamp)
        implements ConnectorTableFunctionHandle
{
    public PointInTimeJoinHandle
    {
        inputNames = ImmutableList.copyOf(inputNames);
        inputTypes = ImmutableList.copyOf(inputTypes);
        keyChannels = ImmutableList.copyOf(keyChannels);
        requireNonNull(createdTimestampChannel, "createdTimestampChannel is null");
        featureChannels = ImmutableList.copyOf(featureChannels);
        outputChannels = ImmutableList.copyOf(outputChannels);
        requireNonNull(ttlMicros, "ttlMicros is null");
    }
}
