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

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * A feature service: the named list of features one model version uses, each {@code view:feature}
 * or {@code view:*}.
 */
public record FeatureServiceDefinition(String schema, String name, List<String> features, Optional<String> description, String owner, Instant createdAt)
{
    public FeatureServiceDefinition
    {
        requireNonNull(schema, "schema is null");
        requireNonNull(name, "name is null");
        features = ImmutableList.copyOf(features);
        requireNonNull(description, "description is null");
        requireNonNull(owner, "owner is null");
        requireNonNull(createdAt, "createdAt is null");
    }
}
