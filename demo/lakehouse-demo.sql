-- The demo lakehouse: a small e-commerce data set made by a deterministic generator.
-- Every value derives from a hash of its row's key, so each load gives the same rows.
-- uniform(seed) in [0, 1) is written as
--   bitwise_and(from_big_endian_64(xxhash64(to_big_endian_64(seed))), 9007199254740991) / 9007199254740992e0
-- Every statement is idempotent: loading twice changes nothing.

CREATE SCHEMA IF NOT EXISTS iceberg.features;
CREATE SCHEMA IF NOT EXISTS iceberg.ml;
CREATE SCHEMA IF NOT EXISTS iceberg.crm;
CREATE SCHEMA IF NOT EXISTS iceberg.governance;
CREATE SCHEMA IF NOT EXISTS iceberg.sandbox;

-- User features: 500 users, one computation a month through 2025 (6,000 rows).
-- created_ts is when the row was written; about 5% were backfilled weeks after their event time,
-- and about 3% of avg_spend_30d values are missing.
CREATE TABLE IF NOT EXISTS iceberg.features.user_stats
COMMENT 'Per-user spending features, computed monthly'
AS
WITH draws AS (
    SELECT
        CAST(user_id AS bigint) AS user_id,
        month,
        bitwise_and(from_big_endian_64(xxhash64(to_big_endian_64(user_id * 1000 + month * 10 + 1))), 9007199254740991) / 9007199254740992e0 AS u1,
        bitwise_and(from_big_endian_64(xxhash64(to_big_endian_64(user_id * 1000 + month * 10 + 2))), 9007199254740991) / 9007199254740992e0 AS u2,
        bitwise_and(from_big_endian_64(xxhash64(to_big_endian_64(user_id * 1000 + month * 10 + 3))), 9007199254740991) / 9007199254740992e0 AS u3,
        bitwise_and(from_big_endian_64(xxhash64(to_big_endian_64(user_id * 1000 + month * 10 + 4))), 9007199254740991) / 9007199254740992e0 AS u4
    FROM UNNEST(sequence(1, 500)) AS users (user_id)
    CROSS JOIN UNNEST(sequence(0, 11)) AS months (month)
),
timed AS (
    SELECT
        *,
        CAST(TIMESTAMP '2025-01-01 00:00:00 UTC' + month * INTERVAL '30' DAY + CAST(floor(u1 * 72) AS integer) * INTERVAL '1' HOUR AS timestamp(6) with time zone) AS event_ts
    FROM draws
)
SELECT
    user_id,
    event_ts,
    CASE
        WHEN u2 < 0.05 THEN event_ts + INTERVAL '21' DAY
        ELSE event_ts + CAST(floor(u2 * 36) AS integer) * INTERVAL '1' HOUR
    END AS created_ts,
    CASE WHEN u3 < 0.03 THEN NULL ELSE round(15 + 240 * u4 * (1 + (user_id % 7) / 10e0), 2) END AS avg_spend_30d,
    CAST(floor(u3 * 30) AS bigint) AS txn_count_7d,
    CAST(30 * month + (user_id % 400) AS integer) AS days_since_signup,
    (user_id % 5 = 0) AS is_premium,
    element_at(ARRAY['books', 'electronics', 'garden', 'grocery', 'kitchen', 'outdoor', 'toys', 'fashion'], CAST(floor(u4 * 8) AS integer) + 1) AS favourite_category
FROM timed;

