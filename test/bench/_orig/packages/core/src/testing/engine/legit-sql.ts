import type { SqlDialect } from "./fixture-tables.js";

/** An analytic statement over the fixture tables that every engine of the listed dialects must run. */
export interface LegitSql {
  sql: string;
  dialects: readonly SqlDialect[];
  /** What it exercises, for the test's name. */
  note: string;
}

const both: readonly SqlDialect[] = ["duckdb", "postgres"];
const duckdb: readonly SqlDialect[] = ["duckdb"];

function list(dialects: readonly SqlDialect[], entries: [string, string][]): LegitSql[] {
  return entries.map(([note, sql]) => ({ sql, dialects, note }));
}

/**
 * At least 50 questions' worth of SQL over `orders` and `"Customers"` (fixture-tables.ts), each returning at
 * least one row. Most are portable SQL that DuckDB and PostgreSQL both run; `"Customers"` is always quoted
 * because PostgreSQL folds unquoted names to lower case.
 */
export const legitSql: readonly LegitSql[] = [
  ...list(both, [
    ["select star", "SELECT * FROM orders"],
    ["count", "SELECT count(*) AS n FROM orders"],
    [
      "filter and order",
      "SELECT order_id, amount FROM orders WHERE status = 'shipped' ORDER BY amount DESC LIMIT 5",
    ],
    [
      "group by",
      "SELECT status, count(*) AS n, sum(amount) AS total FROM orders GROUP BY status ORDER BY status",
    ],
    [
      "having",
      "SELECT customer_id, sum(amount) AS total FROM orders GROUP BY customer_id HAVING sum(amount) > 300",
    ],
    ["quoted identifier column", `SELECT order_id, "Cost Total $" FROM orders WHERE "Cost Total $" > 100`],
    [
      "margin from a quoted column",
      `SELECT order_id, amount - "Cost Total $" AS margin FROM orders ORDER BY margin DESC`,
    ],
    ["mixed-case table", `SELECT name, country FROM "Customers" ORDER BY name`],
    [
      "inner join",
      `SELECT c.name, o.order_id, o.amount FROM orders o JOIN "Customers" c ON c.customer_id = o.customer_id`,
    ],
    [
      "left join finds customers without orders",
      `SELECT c.name FROM "Customers" c LEFT JOIN orders o ON o.customer_id = c.customer_id WHERE o.order_id IS NULL`,
    ],
    [
      "join with aggregate",
      `SELECT c.country, sum(o.amount) AS revenue FROM orders o JOIN "Customers" c USING (customer_id) GROUP BY c.country ORDER BY revenue DESC`,
    ],
    ["CTE", "WITH big AS (SELECT * FROM orders WHERE amount > 200) SELECT count(*) AS n FROM big"],
    [
      "two CTEs",
      "WITH per_customer AS (SELECT customer_id, sum(amount) AS total FROM orders GROUP BY customer_id), ranked AS (SELECT customer_id, total FROM per_customer WHERE total > 100) SELECT * FROM ranked ORDER BY total DESC",
    ],
    [
      "CTE joined to a table",
      `WITH totals AS (SELECT customer_id, sum(amount) AS total FROM orders GROUP BY customer_id) SELECT c.name, t.total FROM totals t JOIN "Customers" c ON c.customer_id = t.customer_id`,
    ],
    [
      "recursive CTE",
      "WITH RECURSIVE months(m) AS (SELECT 1 UNION ALL SELECT m + 1 FROM months WHERE m < 6) SELECT m FROM months",
    ],
    [
      "row_number window",
      "SELECT order_id, customer_id, row_number() OVER (PARTITION BY customer_id ORDER BY order_date) AS nth FROM orders",
    ],
    [
      "running total",
      "SELECT order_date, amount, sum(amount) OVER (ORDER BY order_date ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS running FROM orders",
    ],
    [
      "moving average",
      "SELECT order_date, avg(amount) OVER (ORDER BY order_date ROWS BETWEEN 2 PRECEDING AND CURRENT ROW) AS moving FROM orders",
    ],
    ["lag", "SELECT order_id, amount, amount - lag(amount) OVER (ORDER BY order_id) AS change FROM orders"],
    [
      "rank and dense_rank",
      "SELECT order_id, rank() OVER (ORDER BY amount DESC) AS r, dense_rank() OVER (ORDER BY status) AS d FROM orders",
    ],
    [
      "share of total",
      "SELECT status, sum(amount) / sum(sum(amount)) OVER () AS share FROM orders GROUP BY status",
    ],
    [
      "extract year and month",
      "SELECT EXTRACT(YEAR FROM order_date) AS y, EXTRACT(MONTH FROM order_date) AS m, count(*) AS n FROM orders GROUP BY 1, 2 ORDER BY 1, 2",
    ],
    [
      "date_trunc by month",
      "SELECT date_trunc('month', order_date) AS month, sum(amount) AS total FROM orders GROUP BY 1 ORDER BY 1",
    ],
    [
      "date range filter",
      "SELECT * FROM orders WHERE order_date BETWEEN DATE '2024-03-01' AND DATE '2024-03-31'",
    ],
    ["interval arithmetic", "SELECT order_id, order_date + INTERVAL '7 days' AS due FROM orders"],
    [
      "days to ship",
      "SELECT order_id, CAST(shipped_at AS DATE) - order_date AS days FROM orders WHERE shipped_at IS NOT NULL",
    ],
    [
      "timestamp hour",
      "SELECT EXTRACT(HOUR FROM shipped_at) AS hour, count(*) AS n FROM orders WHERE shipped_at IS NOT NULL GROUP BY 1",
    ],
    ["ROLLUP", "SELECT status, is_gift, sum(amount) AS total FROM orders GROUP BY ROLLUP (status, is_gift)"],
    ["CUBE", "SELECT status, is_gift, count(*) AS n FROM orders GROUP BY CUBE (status, is_gift)"],
    [
      "GROUPING SETS",
      "SELECT status, customer_id, count(*) AS n FROM orders GROUP BY GROUPING SETS ((status), (customer_id))",
    ],
    [
      "CASE buckets",
      "SELECT CASE WHEN amount < 50 THEN 'small' WHEN amount < 200 THEN 'medium' ELSE 'large' END AS size, count(*) AS n FROM orders GROUP BY 1",
    ],
    [
      "COALESCE and NULLIF",
      `SELECT order_id, COALESCE("Cost Total $", 0) AS cost, NULLIF(status, 'pending') AS s FROM orders`,
    ],
    [
      "string functions",
      `SELECT upper(name) AS u, lower(country) AS l, length(name) AS len, substring(name FROM 1 FOR 3) AS pre FROM "Customers"`,
    ],
    [
      "concat and replace",
      `SELECT name || ' (' || country || ')' AS label, replace(name, ' ', '_') AS slug FROM "Customers"`,
    ],
    ["LIKE and ILIKE", `SELECT name FROM "Customers" WHERE name LIKE 'A%' OR name ILIKE '%hopper%'`],
    [
      "split_part and position",
      `SELECT split_part(name, ' ', 1) AS first, position(' ' IN name) AS space_at FROM "Customers"`,
    ],
    ["trim", `SELECT trim('  ' || name || '  ') AS trimmed FROM "Customers"`],
    ["scalar subquery", "SELECT order_id, amount, (SELECT avg(amount) FROM orders) AS mean FROM orders"],
    [
      "IN subquery",
      `SELECT * FROM orders WHERE customer_id IN (SELECT customer_id FROM "Customers" WHERE vip)`,
    ],
    [
      "EXISTS",
      `SELECT name FROM "Customers" c WHERE EXISTS (SELECT 1 FROM orders o WHERE o.customer_id = c.customer_id AND o.amount > 300)`,
    ],
    [
      "NOT EXISTS",
      `SELECT name FROM "Customers" c WHERE NOT EXISTS (SELECT 1 FROM orders o WHERE o.customer_id = c.customer_id)`,
    ],
    [
      "correlated subquery",
      "SELECT order_id FROM orders o WHERE amount > (SELECT avg(amount) FROM orders i WHERE i.customer_id = o.customer_id)",
    ],
    [
      "derived table",
      "SELECT avg(total) AS avg_total FROM (SELECT customer_id, sum(amount) AS total FROM orders GROUP BY customer_id) t",
    ],
    ["UNION", `SELECT country AS label FROM "Customers" UNION SELECT status FROM orders`],
    [
      "UNION ALL with order",
      "SELECT 'shipped' AS kind, count(*) AS n FROM orders WHERE status = 'shipped' UNION ALL SELECT 'other', count(*) FROM orders WHERE status <> 'shipped' ORDER BY n DESC",
    ],
    ["INTERSECT", `SELECT customer_id FROM orders INTERSECT SELECT customer_id FROM "Customers" WHERE vip`],
    ["EXCEPT", `SELECT customer_id FROM "Customers" EXCEPT SELECT customer_id FROM orders`],
    ["LIMIT and OFFSET", "SELECT order_id FROM orders ORDER BY order_id LIMIT 5 OFFSET 10"],
    ["FETCH FIRST", "SELECT order_id FROM orders ORDER BY amount DESC FETCH FIRST 3 ROWS ONLY"],
    ["DISTINCT", "SELECT DISTINCT status FROM orders"],
    ["count distinct", "SELECT count(DISTINCT customer_id) AS customers FROM orders"],
    [
      "aggregate FILTER",
      "SELECT count(*) FILTER (WHERE is_gift) AS gifts, count(*) FILTER (WHERE NOT is_gift) AS others FROM orders",
    ],
    ["percentile", "SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY amount) AS median FROM orders"],
    [
      "string_agg",
      `SELECT country, string_agg(name, ', ' ORDER BY name) AS names FROM "Customers" GROUP BY country`,
    ],
    [
      "min max avg",
      "SELECT min(order_date) AS first, max(order_date) AS last, avg(amount) AS mean FROM orders",
    ],
    ["boolean aggregate", `SELECT bool_or(vip) AS any_vip, bool_and(vip) AS all_vip FROM "Customers"`],
    [
      "cast to numeric and round",
      "SELECT order_id, ROUND(CAST(amount AS NUMERIC), 1) AS rounded FROM orders",
    ],
    [
      "CROSS JOIN LATERAL",
      `SELECT c.name, last.amount FROM "Customers" c CROSS JOIN LATERAL (SELECT amount FROM orders o WHERE o.customer_id = c.customer_id ORDER BY order_date DESC LIMIT 1) last`,
    ],
    [
      "VALUES as a table",
      "SELECT v.code, v.label FROM (VALUES ('shipped', 'Shipped'), ('pending', 'Pending')) AS v(code, label)",
    ],
    [
      "join to VALUES",
      "SELECT o.order_id, v.label FROM orders o JOIN (VALUES ('shipped', 'Done')) AS v(code, label) ON v.code = o.status",
    ],
    [
      "DISTINCT ON",
      "SELECT DISTINCT ON (customer_id) customer_id, order_id, amount FROM orders ORDER BY customer_id, amount DESC",
    ],
    ["IS DISTINCT FROM", "SELECT order_id FROM orders WHERE shipped_at IS DISTINCT FROM NULL"],
    ["semicolon in a string literal", "SELECT 'a;b' AS text, count(*) AS n FROM orders"],
    ["trailing semicolon and comment", "SELECT count(*) AS n FROM orders; -- the total"],
    ["comments inside", "SELECT /* the id */ order_id -- and nothing else\nFROM orders"],
    ["duplicate column names", "SELECT order_id, order_id FROM orders"],
    ["big integer column", "SELECT big_id FROM orders ORDER BY order_id"],
  ]),
  ...list(duckdb, [
    [
      "QUALIFY",
      "SELECT customer_id, order_id, amount FROM orders QUALIFY row_number() OVER (PARTITION BY customer_id ORDER BY amount DESC) = 1",
    ],
    ["GROUP BY ALL", "SELECT status, is_gift, count(*) AS n FROM orders GROUP BY ALL ORDER BY ALL"],
    ["FROM-first", "FROM orders SELECT status, count(*) GROUP BY status"],
    [
      "strftime",
      "SELECT strftime(order_date, '%Y-%m') AS month, sum(amount) AS total FROM orders GROUP BY 1",
    ],
    [
      "date_diff",
      "SELECT order_id, date_diff('day', order_date, CAST(shipped_at AS DATE)) AS days FROM orders WHERE shipped_at IS NOT NULL",
    ],
    ["EXCLUDE", "SELECT * EXCLUDE (big_id, is_gift) FROM orders"],
    ["COLUMNS expression", "SELECT max(COLUMNS('amount|order_id')) FROM orders"],
    [
      "PIVOT with IN",
      "PIVOT orders ON status IN ('shipped', 'pending') USING sum(amount) GROUP BY customer_id",
    ],
    [
      "UNPIVOT",
      `UNPIVOT (SELECT order_id, amount, "Cost Total $" FROM orders) ON amount, "Cost Total $" INTO NAME measure VALUE v`,
    ],
    [
      "list aggregate and lambda",
      "SELECT customer_id, list_transform(list(amount), x -> x * 2) AS doubled FROM orders GROUP BY customer_id",
    ],
    [
      "range",
      "SELECT r.range AS month, count(o.order_id) AS n FROM range(1, 7) r LEFT JOIN orders o ON EXTRACT(MONTH FROM o.order_date) = r.range GROUP BY 1 ORDER BY 1",
    ],
    [
      "generate_series of dates",
      "SELECT d.generate_series AS day FROM generate_series(DATE '2024-01-01', DATE '2024-01-07', INTERVAL 1 DAY) d",
    ],
    ["unnest", "SELECT * FROM unnest(['shipped', 'pending']) AS s(status)"],
    ["struct and list literals", "SELECT {'id': order_id, 'tags': [status]} AS doc FROM orders LIMIT 2"],
    ["arg_max", "SELECT customer_id, arg_max(order_id, amount) AS biggest FROM orders GROUP BY customer_id"],
    ["method syntax", `SELECT name.upper() AS shout FROM "Customers"`],
    ["COLLATE", `SELECT name FROM "Customers" ORDER BY name COLLATE nocase`],
    [
      "qualified by main",
      `SELECT count(*) FROM main.orders JOIN memory.main."Customers" USING (customer_id)`,
    ],
    ["pg_typeof", "SELECT pg_typeof(amount) AS t FROM orders LIMIT 1"],
    [
      "time_bucket",
      "SELECT time_bucket(INTERVAL '1 month', order_date) AS bucket, count(*) FROM orders GROUP BY 1",
    ],
  ]),
];
