import type { BlobStore } from "../blob/blob-store.js";
import type { DatasetWithPreview } from "../client/chat-transport.js";
import type { LocalClean, LocalIngest, LocalIngestContext } from "../client/local-transport.js";
import { QuarryError } from "../errors/quarry-error.js";
import { fileStem, maxTableNameLength, sanitizeTableName } from "../ingest/table-name.js";
import { defaultWorkbookLimits, type WorkbookLimits } from "../ingest/zip-guard.js";
import { limits, type Metadata } from "../model/common.js";
import type { Dataset, DatasetCreate } from "../model/dataset.js";
import type { Principal } from "../model/principal.js";
import { suggestCleaning } from "../profile/suggestions.js";
import type { ProfileOptions } from "../profile/table-profile.js";
import type { Store } from "../store/store.js";
import { cleanInBrowser } from "./browser-cleaning.js";
import { arrowCopyKey, arrowStreamContentType } from "./canonical-copy.js";
import { createIngestDatabase, type DuckDbWasmSource } from "./ingest-database.js";
import { type ReadTable, readUpload } from "./read-upload.js";

/** Options of {@link createBrowserIngest}. */
export interface BrowserIngestOptions {
  /** Where dataset records go; default the pipeline's own store (`context.quarry.store`). */
  store?: Store;
  /** Where canonical copies go; default the pipeline's own blob store (`context.quarry.blobs`). */
  blobs?: BlobStore;
  /**
   * The DuckDB-WASM the ingest reads and profiles files with (its own; the query engine's is locked down):
   * a bundle of URLs the host serves, a function making a database (Node: `createNodeDuckDbWasm`), or an
   * `AsyncDuckDB`, which the ingest then owns. Default: `duckdb-eh.wasm` and `duckdb-browser-eh.worker.js`
   * next to the page. Started on the first upload.
   */
  duckdb?: DuckDbWasmSource;
  /** Refuse larger files with `PAYLOAD_TOO_LARGE`; default {@link defaultBrowserMaxBytes}. */
  maxBytes?: number;
  /** DuckDB's memory limit while ingesting; default `"1GB"`. */
  memoryLimit?: string;
  workbookLimits?: WorkbookLimits;
  profile?: ProfileOptions;
}

/**
 * The `ingest` of `localTransport`, with `clean` (its `clean`: cleaning operations applied in the same
 * DuckDB-WASM, see `cleanInBrowser`) and `close` to stop its DuckDB-WASM worker.
 */
export type BrowserIngest = LocalIngest & { clean: LocalClean; close(): Promise<void> };

/**
 * The default upload cap in the browser: 256 MiB. A file is read whole into the page and then into the
 * worker's WebAssembly memory (4 GiB at most, shared with the tables), far less room than a server's 2 GiB.
 */
export const defaultBrowserMaxBytes = 256 * 1024 * 1024;

/**
 * Creates the browser's ingest: files to stored datasets in the page, with no server. Each file is read by
 * the format its bytes show — CSV/TSV by DuckDB-WASM's CSV reader, JSON/NDJSON by `JSON.parse`, Parquet by
 * hyparquet, `.xlsx` by SheetJS (`@e965/xlsx`, an optional peer, imported on first need) — profiled with
 * the server's profile SQL, and stored as a dataset whose canonical copy is an Arrow IPC stream (see
 * `arrowCopyOf` for why not Parquet), keyed `…/datasets/{id}/v1.arrows`. Table names are the file stems,
 * made unique within the session (`sales`, `sales_2`).
 *
 * All or nothing for the files of one call: when one fails, the copies and records already stored are
 * removed and the error names the file. Errors: `PAYLOAD_TOO_LARGE` past `maxBytes`,
 * `UNSUPPORTED_MEDIA_TYPE` for files that are no data file (PDF, images, `.xls`), `INVALID_FILE` with the
 * reason for broken ones, `ABORTED` when the signal fires.
 *
 * @example
 * ```ts
 * const ingest = createBrowserIngest({ duckdb: { mainModule: wasmUrl, mainWorker: workerUrl } });
 * const transport = localTransport({ quarry, principal, ingest, clean: ingest.clean });
 * ```
 */