-- Merchant features: 100 merchants, one computation a week through 2025 (5,200 rows).
CREATE TABLE IF NOT EXISTS iceberg.features.merchant_risk
COMMENT 'Per-merchant risk features, computed weekly'
AS
WITH draws AS (
    SELECT
        CAST(merchant_id AS bigint) AS merchant_id,
        week,
        bitwise_and(from_big_endian_64(xxhash64(to_big_endian_64(500000 + merchant_id * 1000 + week * 10 + 1))), 9007199254740991) / 9007199254740992e0 AS u1,
        bitwise_and(from_big_endian_64(xxhash64(to_big_endian_64(500000 + merchant_id * 1000 + week * 10 + 2))), 9007199254740991) / 9007199254740992e0 AS u2,
        bitwise_and(from_big_endian_64(xxhash64(to_big_endian_64(500000 + merchant_id * 1000 + week * 10 + 3))), 9007199254740991) / 9007199254740992e0 AS u3
    FROM UNNEST(sequence(1, 100)) AS merchants (merchant_id)
    CROSS JOIN UNNEST(sequence(0, 51)) AS weeks (week)
),
timed AS (
    SELECT
        *,
        CAST(TIMESTAMP '2025-01-01 00:00:00 UTC' + week * INTERVAL '7' DAY + CAST(floor(u1 * 24) AS integer) * INTERVAL '1' HOUR AS timestamp(6) with time zone) AS event_ts
    FROM draws
)
SELECT
    merchant_id,
    event_ts,
    event_ts + CAST(floor(u2 * 12) AS integer) * INTERVAL '1' HOUR AS created_ts,
    round(0.002 + 0.05 * u3 * u3, 4) AS chargeback_rate_90d,
    round(100 * (0.3 * u2 + 0.7 * u3 * u3), 1) AS risk_score,
    element_at(ARRAY['marketplace', 'travel', 'digital goods', 'food delivery', 'retail'], CAST(merchant_id % 5 AS integer) + 1) AS merchant_category
FROM timed;

-- The spine: 3,000 labelled events (a user buying from a merchant) between February 2025 and the
-- end of the year, each labelled with whether the user churned in the following 60 days.
CREATE TABLE IF NOT EXISTS iceberg.ml.churn_labels
COMMENT 'Labelled events for a churn model: the spine of the training set'
AS
WITH draws AS (
    SELECT
        CAST(label_id AS bigint) AS label_id,
        bitwise_and(from_big_endian_64(xxhash64(to_big_endian_64(900000 + label_id * 10 + 1))), 9007199254740991) / 9007199254740992e0 AS u1,
        bitwise_and(from_big_endian_64(xxhash64(to_big_endian_64(900000 + label_id * 10 + 2))), 9007199254740991) / 9007199254740992e0 AS u2,
        bitwise_and(from_big_endian_64(xxhash64(to_big_endian_64(900000 + label_id * 10 + 3))), 9007199254740991) / 9007199254740992e0 AS u3,
        bitwise_and(from_big_endian_64(xxhash64(to_big_endian_64(900000 + label_id * 10 + 4))), 9007199254740991) / 9007199254740992e0 AS u4
    FROM UNNEST(sequence(1, 3000)) AS labels (label_id)
)
SELECT
    label_id,
    CAST(floor(u1 * 500) AS bigint) + 1 AS user_id,
    CAST(floor(u2 * 100) AS bigint) + 1 AS merchant_id,
    CAST(TIMESTAMP '2025-02-01 00:00:00 UTC' + CAST(floor(u3 * 333 * 24 * 60) AS integer) * INTERVAL '1' MINUTE AS timestamp(6) with time zone) AS label_ts,
    u4 < 0.18 AS churned
FROM draws;

