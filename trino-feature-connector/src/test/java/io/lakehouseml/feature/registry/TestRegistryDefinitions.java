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
package io.lakehouseml.feature.registry;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import io.airlift.json.JsonCodec;
import io.airlift.json.JsonCodecFactory;
import io.lakehouseml.feature.registry.FeatureViewDefinition.ColumnDefinition;
import io.lakehouseml.feature.registry.FeatureViewDefinition.SourceTable;
import io.lakehouseml.feature.registry.TrainingSetDefinition.PinnedSource;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The registry keeps its definitions as JSON in the Iceberg catalog: what an earlier release wrote
 * must read back as the same definition, and a definition must be written the same way. The JSON
 * below was written by the release before the connector was split into packages.
 */
final class TestRegistryDefinitions
{
    private static final JsonCodecFactory CODECS = new JsonCodecFactory();
    private static final Instant CREATED_AT = Instant.parse("2026-11-30T12:34:56.789Z");
    private static final SourceTable USERS = new SourceTable("iceberg", "ml", "users");

    @Test
    void testFeatureView()
    {
        // written before feature views had versions: version 1
        FeatureViewDefinition definition = assertReads(
                FeatureViewDefinition.class,
                new FeatureViewDefinition(
                        "ecommerce",
                        "user_stats",
                        FeatureViewDefinition.FIRST_VERSION,
                        USERS,
                        ImmutableList.of("user_id"),
                        "event_ts",
                        Optional.of("created_ts"),
                        Optional.of("30d"),
                        ImmutableList.of("spend", "tier"),
                        Optional.of("1d"),
                        ImmutableList.of(
                                new ColumnDefinition("user_id", "bigint"),
                                new ColumnDefinition("event_ts", "timestamp(6) with time zone"),
                                new ColumnDefinition("created_ts", "timestamp(6) with time zone"),
                                new ColumnDefinition("spend", "double"),
                                new ColumnDefinition("tier", "varchar")),
                        "admin",
                        CREATED_AT),
                "{\"schema\":\"ecommerce\",\"name\":\"user_stats\",\"sourceTable\":{\"catalog\":\"iceberg\",\"schema\":\"ml\",\"table\":\"users\"},\"entityColumns\":[\"user_id\"],\"timestampColumn\":\"event_ts\",\"createdTimestampColumn\":\"created_ts\",\"ttl\":\"30d\",\"features\":[\"spend\",\"tier\"],\"freshnessTarget\":\"1d\",\"columns\":[{\"name\":\"user_id\",\"type\":\"bigint\"},{\"name\":\"event_ts\",\"type\":\"timestamp(6) with time zone\"},{\"name\":\"created_ts\",\"type\":\"timestamp(6) with time zone\"},{\"name\":\"spend\",\"type\":\"double\"},{\"name\":\"tier\",\"type\":\"varchar\"}],\"owner\":\"admin\",\"createdAt\":\"2026-11-30T12:34:56.789Z\"}");
        assertThat(CODECS.jsonCodec(FeatureViewDefinition.class).toJson(definition)).startsWith("{\"schema\":\"ecommerce\",\"name\":\"user_stats\",\"version\":1,");
        FeatureViewDefinition second = definition.withVersion(2);
        assertThat(CODECS.jsonCodec(FeatureViewDefinition.class).fromJson(CODECS.jsonCodec(FeatureViewDefinition.class).toJson(second))).isEqualTo(second);
        assertThat(second.definesSameAs(definition)).isTrue();
    }

