import { readFile, stat } from "node:fs/promises";
import { basename } from "node:path";
import { QuarryError } from "@quarry/core";
import { chunkPages, defaultMaxDocumentBytes, extractDocumentPages } from "@quarry/core/documents";
import { cellText, textTable } from "./text-table.js";

/** Name endings `quarry ingest` reads as documents; `.txt` stays a delimited table unless `--document`. */
const documentExtensions = /\.(pdf|md|markdown)$/i;

/** Whether `quarry ingest` reads the file as a document rather than a dataset. */
export function isDocumentPath(path: string, forced: boolean): boolean {
  return forced || documentExtensions.test(path);
}

/**
 * A document file as `quarry ingest` shows it: its format, its pages and the passages it is cut into for
 * retrieval (the default chunking), as a readable summary or as JSON with every passage. Nothing is stored.
 *
 * @throws QuarryError `INVALID_FILE` naming the file and why it cannot be read (empty, damaged,
 * password-protected, scanned without a text layer, too large).
 */
export async function describeDocumentFile(path: string, json: boolean): Promise<string> {
  const fileName = basename(path);
  const { size } = await stat(path);
  if (size > defaultMaxDocumentBytes) {
    throw new QuarryError(
      "INVALID_FILE",
      `${fileName}: the file is larger than ${defaultMaxDocumentBytes} bytes.`,
    );
  }
  const bytes = new Uint8Array(await readFile(path));
  const extracted = await extractDocumentPages({ bytes, fileName }).catch((error: unknown) => {
    const failure = QuarryError.from(error);
    throw new QuarryError(failure.code, `${fileName}: ${failure.message}`, { cause: failure });
  });
  const chunks = chunkPages(extracted.pages, { paged: extracted.paged });
  const pages = extracted.paged ? extracted.pages.length : null;
  if (json) {
    const passages = chunks.map((c) => ({ index: c.index, page: c.page, text: c.text }));
    return JSON.stringify(
      { document: { fileName, format: extracted.format, sizeBytes: size, pages, passages } },
      null,
      2,
    );
  }
  const head = `${fileName}: ${extracted.format}, ${pages === null ? "" : `${pages} pages, `}${chunks.length} passages (${size} bytes)`;
  const rows = chunks.map((c) => [c.index + 1, c.page, c.text.length, cellText(c.text, 60)]);
  return [head, "", textTable(["passage", "page", "characters", "text"], rows)].join("\n");
}
