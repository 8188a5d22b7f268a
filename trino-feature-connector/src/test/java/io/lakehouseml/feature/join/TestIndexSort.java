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

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Comparator;
import java.util.Random;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

final class TestIndexSort
{
    @Test
    void testSortByKeyAgainstArraysSort()
    {
        Random random = new Random(42);
        for (int round = 0; round < 2_000; round++) {
            int length = random.nextInt(300);
            int distinct = 1 + random.nextInt(round % 3 == 0 ? 3 : 1_000);
            long[] keys = new long[length + random.nextInt(5)];
            for (int index = 0; index < keys.length; index++) {
                keys[index] = random.nextInt(distinct) - distinct / 2;
            }
            switch (round % 5) {
                case 1 -> Arrays.sort(keys, 0, length);
                case 2 -> reverse(keys, length);
                default -> {}
            }
            long[] original = keys.clone();
            int[] values = IntStream.range(0, keys.length).toArray();

            IndexSort.sortByKey(keys, values, length);

            long[] expected = Arrays.copyOf(original, length);
            Arrays.sort(expected);
            assertThat(Arrays.copyOf(keys, length)).isEqualTo(expected);
            // every value moved with its key, and the elements past the length were not touched
            for (int index = 0; index < length; index++) {
                assertThat(original[values[index]]).isEqualTo(keys[index]);
            }
            assertThat(Arrays.stream(values, 0, length).sorted().toArray()).isEqualTo(IntStream.range(0, length).toArray());
            for (int index = length; index < keys.length; index++) {
                assertThat(keys[index]).isEqualTo(original[index]);
                assertThat(values[index]).isEqualTo(index);
            }
        }
    }

    @Test
    void testStableSort()
    {
        Random random = new Random(7);
        int[] keys = random.ints(1_000, 0, 20).toArray();
        int[] order = IndexSort.sort(keys.length, (left, right) -> Integer.compare(keys[left], keys[right]));
        Integer[] expected = IntStream.range(0, keys.length).boxed().toArray(Integer[]::new);
        Arrays.sort(expected, Comparator.comparingInt(index -> keys[index]));
        assertThat(order).isEqualTo(Arrays.stream(expected).mapToInt(Integer::intValue).toArray());
    }

    private static void reverse(long[] keys, int length)
    {
        Arrays.sort(keys, 0, length);
        for (int left = 0, right = length - 1; left < right; left++, right--) {
            long key = keys[left];
            keys[left] = keys[right];
            keys[right] = key;
        }
    }
}
