import {
  Bool,
  type DataType,
  Field,
  Float64,
  Int64,
  makeData,
  RecordBatch,
  Schema,
  Struct,
  Table,
  tableToIPC,
  Utf8,
  vectorFromArray,
} from "apache-arrow";
import type { RenamedColumn } from "../ingest/column-names.js";
import type { FileFormat } from "../ingest/detect-format.js";
import type { SheetColumnType, SheetTable, SheetValue } from "../ingest/excel-sheet.js";
import { quoteIdent } from "../ingest/sql-quote.js";
import type { IngestWorkspace } from "./ingest-database.js";

/** One table a reader put into the ingest database, with its final column names. */
export interface StagedTable {
  /** The table's name in the ingest database (not the dataset's table name). */
  table: string;
  format: FileFormat;
  /** For workbooks: the sheet it came from. */
  sheet?: string;
  renamed: RenamedColumn[];
}

/** A cell of {@link TypedRows}: dates and timestamps as `Date`s or ISO text, numbers as numbers. */
export type TypedValue = SheetValue;

/** Rows read in JavaScript (JSON, workbooks), each column with the DuckDB type it is to have. */
export type TypedRows = Omit<SheetTable, "cellCount">;

/** Rows per Arrow batch sent to the worker, so a large table is never one huge message. */
const batchRows = 50_000;

/**
 * Loads rows from JavaScript into a table of the ingest database: as Arrow IPC into a staging table with
 * positional column names (numbers as BIGINT and DOUBLE, booleans, everything else text), then cast into the
 * final table, so DATE and TIMESTAMP come from DuckDB's own casts of ISO text.
 */
export async function loadTypedRows(ws: IngestWorkspace, table: string, typed: TypedRows): Promise<void> {
  const stage = ws.tableName();
  const fields = typed.types.map((type, i) => new Field(`c${i}`, arrowType(type), true));
  const schema = new Schema(fields);
  const connection = ws.connection;
  for (let start = 0; start === 0 || start < typed.rows.length; start += batchRows) {
    const rows = typed.rows.slice(start, start + batchRows);
    const children = typed.types.map((type, c) => {
      const values = rows.map((row) => stagedValue(row[c] ?? null, type));
      return vectorFromArray(values, fields[c]?.type as DataType).data[0]!;
    });
    const data = makeData({ type: new Struct(fields), length: rows.length, nullCount: 0, children });
    const ipc = tableToIPC(new Table([new RecordBatch(schema, data)]), "stream");
    await connection.insertArrowFromIPCStream(ipc, { name: stage, create: start === 0 });
  }
  const create = (cast: boolean) => {
    const select = typed.names.map((name, i) => {
      const type = typed.types[i] ?? "VARCHAR";
      const column = `c${i}`;
      const value = cast && (type === "DATE" || type === "TIMESTAMP") ? `CAST(${column} AS ${type})` : column;
      return `${value} AS ${quoteIdent(name)}`;
    });
    return ws.run(
      `CREATE TABLE ${quoteIdent(table)} AS SELECT ${select.join(", ")} FROM ${quoteIdent(stage)}`,
    );
  };
  // ISO-looking text can still be no date (`2024-02-30`); then those columns stay text.
  await create(true).catch(() => create(false));
  await ws.run(`DROP TABLE ${quoteIdent(stage)}`);
}

function arrowType(type: SheetColumnType): DataType {
  if (type === "BIGINT") return new Int64();
  if (type === "DOUBLE") return new Float64();
  if (type === "BOOLEAN") return new Bool();
  return new Utf8();
}

function stagedValue(value: TypedValue, type: SheetColumnType): unknown {
  if (value === null) return null;
  if (type === "BIGINT") return BigInt(value as number);
  if (value instanceof Date) {
    const iso = value.toISOString();
    return type === "DATE" ? iso.slice(0, 10) : iso.slice(0, -1);
  }
  return value;
}
