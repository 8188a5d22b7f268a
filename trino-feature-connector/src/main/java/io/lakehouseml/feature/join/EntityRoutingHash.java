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
package io.lakehouseml.feature.join;

/**
 * Spreads the hash of an entity key ({@link FeatureValueHash} of the key columns) over all bits, to
 * pick the split of an entity in a table that is not bucketed and its slot in a split's hash
 * table. It decides where rows are processed, never which rows a join returns, so it may change
 * between releases; the tie-breaking {@link FeatureValueHash} may not.
 */
final class EntityRoutingHash
{
    private EntityRoutingHash() {}

    static long spread(long keyHash)
    {
        long mixed = keyHash * 0x9E3779B97F4A7C15L;
        return mixed ^ (mixed >>> 29);
    }
}
