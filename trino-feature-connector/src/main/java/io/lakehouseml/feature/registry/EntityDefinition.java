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
 * An entity: what features describe (a user, a merchant), identified by its join key columns.
 */
public record EntityDefinition(String schema, String name, List<String> joinKeys, Optional<String> description, String owner, Instant createdAt)
{
    public EntityDefinition
    {
        requireNonNull(schema, "schema is null");
        requireNonNull(name, "name is null");
        joinKeys = ImmutableList.copyOf(joinKeys);
        requireNonNull(description, "description is null");
        requireNonNull(owner, "owner is null");
        requireNonNull(createdAt, "createdAt is null");
    }
}
