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
package io.lakehouseml.server;

import com.google.common.collect.ImmutableMap;
import com.google.common.collect.Maps;
import io.trino.server.Server;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Stream;

import static com.google.common.collect.ImmutableSet.toImmutableSet;
import static java.util.Objects.requireNonNull;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The local lakehouse ({@code etc/}) and the container deployment ({@code docker/}) must describe
 * the same catalogs, and in each the feature store must use the same Iceberg catalog as Trino's
 * Iceberg connector. The container deployment cannot run on the build machines, so these checks
 * are what keeps it consistent.
 */
final class TestDeploymentConfiguration
{
    private static final Path HOME = Path.of(requireNonNull(System.getProperty("lakehouse.home"), "lakehouse.home is not set"));

    @Test
    void testSameCatalogsLocallyInTheClusterAndInContainers()
            throws IOException
    {
        assertThat(catalogNames(HOME.resolve("etc/cluster/catalog")))
                .isEqualTo(catalogNames(HOME.resolve("etc/catalog")))
                .containsExactlyInAnyOrder("feature_store", "iceberg");
        // the container gets the cluster's catalog files, and the variables they read
        String dockerfile = Files.readString(HOME.resolve("docker/Dockerfile"));
        assertThat(dockerfile).contains("COPY --chown=trino:trino etc/cluster/catalog/ /etc/trino/catalog/");
        String compose = Files.readString(HOME.resolve("docker/compose.yaml"));
        for (String variable : List.of("LAKEHOUSE_REST_URI", "LAKEHOUSE_S3_ENDPOINT", "AWS_REGION", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY")) {
            assertThat(Files.readString(HOME.resolve("etc/cluster/catalog/iceberg.properties"))).contains("${ENV:" + variable + "}");
            assertThat(compose).contains(variable + ":");
        }
        assertThat(dockerfile).contains("ENV LAKEHOUSE_ETC_DIR=/etc/trino");
        // the REST catalog's JDBC store needs the schema version that has views
        assertThat(compose).contains("CATALOG_JDBC_SCHEMA__VERSION: V1");
        assertThat(Files.readString(HOME.resolve("bin/lakehouse"))).contains("export CATALOG_JDBC_SCHEMA__VERSION=V1");
    }

    @Test
    void testFeatureStoreUsesTheIcebergCatalog()
            throws IOException
    {
        for (Path catalogDirectory : new Path[] {HOME.resolve("etc/catalog"), HOME.resolve("etc/cluster/catalog")}) {
            Map<String, String> iceberg = load(catalogDirectory.resolve("iceberg.properties"));
            Map<String, String> featureStore = load(catalogDirectory.resolve("feature_store.properties"));

            assertThat(iceberg).containsEntry("connector.name", "iceberg");
            assertThat(featureStore)
                    .containsEntry("connector.name", "feature_store")
                    .containsEntry("feature-store.source-catalog", "iceberg");
            assertThat(withoutConnectorProperties(featureStore))
                    .as("the Iceberg catalog lines of %s", catalogDirectory)
                    .isEqualTo(withoutConnectorProperties(iceberg));
        }
    }

    @Test
    void testLineageListenerUsesTheIcebergCatalog()
            throws IOException
    {
        // the single node (plain and --secure) and the cluster's coordinator record lineage in their own Iceberg catalog
        for (Path[] shape : new Path[][] {
                {HOME.resolve("etc/config.properties"), HOME.resolve("etc/lineage.properties"), HOME.resolve("etc/catalog")},
                {HOME.resolve("etc/config-secure.properties"), HOME.resolve("etc/lineage.properties"), HOME.resolve("etc/catalog")},
                {HOME.resolve("etc/cluster/coordinator.properties"), HOME.resolve("etc/cluster/lineage.properties"), HOME.resolve("etc/cluster/catalog")},
        }) {
            Path listenerFile = shape[1];
            assertThat(load(shape[0]))
                    .as(shape[0].toString())
                    .containsEntry("event-listener.config-files", "${ENV:LAKEHOUSE_ETC_DIR}/" + HOME.resolve("etc").relativize(listenerFile));
            Map<String, String> listener = load(listenerFile);
            assertThat(listener)
                    .containsEntry("event-listener.name", "lakehouse_lineage")
                    .containsEntry("lineage.iceberg-catalogs", "iceberg");
            // the table functions hand what they read to the listener through its spool directory
            assertThat(load(shape[2].resolve("feature_store.properties"))).containsEntry("feature-store.lineage-spool-directory", listener.get("lineage.spool-directory"));
            assertThat(ImmutableMap.copyOf(Maps.filterKeys(listener, key -> !key.startsWith("event-listener.") && !key.startsWith("lineage."))))
                    .as("the Iceberg catalog lines of %s", listenerFile)
                    .isEqualTo(withoutConnectorProperties(load(shape[2].resolve("iceberg.properties"))));
        }
        // the container uses the cluster's listener file, spooling on the volume of its data directory
        assertThat(load(HOME.resolve("docker/etc/config.properties"))).containsEntry("event-listener.config-files", "${ENV:LAKEHOUSE_ETC_DIR}/cluster/lineage.properties");
        String dockerfile = Files.readString(HOME.resolve("docker/Dockerfile"));
        assertThat(dockerfile)
                .contains("ENV LAKEHOUSE_ETC_DIR=/etc/trino")
                .contains("COPY --chown=trino:trino etc/cluster/lineage.properties /etc/trino/cluster/lineage.properties")
                .contains("ENV LAKEHOUSE_DATA_DIR=/data/trino");
        assertThat(Files.readString(HOME.resolve("docker/compose.yaml"))).contains("- trino-data:/data/trino");
    }

    @Test
    void testContainerImageHasThePluginsOfTheServer()
            throws IOException
    {
        String dockerfile = Files.readString(HOME.resolve("docker/Dockerfile"));
        String assembly = Files.readString(HOME.resolve("trino-lakehouse-server/src/main/provisio/lakehouse.xml"));
        for (String plugin : new String[] {"ml-functions", "feature-store"}) {
            assertThat(dockerfile).contains("/plugins/" + plugin);
        }
        assertThat(assembly).contains("to=\"plugin/ml-functions\"");
        // locally, the feature store shares the Iceberg connector's class loader and so its one copy of SQLite; the
        // container's catalog is a REST catalog, where a folder of its own is fine
        assertThat(assembly)
                .containsPattern("<artifactSet to=\"plugin/iceberg\">\\s+<artifact id=\"io.trino:trino-iceberg:(?s:.)*<artifact id=\"io.lakehouseml:trino-feature-connector:\\$\\{project.version}\"/?>(?s:.)*</artifactSet>")
                .doesNotContain("to=\"plugin/feature-store\"");
        assertThat(load(HOME.resolve("etc/cluster/catalog/feature_store.properties"))).containsEntry("iceberg.catalog.type", "rest");
        assertThat(dockerfile).contains("FROM trinodb/trino:" + Server.class.getPackage().getImplementationVersion());
    }

    @Test
    void testFeatureStoreFollowsTheServerAccessRules()
            throws IOException
    {
        // locally and in the container, the feature store evaluates the rules file the server's access control reads
        // the single node and the cluster read etc/access-control.properties, the container its own copy
        for (Path[] pair : new Path[][] {
                {HOME.resolve("etc"), HOME.resolve("etc/catalog")},
                {HOME.resolve("etc"), HOME.resolve("etc/cluster/catalog")},
                {HOME.resolve("docker/etc"), HOME.resolve("etc/cluster/catalog")},
        }) {
            Path etc = pair[0];
            Map<String, String> accessControl = load(etc.resolve("access-control.properties"));
            Map<String, String> featureStore = load(pair[1].resolve("feature_store.properties"));
            assertThat(accessControl).containsEntry("access-control.name", "file");
            assertThat(featureStore)
                    .as(etc.toString())
                    .containsEntry("feature-store.security", "FILE")
                    .containsEntry("feature-store.security.config-file", accessControl.get("security.config-file"))
                    .containsEntry("feature-store.security.refresh-period", accessControl.get("security.refresh-period"));
            assertThat(load(etc.resolve("password-authenticator.properties"))).containsEntry("password-authenticator.name", "file");
        }
        assertThat(load(HOME.resolve("etc/config.properties"))).containsEntry("access-control.config-files", "${ENV:LAKEHOUSE_ETC_DIR}/access-control.properties");
        assertThat(load(HOME.resolve("etc/cluster/coordinator.properties"))).containsEntry("access-control.config-files", "${ENV:LAKEHOUSE_ETC_DIR}/access-control.properties");
        for (Path config : new Path[] {HOME.resolve("etc/config-secure.properties"), HOME.resolve("docker/etc/config.properties")}) {
            assertThat(load(config))
                    .as(config.toString())
                    .containsEntry("http-server.https.enabled", "true")
                    .containsEntry("http-server.authentication.type", "PASSWORD")
                    .containsEntry("http-server.authentication.allow-insecure-over-http", "false")
                    .containsKey("internal-communication.shared-secret")
                    .containsKey("access-control.config-files");
        }
        // the container gets the same rules file
        assertThat(Files.readString(HOME.resolve("docker/Dockerfile"))).contains("COPY --chown=trino:trino etc/rules.json " +
                load(HOME.resolve("docker/etc/access-control.properties")).get("security.config-file").replace("${ENV:LAKEHOUSE_ETC_DIR}", "/etc/trino"));
    }

    private static Set<String> catalogNames(Path directory)
            throws IOException
    {
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(file -> file.getFileName().toString())
                    .filter(name -> name.endsWith(".properties"))
                    .map(name -> name.substring(0, name.length() - ".properties".length()))
                    .collect(toImmutableSet());
        }
    }

    private static Map<String, String> withoutConnectorProperties(Map<String, String> properties)
    {
        return ImmutableMap.copyOf(Maps.filterKeys(properties, key -> !key.equals("connector.name") && !key.startsWith("feature-store.")));
    }

    private static Map<String, String> load(Path file)
            throws IOException
    {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            properties.load(reader);
        }
        return Maps.fromProperties(properties);
    }
}
