/**
 * Databases for the Postgres adapter's tests: in-memory PGlite always, and a real server when
 * `QUARRY_TEST_PG_URL` is set (e.g. `postgres://postgres@127.0.0.1:5432/test`). Tables on the server get a
 * random prefix per run, so runs never meet, and are dropped afterwards.
 */
import type { PostgresClient } from "./postgres-client.js";

/** The test server's URL, when there is one. */
export const testServerUrl: string | undefined = process.env.QUARRY_TEST_PG_URL || undefined;

/** A table prefix no other run uses. */
export function randomPrefix(label = "t"): string {
  return `qt_${label}_${Math.random().toString(36).slice(2, 10)}_`;
}

/** Drops every table whose name starts with the prefix (in the schema, or in `public`). */
export async function dropPrefixedTables(
  client: PostgresClient,
  prefix: string,
  schema = "public",
): Promise<void> {
  const { rows } = await client.query(
    "SELECT tablename FROM pg_tables WHERE schemaname = $1 AND starts_with(tablename, $2)",
    [schema, prefix],
  );
  const tables = (rows as { tablename: string }[]).map((row) => `"${schema}"."${row.tablename}"`);
  if (tables.length > 0) await client.query(`DROP TABLE IF EXISTS ${tables.join(", ")} CASCADE`);
}
