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
package io.lakehouseml.feature.crash;

import com.google.common.collect.ImmutableMap;
import io.airlift.log.Level;
import io.airlift.log.Logging;
import io.lakehouseml.feature.FeatureStoreQueryRunner;
import io.lakehouseml.testing.TestingLakehouseCatalog;
import io.trino.testing.DistributedQueryRunner;

import java.nio.file.Path;

/**
 * A Trino coordinator with the Iceberg and feature store catalogs on the lakehouse catalog in a
 * given directory, in a process of its own so that a test can kill it: {@code CrashTestServer
 * <directory> <port>}. It prints {@code READY} when it answers queries and runs until killed.
 */
public final class CrashTestServer
{
    private CrashTestServer() {}

    public static void main(String[] args)
            throws Exception
    {
        Logging logging = Logging.initialize();
        logging.setLevel("io.trino", Level.WARN);
        logging.setLevel("io.airlift", Level.WARN);
        logging.setLevel("org.apache.iceberg", Level.WARN);
        DistributedQueryRunner queryRunner = FeatureStoreQueryRunner.builder()
                .setLakehouseCatalog(new TestingLakehouseCatalog(Path.of(args[0])))
                .setWorkerCount(0)
                .setExtraProperties(ImmutableMap.of("http-server.http.port", args[1]))
                .build();
        System.out.println("READY " + queryRunner.getCoordinator().getBaseUrl());
        System.out.flush();
        Thread.currentThread().join();
    }
}
