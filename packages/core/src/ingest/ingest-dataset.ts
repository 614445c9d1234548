import { createReadStream } from "node:fs";
import type { BlobStore } from "../blob/blob-store.js";
import type { QueryResult } from "../engine/sql-engine.js";
import { QuarryError } from "../errors/quarry-error.js";
import { limits, type Metadata } from "../model/common.js";
import type { Dataset, DatasetCreate } from "../model/dataset.js";
import { type Principal, PrincipalSchema } from "../model/principal.js";
import type { Store } from "../store/store.js";
import { datasetBlobKey } from "./blob-keys.js";
import type { RenamedColumn } from "./column-names.js";
import { type IngestedTable, type IngestFileOptions, ingestFile } from "./ingest-file.js";
import { countBytes, progressReporter } from "./ingest-progress.js";
import type { IngestSource } from "./ingest-source.js";

/** The media type of the canonical copies. */
export const parquetContentType = "application/vnd.apache.parquet";

/** Options of {@link ingestDataset}. */
export interface IngestDatasetOptions extends IngestFileOptions {
  store: Store;
  blobs: BlobStore;
  principal: Principal;
  source: IngestSource;
}

/** A stored dataset (version 1) with the first rows. */
export interface IngestedDataset {
  dataset: Dataset;
  preview: QueryResult;
  /** Columns whose names Quarry had to make up or change (also in `dataset.metadata.renamedColumns`). */
  renamedColumns: RenamedColumn[];
}

/**
 * Ingests a file (see `ingestFile`) and stores each table as a dataset: the Parquet copy goes to the blob
 * store under `tenants/{t}/users/{u}/datasets/{id}/v1.parquet`, then the record to the store with its
 * profile and suggestions. A workbook gives one dataset per non-empty sheet unless `sheet` is set.
 *
 * All or nothing: when anything fails after a blob was written, the blobs written are deleted and any
 * dataset already created is soft-deleted, so a failed ingest leaves no half-stored dataset.
 *
 * @example
 * ```ts
 * const { datasets } = await ingestDataset({ store, blobs, principal, source: { path: "sales.csv" } });
 * datasets[0]?.dataset.tableName; // "sales"
 * ```
 */
export async function ingestDataset(options: IngestDatasetOptions): Promise<{ datasets: IngestedDataset[] }> {
  const { store, blobs, source } = options;
  const checked = PrincipalSchema.safeParse(options.principal);
  if (!checked.success) throw new QuarryError("INVALID_INPUT", "Invalid principal.");
  const principal = checked.data;

  const report = progressReporter(options.onProgress);
  const result = await ingestFile(source, report ? { ...options, onProgress: report } : options);
  const written: string[] = [];
  const created: Dataset[] = [];
  try {
    const planned = result.tables.map((table) => {
      const id = crypto.randomUUID();
      const blobKey = datasetBlobKey(principal, id, 1);
      return { table, blobKey, input: datasetInput(table, id, blobKey) };
    });
    const totalBytes = result.tables.reduce((sum, table) => sum + table.parquetBytes, 0);
    let stored = 0;
    report?.({ stage: "writing", bytes: 0, totalBytes });
    for (const { table, blobKey } of planned) {
      options.signal?.throwIfAborted();
      written.push(blobKey);
      const done = stored;
      await putFile(blobs, blobKey, table.parquetPath, (bytes) =>
        report?.({ stage: "writing", bytes: done + bytes, totalBytes }),
      );
      stored += table.parquetBytes;
    }
    for (const { input } of planned) created.push(await store.datasets.create(principal, input));
    return {
      datasets: planned.map(({ table }, i) => ({
        dataset: created[i] as Dataset,
        preview: table.preview,
        renamedColumns: table.renamedColumns,
      })),
    };
  } catch (error) {
    await Promise.allSettled(written.map((key) => blobs.delete(key)));
    await Promise.allSettled(created.map((d) => store.datasets.softDelete(principal, d.id)));
    if (options.signal?.aborted)
      throw new QuarryError("ABORTED", "The ingest was aborted.", { cause: error });
    throw QuarryError.from(error);
  } finally {
    await result.dispose();
  }
}

/**
 * Streams a file into the blob store as Parquet, closing the file even when the store gives up midway;
 * `onBytes` hears how many bytes the store has taken so far.
 */
export async function putFile(
  blobs: BlobStore,
  key: string,
  path: string,
  onBytes?: (bytes: number) => void,
): Promise<void> {
  const stream = createReadStream(path);
  try {
    await blobs.put(key, onBytes ? countBytes(stream, onBytes) : stream, {
      contentType: parquetContentType,
    });
  } finally {
    stream.destroy();
  }
}

function datasetInput(table: IngestedTable, id: string, blobKey: string): DatasetCreate {
  if (table.columns.length > 20_000) {
    throw new QuarryError(
      "INVALID_FILE",
      `The table has ${table.columns.length} columns, more than the limit of 20,000.`,
    );
  }
  const metadata: Metadata = {};
  if (table.sheet !== undefined) metadata.sheet = table.sheet;
  if (table.renamedColumns.length > 0) metadata.renamedColumns = table.renamedColumns.map((r) => ({ ...r }));
  // Renames of a very wide file can outgrow the metadata limit; they stay in the ingest result then.
  if (JSON.stringify(metadata).length > limits.metadataBytes) delete metadata.renamedColumns;
  return {
    id,
    name: table.name.slice(0, limits.nameLength) || table.tableName,
    tableName: table.tableName,
    format: table.format,
    rowCount: table.rowCount,
    sizeBytes: table.sizeBytes,
    columns: table.columns,
    suggestions: table.suggestions,
    blobKey,
    sourceFileName: table.sourceFileName.slice(0, limits.nameLength),
    metadata,
  };
}
