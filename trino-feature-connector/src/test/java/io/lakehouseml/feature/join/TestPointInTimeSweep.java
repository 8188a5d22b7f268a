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

import io.lakehouseml.feature.join.PointInTimeReference.FeatureRow;
import io.lakehouseml.feature.join.PointInTimeReference.SpineRow;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sweep of one entity at a time against the plain reference, on random rows with ties, NULL
 * timestamps, backfills and TTL edges, with timestamps of microseconds only (where the sweep sorts
 * plain {@code long} keys) and with picoseconds (which the engine's differential tests, on types of
 * precision 6 or less, never have). A timestamp is compared with the reference as one number,
 * picoseconds since the epoch.
 */
final class TestPointInTimeSweep
{
    private static final int[] PICOS = {0, 1, 500_000, 999_999};

    @Test
    void testAgainstReference()
    {
        Random random = new Random(7);
        // one sweep for every entity, as the engine keeps it
        PointInTimeSweep sweep = new PointInTimeSweep(0);
        for (int entity = 0; entity < 20_000; entity++) {
            boolean withPicos = entity % 2 == 1;
            boolean respectCreated = random.nextInt(4) != 0;
            Long ttlMicros = random.nextInt(3) == 0 ? null : (long) random.nextInt(8);
            // every tenth entity with many rows, so that its rows are sorted as large entities are
            boolean large = entity % 10 == 0;
            int spineRows = 1 + random.nextInt(large ? 60 : 5);
            int featureRows = random.nextInt(large ? 200 : 12);
            sweep.reset(spineRows + featureRows);

            List<SpineRow> spine = new ArrayList<>();
            List<FeatureRow> features = new ArrayList<>();
            for (int row = 0; row < spineRows + featureRows; row++) {
                boolean isNull = random.nextInt(20) == 0;
                long micros = random.nextInt(30);
                int picos = withPicos ? PICOS[random.nextInt(PICOS.length)] : 0;
                Long time = isNull ? null : micros * 1_000_000 + picos;
                if (row < spineRows) {
                    sweep.addSpine(isNull, isNull ? 0 : micros, isNull ? 0 : picos);
                    spine.add(new SpineRow(row, List.of(entity), time));
                    continue;
                }
                // a created timestamp: absent, within the same microsecond, or a backfill later on
                boolean hasCreated = random.nextInt(4) != 0;
                long createdMicros = micros + (random.nextInt(3) == 0 ? random.nextInt(10) : 0) - (random.nextInt(8) == 0 ? 1 : 0);
                int createdPicos = withPicos ? PICOS[random.nextInt(PICOS.length)] : 0;
                sweep.addFeature(isNull, isNull ? 0 : micros, isNull ? 0 : picos, hasCreated, hasCreated ? createdMicros : 0, hasCreated ? createdPicos : 0);
                features.add(new FeatureRow(List.of(entity), time, hasCreated ? createdMicros * 1_000_000 + createdPicos : null, List.of(row)));
            }

            int[] best = new int[spineRows + featureRows];
            // a hash of the row's values, so that ties are broken by them
            sweep.solve(respectCreated, ttlMicros == null ? -1 : ttlMicros, row -> row * 0x9E3779B97F4A7C15L, best);
            Map<Long, Set<List<Object>>> expected = PointInTimeReference.expected(spine, features, 1, respectCreated, ttlMicros == null ? null : ttlMicros * 1_000_000);
            for (int row = 0; row < spineRows; row++) {
                List<Object> answer = Arrays.asList(best[row] < 0 ? null : (Object) best[row]);
                assertThat(expected.get((long) row))
                        .as("entity %s, spine row %s", entity, row)
                        .contains(answer);
            }
            for (int row = spineRows; row < spineRows + featureRows; row++) {
                assertThat(best[row]).isEqualTo(-1);
            }
        }
    }
}
