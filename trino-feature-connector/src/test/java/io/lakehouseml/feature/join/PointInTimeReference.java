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

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The point-in-time join as its definition reads, written plainly and independently of the
 * connector's sweep and tie hash: for a spine row, the feature rows of its entity are visible when
 * their event time is not after the spine row's time and, when created times are respected, neither
 * is their created time (an absent created time is the event time); of those, the rows with the
 * latest event time and then the latest created time are the answer, unless that event time is
 * older than the TTL. Where several rows tie, each of their values is an acceptable answer.
 */
final class PointInTimeReference
{
    private PointInTimeReference() {}

    /**
     * A spine row; a NULL in the key or time finds nothing.
     */
    record SpineRow(long id, List<Object> key, Long time)
    {
        SpineRow
        {
            key = Collections.unmodifiableList(new ArrayList<>(key));
        }
    }

    /**
     * A feature row; a NULL in the key or event time is never found.
     */
    record FeatureRow(List<Object> key, Long time, Long created, List<Object> values)
    {
        FeatureRow
        {
            key = Collections.unmodifiableList(new ArrayList<>(key));
            values = Collections.unmodifiableList(new ArrayList<>(values));
        }
    }

    /**
     * Every acceptable list of feature values of each spine row, by spine row id (spine rows with the
     * same id must be the same row); a list of NULLs where no feature row is visible.
     *
     * @param ttl the TTL in the unit of the times, or NULL for none
     */
    static Map<Long, Set<List<Object>>> expected(List<SpineRow> spine, List<FeatureRow> features, int featureCount, boolean respectCreated, Long ttl)
    {
        Map<List<Object>, List<FeatureRow>> byKey = new HashMap<>();
        for (FeatureRow feature : features) {
            if (feature.time() != null && !feature.key().contains(null)) {
                byKey.computeIfAbsent(feature.key(), _ -> new ArrayList<>()).add(feature);
            }
        }
        Map<Long, Set<List<Object>>> expected = new HashMap<>();
        for (SpineRow row : spine) {
            Set<List<Object>> answers = new HashSet<>();
            if (row.time() != null && !row.key().contains(null)) {
                List<FeatureRow> visible = new ArrayList<>();
                for (FeatureRow feature : byKey.getOrDefault(row.key(), List.of())) {
                    if (feature.time() <= row.time() && (!respectCreated || created(feature) <= row.time())) {
                        visible.add(feature);
                    }
                }
                if (!visible.isEmpty()) {
                    long latestEvent = visible.stream().mapToLong(FeatureRow::time).max().orElseThrow();
                    long latestCreated = visible.stream().filter(feature -> feature.time() == latestEvent).mapToLong(PointInTimeReference::created).max().orElseThrow();
                    if (ttl == null || latestEvent >= row.time() - ttl) {
                        visible.stream()
                                .filter(feature -> feature.time() == latestEvent && created(feature) == latestCreated)
                                .forEach(feature -> answers.add(feature.values()));
                    }
                }
            }
            if (answers.isEmpty()) {
                answers.add(Collections.nCopies(featureCount, null));
            }
            Set<List<Object>> previous = expected.put(row.id(), answers);
            if (previous != null && !previous.equals(answers)) {
                throw new IllegalArgumentException("Spine rows with id %s differ".formatted(row.id()));
            }
        }
        return expected;
    }

    private static long created(FeatureRow feature)
    {
        return Objects.requireNonNullElse(feature.created(), feature.time());
    }

    /**
     * A timestamp as the engine returns it, in microseconds since the epoch; a timestamp without a
     * time zone counts as UTC.
     */
    static Long micros(Object timestamp)
    {
        return switch (timestamp) {
            case null -> null;
            case ZonedDateTime zoned -> ChronoUnit.MICROS.between(Instant.EPOCH, zoned.toInstant());
            case LocalDateTime local -> ChronoUnit.MICROS.between(Instant.EPOCH, local.toInstant(ZoneOffset.UTC));
            default -> throw new IllegalArgumentException("Not a timestamp: " + timestamp.getClass());
        };
    }
}
