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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.lakehouseml.feature.FeatureStoreErrorCode.FEATURE_STORE_INVALID_DEFINITION;
import static java.lang.String.format;
import static java.util.Objects.requireNonNull;

/**
 * A feature named by a user: {@code view:feature}, or {@code view:*} for every feature of the view;
 * {@code view@v2:feature} names a feature of version 2 of the view, where the view's name alone
 * means its current version.
 *
 * @param version the version named, empty for the current one
 */
public record FeatureReference(String view, Optional<Integer> version, Optional<String> feature)
{
    private static final Pattern VERSIONED_VIEW = Pattern.compile("([^@]+)@v([0-9]{1,9})");

    public FeatureReference
    {
        requireNonNull(view, "view is null");
        requireNonNull(version, "version is null");
        requireNonNull(feature, "feature is null");
    }

    /**
     * Parses {@code view:feature}, {@code view:*}, or {@code view:"feature"} for a feature whose name
     * holds a colon, a double quote (written twice), spaces or other characters that need quoting;
     * the view may carry a version: {@code view@v2:feature}.
     */
    public static FeatureReference parse(String reference)
    {
        String text = reference.trim().toLowerCase(Locale.ROOT);
        int colon = text.indexOf(':');
        if (colon <= 0) {
            throw malformed(reference);
        }
        String view = text.substring(0, colon);
        Optional<Integer> version = Optional.empty();
        Matcher versioned = VERSIONED_VIEW.matcher(view);
        if (versioned.matches()) {
            view = versioned.group(1);
            version = Optional.of(Integer.parseInt(versioned.group(2)));
            if (version.get() < FeatureViewDefinition.FIRST_VERSION) {
                throw FEATURE_STORE_INVALID_DEFINITION.error("Feature view versions start at %s: '%s'", FeatureViewDefinition.FIRST_VERSION, reference);
            }
        }
        else if (view.contains("@")) {
            throw malformed(reference);
        }
        String feature = text.substring(colon + 1);
        if (feature.startsWith("\"")) {
            String quoted = feature.length() >= 2 && feature.endsWith("\"") ? feature.substring(1, feature.length() - 1) : "";
            if (quoted.isEmpty() || quoted.replace("\"\"", "").contains("\"")) {
                throw malformed(reference);
            }
            return new FeatureReference(view, version, Optional.of(quoted.replace("\"\"", "\"")));
        }
        if (feature.isEmpty() || feature.contains(":") || feature.contains("\"")) {
            throw malformed(reference);
        }
        return new FeatureReference(view, version, feature.equals("*") ? Optional.empty() : Optional.of(feature));
    }

    /**
     * A feature of a view as {@code view:feature}, quoted where its name needs it, so that
     * {@link #parse} reads it back.
     */
    public static String qualified(String view, String feature)
    {
        if (feature.equals("*") || feature.isBlank() || !feature.equals(feature.strip()) || feature.chars().anyMatch(character -> character == ':' || character == '"')) {
            return view + ":\"" + feature.replace("\"", "\"\"") + "\"";
        }
        return view + ":" + feature;
    }

    private static TrinoException malformed(String reference)
    {
        return FEATURE_STORE_INVALID_DEFINITION.error("A feature is named 'view:feature', 'view:\"feature\"' or 'view:*', with 'view@v2' for a version of the view, not '%s'", reference);
    }

    /**
     * The view as it is named: {@code view} or {@code view@v2}.
     */
    public String viewReference()
    {
        return version.map(number -> view + "@v" + number).orElse(view);
    }

    /**
     * The features this reference names, checked against its feature view.
     *
     * @param views the feature views by reference (as {@link #viewReference()}); fails for a missing one
     */
    public List<String> resolve(Function<String, FeatureViewDefinition> views)
    {
        FeatureViewDefinition definition = views.apply(viewReference());
        if (feature.isEmpty()) {
            return definition.features();
        }
        if (!definition.features().contains(feature.get())) {
            throw new TrinoException(FEATURE_STORE_INVALID_DEFINITION, format("Feature view %s.%s has no feature '%s'; its features are %s", definition.schema(), viewReference(), feature.get(), definition.features()));
        }
        return ImmutableList.of(feature.get());
    }
}
