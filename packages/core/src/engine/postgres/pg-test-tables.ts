/**
 * Tables for the Postgres engine's tests: the conformance fixtures as real tables, and one row of many types
 * with the JSON each value must become. Shared by the PGlite and the server tests.
 */
import { expect } from "vitest";
import type { PostgresClient } from "../../store/postgres/postgres-client.js";
import type { FixtureColumnType, FixtureTable } from "../../testing/engine/fixture-tables.js";
import type { PostgresEngine } from "./postgres-engine.js";

const columnTypes: Record<FixtureColumnType, string> = {
  integer: "integer",
  bigint: "bigint",
  double: "double precision",
  text: "text",
  boolean: "boolean",
  date: "date",
  timestamp: "timestamp",
};

/** A quoted identifier. */
export function q(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** Creates the schema (if needed) and each fixture as a table of its own, typed as the fixture says. */
export async function createFixtureTables(
  client: PostgresClient,
  schema: string,
  fixtures: readonly FixtureTable[],
): Promise<void> {
  await client.query(`CREATE SCHEMA IF NOT EXISTS ${q(schema)}`);
  for (const table of fixtures) {
    const name = `${q(schema)}.${q(table.name)}`;
    const columns = table.columns.map((c) => `${q(c.name)} ${columnTypes[c.type]}`).join(", ");
    await client.query(`CREATE TABLE ${name} (${columns})`);
    for (const row of table.rows) {
      await client.query(`INSERT INTO ${name} VALUES (${row.map((_, i) => `$${i + 1}`).join(", ")})`, row);
    }
  }
}

/** A schema name no other run uses. */
export function randomSchema(label: string): string {
  return `qt_${label}_${Math.random().toString(36).slice(2, 10)}`;
}

/** Columns of the `typed` table: name, type, literal, and the JSON the engine must return. */
const typedColumns: [string, string, string, unknown][] = [
  ["big_exact", "int8", "1000000000002", 1_000_000_000_002],
  ["big_huge", "int8", "9007199254740993", "9007199254740993"],
  ["num_exact", "numeric(10,2)", "120.50", 120.5],
  ["num_long", "numeric", "12345678901234567890.5", "12345678901234567890.5"],
  ["num_nan", "numeric", "'NaN'", "NaN"],
  ["dbl", "float8", "0.1", 0.1],
  ["real_inf", "float4", "'Infinity'", "Infinity"],
  ["ts", "timestamp", "'2024-01-06 10:30:00'", "2024-01-06T10:30:00.000"],
  ["tstz", "timestamptz", "'2024-01-06 10:30:00.123456+02'", "2024-01-06T08:30:00.123456Z"],
  ["d", "date", "'2024-01-05'", "2024-01-05"],
  ["d_bc", "date", "'0044-03-15 BC'", "-000043-03-15"],
  ["j", "json", `'{"a": [1, 2.5]}'`, { a: [1, 2.5] }],
  ["jb", "jsonb", `'{"b": {"c": null}}'`, { b: { c: null } }],
  ["ints", "int4[]", "'{1,NULL,3}'", [1, null, 3]],
  ["texts", "text[]", `'{"a b","c\\"d",NULL}'`, ["a b", 'c"d', null]],
  [
    "grid",
    "int8[]",
    "'{{1,2},{3,9007199254740993}}'",
    [
      [1, 2],
      [3, "9007199254740993"],
    ],
  ],
  ["bytes", "bytea", "'\\x0102ff'", "AQL/"],
  ["id", "uuid", "'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'", "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"],
  ["span", "interval", "'1 day 02:00:00'", "1 day 02:00:00"],
  ["t", "time", "'10:30:00.5'", "10:30:00.5"],
  ["flag", "boolean", "true", true],
  ["note", "varchar(10)", "'hi'", "hi"],
];

/** Creates `typed` (one row of many types) in the schema. */
export async function createTypedTable(client: PostgresClient, schema: string): Promise<void> {
  await client.query(`CREATE SCHEMA IF NOT EXISTS ${q(schema)}`);
  const columns = typedColumns.map(([name, type]) => `${name} ${type}`).join(", ");
  await client.query(`CREATE TABLE ${q(schema)}.typed (${columns})`);
  await client.query(`INSERT INTO ${q(schema)}.typed VALUES (${typedColumns.map((c) => c[2]).join(", ")})`);
}

/** Checks that an engine over a schema holding `typed` returns each value as the JSON it must become. */
export async function expectTypedConversions(engine: PostgresEngine): Promise<void> {
  const result = await engine.query("SELECT * FROM typed");
  const row = Object.fromEntries(result.columns.map((c, i) => [c.name, result.rows[0]?.[i]]));
  expect(row).toEqual(Object.fromEntries(typedColumns.map(([name, , , json]) => [name, json])));
  const types = Object.fromEntries(result.columns.map((c) => [c.name, c.type]));
  expect(types).toMatchObject({
    big_exact: "bigint",
    num_exact: "numeric",
    dbl: "double precision",
    tstz: "timestamp with time zone",
    ts: "timestamp without time zone",
    ints: "integer[]",
    jb: "jsonb",
    bytes: "bytea",
  });
  expect(JSON.parse(JSON.stringify(result.rows))).toEqual(result.rows);
  const table = await engine.describeTable("typed");
  const kinds = Object.fromEntries(table.columns.map((c) => [c.name, c.kind]));
  expect(kinds).toMatchObject({
    big_exact: "integer",
    num_exact: "number",
    ts: "timestamp",
    tstz: "timestamp",
    d: "date",
    flag: "boolean",
    note: "string",
    id: "string",
    ints: "other",
    span: "other",
  });
  expect(table.columns.find((c) => c.name === "num_exact")?.type).toBe("numeric(10,2)");
}
