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

import com.google.common.collect.ImmutableMap;
import io.lakehouseml.feature.FeatureStorePlugin;
import io.trino.spi.eventlistener.EventListener;
import io.trino.spi.eventlistener.EventListenerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static com.google.common.collect.MoreCollectors.onlyElement;
import static com.google.common.collect.Streams.stream;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The listener starts with the catalog shapes of the deployments (etc/lineage.properties and
 * etc/cluster/lineage.properties) without reaching the catalog, which it opens only to commit.
 */
final class TestLineageEventListenerFactory
{
    @Test
    void testCreateWithRestCatalogOnS3(@TempDir Path spool)
    {
        EventListener listener = factory().create(
                ImmutableMap.<String, String>builder()
                        .put("lineage.spool-directory", spool.toString())
                        .put("iceberg.catalog.type", "rest")
                        .put("iceberg.rest-catalog.uri", "http://127.0.0.1:1")
                        .put("iceberg.rest-catalog.warehouse", "s3://warehouse/")
                        .put("fs.s3.enabled", "true")
                        .put("s3.endpoint", "http://127.0.0.1:1")
                        .put("s3.region", "us-east-1")
                        .put("s3.path-style-access", "true")
                        .put("s3.aws-access-key", "access")
                        .put("s3.aws-secret-key", "secret")
                        .buildOrThrow(),
                new TestingLineageContext());
        assertThat(listener).isInstanceOf(LineageEventListener.class);
        listener.shutdown();
    }

    @Test
    void testCreateWithJdbcCatalogOnLocalFiles(@TempDir Path directory)
    {
        EventListener listener = factory().create(
                ImmutableMap.<String, String>builder()
                        .put("lineage.spool-directory", directory.resolve("spool").toString())
                        .put("iceberg.catalog.type", "jdbc")
                        .put("iceberg.jdbc-catalog.driver-class", "org.sqlite.JDBC")
                        .put("iceberg.jdbc-catalog.connection-url", "jdbc:sqlite:" + directory.resolve("catalog.db"))
                        .put("iceberg.jdbc-catalog.catalog-name", "lakehouse")
                        .put("iceberg.jdbc-catalog.default-warehouse-dir", directory.resolve("warehouse").toUri().toString())
                        .put("fs.local.enabled", "true")
                        .put("local.location", "/")
                        .buildOrThrow(),
                new TestingLineageContext());
        assertThat(listener).isInstanceOf(LineageEventListener.class);
        listener.shutdown();
    }

    private static EventListenerFactory factory()
    {
        EventListenerFactory factory = stream(new FeatureStorePlugin().getEventListenerFactories()).collect(onlyElement());
        assertThat(factory.getName()).isEqualTo("lakehouse_lineage");
        return factory;
    }
}
