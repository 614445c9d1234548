import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { SessionDocumentFile, SessionDocuments } from "@quarry/core/documents";
import type { UploadDatasetsOptions } from "./dataset-upload.js";
import { checkDocumentFormat } from "./document-format.js";
import { readUploads } from "./multipart-upload.js";

/** Options of {@link uploadDocuments}: a multipart request into the caller's session, as for datasets. */
export type UploadDocumentsOptions = UploadDatasetsOptions;

/**
 * Turns a multipart upload into documents of a session. Every file is spooled to a temp folder and checked
 * first, so a request that is too large, malformed or carries a file that is clearly not a document stores
 * nothing at all; then each file goes through `quarry.documents.add` in turn, one in memory at a time.
 *
 * Unlike datasets, not all or nothing: each file ends `processed` or `failed` with its reason (a damaged,
 * encrypted or scanned PDF, an empty file), and the others are kept. The result lists this request's files
 * in order, and `ready` says whether every document of the session is processed.
 */
export async function uploadDocuments(options: UploadDocumentsOptions): Promise<SessionDocuments> {
  const { quarry, principal, session, maxBytes, signal } = options;
  const dir = await mkdtemp(join(tmpdir(), "quarry-documents-"));
  try {
    const uploads = await readUploads(options.request, { maxBytes, dir, check: checkDocumentFormat });
    const files: SessionDocumentFile[] = [];
    let ready = false;
    for (const upload of uploads) {
      const bytes = new Uint8Array(await readFile(upload.path));
      const added = await quarry.documents.add(
        session.id,
        [{ fileName: upload.fileName, bytes, ...(upload.mediaType ? { mediaType: upload.mediaType } : {}) }],
        { principal, ...(signal ? { signal } : {}) },
      );
      files.push(...added.files);
      ready = added.ready;
    }
    return { ready, files };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
