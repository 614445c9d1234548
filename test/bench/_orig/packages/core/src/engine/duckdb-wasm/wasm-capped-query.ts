import type { RecordBatch } from "apache-arrow";
import type { Json } from "../../model/common.js";
import type { QueryResult } from "../sql-engine.js";
import { duckDbTypeName } from "./arrow-types.js";
import { cellReader } from "./arrow-values.js";
import type { DuckDbWasmConnection } from "./wasm-database.js";

/** How a capped query is run. */
export interface WasmCappedQueryOptions {
  maxRows: number;
  /** Throws when the query must stop; called before every worker call. */
  throwIfStopped: () => void;
  /**
   * A statement that provably counts exactly the query's rows, or `undefined`; then the remaining rows are
   * streamed and counted instead.
   */
  countSql: () => Promise<string | undefined>;
}

/**
 * Runs an already guarded statement on DuckDB-WASM, converting at most `maxRows` rows to JSON, like the
 * native engine's `runCappedQuery`: the statement is sent as a pending query (so a cancel can land between
 * the worker's execution slices), its result streamed one DuckDB chunk per worker call, and — only when rows
 * were cut — the true total counted by a `count(*)` statement rather than by shipping every remaining chunk
 * across the worker boundary as Arrow.
 */
export async function runWasmCappedQuery(
  connection: DuckDbWasmConnection,
  sql: string,
  options: WasmCappedQueryOptions,
): Promise<Omit<QueryResult, "durationMs">> {
  const { maxRows, throwIfStopped } = options;
  throwIfStopped();
  const reader = await connection.send(sql, true);
  await reader.open();
  const fields = reader.schema.fields;
  const columns = fields.map((field) => ({ name: field.name, type: duckDbTypeName(field) }));
  const readers = fields.map(cellReader);
  const batches = reader[Symbol.asyncIterator]();
  const rows: Json[][] = [];
  let seen = 0;
  while (seen <= maxRows) {
    throwIfStopped();
    const next = await batches.next();
    if (next.done) return { columns, rows, rowCount: seen, truncated: false };
    const batch = next.value;
    const take = Math.min(batch.numRows, maxRows - rows.length);
    for (let row = 0; row < take; row++) rows.push(readRow(batch, readers, row));
    seen += batch.numRows;
  }
  // Built before the stream is abandoned: if no exact count statement exists, the stream is still there.
  const countSql = await options.countSql();
  throwIfStopped();
  const rowCount =
    countSql === undefined
      ? seen + (await countRest(batches, throwIfStopped))
      : await count(connection, countSql);
  return { columns, rows, rowCount, truncated: true };
}

function readRow(batch: RecordBatch, readers: ReturnType<typeof cellReader>[], row: number): Json[] {
  const children = batch.data.children;
  return readers.map((read, column) => {
    const data = children[column];
    return data ? read(data, row) : null;
  });
}

async function countRest(batches: AsyncIterator<RecordBatch>, throwIfStopped: () => void): Promise<number> {
  let rest = 0;
  for (;;) {
    throwIfStopped();
    const next = await batches.next();
    if (next.done) return rest;
    rest += next.value.numRows;
  }
}

/** The count runs as a pending query too, so a timeout still cancels it. */
async function count(connection: DuckDbWasmConnection, countSql: string): Promise<number> {
  const reader = await connection.send(countSql, false);
  for await (const batch of reader) {
    if (batch.numRows > 0) return Number(batch.getChildAt(0)?.get(0) ?? 0);
  }
  return 0;
}
