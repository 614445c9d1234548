import { QuarryError } from "../../errors/quarry-error.js";
import type { Json } from "../../model/common.js";
import type { ResultColumn } from "../../model/message-part.js";
import { storageError } from "../../store/postgres/storage-error.js";
import type { ReadOnlyTransaction, RawResult } from "./pg-session.js";
import { type PgTypeInfo, type PgValueConverter, pgValueConverter } from "./pg-values.js";

/**
 * Type names and JSON values of a result. OIDs are resolved through `pg_type` once per engine and cached:
 * the lookup runs inside the query's own transaction, so it needs no connection of its own.
 */
export class PgTypeCache {
  readonly #types = new Map<number, PgTypeInfo>();

  async convert(tx: ReadOnlyTransaction, result: RawResult): Promise<{ columns: ResultColumn[]; rows: Json[][] }> {
    await this.#load(tx, result.fields.map((field) => field.dataTypeID));
    const lookup = (oid: number) => this.#types.get(oid);
    const converters: PgValueConverter[] = result.fields.map((field) =>
      pgValueConverter(lookup(field.dataTypeID), lookup),
    );
    return {
      columns: result.fields.map((field) => ({
        name: field.name,
        type: lookup(field.dataTypeID)?.name ?? String(field.dataTypeID),
      })),
      rows: result.rows.map((row) => row.map((value, index) => converters[index]?.(value) ?? null)),
    };
  }

  async #load(tx: ReadOnlyTransaction, oids: readonly number[]): Promise<void> {
    const missing = [...new Set(oids)].filter((oid) => !this.#types.has(oid));
    if (missing.length === 0) return;
    const { rows } = await tx.run(
      `SELECT t.oid, pg_catalog.format_type(t.oid, NULL), COALESCE(b.typname, t.typname),
        COALESCE(b.typcategory, t.typcategory), t.typelem, t.typdelim
      FROM pg_catalog.pg_type t LEFT JOIN pg_catalog.pg_type b ON t.typtype = 'd' AND b.oid = t.typbasetype
      WHERE t.oid = ANY($1::oid[])
        OR t.oid IN (SELECT typelem FROM pg_catalog.pg_type WHERE oid = ANY($1::oid[]))`,
      [`{${missing.join(",")}}`],
    );
    for (const [oid, name, typname, category, elem, delim] of rows) {
      this.#types.set(Number(oid), {
        name: String(name),
        typname: String(typname),
        category: String(category),
        elem: Number(elem),
        delim: String(delim),
      });
    }
  }
}

/** SQLSTATE classes that mean the connection or server failed, not the query. */
const serverFailure = /^(08|53|57P|58|XX)/;

/**
 * The error a failed statement becomes. The server's message goes back to the model to repair the query;
 * a write refused by the READ ONLY transaction, or an object the role may not read, means the defence in
 * depth stopped something the guard let through: unsafe SQL, not a failed query.
 */
export function toQueryError(error: unknown): QuarryError {
  if (QuarryError.is(error)) return error;
  const code = sqlStateOf(error);
  const message = error instanceof Error ? error.message : String(error);
  if (code === "57014" || code === "55P03" || code === "25P03") {
    return /user request/i.test(message)
      ? new QuarryError("ABORTED", "The query was cancelled.", { cause: error })
      : new QuarryError("QUERY_TIMEOUT", `The query ran too long and was stopped: ${message}`, { cause: error });
  }
  if (code === "25006" || code === "42501") return new QuarryError("UNSAFE_SQL", message, { cause: error });
  if (code !== undefined && !serverFailure.test(code)) {
    return new QuarryError("QUERY_FAILED", message, { cause: error, details: { sqlState: code } });
  }
  return storageError(error);
}

function sqlStateOf(error: unknown): string | undefined {
  const code = typeof error === "object" && error !== null ? (error as { code?: unknown }).code : undefined;
  return typeof code === "string" && /^[0-9A-Z]{5}$/.test(code) ? code : undefined;
}
