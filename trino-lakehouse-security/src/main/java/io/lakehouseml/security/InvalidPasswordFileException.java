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

import static java.lang.String.format;
import static java.util.Objects.requireNonNull;

/**
 * A line of a password file that is not a valid user line: its number (from 1) and what is wrong,
 * never the hash it holds.
 */
final class InvalidPasswordFileException
        extends RuntimeException
{
    private final int lineNumber;

    InvalidPasswordFileException(int lineNumber, String reason)
    {
        super(format("line %s: %s", lineNumber, requireNonNull(reason, "reason is null")));
        this.lineNumber = lineNumber;
    }

    int getLineNumber()
    {
        return lineNumber;
    }
}
