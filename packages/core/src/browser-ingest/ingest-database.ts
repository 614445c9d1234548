import { duckDbTypeName } from "../engine/duckdb-wasm/arrow-types.js";
import { cellReader } from "../engine/duckdb-wasm/arrow-values.js";
import { instantiateDuckDbWasm } from "../engine/duckdb-wasm/instantiate-bundle.js";
import type {
  DuckDbWasmBundle,
  DuckDbWasmConnection,
  DuckDbWasmDatabase,
  DuckDbWasmResultReader,
} from "../engine/duckdb-wasm/wasm-database.js";
import type { QueryResult } from "../engine/sql-engine.js";
import { QuarryError } from "../errors/quarry-error.js";
import { errorMessage } from "../ingest/duckdb-errors.js";
import { quoteIdent, quoteLiteral } from "../ingest/sql-quote.js";
import type { Json } from "../model/common.js";

/**
 * Where a DuckDB-WASM comes from: a bundle the host serves (started in a Web Worker), a function that makes
 * a database (in Node, `() => createNodeDuckDbWasm()`), or an instantiated `AsyncDuckDB`, which the taker
 * then owns and terminates when it closes.
 */
export type DuckDbWasmSource = DuckDbWasmBundle | DuckDbWasmDatabase | (() => Promise<DuckDbWasmDatabase>);

/** The files of a DuckDB-WASM bundle served next to the page, the default when no source is given. */
export function pageDuckDbWasmBundle(): DuckDbWasmBundle {
  const base =
    (globalThis as { document?: { baseURI?: string } }).document?.baseURI ??
    (globalThis as { location?: { href?: string } }).location?.href;
  const at = (file: string) => (base ? new URL(file, base).href : file);
  return { mainModule: at("duckdb-eh.wasm"), mainWorker: at("duckdb-browser-eh.worker.js") };
}

/** Starts the database a source describes. */
export async function startDuckDbWasm(source: DuckDbWasmSource | undefined): Promise<DuckDbWasmDatabase> {
  if (source === undefined) return instantiateDuckDbWasm(pageDuckDbWasmBundle());
  if (typeof source === "function") return source();
  if ("mainModule" in source) return instantiateDuckDbWasm(source);
  return source;
}

/** Raw results, which `AsyncDuckDBConnection` offers through `useUnsafe`. */
interface RawResults {
  useUnsafe<R>(
    use: (bindings: { runQuery(id: number, sql: string): Promise<Uint8Array> }, id: number) => R,
  ): R;
}

/** Files a DuckDB-WASM database can read by name; `AsyncDuckDB` has these. */
interface FileRegistry {
  registerFileBuffer(name: string, buffer: Uint8Array): Promise<void>;
  dropFile(name: string): Promise<unknown>;
}

/** Rows read back from DuckDB-WASM, as JSON the way the engines give them. */
export type JsonRows = Pick<QueryResult, "columns" | "rows">;

/** One ingest's view of the database: its own SQL only, never a user's. */
export interface IngestWorkspace {
  readonly connection: DuckDbWasmConnection;
  run(sql: string): Promise<void>;
  all(sql: string): Promise<JsonRows>;
  /**
   * A query's whole result as the bytes of one Arrow IPC *file* (`ARROW1`), as the worker sends it: nothing
   * is decoded into Arrow JS objects on the way.
   */
  arrowFile(sql: string): Promise<Uint8Array>;
  /** A fresh table name for this ingest (`__quarry_ingest_N`); every table is dropped when the ingest ends. */
  tableName(): string;
  /** Makes `bytes` readable by SQL under a fresh name; the buffer moves to the worker (it is detached here). */
  registerFile(bytes: Uint8Array, extension: string): Promise<string>;
}

