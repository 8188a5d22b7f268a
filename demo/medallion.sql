-- The demo's medallion pipeline: raw events (bronze) are cleaned (silver) and aggregated into
-- features (gold). Each step is one plain SQL statement; silver and gold are written through
-- write-audit-publish, so their new rows reach main only after the table's expectations held on
-- the branch. Every write is recorded by the query lineage listener and the procedures, so the
-- lineage of a model trained on the gold features reaches the raw events.
-- The pipeline rebuilds silver and gold from bronze each time it runs.

CREATE SCHEMA IF NOT EXISTS iceberg.bronze;
CREATE SCHEMA IF NOT EXISTS iceberg.silver;
CREATE SCHEMA IF NOT EXISTS iceberg.gold;

-- Bronze: 20,000 events of 500 users through 2025, as an event collector delivered them: event
-- times as text, some event types in upper case, about 1% delivered twice, and a few broken rows
-- (no user, a negative amount).
CREATE TABLE IF NOT EXISTS iceberg.bronze.raw_events
COMMENT 'Raw user events as delivered by the collector'
AS
WITH ids AS (
    SELECT CAST((block - 1) * 1000 + n AS bigint) AS event_id
    FROM UNNEST(sequence(1, 20)) AS blocks (block)
    CROSS JOIN UNNEST(sequence(1, 1000)) AS numbers (n)
),
draws AS (
    SELECT
        event_id,
        bitwise_and(from_big_endian_64(xxhash64(to_big_endian_64(700000 + event_id * 10 + 1))), 9007199254740991) / 9007199254740992e0 AS u1,
        bitwise_and(from_big_endian_64(xxhash64(to_big_endian_64(700000 + event_id * 10 + 2))), 9007199254740991) / 9007199254740992e0 AS u2,
        bitwise_and(from_big_endian_64(xxhash64(to_big_endian_64(700000 + event_id * 10 + 3))), 9007199254740991) / 9007199254740992e0 AS u3,
        bitwise_and(from_big_endian_64(xxhash64(to_big_endian_64(700000 + event_id * 10 + 4))), 9007199254740991) / 9007199254740992e0 AS u4,
        bitwise_and(from_big_endian_64(xxhash64(to_big_endian_64(700000 + event_id * 10 + 5))), 9007199254740991) / 9007199254740992e0 AS u5
    FROM ids
),
events AS (
    SELECT
        event_id,
        IF(u4 < 0.005, NULL, CAST(floor(u1 * 500) AS bigint) + 1) AS user_id,
        CASE
            WHEN u2 < 0.02 THEN 'PURCHASE'
            WHEN u2 < 0.60 THEN 'purchase'
            WHEN u2 < 0.65 THEN 'refund'
            ELSE 'visit'
        END AS event_type,
        CASE
            WHEN u2 >= 0.65 THEN NULL
            WHEN u4 > 0.995 THEN -round(5 + 295 * u5, 2)
            ELSE round(5 + 295 * u5, 2)
        END AS amount,
        TIMESTAMP '2025-01-01 00:00:00 UTC' + CAST(floor(u3 * 365 * 24 * 60) AS integer) * INTERVAL '1' MINUTE AS event_time,
        u4
    FROM draws
)
SELECT event_id, user_id, event_type, amount, to_iso8601(event_time) AS event_time, CAST(event_time + INTERVAL '2' MINUTE AS timestamp(6) with time zone) AS ingested_at
FROM events
UNION ALL
SELECT event_id, user_id, event_type, amount, to_iso8601(event_time), CAST(event_time + INTERVAL '1' HOUR AS timestamp(6) with time zone)
FROM events
WHERE u4 BETWEEN 0.5 AND 0.51;

-- Silver: typed, deduplicated and valid events, with expectations that gate every write.
DROP TABLE IF EXISTS iceberg.silver.events_staging_load_2025;
DROP TABLE IF EXISTS iceberg.silver.events;
CREATE TABLE iceberg.silver.events (
    event_id bigint,
    user_id bigint,
    event_type varchar,
    amount double,
    event_ts timestamp(6) with time zone)
