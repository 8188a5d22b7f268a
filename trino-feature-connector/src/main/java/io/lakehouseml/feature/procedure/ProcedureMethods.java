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
package io.lakehouseml.feature.procedure;

import java.lang.invoke.MethodHandle;

import static java.lang.invoke.MethodHandles.publicLookup;

/**
 * The method handle a {@link io.trino.spi.procedure.Procedure} calls: a public method bound to the
 * object that implements it.
 */
final class ProcedureMethods
{
    private ProcedureMethods() {}

    static MethodHandle bind(Object target, String name, Class<?>... parameterTypes)
    {
        try {
            return publicLookup().unreflect(target.getClass().getMethod(name, parameterTypes)).bindTo(target);
        }
        catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }
}
