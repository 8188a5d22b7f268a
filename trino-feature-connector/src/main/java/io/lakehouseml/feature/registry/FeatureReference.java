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
package io.lakehouseml.feature.registry;

import com.google.common.collect.ImmutableList;
import io.trino.spi.TrinoException;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

import static io.lakehouseml.feature.FeatureStoreErrorCode.FEATURE_STORE_INVALID_DEFINITION;
import static java.lang.String.format;
import static java.util.Objects.requireNonNull;

/**
 * A feature named by a user: {@code view:feature}, or {@code view:*} for every feature of the view.
 */
public record FeatureReference(String view, Optional<String> feature)
{
    public FeatureReference
    {
        requireNonNull(view, "view is null");
        requireNonNull(feature, "feature is null");
    }

    public static FeatureReference parse(String reference)
    {
        String[] parts = reference.trim().toLowerCase(Locale.ROOT).split(":", -1);
        if (parts.length != 2 || parts[0].isEmpty() || parts[1].isEmpty()) {
            throw new TrinoException(FEATURE_STORE_INVALID_DEFINITION, format("A feature is named 'view:feature' or 'view:*', not '%s'", reference));
        }
        return new FeatureReference(parts[0], parts[1].equals("*") ? Optional.empty() : Optional.of(parts[1]));
    }

    /**
     * The features this reference names, checked against its feature view.
     *
     * @param views the feature views by name; fails for a missing one
     */
    public List<String> resolve(Function<String, FeatureViewDefinition> views)
    {
        FeatureViewDefinition definition = views.apply(view);
        if (feature.isEmpty()) {
            return definition.features();
        }
        if (!definition.features().contains(feature.get())) {
            throw new TrinoException(FEATURE_STORE_INVALID_DEFINITION, format("Feature view %s.%s has no feature '%s'; its features are %s", definition.schema(), view, feature.get(), definition.features()));
        }
        return ImmutableList.of(feature.get());
    }
}
