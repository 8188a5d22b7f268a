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

import io.lakehouseml.feature.join.FeatureJoinMemory.QueryMemory;
import io.trino.filesystem.TrinoFileSystem;
import io.trino.spi.Page;
import io.trino.spi.function.table.TableFunctionDataProcessor;
import io.trino.spi.function.table.TableFunctionProcessorState;

import java.lang.ref.Cleaner;
import java.util.List;
import java.util.Optional;

import static io.trino.spi.function.table.TableFunctionProcessorState.Processed.usedInput;

/**
 * One partition of a {@link SpineFeaturesFunction} call: keeps the spine rows the engine gives, by
 * batch of Iceberg buckets, then joins them as a split of {@code point_in_time_features} joins the
 * spine rows it reads, reading the feature files of the buckets its rows have.
 */
public class SpineFeaturesProcessor
        implements TableFunctionDataProcessor
{
    // a data processor has no close: what it holds is given back when it is dropped unfinished (a failed or cancelled query)
    private static final Cleaner CLEANER = Cleaner.create();

    private final FeatureJoinProcessor join;

    public SpineFeaturesProcessor(SpineFeaturesHandle handle, TrinoFileSystem fileSystem, QueryMemory memory)
    {
        this.join = new FeatureJoinProcessor(handle.join(), handle.featureFiles(), fileSystem, memory);
        CLEANER.register(this, join.releaser());
    }

    @Override
    public TableFunctionProcessorState process(List<Optional<Page>> input)
    {
        if (input != null) {
            join.addSpine(input.getFirst().orElseThrow());
            return usedInput();
        }
        join.spineComplete();
        return join.process();
    }
}
