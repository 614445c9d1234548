import { QuarryError } from "../errors/quarry-error.js";
import type { CleaningOperation } from "../model/cleaning.js";
import type { Dataset } from "../model/dataset.js";
import type { ChatState, UploadPreview, UploadState } from "./chat-client-types.js";
import type { StateStore } from "./chat-state-store.js";
import type { ChatError, ChatTransport, DatasetWithPreview } from "./chat-transport.js";
import type { FilePreview } from "./file-preview.js";

/** What the dataset actions need of the client around them. */
export interface DatasetContext {
  transport: ChatTransport;
  state: StateStore<ChatState>;
  fail(error: unknown, action: ChatError["action"], redo: (() => Promise<unknown>) | null): void;
  clearError(action: ChatError["action"]): void;
  /** The open session's id, creating a session when none is open. */
  ensureSession(): Promise<string>;
  /** Reads a file's first rows in the page; null to show none until the upload is done. */
  previewFile: ((file: File) => Promise<FilePreview | null>) | null;
}

/** The datasets with these in them: a new version replaces the old one in its place, new ones go last. */
function withDatasets(
  datasets: readonly (Dataset | DatasetWithPreview)[],
  added: readonly (Dataset | DatasetWithPreview)[],
): (Dataset | DatasetWithPreview)[] {
  const byId = new Map(added.map((d) => [d.id, d]));
  const kept = datasets.map((d) => byId.get(d.id) ?? d);
  const known = new Set(datasets.map((d) => d.id));
  return [...kept, ...added.filter((d) => !known.has(d.id))];
}

/** The first rows the server answered an upload with, for its entry in the uploads list. */
function serverPreview(datasets: readonly DatasetWithPreview[]): UploadPreview | undefined {
  // A workbook of several sheets gives several datasets: the dataset panel shows them all, the entry the first.
  const preview = datasets[0]?.preview;
  if (!preview) return undefined;
  return {
    source: "server",
    columns: preview.columns,
    rows: preview.rows,
    rowCount: preview.rowCount,
    truncated: preview.rowCount > preview.rows.length,
  };
}

/** Uploading files into the open session and cleaning its datasets. */
export function createDatasetActions(context: DatasetContext): {
  upload(files: readonly File[]): Promise<void>;
  cleanDataset(datasetId: string, operations: readonly CleaningOperation[]): Promise<void>;
} {
  const { transport, state, fail, clearError, ensureSession } = context;
  let uploadCount = 0;

  function patchUpload(id: string, patch: Partial<UploadState>): void {
    state.set((s) =>
      s.uploads.some((u) => u.id === id)
        ? { uploads: s.uploads.map((u) => (u.id === id ? { ...u, ...patch } : u)) }
        : {},
    );
  }

  /**
   * Shows a file's first rows while it uploads; a preview that comes after the upload ended (with the
   * server's rows, or a failure) is dropped.
   */
  async function showFilePreview(id: string, file: File): Promise<void> {
    let preview: FilePreview | null = null;
    try {
      preview = (await context.previewFile?.(file)) ?? null;
    } catch {
      // The preview is a convenience: the upload goes on without it.
    }
    if (!preview) return;
    const shown: UploadPreview = { ...preview, source: "file", rowCount: null };
    state.set((s) =>
      s.uploads.some((u) => u.id === id && u.state === "uploading")
        ? { uploads: s.uploads.map((u) => (u.id === id ? { ...u, preview: shown } : u)) }
        : {},
    );
  }

  /** Uploads the files one request each, in turn, so each has its own progress and its own outcome. */
  async function upload(files: readonly File[]): Promise<void> {
    if (files.length === 0) return;
    clearError("upload");
    const entries: UploadState[] = files.map((file) => ({
      id: `upload-${++uploadCount}`,
      fileName: file.name,
      loaded: 0,
      total: file.size,
      state: "uploading",
    }));
    // Finished uploads of an earlier batch make way; ones still running stay.
    state.set((s) => ({ uploads: [...s.uploads.filter((u) => u.state === "uploading"), ...entries] }));
    if (context.previewFile)
      for (const [i, file] of files.entries()) void showFilePreview(entries[i]!.id, file);
    let sessionId: string;
    try {
      sessionId = await ensureSession();
    } catch (error) {
      const message = QuarryError.from(error).message;
      for (const entry of entries) patchUpload(entry.id, { state: "failed", error: message });
      fail(error, "upload", () => upload(files));
      return;
    }
    const failed: File[] = [];
    let firstFailure: unknown;
    for (const [i, file] of files.entries()) {
      const entry = entries[i]!;
      try {
        const datasets = await transport.uploadFiles(sessionId, [file], {
          onProgress: (loaded, total) => {
            const share = total > 0 ? Math.min(1, loaded / total) : 1;
            patchUpload(entry.id, { loaded: Math.round(share * file.size) });
          },
        });
        patchUpload(entry.id, { loaded: file.size, state: "done", preview: serverPreview(datasets) });
        if (state.get().currentSessionId === sessionId) {
          state.set((s) => ({ datasets: withDatasets(s.datasets, datasets) }));
        }
      } catch (error) {
        patchUpload(entry.id, {
          state: "failed",
          error: QuarryError.from(error).message,
          preview: undefined,
        });
        failed.push(file);
        firstFailure ??= error;
      }
    }
    if (failed.length > 0) fail(firstFailure, "upload", () => upload(failed));
  }

  async function cleanDataset(datasetId: string, operations: readonly CleaningOperation[]): Promise<void> {
    clearError("clean");
    try {
      const dataset = await transport.cleanDataset(datasetId, operations);
      state.set((s) => ({ datasets: withDatasets(s.datasets, [dataset]) }));
    } catch (error) {
      fail(error, "clean", () => cleanDataset(datasetId, operations));
    }
  }

  return { upload, cleanDataset };
}