/** The ingest's private DuckDB-WASM: started on first use, one ingest at a time. */
export interface IngestDatabase {
  use<T>(work: (workspace: IngestWorkspace) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/**
 * Opens the ingest's database lazily. Extension autoinstall and autoload go off before anything else:
 * DuckDB-WASM 1.4 bundles neither the json nor the parquet extension and, asked for a function of one, tries
 * to download it and hangs where there is no network. So this database reads CSV itself, and JSON, Parquet
 * and workbooks arrive from JavaScript as Arrow. It is not the query engine: users' SQL never runs here.
 */
export function createIngestDatabase(
  source: DuckDbWasmSource | undefined,
  memoryLimit: string,
): IngestDatabase {
  let opened: Promise<{ db: DuckDbWasmDatabase; connection: DuckDbWasmConnection }> | undefined;
  let queue: Promise<unknown> = Promise.resolve();
  let counter = 0;
  let closed = false;

  const open = async () => {
    const db = await startDuckDbWasm(source);
    try {
      await db.open({ path: ":memory:", maximumThreads: 1, query: { castBigIntToDouble: false } });
      const connection = await db.connect();
      await connection.query("SET autoinstall_known_extensions = false");
      await connection.query("SET autoload_known_extensions = false");
      await connection.query("SET allow_community_extensions = false");
      await connection.query(`SET memory_limit = ${quoteLiteral(memoryLimit)}`);
      return { db, connection };
    } catch (cause) {
      await db.terminate().catch(() => undefined);
      throw new QuarryError("INTERNAL", `The ingest database could not start: ${errorMessage(cause)}`, {
        cause,
      });
    }
  };

  const session = async <T>(work: (workspace: IngestWorkspace) => Promise<T>): Promise<T> => {
    if (closed) throw new QuarryError("CONFLICT", "The browser ingest is closed.");
    opened ??= open().catch((error: unknown) => {
      opened = undefined;
      throw error;
    });
    const { db, connection } = await opened;
    const files: string[] = [];
    const tables: string[] = [];
    const all = async (sql: string) => readRows(await connection.send(sql, true));
    const workspace: IngestWorkspace = {
      connection,
      run: async (sql) => {
        await connection.query(sql);
      },
      all,
      arrowFile(sql) {
        const raw = connection as Partial<RawResults>;
        if (!raw.useUnsafe) {
          throw new QuarryError(
            "INVALID_INPUT",
            "The ingest needs an AsyncDuckDB, whose connections give raw results.",
          );
        }
        return raw.useUnsafe((bindings, id) => bindings.runQuery(id, sql));
      },
      tableName() {
        const name = `__quarry_ingest_${++counter}`;
        tables.push(name);
        return name;
      },
      async registerFile(bytes, extension) {
        const registry = db as Partial<FileRegistry>;
        if (!registry.registerFileBuffer || !registry.dropFile) {
          throw new QuarryError(
            "INVALID_INPUT",
            "The ingest needs an AsyncDuckDB, which can register files.",
          );
        }
        const name = `quarry-ingest-${++counter}.${extension}`;
        await registry.registerFileBuffer(name, bytes);
        files.push(name);
        return name;
      },
    };
    try {
      return await work(workspace);
    } finally {
      // Whatever the outcome, the next ingest starts from an empty database.
      for (const table of tables)
        await connection.query(`DROP TABLE IF EXISTS ${quoteIdent(table)}`).catch(() => {});
      const registry = db as Partial<FileRegistry>;
      for (const file of files) await registry.dropFile?.(file).catch(() => {});
    }
  };

  return {
    use(work) {
      const run = queue.then(() => session(work));
      queue = run.catch(() => undefined);
      return run;
    },
    async close() {
      if (closed) return;
      closed = true;
      await queue;
      const current = await opened?.catch(() => undefined);
      await current?.connection.close().catch(() => undefined);
      await current?.db.terminate().catch(() => undefined);
    },
  };
}

/** Reads a streamed result whole, each cell as the engines give it (`cellReader`). */
async function readRows(reader: DuckDbWasmResultReader): Promise<JsonRows> {
  await reader.open();
  const { fields } = reader.schema;
  const readers = fields.map(cellReader);
  const rows: Json[][] = [];
  for await (const batch of reader) {
    const children = batch.data.children;
    for (let row = 0; row < batch.numRows; row++) {
      rows.push(readers.map((read, column) => (children[column] ? read(children[column], row) : null)));
    }
  }
  return { columns: fields.map((f) => ({ name: f.name, type: duckDbTypeName(f) })), rows };
}