    @Test
    void testTrainingSet()
    {
        assertCompatible(
                TrainingSetDefinition.class,
                new TrainingSetDefinition(
                        "ecommerce",
                        "churn_v1",
                        new SourceTable("iceberg", "ml", "labels"),
                        "label_ts",
                        ImmutableList.of("user_stats:spend"),
                        true,
                        ImmutableList.of(
                                new PinnedSource("spine", new SourceTable("iceberg", "ml", "labels"), 123L, CREATED_AT, Optional.empty()),
                                new PinnedSource("user_stats", USERS, 456L, CREATED_AT, Optional.empty())),
                        ImmutableList.of(new ColumnDefinition("label_ts", "timestamp(6) with time zone"), new ColumnDefinition("spend", "double")),
                        "SELECT 1",
                        "abc123",
                        "data_scientist",
                        CREATED_AT,
                        Optional.empty()),
                "{\"schema\":\"ecommerce\",\"name\":\"churn_v1\",\"spineTable\":{\"catalog\":\"iceberg\",\"schema\":\"ml\",\"table\":\"labels\"},\"spineTimestampColumn\":\"label_ts\",\"features\":[\"user_stats:spend\"],\"respectCreatedTimestamp\":true,\"sources\":[{\"role\":\"spine\",\"table\":{\"catalog\":\"iceberg\",\"schema\":\"ml\",\"table\":\"labels\"},\"snapshotId\":123,\"committedAt\":\"2026-11-30T12:34:56.789Z\"},{\"role\":\"user_stats\",\"table\":{\"catalog\":\"iceberg\",\"schema\":\"ml\",\"table\":\"users\"},\"snapshotId\":456,\"committedAt\":\"2026-11-30T12:34:56.789Z\"}],\"columns\":[{\"name\":\"label_ts\",\"type\":\"timestamp(6) with time zone\"},{\"name\":\"spend\",\"type\":\"double\"}],\"sql\":\"SELECT 1\",\"fingerprint\":\"abc123\",\"owner\":\"data_scientist\",\"createdAt\":\"2026-11-30T12:34:56.789Z\"}");
    }

    @Test
    void testEntityAndFeatureService()
    {
        assertCompatible(
                EntityDefinition.class,
                new EntityDefinition("ecommerce", "user", ImmutableList.of("user_id"), Optional.of("A customer"), "admin", CREATED_AT),
                "{\"schema\":\"ecommerce\",\"name\":\"user\",\"joinKeys\":[\"user_id\"],\"description\":\"A customer\",\"owner\":\"admin\",\"createdAt\":\"2026-11-30T12:34:56.789Z\"}");
        assertCompatible(
                FeatureServiceDefinition.class,
                new FeatureServiceDefinition("ecommerce", "churn", ImmutableList.of("user_stats:*", "merchant_risk:risk"), Optional.empty(), "admin", CREATED_AT),
                "{\"schema\":\"ecommerce\",\"name\":\"churn\",\"features\":[\"user_stats:*\",\"merchant_risk:risk\"],\"owner\":\"admin\",\"createdAt\":\"2026-11-30T12:34:56.789Z\"}");
    }

    @Test
    void testMaterialization()
    {
        assertCompatible(
                MaterializationDefinition.class,
                new MaterializationDefinition("ecommerce", "churn_v1", new SourceTable("iceberg", "ml", "churn_v1_rows"), 789L, CREATED_AT, Optional.of(3000L), "admin", CREATED_AT),
                "{\"schema\":\"ecommerce\",\"trainingSet\":\"churn_v1\",\"table\":{\"catalog\":\"iceberg\",\"schema\":\"ml\",\"table\":\"churn_v1_rows\"},\"snapshotId\":789,\"committedAt\":\"2026-11-30T12:34:56.789Z\",\"rows\":3000,\"owner\":\"admin\",\"createdAt\":\"2026-11-30T12:34:56.789Z\"}");
    }

