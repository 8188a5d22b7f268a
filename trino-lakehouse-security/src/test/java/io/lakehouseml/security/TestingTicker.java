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
package io.lakehouseml.security;

import com.google.common.base.Ticker;

import java.util.concurrent.TimeUnit;

/**
 * A clock that moves only when a test moves it.
 */
final class TestingTicker
        extends Ticker
{
    private volatile long nanos;

    @Override
    public long read()
    {
        return nanos;
    }

    public void advance(long duration, TimeUnit unit)
    {
        nanos += unit.toNanos(duration);
    }
}
