import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Dataset, type Principal, type Quarry, QuarryError, type Session } from "@quarry/core";
import { fileStem, type IngestedDataset, ingestDataset, sanitizeTableName } from "@quarry/core/ingest";
import { readUploads, type UploadedFile } from "./multipart-upload.js";
import { checkUploadFormat } from "./upload-format.js";

/** Options of {@link uploadDatasets}. */
export interface UploadDatasetsOptions {
  /** A `multipart/form-data` request with the files in its `file` field. */
  request: Request;
  quarry: Quarry;
  principal: Principal;
  /** The caller's session, already looked up: the datasets are attached to it. */
  session: Session;
  /** The largest request body (`PAYLOAD_TOO_LARGE` past it). */
  maxBytes: number;
  signal?: AbortSignal;
}

/**
 * Turns a multipart upload into datasets attached to a session. Every file is spooled to a temp folder and
 * checked first, so a request that is too large, of the wrong type or malformed stores nothing at all; then
 * each file is ingested in turn and the datasets are attached together.
 *
 * All or nothing: when a file fails to ingest (or the attach fails), the datasets this request already
 * stored are soft-deleted and their Parquet copies deleted, and the error, naming the file, is thrown.
 */
export async function uploadDatasets(options: UploadDatasetsOptions): Promise<IngestedDataset[]> {
  const { quarry, principal, session, maxBytes, signal } = options;
  const { store, blobs } = quarry;
  const dir = await mkdtemp(join(tmpdir(), "quarry-upload-"));
  const done: IngestedDataset[] = [];
  try {
    const files = await readUploads(options.request, { maxBytes, dir, check: checkUploadFormat });
    const taken = await tableNamesOf(quarry, principal, session);
    for (const file of files) {
      const name = freeName(file, taken);
      const { datasets } = await ingestDataset({
        store,
        blobs,
        principal,
        source: { path: file.path, fileName: file.fileName },
        ...(name === undefined ? {} : { name }),
        maxBytes,
        workDir: dir,
        ...(signal ? { signal } : {}),
      }).catch((error: unknown) => {
        throw aboutFile(error, file.fileName);
      });
      for (const ingested of datasets) taken.add(ingested.dataset.tableName.toLowerCase());
      done.push(...datasets);
    }
    await store.sessions.attach(principal, session.id, { datasetIds: done.map((d) => d.dataset.id) });
    return done;
  } catch (error) {
    await discard(
      quarry,
      principal,
      done.map((d) => d.dataset),
    );
    throw error;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Undoes what the ingest stored: the records are soft-deleted and their Parquet copies removed. */
async function discard(quarry: Quarry, principal: Principal, datasets: readonly Dataset[]): Promise<void> {
  await Promise.allSettled(
    datasets.flatMap((d) => [
      quarry.store.datasets.softDelete(principal, d.id),
      d.blobKey ? quarry.blobs.delete(d.blobKey) : Promise.resolve(),
    ]),
  );
}

/** The table names the session's live datasets use, lower-cased (engines match them case-insensitively). */
async function tableNamesOf(quarry: Quarry, principal: Principal, session: Session): Promise<Set<string>> {
  // `list` without ids lists everything, so an empty session asks for nothing.
  if (session.datasetIds.length === 0) return new Set();
  const datasets = await quarry.store.datasets.list(principal, { ids: session.datasetIds });
  return new Set(datasets.filter((d) => d.deletedAt === null).map((d) => d.tableName.toLowerCase()));
}

/**
 * A name whose table does not clash with one the session already has, or undefined when the file's own
 * stem is free: an engine needs unique table names, so a second `sales.csv` becomes `sales_2`. A workbook's
 * sheets become `{name}_{sheet}`, so for one the name must not start any taken name either.
 */
function freeName(file: UploadedFile, taken: ReadonlySet<string>): string | undefined {
  const base = sanitizeTableName(fileStem(file.fileName));
  const workbook = /\.xlsx$/i.test(file.fileName);
  const clashes = (name: string) =>
    taken.has(name) || (workbook && [...taken].some((t) => t.startsWith(`${name}_`)));
  if (!clashes(base)) return undefined;
  const stem = base.slice(0, 55);
  for (let n = 2; ; n++) {
    const name = sanitizeTableName(`${stem}_${n}`);
    if (!clashes(name)) return name;
  }
}

/** The error with the file's name in front, so the client knows which file of several failed. */
function aboutFile(error: unknown, fileName: string): QuarryError {
  const failure = QuarryError.from(error);
  if (failure.code === "INTERNAL" || failure.code === "ABORTED") return failure;
  return new QuarryError(failure.code, `${JSON.stringify(fileName)}: ${failure.message}`, {
    cause: failure,
    details: { ...failure.details, fileName },
  });
}
