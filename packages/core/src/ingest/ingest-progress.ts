import type { DuckDBConnection } from "@duckdb/node-api";

/**
 * How far an ingest has come, for a progress bar. Stages come in this order, each at least once:
 * - `reading`: the source is spooled (a stream: `bytes` so far, no `totalBytes`) and read into the canonical
 *   Parquet copy (`bytes` of `totalBytes`, the file's size, estimated from DuckDB's own progress);
 * - `profiling`: the columns are profiled (no bytes);
 * - `writing`: `ingestDataset` only: the Parquet copies are stored (`bytes` of `totalBytes`, their size).
 *
 * Within a stage `bytes` only grows, and the last `reading` report has `bytes === totalBytes`.
 */
export interface IngestProgress {
  stage: "reading" | "profiling" | "writing";
  bytes?: number;
  totalBytes?: number;
}

/** Called as an ingest moves on (see {@link IngestProgress}). */
export type IngestProgressListener = (progress: IngestProgress) => void;

const stageOrder: readonly IngestProgress["stage"][] = ["reading", "profiling", "writing"];

/** How often DuckDB is asked how far it has read: often enough for a bar, rarely enough to cost nothing. */
const pollMs = 100;

/**
 * The listener, behind a filter that passes on only news in order: stages only forward, `bytes` only up
 * within a stage. Sources of progress can then overlap freely (a spooled stream is read again by DuckDB, a
 * retried CSV read starts over, each sheet of a workbook is read in turn). Undefined without a listener, so
 * callers skip the work of measuring.
 */
export function progressReporter(listener?: IngestProgressListener): IngestProgressListener | undefined {
  if (!listener) return undefined;
  let last: IngestProgress | undefined;
  return (progress) => {
    const step = last ? stageOrder.indexOf(progress.stage) - stageOrder.indexOf(last.stage) : 1;
    if (step < 0) return;
    const next: IngestProgress = { stage: progress.stage };
    const bytes =
      step === 0 && last?.bytes !== undefined ? Math.max(last.bytes, progress.bytes ?? 0) : progress.bytes;
    if (bytes !== undefined) next.bytes = bytes;
    const totalBytes = progress.totalBytes ?? (step === 0 ? last?.totalBytes : undefined);
    if (totalBytes !== undefined) next.totalBytes = totalBytes;
    if (step === 0 && next.bytes === last?.bytes && next.totalBytes === last?.totalBytes) return;
    last = next;
    try {
      listener({ ...next });
    } catch {
      // A progress display that fails must not fail the ingest it only watches.
    }
  };
}

/**
 * Runs `work` (a DuckDB statement that reads the source file) while reporting how far it has read, from
 * DuckDB's query progress (for CSV and JSON the share of the file's bytes scanned). The workspace must have
 * been opened with `trackProgress`.
 */
export async function whileReading<T>(
  connection: DuckDBConnection,
  totalBytes: number,
  report: IngestProgressListener,
  work: () => Promise<T>,
): Promise<T> {
  const timer = setInterval(() => {
    const { percentage } = connection.progress;
    // -1 while no statement runs, or while one runs that DuckDB cannot measure (rows from JS, a workbook).
    if (percentage < 0) return;
    report({
      stage: "reading",
      bytes: Math.round((Math.min(percentage, 100) / 100) * totalBytes),
      totalBytes,
    });
  }, pollMs);
  try {
    return await work();
  } finally {
    clearInterval(timer);
  }
}

/** Passes chunks on unchanged, telling `onBytes` how many bytes have passed so far. */
export async function* countBytes(
  chunks: AsyncIterable<Uint8Array>,
  onBytes: (bytes: number) => void,
): AsyncGenerator<Uint8Array> {
  let total = 0;
  for await (const chunk of chunks) {
    total += chunk.byteLength;
    onBytes(total);
    yield chunk;
  }
}
