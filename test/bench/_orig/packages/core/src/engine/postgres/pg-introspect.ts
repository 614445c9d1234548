import { QuarryError } from "../../errors/quarry-error.js";
import type { TableInfo } from "../sql-engine.js";
import { isSystemRelationName } from "./pg-forbidden.js";
import type { ReadOnlyRunner } from "./pg-session.js";
import { pgColumnKind } from "./pg-values.js";

/** What the engine learns about its schema when it starts. */
export interface IntrospectedSchema {
  /** The allowed tables, in the order given (or by name), with columns and row counts. */
  tables: TableInfo[];
  /** True when the role is no superuser, cannot create in the schema, and cannot write any allowed table. */
  readOnlyRole: boolean;
}

/** Tables estimated at fewer rows than this are counted exactly; larger ones report `pg_class.reltuples`. */
export const exactCountBelow = 1_000_000;

/** An exact count that takes longer than this falls back to the estimate. */
const countTimeoutMs = 2_000;

/**
 * Every table, partitioned table, view, materialized view and foreign table of the schema that the role may
 * read, with the columns it may read (in order), their types as `format_type` prints them and the base type
 * of a domain for the kind. Partitions are left out: their parent reads them.
 */
const catalogSql = `SELECT c.relname, c.reltuples::float8 AS reltuples,
  pg_catalog.has_table_privilege(c.oid, 'INSERT, UPDATE, DELETE, TRUNCATE') AS writable,
  a.attname, pg_catalog.format_type(a.atttypid, a.atttypmod) AS type,
  COALESCE(b.typname, t.typname) AS typname, COALESCE(b.typcategory, t.typcategory) AS category
FROM pg_catalog.pg_class c
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
  AND pg_catalog.has_column_privilege(c.oid, a.attnum, 'SELECT')
LEFT JOIN pg_catalog.pg_type t ON t.oid = a.atttypid
LEFT JOIN pg_catalog.pg_type b ON t.typtype = 'd' AND b.oid = t.typbasetype
WHERE n.nspname = $1 AND c.relkind IN ('r', 'p', 'v', 'm', 'f') AND NOT c.relispartition
  AND pg_catalog.has_any_column_privilege(c.oid, 'SELECT')
ORDER BY c.relname, a.attnum`;

/** Whether the schema exists, and whether the role may create in it (a superuser may do anything). */
const roleSql = `SELECT n.oid IS NOT NULL,
  pg_catalog.current_setting('is_superuser') = 'on' OR COALESCE(pg_catalog.has_schema_privilege(n.oid, 'CREATE'), false)
FROM (SELECT 1) AS one LEFT JOIN pg_catalog.pg_namespace n ON n.nspname = $1`;

interface CatalogTable {
  info: TableInfo;
  estimate: number;
  writable: boolean;
}

/**
 * Reads the schema's tables through Quarry's own catalog queries, in read-only transactions. Names in
 * `allowed` must match a table exactly (as stored: `Customers`, not `customers`); without it every readable
 * table of the schema is allowed, except `pg_*` names, which the guard refuses to read anyway.
 *
 * Row counts are exact (`count(*)`) for tables PostgreSQL estimates below {@link exactCountBelow} rows (and
 * for never-analyzed tables and views, which have no estimate), bounded by a 2-second timeout; larger tables,
 * and counts that time out, report the planner's estimate `pg_class.reltuples`.
 */
export async function introspectSchema(
  run: ReadOnlyRunner,
  schema: string,
  allowed: readonly string[] | undefined,
  timeoutMs: number,
): Promise<IntrospectedSchema> {
  const settings = { timeoutMs, schema };
  const { catalog, mayCreate } = await run(settings, async (tx) => {
    const [role] = (await tx.run(roleSql, [schema])).rows;
    if (role?.[0] !== "t") throw new QuarryError("INVALID_INPUT", `The schema ${schema} does not exist.`);
    return { catalog: readCatalog((await tx.run(catalogSql, [schema])).rows), mayCreate: role[1] === "t" };
  });
  const chosen = choose(catalog, allowed, schema);
  for (const table of chosen) {
    if (table.estimate < 0 || table.estimate < exactCountBelow) {
      table.info.rowCount = await exactCount(run, schema, table);
    }
  }
  return {
    tables: chosen.map((table) => table.info),
    readOnlyRole: !mayCreate && chosen.every((table) => !table.writable),
  };
}

function readCatalog(rows: unknown[][]): Map<string, CatalogTable> {
  const tables = new Map<string, CatalogTable>();
  for (const [relname, reltuples, writable, attname, type, typname, category] of rows) {
    const name = String(relname);
    let table = tables.get(name);
    if (!table) {
      const estimate = Number(reltuples);
      table = {
        info: { name, columns: [], rowCount: Math.max(0, Math.round(estimate)) },
        estimate,
        writable: writable === "t",
      };
      tables.set(name, table);
    }
    if (attname !== null && attname !== undefined) {
      table.info.columns.push({
        name: String(attname),
        type: String(type),
        kind: pgColumnKind({ typname: String(typname), category: String(category) }),
      });
    }
  }
  return tables;
}

function choose(
  catalog: ReadonlyMap<string, CatalogTable>,
  allowed: readonly string[] | undefined,
  schema: string,
): CatalogTable[] {
  if (allowed === undefined) {
    return [...catalog.values()].filter((table) => !isSystemRelationName(table.info.name));
  }
  const names = [...new Set(allowed)];
  const reserved = names.filter(isSystemRelationName);
  if (reserved.length > 0) {
    throw new QuarryError("INVALID_INPUT", `Tables named pg_… cannot be queried: ${reserved.join(", ")}.`);
  }
  const missing = names.filter((name) => !catalog.has(name));
  if (missing.length > 0) {
    throw new QuarryError(
      "INVALID_INPUT",
      `No readable table ${missing.map((name) => JSON.stringify(name)).join(", ")} in schema ${schema} ` +
        "(names match exactly, as stored).",
      { details: { missing } },
    );
  }
  return names.map((name) => catalog.get(name) as CatalogTable);
}

async function exactCount(run: ReadOnlyRunner, schema: string, table: CatalogTable): Promise<number> {
  const sql = `SELECT count(*) FROM ${quote(schema)}.${quote(table.info.name)}`;
  try {
    return await run({ timeoutMs: countTimeoutMs, schema }, async (tx) =>
      Number((await tx.run(sql)).rows[0]?.[0]),
    );
  } catch {
    return table.info.rowCount;
  }
}

function quote(identifier: string): string {
  return `"${identifier.replace(/"/g, '""')}"`;
}
