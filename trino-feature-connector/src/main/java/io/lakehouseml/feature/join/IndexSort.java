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
 * A stable sort of the indices {@code 0..count-1} by a comparator of indices, without boxing.
 */
final class IndexSort
{
    private static final int INSERTION_SORT_THRESHOLD = 24;

    private IndexSort() {}

    interface IndexComparator
    {
        int compare(int left, int right);
    }

    static int[] sort(int count, IndexComparator comparator)
    {
        int[] indices = new int[count];
        for (int i = 0; i < count; i++) {
            indices[i] = i;
        }
        if (count > INSERTION_SORT_THRESHOLD) {
            mergeSort(indices, new int[count], 0, count, comparator);
        }
        else {
            insertionSort(indices, 0, count, comparator);
        }
        return indices;
    }

    private static void mergeSort(int[] indices, int[] scratch, int from, int to, IndexComparator comparator)
    {
        if (to - from <= INSERTION_SORT_THRESHOLD) {
            insertionSort(indices, from, to, comparator);
            return;
        }
        int middle = (from + to) >>> 1;
        mergeSort(indices, scratch, from, middle, comparator);
        mergeSort(indices, scratch, middle, to, comparator);
        if (comparator.compare(indices[middle - 1], indices[middle]) <= 0) {
            return;
        }
        System.arraycopy(indices, from, scratch, from, to - from);
        int left = from;
        int right = middle;
        for (int i = from; i < to; i++) {
            if (right >= to || (left < middle && comparator.compare(scratch[left], scratch[right]) <= 0)) {
                indices[i] = scratch[left++];
            }
            else {
                indices[i] = scratch[right++];
            }
        }
    }

    private static void insertionSort(int[] indices, int from, int to, IndexComparator comparator)
    {
        for (int i = from + 1; i < to; i++) {
            int value = indices[i];
            int j = i - 1;
            while (j >= from && comparator.compare(indices[j], value) > 0) {
                indices[j + 1] = indices[j];
                j--;
            }
            indices[j + 1] = value;
        }
    }
}
