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
package io.lakehouseml.feature;

import io.trino.spi.ErrorCode;
import io.trino.spi.ErrorCodeSupplier;
import io.trino.spi.ErrorType;
import io.trino.spi.TrinoException;

import static io.trino.spi.ErrorType.EXTERNAL;
import static io.trino.spi.ErrorType.INSUFFICIENT_RESOURCES;
import static io.trino.spi.ErrorType.USER_ERROR;
import static java.lang.String.format;

public enum FeatureStoreErrorCode
        implements ErrorCodeSupplier
{
    FEATURE_STORE_CATALOG_ERROR(0, EXTERNAL),
    FEATURE_STORE_INVALID_DEFINITION(1, USER_ERROR),
    FEATURE_STORE_NOT_FOUND(2, USER_ERROR),
    FEATURE_STORE_ALREADY_EXISTS(3, USER_ERROR),
    FEATURE_STORE_INVALID_ARGUMENT(4, USER_ERROR),
    FEATURE_STORE_INVALID_INPUT(5, USER_ERROR),
    FEATURE_STORE_SNAPSHOT_NOT_FOUND(6, USER_ERROR),
    FEATURE_STORE_SOURCE_ERROR(7, EXTERNAL),
    FEATURE_STORE_MEMORY_LIMIT(8, INSUFFICIENT_RESOURCES);

    private final ErrorCode errorCode;

    FeatureStoreErrorCode(int code, ErrorType type)
    {
        errorCode = new ErrorCode(code + 0x0F5E_0000, name(), type);
    }

    /**
     * The exception that reports a problem with this code: the message is a format string, as in
     * {@link String#format}.
     */
    public TrinoException error(String message, Object... arguments)
    {
        return new TrinoException(this, format(message, arguments));
    }

    @Override
    public ErrorCode toErrorCode()
    {
        return errorCode;
    }
}
