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

-- Product embeddings: 4,000 products in 8 categories, 500 each. A title is made of its category's
-- adjectives, products and features, picked by product_id so that no two titles are the same
-- (8 x 8 x 8 combinations per category), and embedded by embed_text of trino-ml-functions: the
-- sentence-transformers model all-MiniLM-L6-v2, 384 dimensions, unit length. Similar titles lie near
-- each other, so a nearest-neighbour search finds products by meaning. The DISTINCT (the rows are
-- distinct already) puts a hash-partitioned exchange after the one driver that generates the rows,
-- so that several drivers run embed_text at once: 14 s instead of 21 s on 2 cores.
CREATE TABLE IF NOT EXISTS iceberg.ml.product_embeddings
COMMENT 'Product title embeddings by embed_text (all-MiniLM-L6-v2), 384 dimensions'
AS
WITH products AS (
    SELECT
        CAST(product_id AS bigint) AS product_id,
        product_id % 8 + 1 AS category_number,
        (product_id - 1) / 8 AS variant
    FROM UNNEST(sequence(1, 4000)) AS products (product_id)
),
titled AS (
    SELECT
        product_id,
        category_number,
        format('%s %s %s',
            element_at(element_at(ARRAY[
                ARRAY['Illustrated', 'Bestselling', 'Hardcover', 'Annotated', 'Pocket-size', 'Signed', 'Classic', 'Award-winning'],
                ARRAY['Wireless', 'Portable', 'Compact', 'Smart', 'Rechargeable', 'Waterproof', 'Bluetooth', 'Ultra-slim'],
                ARRAY['Heavy-duty', 'Ergonomic', 'Weatherproof', 'Self-watering', 'Solar-powered', 'Foldable', 'Galvanised', 'Lightweight'],
                ARRAY['Organic', 'Gluten-free', 'Fair-trade', 'Roasted', 'Wholegrain', 'Sugar-free', 'Cold-pressed', 'Handmade'],
                ARRAY['Non-stick', 'Stainless steel', 'Cast iron', 'Dishwasher-safe', 'Ceramic', 'Induction-ready', 'Copper', 'Bamboo'],
                ARRAY['Ultralight', 'Insulated', 'Windproof', 'Two-person', 'Packable', 'Four-season', 'Reflective', 'All-terrain'],
                ARRAY['Wooden', 'Educational', 'Plush', 'Remote-controlled', 'Magnetic', 'Glow-in-the-dark', 'Musical', 'Stackable'],
                ARRAY['Slim-fit', 'Waterproof', 'Merino wool', 'Linen', 'Vintage', 'Quilted', 'Stretch', 'Recycled']],
                category_number), variant % 8 + 1),
            element_at(element_at(ARRAY[
                ARRAY['cookbook of Italian recipes', 'mystery novel', 'travel guide to Japan', 'history of the Roman Empire', 'children''s picture book', 'science fiction trilogy', 'gardening handbook', 'biography of a jazz musician'],
                ARRAY['noise cancelling over-ear headphones', 'earbuds', 'speaker', 'smartwatch', 'power bank', 'tablet', 'action camera', 'e-reader'],
                ARRAY['garden hose', 'pruning shears', 'raised planter bed', 'lawn mower', 'wheelbarrow', 'compost bin', 'bird feeder', 'patio umbrella'],
                ARRAY['coffee beans', 'olive oil', 'dark chocolate bar', 'green tea', 'pasta', 'granola', 'honey', 'peanut butter'],
                ARRAY['frying pan', 'chef''s knife', 'saucepan', 'cutting board', 'mixing bowl set', 'kettle', 'baking tray', 'salad spinner'],
                ARRAY['hiking tent', 'sleeping bag', 'trekking poles', 'rain jacket', 'camping stove', 'backpack', 'headlamp', 'water filter'],
                ARRAY['building blocks set', 'jigsaw puzzle', 'teddy bear', 'toy race car', 'train set', 'doll house', 'board game', 'kite'],
                ARRAY['jeans', 'rain coat', 'sweater', 'summer dress', 'leather boots', 'winter jacket', 'running shorts', 'scarf']],
                category_number), (variant / 8 + variant) % 8 + 1),
            element_at(element_at(ARRAY[
                ARRAY['for beginners', 'with colour photographs', 'in a gift box', 'with a foreword by the author', 'in large print', 'with maps and timelines', 'for young readers', 'in a collector''s edition'],
                ARRAY['with 30-hour battery', 'with USB-C fast charging', 'with voice assistant', 'with 4K video', 'in matte black', 'with a carrying case', 'with a two-year warranty', 'with touch controls'],
                ARRAY['for small balconies', 'with a ten-year warranty', 'for large lawns', 'in forest green', 'with rust-proof coating', 'for raised beds', 'with an adjustable handle', 'for year-round use'],
                ARRAY['in a family-size pack', 'from Colombia', 'with sea salt', 'in a glass jar', 'from Italy', 'with no added sugar', 'in a resealable bag', 'from local farms'],
                ARRAY['for gas and induction hobs', 'with a lifetime guarantee', 'in a set of three', 'with a wooden handle', 'for professional chefs', 'with a glass lid', 'in pastel blue', 'for small kitchens'],
                ARRAY['for alpine trekking', 'rated to minus ten degrees', 'with a rain cover', 'for weekend camping', 'with taped seams', 'in a compression sack', 'for long-distance hikes', 'with a lifetime warranty'],
                ARRAY['for toddlers', 'with 500 pieces', 'for ages 8 and up', 'with sound effects', 'made from recycled plastic', 'with a storage box', 'for the whole family', 'with rechargeable batteries'],
                ARRAY['in navy blue', 'for men', 'for women', 'with a hood', 'in organic cotton', 'for cold weather', 'with zip pockets', 'in a relaxed fit']],
                category_number), variant / 64 + 1)) AS title
    FROM products
)
SELECT
    product_id,
    element_at(ARRAY['books', 'electronics', 'garden', 'grocery', 'kitchen', 'outdoor', 'toys', 'fashion'], CAST(category_number AS integer)) AS category,
    title,
    embed_text(title) AS embedding
FROM (SELECT DISTINCT product_id, category_number, title FROM titled);

-- A vector index of the embeddings, for feature_store.system.vector_search (docs/feature-store.md#vector-indexes).
CALL feature_store.system.create_vector_index(table_name => 'iceberg.ml.product_embeddings', column_name => 'embedding', if_not_exists => true);

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
