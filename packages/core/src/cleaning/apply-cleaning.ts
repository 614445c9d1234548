import { createWriteStream } from "node:fs";
import { join } from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { byteChunks } from "../blob/blob-body.js";
import type { BlobStore } from "../blob/blob-store.js";
import type { QueryResult } from "../engine/sql-engine.js";
import { QuarryError } from "../errors/quarry-error.js";
import { datasetBlobKey } from "../ingest/blob-keys.js";
import { duckDbReason } from "../ingest/duckdb-errors.js";
import { openWorkspace } from "../ingest/duckdb-workspace.js";
import { putFile } from "../ingest/ingest-dataset.js";
import { createWorkDir } from "../ingest/ingest-source.js";
import { copyToParquet, createTableAs } from "../ingest/source-table.js";
import { quoteIdent, quoteLiteral } from "../ingest/sql-quote.js";
import type { CleaningOperation } from "../model/cleaning.js";
import type { Dataset } from "../model/dataset.js";
import type { Principal } from "../model/principal.js";
import { type ProfileOptions, profileTable } from "../profile/profile-table.js";
import { suggestCleaning } from "../profile/suggestions.js";
import type { Store } from "../store/store.js";
import { cleaningSql, parseOperations } from "./cleaning-sql.js";
import { cleanedVersionMetadata } from "./version-metadata.js";

/** Options of {@link applyCleaning}. */
export interface ApplyCleaningOptions {
  store: Store;
  blobs: BlobStore;
  principal: Principal;
  datasetId: string;
  /** Applied in order; usually the `operations` of the suggestions a user picked. */
  operations: readonly CleaningOperation[];
  /** Folder for temporary files (default: the OS temp folder). */
  workDir?: string;
  profile?: ProfileOptions;
  signal?: AbortSignal;
}

/** The new dataset version, its first rows and the SQL that made it. */
export interface CleaningResult {
  dataset: Dataset;
  preview: QueryResult;
  sql: string;
}

/**
 * Applies cleaning operations to the latest version of a dataset and stores the result as the next version.
 * The operations are validated, turned into one SELECT by {@link cleaningSql} and run on a private DuckDB over
 * the version's Parquet copy (spooled from the blob store to a temp file); the result is written as a new
 * Parquet blob, re-profiled, and recorded with `store.datasets.newVersion`. The earlier version's record
 * and blob stay, so it remains queryable. Nothing but Quarry-written SQL runs.
 *
 * Errors: `INVALID_INPUT` (bad operations, an unknown column, a value that does not fit the column),
 * `NOT_FOUND` (no such dataset for this principal, or its Parquet copy is gone). On failure nothing is stored.
 */
export async function applyCleaning(options: ApplyCleaningOptions): Promise<CleaningResult> {
  const { store, blobs, principal, datasetId } = options;
  const operations = parseOperations(options.operations);
  const current = await store.datasets.get(principal, datasetId);
  if (!current) throw new QuarryError("NOT_FOUND", `Dataset ${JSON.stringify(datasetId)} was not found.`);
  if (!current.blobKey)
    throw new QuarryError("INVALID_INPUT", "This dataset has no stored Parquet copy to clean.");
  const sql = cleaningSql(current.tableName, current.columns, operations);

  const dir = await createWorkDir(options.workDir);
  let blobKey: string | null = null;
  try {
    const input = join(dir.path, "current.parquet");
    const output = join(dir.path, "cleaned.parquet");
    const blob = await blobs.get(current.blobKey);
    if (!blob) throw new QuarryError("NOT_FOUND", "The dataset's stored Parquet copy is missing.");
    await pipeline(Readable.from(byteChunks(blob.body)), createWriteStream(input, { flags: "wx" }));

    const ws = await openWorkspace({
      workDir: dir.path,
      ...(options.signal ? { signal: options.signal } : {}),
    });
    let profile: Awaited<ReturnType<typeof profileTable>>;
    try {
      const source = quoteIdent(current.tableName);
      const cleaned = current.tableName === "cleaned" ? "cleaned_2" : "cleaned";
      await ws.run(`CREATE VIEW ${source} AS SELECT * FROM read_parquet(${quoteLiteral(input)})`);
      await createTableAs(ws, cleaned, sql).catch((error: unknown) => {
        if (options.signal?.aborted) throw error;
        throw new QuarryError("INVALID_INPUT", `The cleaning failed: ${duckDbReason(error)}`, {
          cause: error,
        });
      });
      profile = await profileTable(ws.connection, cleaned, options.profile);
      await copyToParquet(ws, `SELECT * FROM ${quoteIdent(cleaned)}`, output);
    } finally {
      ws.close();
    }

    blobKey = datasetBlobKey(principal, current.id, current.version + 1, crypto.randomUUID().slice(0, 8));
    await putFile(blobs, blobKey, output);
    const dataset = await store.datasets.newVersion(principal, current.id, {
      rowCount: profile.rowCount,
      columns: profile.columns,
      suggestions: suggestCleaning(profile),
      blobKey,
      metadata: cleanedVersionMetadata(current, operations),
    });
    return { dataset, preview: profile.preview, sql };
  } catch (error) {
    if (blobKey) await blobs.delete(blobKey).catch(() => undefined);
    if (options.signal?.aborted)
      throw new QuarryError("ABORTED", "The cleaning was aborted.", { cause: error });
    throw QuarryError.from(error);
  } finally {
    await dir.remove();
  }
}