    @Test
    void testExpectations()
    {
        assertCompatible(
                ExpectationDefinition.class,
                new ExpectationDefinition("ecommerce", "user_stats", "spend_range", ExpectationKind.RANGE, "spend", Optional.of("0"), Optional.empty(), ImmutableList.of(), Optional.empty(), Optional.empty(), "admin", CREATED_AT, Optional.empty()),
                "{\"schema\":\"ecommerce\",\"viewName\":\"user_stats\",\"name\":\"spend_range\",\"kind\":\"range\",\"column\":\"spend\",\"minValue\":\"0\",\"allowedValues\":[],\"owner\":\"admin\",\"createdAt\":\"2026-11-30T12:34:56.789Z\"}");
        assertCompatible(
                ExpectationDefinition.class,
                new ExpectationDefinition("ecommerce", "user_stats", "tiers", ExpectationKind.ALLOWED_VALUES, "tier", Optional.empty(), Optional.empty(), ImmutableList.of("gold", "silver"), Optional.empty(), Optional.empty(), "admin", CREATED_AT, Optional.empty()),
                "{\"schema\":\"ecommerce\",\"viewName\":\"user_stats\",\"name\":\"tiers\",\"kind\":\"allowed_values\",\"column\":\"tier\",\"allowedValues\":[\"gold\",\"silver\"],\"owner\":\"admin\",\"createdAt\":\"2026-11-30T12:34:56.789Z\"}");
        assertCompatible(
                ExpectationDefinition.class,
                new ExpectationDefinition("ecommerce", "user_stats", "nulls", ExpectationKind.MAX_NULL_RATE, "spend", Optional.empty(), Optional.empty(), ImmutableList.of(), Optional.of(0.1), Optional.empty(), "admin", CREATED_AT, Optional.empty()),
                "{\"schema\":\"ecommerce\",\"viewName\":\"user_stats\",\"name\":\"nulls\",\"kind\":\"max_null_rate\",\"column\":\"spend\",\"allowedValues\":[],\"maxNullRate\":0.1,\"owner\":\"admin\",\"createdAt\":\"2026-11-30T12:34:56.789Z\"}");
        assertCompatible(
                ExpectationDefinition.class,
                new ExpectationDefinition("ecommerce", "user_stats", "fresh", ExpectationKind.FRESHNESS, "event_ts", Optional.empty(), Optional.empty(), ImmutableList.of(), Optional.empty(), Optional.of("1d"), "admin", CREATED_AT, Optional.empty()),
                "{\"schema\":\"ecommerce\",\"viewName\":\"user_stats\",\"name\":\"fresh\",\"kind\":\"freshness\",\"column\":\"event_ts\",\"allowedValues\":[],\"maxLag\":\"1d\",\"owner\":\"admin\",\"createdAt\":\"2026-11-30T12:34:56.789Z\"}");
        assertCompatible(
                ExpectationDefinition.class,
                new ExpectationDefinition("ecommerce", "user_stats", "keys", ExpectationKind.NOT_NULL, "user_id", Optional.empty(), Optional.empty(), ImmutableList.of(), Optional.empty(), Optional.empty(), "admin", CREATED_AT, Optional.empty()),
                "{\"schema\":\"ecommerce\",\"viewName\":\"user_stats\",\"name\":\"keys\",\"kind\":\"not_null\",\"column\":\"user_id\",\"allowedValues\":[],\"owner\":\"admin\",\"createdAt\":\"2026-11-30T12:34:56.789Z\"}");
    }

    @Test
    void testVersionedSourceAndModel()
    {
        JsonCodec<PinnedSource> sources = CODECS.jsonCodec(PinnedSource.class);
        PinnedSource source = new PinnedSource("user_stats", USERS, 456L, CREATED_AT, Optional.of(2));
        assertThat(sources.toJson(source)).contains("\"featureViewVersion\":2");
        assertThat(sources.fromJson(sources.toJson(source))).isEqualTo(source);

        JsonCodec<ModelVersionDefinition> models = CODECS.jsonCodec(ModelVersionDefinition.class);
        ModelVersionDefinition model = new ModelVersionDefinition(
                "ecommerce",
                "churn",
                1,
                Optional.of("churn_v1"),
                Optional.of("abc123"),
                ImmutableList.of(new PinnedSource("spine", new SourceTable("iceberg", "ml", "labels"), 123L, CREATED_AT, Optional.empty()), source),
                "s3://warehouse/models/churn/1/",
                "00ff",
                42,
                ImmutableList.of(new ModelVersionDefinition.ArtifactFile("model.onnx", 42, "00ff")),
                ImmutableMap.of("auc", 0.91),
                ImmutableMap.of("max_depth", "6"),
                Optional.of("4f2a9c1"),
                Optional.empty(),
                "data_scientist",
                CREATED_AT);
        assertThat(models.fromJson(models.toJson(model))).isEqualTo(model);
    }

    /**
     * A definition an earlier release wrote reads back as this one.
     */
    private static <T> T assertReads(Class<T> type, T definition, String json)
    {
        T read = CODECS.jsonCodec(type).fromJson(json);
        assertThat(read).isEqualTo(definition);
        return read;
    }

    private static <T> void assertCompatible(Class<T> type, T definition, String json)
    {
        JsonCodec<T> codec = CODECS.jsonCodec(type);
        assertThat(codec.fromJson(json)).isEqualTo(definition);
        assertThat(codec.toJson(definition)).isEqualTo(json);
    }
}
