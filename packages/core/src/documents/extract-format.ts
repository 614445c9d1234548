import { QuarryError } from "../errors/quarry-error.js";
import { decodeText } from "./text-decode.js";

/** What a document file is, as its content shows. */
export type DocumentFormat = "pdf" | "text" | "markdown";

/** The media type Quarry records for each format. */
export const documentMediaTypes: Readonly<Record<DocumentFormat, string>> = {
  pdf: "application/pdf",
  text: "text/plain",
  markdown: "text/markdown",
};

/** A file's format from its content, with the decoded text of a text or Markdown file. */
export type SniffedDocument = { format: "pdf" } | { format: "text" | "markdown"; text: string };

/** The file as {@link sniffDocument} reads it. */
export interface SniffedFile {
  bytes: Uint8Array;
  fileName: string;
  mediaType?: string;
}

/** pdf.js, like Acrobat, accepts a header anywhere in the first kilobyte (some writers put junk first). */
const pdfHeaderWindow = 1_024;
const markdownExtensions = new Set(["md", "markdown", "mdown", "mkd", "mkdn", "mdx"]);
const textExtensions = new Set(["txt", "text"]);

/**
 * Tells a PDF from text by content, never by name: `%PDF-` near the start makes a PDF (whatever the
 * extension), text that decodes (see `decodeText`) is Markdown or plain text, anything else is refused.
 * Whether text is Markdown follows the extension, then the declared media type, then the text's look
 * (headings, fences, links).
 *
 * @throws QuarryError `INVALID_FILE` for an empty file and for binary that is neither PDF nor text.
 */
export function sniffDocument(file: SniffedFile): SniffedDocument {
  const { bytes } = file;
  if (bytes.length === 0) throw emptyFile();
  if (hasPdfHeader(bytes)) return { format: "pdf" };
  const text = decodeText(bytes);
  if (text === null) {
    throw new QuarryError("INVALID_FILE", "not a PDF or text file", { details: { fileName: file.fileName } });
  }
  if (text.trim() === "") throw emptyFile();
  return { format: textFormat(file, text), text };
}

/** The reason for a file without content. */
export function emptyFile(): QuarryError {
  return new QuarryError("INVALID_FILE", "the file is empty");
}

function hasPdfHeader(bytes: Uint8Array): boolean {
  const head = bytes.subarray(0, pdfHeaderWindow);
  for (let i = head.indexOf(0x25); i >= 0 && i + 5 <= head.length; i = head.indexOf(0x25, i + 1)) {
    // "%PDF-"
    if (head[i + 1] === 0x50 && head[i + 2] === 0x44 && head[i + 3] === 0x46 && head[i + 4] === 0x2d) {
      return true;
    }
  }
  return false;
}

function textFormat(file: SniffedFile, text: string): "text" | "markdown" {
  const extension = /\.([A-Za-z0-9]+)$/.exec(file.fileName)?.[1]?.toLowerCase() ?? "";
  if (markdownExtensions.has(extension)) return "markdown";
  if (textExtensions.has(extension)) return "text";
  const mediaType = file.mediaType?.split(";")[0]?.trim().toLowerCase();
  if (mediaType === "text/markdown" || mediaType === "text/x-markdown") return "markdown";
  if (mediaType === "text/plain") return "text";
  return looksLikeMarkdown(text) ? "markdown" : "text";
}

/** A heading, a code fence or a link is Markdown; plain prose has none of them. */
function looksLikeMarkdown(text: string): boolean {
  return /^#{1,6}[ \t]+\S/m.test(text) || /^(```|~~~)/m.test(text) || /\[[^\]\n]+\]\([^)\s]+\)/.test(text);
}
