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

import io.trino.spi.ErrorCode;
import io.trino.spi.ErrorCodeSupplier;
import io.trino.spi.ErrorType;

import static io.trino.spi.ErrorType.EXTERNAL;
import static io.trino.spi.ErrorType.USER_ERROR;

public enum MlErrorCode
        implements ErrorCodeSupplier
{
    VECTOR_DIMENSION_MISMATCH(0, USER_ERROR),
    VECTOR_ZERO_NORM(1, USER_ERROR),
    VECTOR_EMPTY(2, USER_ERROR),
    VECTOR_NOT_FINITE(3, USER_ERROR),
    VECTOR_INVALID_PACKED(4, USER_ERROR),
    VECTOR_INVALID_FORMAT(5, USER_ERROR),
    VECTOR_NULL_ELEMENT(6, USER_ERROR),
    VECTOR_OUT_OF_RANGE(7, USER_ERROR),
    // the embedding model could not be loaded or run on this node: its runtime or files, not the query, are at fault
    EMBEDDING_MODEL_FAILED(8, EXTERNAL);

    private final ErrorCode errorCode;

    MlErrorCode(int code, ErrorType type)
    {
        errorCode = new ErrorCode(code + 0x0A17_0000, name(), type);
    }

    @Override
    public ErrorCode toErrorCode()
    {
        return errorCode;
    }
}