export function createBrowserIngest(options: BrowserIngestOptions = {}): BrowserIngest {
  const maxBytes = options.maxBytes ?? defaultBrowserMaxBytes;
  if (!Number.isSafeInteger(maxBytes) || maxBytes < 1) {
    throw new QuarryError("INVALID_INPUT", `maxBytes must be a positive integer; got ${maxBytes}.`);
  }
  const workbookLimits = { ...defaultWorkbookLimits, ...options.workbookLimits };
  const database = createIngestDatabase(options.duckdb, options.memoryLimit ?? "1GB");

  async function ingest(files: readonly File[], context: LocalIngestContext): Promise<DatasetWithPreview[]> {
    const store = options.store ?? context.quarry.store;
    const blobs = options.blobs ?? context.quarry.blobs;
    const { principal, signal } = context;
    for (const file of files) {
      if (file.size > maxBytes) {
        throw new QuarryError(
          "PAYLOAD_TOO_LARGE",
          `${JSON.stringify(file.name)} is larger than the limit of ${maxBytes} bytes.`,
          { details: { maxBytes, fileName: file.name } },
        );
      }
    }
    const taken = await tableNamesOf(store, principal, context.sessionId);
    const total = files.reduce((sum, file) => sum + file.size, 0);
    let loaded = 0;
    const written: string[] = [];
    const created: Dataset[] = [];
    const results: DatasetWithPreview[] = [];
    try {
      for (const file of files) {
        signal?.throwIfAborted();
        const tables = await readUpload(database, new Uint8Array(await file.arrayBuffer()), file.name, {
          workbookLimits,
          ...(options.profile ? { profile: options.profile } : {}),
          ...(signal ? { signal } : {}),
        }).catch((error: unknown) => {
          throw aboutFile(error, file.name, signal);
        });
        const stem = fileStem(file.name);
        for (const table of tables) {
          signal?.throwIfAborted();
          const several = tables.length > 1 && table.sheet !== undefined;
          const tableName = freeName(sanitizeTableName(several ? `${stem} ${table.sheet}` : stem), taken);
          taken.add(tableName);
          const id = crypto.randomUUID();
          const blobKey = await arrowCopyKey(principal, id, 1);
          written.push(blobKey);
          await blobs.put(blobKey, table.copy, { contentType: arrowStreamContentType });
          const name = several ? `${stem} / ${table.sheet}` : stem;
          const dataset = await store.datasets.create(
            principal,
            datasetInput(table, { id, name, tableName, blobKey, file }),
          );
          created.push(dataset);
          const { columns, rows, rowCount } = table.profile.preview;
          results.push({ ...dataset, preview: { columns, rows, rowCount } });
        }
        loaded += file.size;
        context.onProgress?.(loaded, total);
      }
      return results;
    } catch (error) {
      await Promise.allSettled(written.map((key) => blobs.delete(key)));
      await Promise.allSettled(created.map((d) => store.datasets.softDelete(principal, d.id)));
      throw signal?.aborted
        ? new QuarryError("ABORTED", "The upload was aborted.", { cause: error })
        : QuarryError.from(error);
    }
  }

  const clean: LocalClean = (datasetId, operations, { principal, quarry }) =>
    cleanInBrowser(
      {
        database,
        store: options.store ?? quarry.store,
        blobs: options.blobs ?? quarry.blobs,
        principal,
        ...(options.profile ? { profile: options.profile } : {}),
      },
      datasetId,
      operations,
    );

  return Object.assign(ingest, { clean, close: () => database.close() });
}

/** The table names of the session's live datasets, lower-cased (engines match them case-insensitively). */
async function tableNamesOf(store: Store, principal: Principal, sessionId: string): Promise<Set<string>> {
  const session = await store.sessions.get(principal, sessionId);
  if (!session) throw new QuarryError("NOT_FOUND", "No such session.");
  if (session.datasetIds.length === 0) return new Set();
  const datasets = await store.datasets.list(principal, { ids: session.datasetIds });
  return new Set(datasets.filter((d) => d.deletedAt === null).map((d) => d.tableName.toLowerCase()));
}

/** `base`, or `base_2`, `base_3`, … when the session already has a table of that name. */
function freeName(base: string, taken: ReadonlySet<string>): string {
  let name = base;
  for (let n = 2; taken.has(name.toLowerCase()); n++) {
    const suffix = `_${n}`;
    name = `${base.slice(0, maxTableNameLength - suffix.length)}${suffix}`;
  }
  return name;
}

function datasetInput(
  table: ReadTable,
  where: { id: string; name: string; tableName: string; blobKey: string; file: File },
): DatasetCreate {
  const { columns } = table.profile;
  if (columns.length > 20_000) {
    throw new QuarryError(
      "INVALID_FILE",
      `The table has ${columns.length} columns, more than the limit of 20,000.`,
    );
  }
  const metadata: Metadata = {};
  if (table.sheet !== undefined) metadata.sheet = table.sheet;
  if (table.renamed.length > 0) metadata.renamedColumns = table.renamed.map((r) => ({ ...r }));
  // Renames of a very wide file can outgrow the metadata limit.
  if (JSON.stringify(metadata).length > limits.metadataBytes) delete metadata.renamedColumns;
  return {
    id: where.id,
    name: where.name.slice(0, limits.nameLength) || where.tableName,
    tableName: where.tableName,
    format: table.format,
    rowCount: table.profile.rowCount,
    sizeBytes: where.file.size,
    columns,
    suggestions: suggestCleaning(table.profile),
    blobKey: where.blobKey,
    sourceFileName: where.file.name.slice(0, limits.nameLength),
    metadata,
  };
}

/** The error with the file's name in front, so the user knows which of several files failed. */
function aboutFile(error: unknown, fileName: string, signal: AbortSignal | undefined): QuarryError {
  if (signal?.aborted) return new QuarryError("ABORTED", "The upload was aborted.", { cause: error });
  const failure = QuarryError.from(error);
  if (failure.code === "INTERNAL" || failure.message.includes(JSON.stringify(fileName))) return failure;
  return new QuarryError(failure.code, `${JSON.stringify(fileName)}: ${failure.message}`, {
    cause: failure,
    details: { ...failure.details, fileName },
  });
}
