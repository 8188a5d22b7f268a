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
 * Sorts of indices without boxing: a stable sort of {@code 0..count-1} by a comparator of indices,
 * and a sort of indices by a key of each.
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

    /**
     * Sorts the first {@code length} keys in ascending order and moves each value with its key; values
     * of equal keys may come in any order. A quicksort with the median of three, and an insertion sort
     * of short ranges.
     */
    static void sortByKey(long[] keys, int[] values, int length)
    {
        quickSort(keys, values, 0, length - 1);
    }

    private static void quickSort(long[] keys, int[] values, int low, int high)
    {
        while (high - low >= INSERTION_SORT_THRESHOLD) {
            int middle = (low + high) >>> 1;
            if (keys[middle] < keys[low]) {
                swap(keys, values, middle, low);
            }
            if (keys[high] < keys[low]) {
                swap(keys, values, high, low);
            }
            if (keys[high] < keys[middle]) {
                swap(keys, values, high, middle);
            }
            long pivot = keys[middle];
            int left = low;
            int right = high;
            while (left <= right) {
                while (keys[left] < pivot) {
                    left++;
                }
                while (keys[right] > pivot) {
                    right--;
                }
                if (left <= right) {
                    swap(keys, values, left++, right--);
                }
            }
            // the shorter side first, so the stack stays logarithmic
            if (right - low < high - left) {
                quickSort(keys, values, low, right);
                low = left;
            }
            else {
                quickSort(keys, values, left, high);
                high = right;
            }
        }
        for (int i = low + 1; i <= high; i++) {
            long key = keys[i];
            int value = values[i];
            int j = i - 1;
            while (j >= low && keys[j] > key) {
                keys[j + 1] = keys[j];
                values[j + 1] = values[j];
                j--;
            }
            keys[j + 1] = key;
            values[j + 1] = value;
        }
    }

    private static void swap(long[] keys, int[] values, int left, int right)
    {
        long key = keys[left];
        keys[left] = keys[right];
        keys[right] = key;
        int value = values[left];
        values[left] = values[right];
        values[right] = value;
    }
}
