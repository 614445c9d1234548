import { QuarryError } from "../errors/quarry-error.js";
import { type DocumentFormat, sniffDocument } from "./extract-format.js";
import { readPdfPages } from "./pdf-text.js";

/** A file to read: its bytes, name and declared media type (the content decides; the name only tells Markdown from text). */
export interface DocumentSource {
  bytes: Uint8Array;
  fileName: string;
  mediaType?: string;
}

/** Options of {@link extractDocumentPages}. */
export interface ExtractDocumentOptions {
  signal?: AbortSignal;
  /** A PDF with more pages is refused; default {@link defaultMaxPages}. */
  maxPages?: number;
}

/** A document's text, page by page. */
export interface ExtractedDocument {
  format: DocumentFormat;
  /** True for PDFs: `pages[i]` is page `i + 1`. Text and Markdown are one unpaged "page". */
  paged: boolean;
  /**
   * The text of each page, paragraphs separated by a blank line. A PDF page without text is `""`, so the
   * indexes stay page numbers.
   */
  pages: string[];
}

/** The default of {@link ExtractDocumentOptions.maxPages}. */
export const defaultMaxPages = 2_000;

/**
 * Reads the text of a PDF, text or Markdown file. The content decides the format, not the name: a `.pdf`
 * that is really text is read as text, a `.txt` that is really a PDF as a PDF. PDFs are read with pdf.js
 * (loaded on first use), with scripting, `eval` and every network fetch off.
 *
 * @throws QuarryError `INVALID_FILE` with the reason a user can act on: "the file is empty", "not a PDF or
 * text file", "the PDF is password-protected", "the PDF is damaged or not a PDF: …", "the PDF has no text
 * layer (a scanned image?); run OCR first", "the PDF has N pages, more than the limit of M"; `INVALID_INPUT`
 * for bad arguments; `ABORTED` when the signal fires; `NOT_IMPLEMENTED` for a PDF when `pdfjs-dist` is not
 * installed.
 * @example
 * ```ts
 * const { format, pages } = await extractDocumentPages({ bytes, fileName: "report.pdf" });
 * pages[2]; // the text of page 3
 * ```
 */
export async function extractDocumentPages(
  file: DocumentSource,
  options: ExtractDocumentOptions = {},
): Promise<ExtractedDocument> {
  if (!(file?.bytes instanceof Uint8Array))
    throw new QuarryError("INVALID_INPUT", "bytes must be a Uint8Array.");
  if (typeof file.fileName !== "string") throw new QuarryError("INVALID_INPUT", "fileName must be a string.");
  const maxPages = checkMaxPages(options.maxPages);
  if (options.signal?.aborted) throw new QuarryError("ABORTED", "Reading the document was aborted.");
  const sniffed = sniffDocument(file);
  if (sniffed.format !== "pdf") return { format: sniffed.format, paged: false, pages: [sniffed.text] };
  const pages = await readPdfPages(file.bytes, {
    maxPages,
    ...(options.signal ? { signal: options.signal } : {}),
  });
  return { format: "pdf", paged: true, pages };
}

/** Validates {@link ExtractDocumentOptions.maxPages}, giving the default when unset. */
export function checkMaxPages(maxPages: number | undefined): number {
  if (maxPages === undefined) return defaultMaxPages;
  if (!Number.isInteger(maxPages) || maxPages < 1) {
    throw new QuarryError("INVALID_INPUT", "maxPages must be a whole number of at least 1.");
  }
  return maxPages;
}
