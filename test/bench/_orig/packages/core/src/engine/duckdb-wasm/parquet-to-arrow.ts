import { type Data, makeData, RecordBatch, Schema, Struct, Table, tableToIPC } from "apache-arrow";
import { type FileMetaData, parquetMetadata, parquetRead, type SchemaElement } from "hyparquet";
import { compressors } from "hyparquet-compressors";
import { QuarryError } from "../../errors/quarry-error.js";
import { type ColumnPlan, isDecimal, planColumn, rawParsers } from "./parquet-columns.js";

/**
 * DuckDB-WASM ships without its Parquet extension (and must not download one), so Parquet is decoded in
 * JavaScript with hyparquet — ZSTD (the canonical copy's codec), Snappy, gzip, Brotli and LZ4 — and handed
 * to DuckDB as Arrow IPC, one stream per row group so only one row group is decoded at a time.
 *
 * Yields Arrow IPC streams for `insertArrowFromIPCStream`; the first creates the table. A file with no rows
 * still yields one (empty) stream so the table exists with its columns.
 */
export async function* parquetToArrowIpc(name: string, bytes: Uint8Array): AsyncGenerator<Uint8Array> {
  const file = toArrayBuffer(bytes);
  const metadata = readMetadata(name, file);
  const { plans, readable } = planColumns(name, metadata);
  const schema = new Schema(plans.map((p) => p.field));
  let rowStart = 0;
  const groups = metadata.row_groups.map((group) => Number(group.num_rows));
  if (groups.length === 0) groups.push(0);
  for (const rows of groups) {
    const columns = await readRowGroup(name, file, readable, rowStart, rows);
    const children = plans.map((plan) => plan.build(columns.get(plan.field.name) ?? new Array(rows)));
    yield batchIpc(schema, children, rows);
    rowStart += rows;
  }
}

function readMetadata(name: string, file: ArrayBuffer): FileMetaData {
  try {
    return parquetMetadata(file);
  } catch (cause) {
    throw invalid(name, `it is not a readable Parquet file (${messageOf(cause)})`, cause);
  }
}

/**
 * Plans every top-level column and returns metadata hyparquet reads raw: decimal annotations are removed
 * so decimals arrive as their unscaled integers instead of rounded floats.
 */
function planColumns(name: string, metadata: FileMetaData): { plans: ColumnPlan[]; readable: FileMetaData } {
  const [root, ...columns] = metadata.schema;
  if (!root) throw invalid(name, "the file has no schema");
  if (columns.length !== (root.num_children ?? 0) || columns.some(isNested)) {
    throw invalid(name, "nested columns (lists, structs, maps) are not supported; store them as JSON text");
  }
  const plans = columns.map(planColumn);
  const readableSchema = metadata.schema.map((element): SchemaElement => {
    if (!isDecimal(element)) return element;
    const { converted_type: _c, logical_type: _l, ...raw } = element;
    return raw;
  });
  return { plans, readable: { ...metadata, schema: readableSchema } };
}

function isNested(element: SchemaElement): boolean {
  return (element.num_children ?? 0) > 0 || element.repetition_type === "REPEATED";
}

/** One row group's columns, each as one array of `rows` values (nulls as null or undefined). */
async function readRowGroup(
  name: string,
  file: ArrayBuffer,
  metadata: FileMetaData,
  rowStart: number,
  rows: number,
): Promise<Map<string, unknown[]>> {
  const columns = new Map<string, unknown[]>();
  if (rows === 0) return columns;
  try {
    await parquetRead({
      file,
      metadata,
      rowStart,
      rowEnd: rowStart + rows,
      compressors,
      utf8: false,
      parsers: rawParsers,
      onChunk({ columnName, columnData, rowStart: chunkStart, rowEnd: chunkEnd }) {
        let values = columns.get(columnName);
        if (!values) {
          values = new Array(rows);
          columns.set(columnName, values);
        }
        // Chunks may reach past the requested rows; keep only this row group's.
        for (let row = Math.max(chunkStart, rowStart); row < Math.min(chunkEnd, rowStart + rows); row++) {
          values[row - rowStart] = columnData[row - chunkStart];
        }
      },
    });
  } catch (cause) {
    throw invalid(name, `its Parquet data could not be decoded (${messageOf(cause)})`, cause);
  }
  return columns;
}

function batchIpc(schema: Schema, children: Data[], rows: number): Uint8Array {
  const struct = makeData({ type: new Struct(schema.fields), length: rows, nullCount: 0, children });
  return tableToIPC(new Table([new RecordBatch(schema, struct)]), "stream");
}

function toArrayBuffer(bytes: Uint8Array): ArrayBuffer {
  const copy = new Uint8Array(bytes.byteLength);
  copy.set(bytes);
  return copy.buffer;
}

function invalid(name: string, reason: string, cause?: unknown): QuarryError {
  return new QuarryError("INVALID_INPUT", `The table ${JSON.stringify(name)} could not be read: ${reason}.`, {
    cause,
  });
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
