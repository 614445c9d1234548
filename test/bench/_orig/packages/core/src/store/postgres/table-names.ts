import { QuarryError } from "../../errors/quarry-error.js";

/** Where Quarry's tables live in a Postgres database. */
export interface PostgresTableOptions {
  /**
   * Put before every table name, so that Quarry's tables sit beside an app's own (default `quarry_`).
   * Lower-case letters, digits and `_`, starting with a letter or `_`, at most 31 characters.
   */
  tablePrefix?: string;
  /** A schema for the tables (created when missing); the connection's search path when absent. Same rules. */
  schema?: string;
}

/** Resolved, validated names: ready to put in SQL. */
export interface TableNames {
  readonly prefix: string;
  readonly schema: string | null;
  /** The quoted, schema-qualified name of a table, e.g. `"app"."quarry_sessions"`. */
  table(name: string): string;
  /** The quoted name of an index of a table (indexes live in their table's schema, so it is not qualified). */
  index(name: string): string;
  /** The two keys of the advisory lock that migrators of these tables take. */
  readonly lockKey: readonly [number, number];
}

const namePattern = /^[a-z_][a-z0-9_]{0,30}$/;

/** The default table prefix. */
export const defaultTablePrefix = "quarry_";

/** Validates the options and makes the names; throws `INVALID_INPUT` for a bad prefix or schema. */
export function resolveTableNames(options: PostgresTableOptions = {}): TableNames {
  const prefix = checkName(options.tablePrefix ?? defaultTablePrefix, "table prefix");
  const schema = options.schema === undefined ? null : checkName(options.schema, "schema name");
  const qualifier = schema === null ? "" : `"${schema}".`;
  return {
    prefix,
    schema,
    table: (name) => `${qualifier}"${prefix}${name}"`,
    index: (name) => `"${prefix}${name}"`,
    // "QRRY": one lock class for Quarry; the object key tells apart tables of different prefixes and schemas.
    lockKey: [0x51525259, fnv1a(`${schema ?? ""}.${prefix}`)],
  };
}

function checkName(value: string, what: string): string {
  if (typeof value !== "string" || !namePattern.test(value)) {
    throw new QuarryError(
      "INVALID_INPUT",
      `Invalid ${what} ${JSON.stringify(String(value).slice(0, 64))}: use 1 to 31 lower-case letters, digits and _, not starting with a digit.`,
    );
  }
  return value;
}

/** A 32-bit FNV-1a hash as a signed integer (what `pg_advisory_xact_lock(int, int)` takes). */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(text)) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193);
  }
  return hash | 0;
}
