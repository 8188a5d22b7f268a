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

import com.google.common.util.concurrent.ThreadFactoryBuilder;
import com.google.inject.Inject;
import io.airlift.log.Logger;
import io.trino.spi.NodeManager;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;

import java.util.concurrent.ScheduledExecutorService;

import static java.util.Objects.requireNonNull;
import static java.util.concurrent.Executors.newSingleThreadScheduledExecutor;
import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static java.util.concurrent.TimeUnit.SECONDS;

/**
 * Removes, on the coordinator and every cleanup interval, the vector indexes of dropped tables and
 * the segments of expired snapshots ({@link VectorIndexes#removeUnused()}). The connector is not told
 * when a table of another catalog is dropped, and a REST catalog's {@code DROP TABLE} deletes only
 * the files the table's metadata names, so this is what removes an index with its table.
 */
public final class VectorIndexCleaner
{
    private static final Logger log = Logger.get(VectorIndexCleaner.class);

    private final VectorIndexes indexes;
    private final NodeManager nodeManager;
    private final VectorIndexConfig config;
    private final ScheduledExecutorService executor = newSingleThreadScheduledExecutor(
            new ThreadFactoryBuilder().setNameFormat("vector-index-cleaner-%s").setDaemon(true).build());

    @Inject
    public VectorIndexCleaner(VectorIndexes indexes, NodeManager nodeManager, VectorIndexConfig config)
    {
        this.indexes = requireNonNull(indexes, "indexes is null");
        this.nodeManager = requireNonNull(nodeManager, "nodeManager is null");
        this.config = requireNonNull(config, "config is null");
    }

    @PostConstruct
    public void start()
    {
        if (!nodeManager.getCurrentNode().isCoordinator()) {
            return;
        }
        long interval = config.getCleanupInterval().toMillis();
        executor.scheduleWithFixedDelay(this::removeUnusedQuietly, interval, interval, MILLISECONDS);
    }

    @PreDestroy
    public void stop()
            throws InterruptedException
    {
        executor.shutdownNow();
        executor.awaitTermination(30, SECONDS);
    }

    private void removeUnusedQuietly()
    {
        try {
            VectorIndexes.Removed removed = indexes.removeUnused();
            if (removed.indexes() > 0 || removed.segments() > 0) {
                log.info("Removed %s vector indexes of dropped tables and %s segments of expired snapshots", removed.indexes(), removed.segments());
            }
        }
        catch (Throwable e) {
            log.warn(e, "Cannot remove the unused vector indexes now; the next round tries again");
        }
    }
}
