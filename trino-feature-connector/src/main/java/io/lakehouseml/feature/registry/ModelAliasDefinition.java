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

import java.time.Instant;

import static java.util.Objects.requireNonNull;

/**
 * A name for a version of a model, such as {@code champion}, which can be moved to another version.
 */
public record ModelAliasDefinition(String schema, String model, String alias, int version, String owner, Instant createdAt)
{
    public ModelAliasDefinition
    {
        requireNonNull(schema, "schema is null");
        requireNonNull(model, "model is null");
        requireNonNull(alias, "alias is null");
        requireNonNull(owner, "owner is null");
        requireNonNull(createdAt, "createdAt is null");
    }
}
