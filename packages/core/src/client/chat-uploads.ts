import type { SessionDocuments } from "../documents/document-ports.js";
import { QuarryError } from "../errors/quarry-error.js";
import type { ChatActionContext } from "./chat-action-context.js";
import type { UploadPreview, UploadState } from "./chat-client-types.js";
import type { DatasetWithPreview, UploadProgress } from "./chat-transport.js";
import { isDocumentFile } from "./document-files.js";
import type { FilePreview } from "./file-preview.js";

/** What uploading needs of the client around it. */
export interface UploadContext extends ChatActionContext {
  /** The open session's id, creating a session when none is open. */
  ensureSession(): Promise<string>;
  /** Reads a dataset file's first rows in the page; null to show none until the upload is done. */
  previewFile: ((file: File) => Promise<FilePreview | null>) | null;
  /** Where a stored dataset file's result goes (the dataset panel). */
  datasetsStored(sessionId: string, result: readonly DatasetWithPreview[]): void;
  /** Where a stored document file's result goes (the documents list). */
  documentsStored(sessionId: string, result: SessionDocuments): void;
}

/** The first rows the server answered a dataset upload with, for its entry in the uploads list. */
function serverPreview(result: readonly DatasetWithPreview[]): UploadPreview | undefined {
  // A workbook of several sheets gives several datasets: the dataset panel shows them all, the entry the first.
  const preview = result[0]?.preview;
  if (!preview) return undefined;
  return {
    source: "server",
    columns: preview.columns,
    rows: preview.rows,
    rowCount: preview.rowCount,
    truncated: preview.rowCount > preview.rows.length,
  };
}

/**
 * Uploading files into the open session: each file in its own request, in turn, so each has its own
 * progress and outcome; documents to the session's documents, the rest to its datasets.
 */
export function createUploads(context: UploadContext): { upload(files: readonly File[]): Promise<void> } {
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
   * Shows a dataset file's first rows while it uploads; a preview that comes after the upload ended (with
   * the server's rows, or a failure) is dropped.
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

  /** Sends one file where its kind goes; the entry's patch once it is stored. */
  async function send(sessionId: string, entry: UploadState, file: File): Promise<Partial<UploadState>> {
    const onProgress: UploadProgress = (loaded, total) => {
      const share = total > 0 ? Math.min(1, loaded / total) : 1;
      patchUpload(entry.id, { loaded: Math.round(share * file.size) });
    };
    if (entry.kind === "document") {
      const result = await transport.uploadDocuments(sessionId, [file], { onProgress });
      context.documentsStored(sessionId, result);
      return {};
    }
    const result = await transport.uploadFiles(sessionId, [file], { onProgress });
    context.datasetsStored(sessionId, result);
    return { preview: serverPreview(result) };
  }

  async function upload(files: readonly File[]): Promise<void> {
    if (files.length === 0) return;
    clearError("upload");
    const entries: UploadState[] = files.map((file) => ({
      id: `upload-${++uploadCount}`,
      fileName: file.name,
      kind: isDocumentFile(file) ? "document" : "dataset",
      loaded: 0,
      total: file.size,
      state: "uploading",
    }));
    // Finished uploads of an earlier batch make way; ones still running stay.
    state.set((s) => ({ uploads: [...s.uploads.filter((u) => u.state === "uploading"), ...entries] }));
    if (context.previewFile) {
      for (const [i, file] of files.entries()) {
        if (entries[i]!.kind === "dataset") void showFilePreview(entries[i]!.id, file);
      }
    }
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
        const stored = await send(sessionId, entry, file);
        patchUpload(entry.id, { loaded: file.size, state: "done", ...stored });
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

  return { upload };
}
