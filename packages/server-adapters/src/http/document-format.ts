import { QuarryError } from "@quarry/core";
import { readHead } from "./upload-format.js";

/** Name endings of the document formats; a file named so always reaches ingestion, whatever it holds. */
const documentExtensions = new Set(["pdf", "txt", "text", "md", "markdown"]);

/** How far in a PDF header may be: pdf.js, like Acrobat, looks through the first kilobyte. */
const pdfHeaderWindow = 1_024;
/** Enough of the start to tell binary from text. */
const headBytes = 4_096;

/**
 * Refuses with `UNSUPPORTED_MEDIA_TYPE`, before anything is stored, a file that is clearly not a document:
 * binary content (a NUL byte in its first 4 KiB, with no UTF-16 byte-order mark) that is not a PDF, under a
 * name that does not claim to be a PDF, text or Markdown file either: `setup.exe`, `photo.png`, `sales.xlsx`.
 *
 * Everything else is ingested and ends with its own status, as content (never the name) decides its format:
 * a PDF named `.txt` is read as a PDF, text named `.exe` as text, and a damaged, encrypted, scanned, empty
 * or lying file named `.pdf`, `.txt` or `.md` ends `failed` with the reason, so the other files of the
 * request are still stored.
 */
export async function checkDocumentFormat(file: { path: string; fileName: string }): Promise<void> {
  const extension = /\.([a-z0-9]{1,10})$/i.exec(file.fileName)?.[1]?.toLowerCase();
  if (extension !== undefined && documentExtensions.has(extension)) return;
  const head = await readHead(file.path, headBytes);
  if (!isBinary(head) || hasPdfHeader(head)) return;
  throw new QuarryError(
    "UNSUPPORTED_MEDIA_TYPE",
    `${JSON.stringify(file.fileName)} is not a PDF, text or Markdown file.`,
    { details: { fileName: file.fileName } },
  );
}

/** NUL bytes mean binary, unless a byte-order mark says UTF-16 (whose ASCII is half NULs). */
function isBinary(head: Uint8Array): boolean {
  const utf16 = (head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff);
  return !utf16 && head.includes(0);
}

function hasPdfHeader(head: Uint8Array): boolean {
  return new TextDecoder("latin1").decode(head.subarray(0, pdfHeaderWindow)).includes("%PDF-");
}
