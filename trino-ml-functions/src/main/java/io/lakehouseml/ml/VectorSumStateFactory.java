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
package io.lakehouseml.ml;

import io.trino.spi.function.AccumulatorStateFactory;
import io.trino.spi.function.GroupedAccumulatorState;

import java.util.Arrays;

import static io.airlift.slice.SizeOf.instanceSize;
import static io.airlift.slice.SizeOf.sizeOf;

public class VectorSumStateFactory
        implements AccumulatorStateFactory<VectorSumState>
{
    @Override
    public VectorSumState createSingleState()
    {
        return new SingleVectorSumState();
    }

    @Override
    public VectorSumState createGroupedState()
    {
        return new GroupedVectorSumState();
    }

    public static class SingleVectorSumState
            implements VectorSumState
    {
        private static final int INSTANCE_SIZE = instanceSize(SingleVectorSumState.class);

        private double[] sums;
        private long count;

        @Override
        public double[] getSums()
        {
            return sums;
        }

        @Override
        public void setSums(double[] sums)
        {
            this.sums = sums;
        }

        @Override
        public long getCount()
        {
            return count;
        }

        @Override
        public void setCount(long count)
        {
            this.count = count;
        }

        @Override
        public long getEstimatedSize()
        {
            return INSTANCE_SIZE + (sums == null ? 0 : sizeOf(sums));
        }
    }

    public static class GroupedVectorSumState
            implements VectorSumState, GroupedAccumulatorState
    {
        private static final int INSTANCE_SIZE = instanceSize(GroupedVectorSumState.class);

        private double[][] sums = new double[0][];
        private long[] counts = new long[0];
        private long sumsSize;
        private int groupId;

        @Override
        public void setGroupId(int groupId)
        {
            this.groupId = groupId;
        }

        @Override
        public void ensureCapacity(int size)
        {
            if (sums.length < size) {
                int capacity = Math.max(size, sums.length * 2);
                sums = Arrays.copyOf(sums, capacity);
                counts = Arrays.copyOf(counts, capacity);
            }
        }

        @Override
        public double[] getSums()
        {
            return sums[groupId];
        }

        @Override
        public void setSums(double[] value)
        {
            if (sums[groupId] != null) {
                sumsSize -= sizeOf(sums[groupId]);
            }
            sums[groupId] = value;
            if (value != null) {
                sumsSize += sizeOf(value);
            }
        }

        @Override
        public long getCount()
        {
            return counts[groupId];
        }

        @Override
        public void setCount(long count)
        {
            counts[groupId] = count;
        }

        @Override
        public long getEstimatedSize()
        {
            return INSTANCE_SIZE + sizeOf(sums) + sizeOf(counts) + sumsSize;
        }
    }
}
