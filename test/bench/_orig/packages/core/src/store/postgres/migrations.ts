import type { SqlDatabase, SqlRunner } from "./postgres-client.js";
import type { TableNames } from "./table-names.js";

/** One step of a schema's history. Versions of a scope start at 1 and never change once released. */
export interface Migration {
  readonly version: number;
  readonly name: string;
  /** The statements, one a string (a client runs one statement a query). */
  statements(names: TableNames): string[];
}

/**
 * Applies the migrations of a scope (`store`, `blob`) that the `{prefix}migrations` table does not list yet,
 * each in its own transaction with its record. Every transaction first takes an advisory lock keyed by the
 * schema and prefix, so concurrent migrators (several app instances starting at once) wait for each other
 * and then find the work done; the lock ends with the transaction.
 */
export async function runMigrations(
  db: SqlDatabase,
  names: TableNames,
  scope: string,
  migrations: readonly Migration[],
): Promise<void> {
  // The usual start finds everything applied: then no lock is taken and no DDL runs, so a role that may
  // read and write but not create tables can start too.
  const applied = new Set(await appliedVersions(db, names, scope));
  const pending = [...migrations]
    .filter((m) => !applied.has(m.version))
    .sort((a, b) => a.version - b.version);
  const table = names.table("migrations");
  for (const migration of pending) {
    await db.transaction(async (tx) => {
      await lockAndPrepare(tx, names);
      const done = await tx.query(`SELECT 1 FROM ${table} WHERE scope = $1 AND version = $2`, [
        scope,
        migration.version,
      ]);
      if (done.length > 0) return;
      for (const statement of migration.statements(names)) await tx.query(statement);
      await tx.query(`INSERT INTO ${table} (scope, version, name) VALUES ($1, $2, $3)`, [
        scope,
        migration.version,
        migration.name,
      ]);
    });
  }
}

/** The versions of a scope applied so far, ascending (none while the migrations table does not exist). */
export async function appliedVersions(db: SqlDatabase, names: TableNames, scope: string): Promise<number[]> {
  const table = names.table("migrations");
  const [found] = await db.query("SELECT to_regclass($1) IS NOT NULL AS present", [table]);
  if (found?.present !== true) return [];
  const rows = await db.query(`SELECT version FROM ${table} WHERE scope = $1 ORDER BY version`, [scope]);
  return rows.map((row) => Number(row.version));
}

/**
 * Creating a schema or table "if not exists" still fails when two sessions do it at the same moment, so
 * the bookkeeping is made under the lock too.
 */
async function lockAndPrepare(tx: SqlRunner, names: TableNames): Promise<void> {
  await tx.query("SELECT pg_advisory_xact_lock($1::integer, $2::integer)", [...names.lockKey]);
  if (names.schema !== null) await tx.query(`CREATE SCHEMA IF NOT EXISTS "${names.schema}"`);
  await tx.query(
    `CREATE TABLE IF NOT EXISTS ${names.table("migrations")} (
      scope text NOT NULL,
      version integer NOT NULL,
      name text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (scope, version)
    )`,
  );
}
