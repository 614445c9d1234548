/** A SQL dialect a fixture statement applies to. */
export type SqlDialect = "duckdb" | "postgres";

/** The portable column types fixture tables use; each adapter maps them to its own. */
export type FixtureColumnType = "integer" | "bigint" | "double" | "text" | "boolean" | "date" | "timestamp";

/** A column of a fixture table. */
export interface FixtureColumn {
  name: string;
  type: FixtureColumnType;
}

/**
 * A cell: dates as `YYYY-MM-DD`, timestamps as `YYYY-MM-DDTHH:MM:SS` (no zone), big integers beyond 2^53 as
 * decimal strings.
 */
export type FixtureValue = string | number | boolean | null;

/** A small table the conformance suite asks the adapter to load; the adapter makes its own table of it. */
export interface FixtureTable {
  name: string;
  columns: FixtureColumn[];
  rows: FixtureValue[][];
}

/** Beyond 2^53: an exact JSON number cannot hold it, so results must carry it as a string. */
export const bigIdBeyondDoubles = "9007199254740993";

const orderRows: [number, number, string, string | null, number, number | null, string, boolean][] = [
  [1, 1, "2024-01-05", "2024-01-06T10:30:00", 120.5, 80.25, "shipped", false],
  [2, 2, "2024-01-12", "2024-01-13T09:00:00", 75, 50, "shipped", true],
  [3, 3, "2024-01-20", null, 210, 150, "pending", false],
  [4, 1, "2024-02-02", "2024-02-03T14:15:00", 55.25, 30, "shipped", false],
  [5, 4, "2024-02-10", null, 300, 220, "cancelled", false],
  [6, 5, "2024-02-14", "2024-02-15T08:45:00", 42, 20, "shipped", true],
  [7, 2, "2024-02-28", "2024-03-01T16:00:00", 130, 90, "shipped", false],
  [8, 6, "2024-03-03", "2024-03-04T11:20:00", 99.99, 60, "shipped", false],
  [9, 7, "2024-03-09", null, 15, null, "pending", true],
  [10, 3, "2024-03-15", "2024-03-16T13:05:00", 480, 350, "shipped", false],
  [11, 8, "2024-03-22", "2024-03-23T10:00:00", 64.5, 40, "shipped", false],
  [12, 1, "2024-03-30", null, 220, 160, "cancelled", false],
  [13, 4, "2024-04-04", "2024-04-05T09:30:00", 135, 95, "shipped", true],
  [14, 5, "2024-04-11", "2024-04-12T15:45:00", 88, 55, "shipped", false],
  [15, 6, "2024-04-18", null, 310, 240, "pending", false],
  [16, 2, "2024-04-25", "2024-04-26T12:00:00", 47.75, 25, "shipped", false],
  [17, 7, "2024-05-02", "2024-05-03T17:10:00", 260, 190, "shipped", false],
  [18, 8, "2024-05-09", "2024-05-10T08:00:00", 33, 18, "shipped", true],
  [19, 3, "2024-05-16", null, 145, 100, "cancelled", false],
  [20, 1, "2024-05-23", "2024-05-24T10:40:00", 390, 280, "shipped", false],
  [21, 4, "2024-06-01", "2024-06-02T09:15:00", 72, 45, "shipped", false],
  [22, 5, "2024-06-08", null, 18.5, 10, "pending", false],
  [23, 6, "2024-06-15", "2024-06-16T14:30:00", 205, 150, "shipped", true],
  [24, 2, "2024-06-22", "2024-06-23T11:55:00", 125, 85, "shipped", false],
];

/** 24 orders over six months of 2024, with a quoted column name and one id beyond 2^53. */
export const ordersFixture: FixtureTable = {
  name: "orders",
  columns: [
    { name: "order_id", type: "integer" },
    { name: "customer_id", type: "integer" },
    { name: "order_date", type: "date" },
    { name: "shipped_at", type: "timestamp" },
    { name: "amount", type: "double" },
    { name: "Cost Total $", type: "double" },
    { name: "status", type: "text" },
    { name: "is_gift", type: "boolean" },
    { name: "big_id", type: "bigint" },
  ],
  rows: orderRows.map((row) => [...row, row[0] === 1 ? bigIdBeyondDoubles : 1_000_000_000_000 + row[0]]),
};

/** Nine customers, one without orders, in a table whose name has capitals (so SQL must quote it in Postgres). */
export const customersFixture: FixtureTable = {
  name: "Customers",
  columns: [
    { name: "customer_id", type: "integer" },
    { name: "name", type: "text" },
    { name: "country", type: "text" },
    { name: "signup_date", type: "date" },
    { name: "vip", type: "boolean" },
  ],
  rows: [
    [1, "Ada Lovelace", "UK", "2023-01-10", true],
    [2, "Grace Hopper", "US", "2023-02-15", true],
    [3, "Alan Turing", "UK", "2023-03-20", false],
    [4, "Edsger Dijkstra", "NL", "2023-04-25", false],
    [5, "Barbara Liskov", "US", "2023-05-30", false],
    [6, "Donald Knuth", "US", "2023-07-04", true],
    [7, "Margaret Hamilton", "US", "2023-08-08", false],
    [8, "Linus Torvalds", "FI", "2023-09-12", false],
    [9, "Tim Berners-Lee", "UK", "2023-10-01", false],
  ],
};

/** The tables every engine under the conformance suite holds, and only these. */
export const engineFixtureTables: readonly FixtureTable[] = [ordersFixture, customersFixture];

/** A table name the suite uses for "not in the allow-list"; no engine under test may expose it. */
export const forbiddenTableName = "payroll";