-- Product embeddings: 4,000 products in 8 categories, 384-dimensional float32 vectors (the size of
-- common sentence-embedding models); products of one category lie around a common direction.
CREATE TABLE IF NOT EXISTS iceberg.ml.product_embeddings
COMMENT 'Product title embeddings, 384 dimensions'
AS
WITH products AS (
    SELECT CAST(product_id AS bigint) AS product_id, product_id % 8 AS category_index
    FROM UNNEST(sequence(1, 4000)) AS products (product_id)
)
SELECT
    product_id,
    element_at(ARRAY['books', 'electronics', 'garden', 'grocery', 'kitchen', 'outdoor', 'toys', 'fashion'], CAST(category_index AS integer) + 1) AS category,
    format('%s item %d', element_at(ARRAY['Book', 'Gadget', 'Plant', 'Snack', 'Pan', 'Tent', 'Puzzle', 'Jacket'], CAST(category_index AS integer) + 1), product_id) AS title,
    transform(
        sequence(1, 384),
        dimension -> CAST(
            sin(category_index * 1.3e0 + dimension * 0.7e0)
            + 0.8e0 * (bitwise_and(from_big_endian_64(xxhash64(to_big_endian_64(product_id * 1000 + dimension))), 1048575) / 1048576e0 - 0.5e0)
            AS real)) AS embedding
FROM products;

-- Customers (personal data): one row per demo user, 500 rows. etc/rules.json masks email, phone
-- and birth_date for data_scientist and filters the rows for analyst.
CREATE TABLE IF NOT EXISTS iceberg.crm.customers
COMMENT 'Customers of the shop: personal data, governed by etc/rules.json'
AS
WITH draws AS (
    SELECT
        CAST(customer_id AS bigint) AS customer_id,
        bitwise_and(from_big_endian_64(xxhash64(to_big_endian_64(700000 + customer_id * 10 + 1))), 9007199254740991) / 9007199254740992e0 AS u1,
        bitwise_and(from_big_endian_64(xxhash64(to_big_endian_64(700000 + customer_id * 10 + 2))), 9007199254740991) / 9007199254740992e0 AS u2,
        bitwise_and(from_big_endian_64(xxhash64(to_big_endian_64(700000 + customer_id * 10 + 3))), 9007199254740991) / 9007199254740992e0 AS u3,
        bitwise_and(from_big_endian_64(xxhash64(to_big_endian_64(700000 + customer_id * 10 + 4))), 9007199254740991) / 9007199254740992e0 AS u4
    FROM UNNEST(sequence(1, 500)) AS customers (customer_id)
)
SELECT
    customer_id,
    format('%s.%s%d@example.com',
        element_at(ARRAY['ada', 'ben', 'cleo', 'dev', 'elif', 'femi', 'gus', 'hana', 'ivo', 'jun'], CAST(floor(u1 * 10) AS integer) + 1),
        element_at(ARRAY['smith', 'garcia', 'muller', 'rossi', 'dubois', 'silva', 'kowalski', 'jansen'], CAST(floor(u2 * 8) AS integer) + 1),
        customer_id) AS email,
    format('+%d-555-%07d', CAST(floor(u3 * 89) AS integer) + 10, CAST(floor(u4 * 10000000) AS integer)) AS phone,
    element_at(ARRAY['DE', 'ES', 'FR', 'NL', 'US', 'GB', 'BR', 'IN'], CAST(floor(u3 * 8) AS integer) + 1) AS country,
    DATE '1950-01-01' + CAST(floor(u1 * 55 * 365) AS integer) * INTERVAL '1' DAY AS birth_date,
    CAST(TIMESTAMP '2025-01-01 00:00:00 UTC' + CAST(floor(u2 * 365 * 24) AS integer) * INTERVAL '1' HOUR AS timestamp(6) with time zone) AS updated_at,
    round(5000 * u4 * u4, 2) AS lifetime_value
FROM draws;

-- The key of the keyed hash that masks email for data_scientist: random, made once per data
-- directory, and readable by admin only (etc/rules.json).
CREATE TABLE IF NOT EXISTS iceberg.governance.mask_keys (
    key_name varchar,
    mask_key varbinary)
COMMENT 'Keys of the column masks in etc/rules.json: readable by admin only';

INSERT INTO iceberg.governance.mask_keys
SELECT 'email', to_utf8(CAST(uuid() AS varchar) || CAST(uuid() AS varchar))
WHERE NOT EXISTS (SELECT 1 FROM iceberg.governance.mask_keys WHERE key_name = 'email');
