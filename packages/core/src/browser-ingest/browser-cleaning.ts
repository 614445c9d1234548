import type { BlobStore } from "../blob/blob-store.js";
import { cleaningSql, parseOperations } from "../cleaning/cleaning-sql.js";
import { cleanedVersionMetadata } from "../cleaning/version-metadata.js";
import { readDatasetCopy } from "../engine/dataset-copy.js";
import { loadTable, tableSourceOf } from "../engine/duckdb-wasm/wasm-lockdown.js";
import { QuarryError } from "../errors/quarry-error.js";
import { duckDbReason } from "../ingest/duckdb-errors.js";
import { quoteIdent } from "../ingest/sql-quote.js";
import type { CleaningOperation } from "../model/cleaning.js";
import type { Dataset } from "../model/dataset.js";
import type { Principal } from "../model/principal.js";
import { suggestCleaning } from "../profile/suggestions.js";
import { type ProfileOptions, profileTableWith } from "../profile/table-profile.js";
import type { Store } from "../store/store.js";
import { arrowCopyKey, arrowCopyOf, arrowStreamContentType } from "./canonical-copy.js";
import type { IngestDatabase } from "./ingest-database.js";

/** What {@link cleanInBrowser} works with. */
export interface BrowserCleaningContext {
  database: IngestDatabase;
  store: Store;
  blobs: BlobStore;
  principal: Principal;
  profile?: ProfileOptions;
  signal?: AbortSignal;
}

/**
 * Applies cleaning operations to the latest version of a dataset in the page and stores the result as the
 * next version, as `applyCleaning` does on a server: the same validation and the same Quarry-written SELECT
 * (`cleaningSql`), run in the ingest's private DuckDB-WASM over the version's canonical copy; the result is
 * re-profiled and stored as a new Arrow copy. The earlier version's record and copy stay.
 *
 * Errors: `INVALID_INPUT` (bad operations, an unknown column, a value that does not fit), `NOT_FOUND` (no
 * such dataset for this principal, or its copy is gone), `ABORTED`. On failure nothing is stored.
 */
export async function cleanInBrowser(
  context: BrowserCleaningContext,
  datasetId: string,
  operations: readonly CleaningOperation[],
): Promise<Dataset> {
  const { store, blobs, principal, signal } = context;
  const ops = parseOperations(operations);
  const current = await store.datasets.get(principal, datasetId);
  if (!current) throw new QuarryError("NOT_FOUND", `Dataset ${JSON.stringify(datasetId)} was not found.`);
  const sql = cleaningSql(current.tableName, current.columns, ops);
  const copy = await readDatasetCopy(blobs, current, "stored copy");
  signal?.throwIfAborted();

  const cleaned = await context.database.use(async (ws) => {
    const source = ws.tableName();
    await loadTable(ws.connection, tableSourceOf(source, copy));
    // The cleaning SELECT reads the dataset by its table name, so that name is a view over the loaded copy.
    const view = quoteIdent(current.tableName);
    await ws.run(`CREATE OR REPLACE TEMP VIEW ${view} AS SELECT * FROM ${quoteIdent(source)}`);
    try {
      const table = ws.tableName();
      await ws.run(`CREATE TABLE ${quoteIdent(table)} AS ${sql}`).catch((error: unknown) => {
        if (signal?.aborted) throw error;
        throw new QuarryError("INVALID_INPUT", `The cleaning failed: ${duckDbReason(error)}`, {
          cause: error,
        });
      });
      signal?.throwIfAborted();
      const profile = await profileTableWith(ws.all, table, context.profile);
      return { profile, copy: await arrowCopyOf(ws, table) };
    } finally {
      await ws.run(`DROP VIEW IF EXISTS ${view}`).catch(() => undefined);
    }
  });

  signal?.throwIfAborted();
  const version = current.version + 1;
  const blobKey = await arrowCopyKey(principal, current.id, version);
  await blobs.put(blobKey, cleaned.copy, { contentType: arrowStreamContentType });
  try {
    return await store.datasets.newVersion(principal, current.id, {
      rowCount: cleaned.profile.rowCount,
      columns: cleaned.profile.columns,
      suggestions: suggestCleaning(cleaned.profile),
      blobKey,
      metadata: cleanedVersionMetadata(current, ops),
    });
  } catch (error) {
    await blobs.delete(blobKey).catch(() => undefined);
    throw QuarryError.from(error);
  }
}
