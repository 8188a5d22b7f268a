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

import io.trino.testing.AbstractTestQueryFramework;
import io.trino.testing.QueryRunner;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

final class TestVectorFunctions
        extends AbstractTestQueryFramework
{
    @Override
    protected QueryRunner createQueryRunner()
            throws Exception
    {
        return MlFunctionsQueryRunner.builder().build();
    }

    @Test
    void testVectorNorm()
    {
        assertThat(query("SELECT vector_norm(ARRAY[REAL '3', REAL '4'])")).matches("VALUES DOUBLE '5'");
        assertThat(query("SELECT vector_norm(CAST(NULL AS array(real)))")).matches("VALUES CAST(NULL AS double)");
        assertThat(query("SELECT vector_norm(ARRAY[REAL '3', NULL])")).matches("VALUES CAST(NULL AS double)");
        assertThat(query("SELECT vector_norm(CAST(ARRAY[] AS array(real)))"))
                .failure().hasMessage("vector_norm needs a vector with at least one element");
    }

    @Test
    void testVectorNormOnIcebergTable()
    {
        assertUpdate("CREATE TABLE vectors (id bigint, embedding array(real))");
        assertUpdate("INSERT INTO vectors VALUES (1, ARRAY[REAL '1', 2, 2]), (2, ARRAY[REAL '0', 0, 5]), (3, NULL)", 3);
        assertQuery("SELECT id, vector_norm(embedding) FROM vectors", "VALUES (1, 3.0), (2, 5.0), (3, NULL)");
        assertUpdate("DROP TABLE vectors");
    }
}
