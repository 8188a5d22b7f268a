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

import com.google.inject.Inject;
import io.lakehouseml.feature.join.FeatureJoinHandle;
import io.lakehouseml.feature.join.FeatureJoinMemory;
import io.lakehouseml.feature.join.FeatureJoinProcessor;
import io.lakehouseml.feature.join.FeatureJoinSplit;
import io.lakehouseml.feature.join.PointInTimeJoinHandle;
import io.lakehouseml.feature.join.PointInTimeJoinProcessor;
import io.lakehouseml.feature.join.SpineFeaturesHandle;
import io.lakehouseml.feature.join.SpineFeaturesProcessor;
import io.trino.filesystem.TrinoFileSystemFactory;
import io.trino.plugin.base.classloader.ClassLoaderSafeTableFunctionProcessorProvider;
import io.trino.spi.connector.ConnectorSession;
import io.trino.spi.connector.ConnectorSplit;
import io.trino.spi.connector.ConnectorTableCredentials;
import io.trino.spi.function.FunctionProvider;
import io.trino.spi.function.table.ConnectorTableFunctionHandle;
import io.trino.spi.function.table.TableFunctionDataProcessor;
import io.trino.spi.function.table.TableFunctionProcessorProvider;
import io.trino.spi.function.table.TableFunctionSplitProcessor;

import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * The processors of the table functions: {@code point_in_time_join} processes the rows the engine
 * feeds it, {@code point_in_time_features} processes splits and reads the files itself, and
 * {@code point_in_time_features_for} is fed the spine rows and reads the feature files itself. The
 * engine reads {@code vector_search} as a table (see {@link FeatureStoreMetadata}).
 */
public class FeatureStoreFunctionProvider
        implements FunctionProvider
{
    private final TrinoFileSystemFactory fileSystemFactory;
    private final FeatureJoinMemory memory;

    @Inject
    public FeatureStoreFunctionProvider(TrinoFileSystemFactory fileSystemFactory, FeatureJoinMemory memory)
    {
        this.fileSystemFactory = requireNonNull(fileSystemFactory, "fileSystemFactory is null");
        this.memory = requireNonNull(memory, "memory is null");
    }

    @Override
    public TableFunctionProcessorProvider getTableFunctionProcessorProvider(ConnectorTableFunctionHandle functionHandle)
    {
        TableFunctionProcessorProvider provider = switch (functionHandle) {
            case FeatureJoinHandle handle -> new TableFunctionProcessorProvider()
            {
                @Override
                public TableFunctionSplitProcessor getSplitProcessor(ConnectorSession session, ConnectorTableFunctionHandle ignored, Optional<ConnectorTableCredentials> credentials, ConnectorSplit split)
                {
                    return new FeatureJoinProcessor(handle, (FeatureJoinSplit) split, fileSystemFactory.create(session), memory.query(session.getQueryId()));
                }
            };
            case SpineFeaturesHandle handle -> new TableFunctionProcessorProvider()
            {
                @Override
                public TableFunctionDataProcessor getDataProcessor(ConnectorSession session, ConnectorTableFunctionHandle ignored)
                {
                    return new SpineFeaturesProcessor(handle, fileSystemFactory.create(session), memory.query(session.getQueryId()));
                }
            };
            case PointInTimeJoinHandle handle -> new TableFunctionProcessorProvider()
            {
                @Override
                public TableFunctionDataProcessor getDataProcessor(ConnectorSession session, ConnectorTableFunctionHandle ignored)
                {
                    return new PointInTimeJoinProcessor(handle);
                }
            };
            default -> throw new IllegalArgumentException("Not a table function of the feature store: " + functionHandle);
        };
        return new ClassLoaderSafeTableFunctionProcessorProvider(provider, getClass().getClassLoader());
    }
}
