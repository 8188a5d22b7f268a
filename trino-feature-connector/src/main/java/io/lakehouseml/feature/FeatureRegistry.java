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

import com.google.common.collect.ImmutableList;
import com.google.inject.Inject;
import io.lakehouseml.feature.IcebergCatalogFactory.RegistryCatalog;
import io.trino.spi.TrinoException;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.exceptions.NoSuchNamespaceException;

import java.util.List;

import static com.google.common.collect.ImmutableList.toImmutableList;
import static io.lakehouseml.feature.FeatureStoreErrorCode.FEATURE_STORE_CATALOG_ERROR;
import static java.util.Objects.requireNonNull;

/**
 * The feature registry. Each schema of the feature store is an Iceberg namespace under the
 * registry namespace, so the registry lives in the Iceberg catalog itself and every coordinator
 * that uses the same catalog sees the same registry.
 */
public class FeatureRegistry
{
    private final RegistryCatalog catalog;
    private final Namespace registryNamespace;

    @Inject
    public FeatureRegistry(IcebergCatalogFactory catalogFactory, FeatureStoreConfig config)
    {
        this.catalog = catalogFactory.catalog();
        this.registryNamespace = Namespace.of(requireNonNull(config, "config is null").getRegistryNamespace());
    }

    public List<String> listSchemas()
    {
        try {
            return catalog.namespaces().listNamespaces(registryNamespace).stream()
                    .map(namespace -> namespace.level(namespace.length() - 1))
                    .sorted()
                    .collect(toImmutableList());
        }
        catch (NoSuchNamespaceException e) {
            return ImmutableList.of();
        }
        catch (RuntimeException e) {
            throw new TrinoException(FEATURE_STORE_CATALOG_ERROR, "Cannot list the feature store schemas: " + e.getMessage(), e);
        }
    }
}
