-- Quarry's Postgres example: an existing database to chat over, and a role that may only read it.
--
--   psql "$DATABASE_URL" -v reader_password='pick-a-password' -f examples/postgres/setup.sql
--
-- Creates (again, dropping what a previous run made) a schema with a small shop in it: customers,
-- products, orders and their items, a few thousand rows made with generate_series, so the same data comes
-- out every time. Then a role that may log in and SELECT from those tables, and nothing else: no INSERT,
-- UPDATE or DELETE, no CREATE in the schema. Quarry's engine connects as that role.
--
-- psql variables (-v NAME=VALUE): schema (default shop), reader (default quarry_reader) and
-- reader_password (default quarry_reader: change it anywhere but your laptop). Without psql, setup.ts runs
-- this file the same way.

\set ON_ERROR_STOP on
\if :{?schema}
\else
  \set schema shop
\endif
\if :{?reader}
\else
  \set reader quarry_reader
\endif
\if :{?reader_password}
\else
  \set reader_password quarry_reader
\endif

BEGIN;

DROP SCHEMA IF EXISTS :"schema" CASCADE;
DROP ROLE IF EXISTS :"reader";
CREATE SCHEMA :"schema";
SET LOCAL search_path = :"schema";

CREATE TABLE customers (
  customer_id integer PRIMARY KEY,
  name text NOT NULL,
  email text NOT NULL UNIQUE,
  city text NOT NULL,
  country text NOT NULL,
  signed_up date NOT NULL
);

CREATE TABLE products (
  product_id integer PRIMARY KEY,
  name text NOT NULL,
  category text NOT NULL,
  price numeric(10, 2) NOT NULL CHECK (price > 0)
);

CREATE TABLE orders (
  order_id integer PRIMARY KEY,
  customer_id integer NOT NULL REFERENCES customers,
  ordered_at date NOT NULL,
  status text NOT NULL CHECK (status IN ('pending', 'shipped', 'delivered', 'cancelled'))
);

CREATE TABLE order_items (
  order_id integer NOT NULL REFERENCES orders,
  product_id integer NOT NULL REFERENCES products,
  quantity integer NOT NULL CHECK (quantity > 0),
  unit_price numeric(10, 2) NOT NULL,
  PRIMARY KEY (order_id, product_id)
);

COMMENT ON TABLE orders IS 'One row per order a customer placed; its lines are in order_items.';
COMMENT ON COLUMN order_items.unit_price IS 'The price paid per unit, in euros, when the order was placed.';

-- 240 customers: names, cities and sign-up dates spread by arithmetic on i, the same on every run.
INSERT INTO customers
SELECT
  i,
  first_name || ' ' || last_name,
  translate(lower(first_name || '.' || last_name), 'éü', 'eu') || i || '@example.com',
  (ARRAY['Berlin', 'Hamburg', 'Munich', 'Paris', 'Lyon', 'Milan', 'Madrid', 'Vienna', 'Amsterdam',
         'Copenhagen'])[place],
  (ARRAY['Germany', 'Germany', 'Germany', 'France', 'France', 'Italy', 'Spain', 'Austria', 'Netherlands',
         'Denmark'])[place],
  DATE '2022-01-01' + (i * 37) % 900
FROM generate_series(1, 240) AS i
CROSS JOIN LATERAL (SELECT
  (ARRAY['Anna', 'Ben', 'Chloé', 'David', 'Elif', 'Farid', 'Greta', 'Hugo', 'Ines', 'Jonas', 'Kaja', 'Luca',
         'Mila', 'Noah', 'Olga', 'Paul', 'Rosa', 'Sami', 'Tara', 'Yusuf'])[1 + i % 20] AS first_name,
  (ARRAY['Schmidt', 'Rossi', 'Dubois', 'Novak', 'Jensen', 'Garcia', 'Kowalski', 'Silva', 'Müller', 'Smith',
         'Nagy', 'Berg'])[1 + (i * 7) % 12] AS last_name,
  -- Skewed, as real customers are: most in Berlin, fewest in Copenhagen.
  1 + floor(10 * (((i * 7) % 240) / 240.0) ^ 2)::int AS place
) AS picked;

INSERT INTO products VALUES
  (1, 'Espresso beans 1 kg', 'Coffee', 24.90),
  (2, 'Filter coffee 500 g', 'Coffee', 11.50),
  (3, 'Decaf beans 500 g', 'Coffee', 13.90),
  (4, 'Single origin Ethiopia 250 g', 'Coffee', 9.80),
  (5, 'Single origin Colombia 250 g', 'Coffee', 9.20),
  (6, 'Cold brew concentrate 1 l', 'Coffee', 14.00),
  (7, 'Green tea sencha 100 g', 'Tea', 8.50),
  (8, 'Earl grey 250 g', 'Tea', 7.90),
  (9, 'Chamomile 50 bags', 'Tea', 4.60),
  (10, 'Matcha 30 g', 'Tea', 18.00),
  (11, 'Rooibos 250 g', 'Tea', 6.40),
  (12, 'Chai spice mix 200 g', 'Tea', 9.90),
  (13, 'Espresso machine', 'Equipment', 449.00),
  (14, 'Burr grinder', 'Equipment', 129.00),
  (15, 'Pour-over dripper', 'Equipment', 24.00),
  (16, 'French press 1 l', 'Equipment', 32.00),
  (17, 'Gooseneck kettle', 'Equipment', 59.00),
  (18, 'Kitchen scale', 'Equipment', 27.50),
  (19, 'Paper filters 100', 'Accessories', 4.90),
  (20, 'Milk jug 600 ml', 'Accessories', 16.00),
  (21, 'Travel mug', 'Accessories', 19.90),
  (22, 'Cup set of 4', 'Accessories', 29.00),
  (23, 'Tamper 58 mm', 'Accessories', 22.00),
  (24, 'Cleaning tablets 50', 'Accessories', 9.50);

-- 1,200 orders over 2024 and 2025; every twentieth is cancelled and another still pending.
INSERT INTO orders
SELECT
  i,
  1 + (i * 13 + (i * i) % 17) % 240,
  DATE '2024-01-01' + (i * 7) % 731,
  CASE i % 20 WHEN 0 THEN 'cancelled' WHEN 1 THEN 'pending' WHEN 2 THEN 'shipped' WHEN 3 THEN 'shipped'
    ELSE 'delivered' END
FROM generate_series(1, 1200) AS i;

-- One to three lines an order (never the same product twice), at the product's price.
INSERT INTO order_items
SELECT o.order_id, p.product_id, 1 + (o.order_id + line) % 4, p.price
FROM orders AS o
CROSS JOIN LATERAL generate_series(1, 1 + o.order_id % 3) AS line
JOIN products AS p ON p.product_id = 1 + (o.order_id * 5 + line * 11) % 24;

-- The role Quarry connects as: it may log in and read these tables, and do nothing else.
CREATE ROLE :"reader" LOGIN PASSWORD :'reader_password';
GRANT USAGE ON SCHEMA :"schema" TO :"reader";
GRANT SELECT ON ALL TABLES IN SCHEMA :"schema" TO :"reader";

COMMIT;