COMMENT 'User events: typed, deduplicated, valid';
CALL feature_store.system.add_expectation(table_name => 'iceberg.silver.events', expectation_name => 'user_present', kind => 'not_null', column_name => 'user_id', if_not_exists => true);
CALL feature_store.system.add_expectation(table_name => 'iceberg.silver.events', expectation_name => 'amount_positive', kind => 'range', column_name => 'amount', min_value => '0', if_not_exists => true);
CALL feature_store.system.add_expectation(table_name => 'iceberg.silver.events', expectation_name => 'event_types', kind => 'allowed_values', column_name => 'event_type', allowed_values => ARRAY['purchase', 'refund', 'visit'], if_not_exists => true);

CALL feature_store.system.begin_write(table_name => 'iceberg.silver.events', branch_name => 'load_2025');
INSERT INTO iceberg.silver.events_staging_load_2025
SELECT event_id, user_id, event_type, amount, event_ts
FROM (
    SELECT
        event_id,
        user_id,
        lower(event_type) AS event_type,
        amount,
        CAST(from_iso8601_timestamp(event_time) AS timestamp(6) with time zone) AS event_ts,
        row_number() OVER (PARTITION BY event_id ORDER BY ingested_at) AS delivery
    FROM iceberg.bronze.raw_events)
WHERE delivery = 1 AND user_id IS NOT NULL AND coalesce(amount, 0) >= 0;
CALL feature_store.system.commit_write(table_name => 'iceberg.silver.events', branch_name => 'load_2025');
-- the gate: with a violated expectation this statement fails, and the pipeline stops before publishing
SELECT fail(format('%d expectations of iceberg.silver.events are violated on branch load_2025', count(*)))
FROM feature_store.system."silver.events$violations@load_2025"
HAVING count(*) > 0;
CALL feature_store.system.publish_write(table_name => 'iceberg.silver.events', branch_name => 'load_2025');

-- Gold: per user and month, what the month's events add up to, known at the month's end.
DROP TABLE IF EXISTS iceberg.gold.user_activity_staging_load_2025;
DROP TABLE IF EXISTS iceberg.gold.user_activity;
CREATE TABLE iceberg.gold.user_activity (
    user_id bigint,
    event_ts timestamp(6) with time zone,
    purchases_month bigint,
    spend_month double,
    refunds_month bigint,
    visits_month bigint)
COMMENT 'Monthly user activity features, from silver.events';
CALL feature_store.system.add_expectation(table_name => 'iceberg.gold.user_activity', expectation_name => 'spend_positive', kind => 'range', column_name => 'spend_month', min_value => '0', if_not_exists => true);
CALL feature_store.system.add_expectation(table_name => 'iceberg.gold.user_activity', expectation_name => 'user_present', kind => 'not_null', column_name => 'user_id', if_not_exists => true);

CALL feature_store.system.begin_write(table_name => 'iceberg.gold.user_activity', branch_name => 'load_2025');
INSERT INTO iceberg.gold.user_activity_staging_load_2025
SELECT
    user_id,
    date_trunc('month', event_ts) + INTERVAL '1' MONTH AS event_ts,
    count_if(event_type = 'purchase') AS purchases_month,
    coalesce(round(sum(amount) FILTER (WHERE event_type = 'purchase'), 2), 0) AS spend_month,
    count_if(event_type = 'refund') AS refunds_month,
    count_if(event_type = 'visit') AS visits_month
FROM iceberg.silver.events
GROUP BY user_id, date_trunc('month', event_ts);
CALL feature_store.system.commit_write(table_name => 'iceberg.gold.user_activity', branch_name => 'load_2025');
SELECT fail(format('%d expectations of iceberg.gold.user_activity are violated on branch load_2025', count(*)))
FROM feature_store.system."gold.user_activity$violations@load_2025"
HAVING count(*) > 0;
CALL feature_store.system.publish_write(table_name => 'iceberg.gold.user_activity', branch_name => 'load_2025');
