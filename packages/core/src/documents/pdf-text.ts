import { QuarryError } from "../errors/quarry-error.js";
import { loadPdfJs } from "./pdf-loader.js";
import { pageText } from "./pdf-text-layout.js";

/** Options of {@link readPdfPages}. */
export interface ReadPdfOptions {
  /** A PDF with more pages is refused before any page is read. */
  maxPages: number;
  signal?: AbortSignal;
}

/**
 * The text of each page of a PDF, through pdf.js with everything that could run code or reach the network
 * off: no `eval` (fonts are interpreted, not compiled), no XFA forms, no font loading, no fetching of
 * character maps, fonts or WebAssembly decoders (text extraction needs none of them). The document is always
 * destroyed, whatever happens.
 *
 * @throws QuarryError `INVALID_FILE` for a damaged PDF, one that needs a password, one with too many pages
 * and one without any text (a scan); `ABORTED` when the signal fires.
 */
export async function readPdfPages(bytes: Uint8Array, options: ReadPdfOptions): Promise<string[]> {
  const { signal } = options;
  const pdfjs = await loadPdfJs();
  throwIfAborted(signal);
  const task = pdfjs.getDocument({
    // pdf.js takes ownership of the buffer (it is transferred to the parser): give it a copy.
    data: bytes.slice(),
    isEvalSupported: false,
    enableXfa: false,
    disableFontFace: true,
    useSystemFonts: false,
    useWorkerFetch: false,
    useWasm: false,
    isOffscreenCanvasSupported: false,
    isImageDecoderSupported: false,
    stopAtErrors: false,
    verbosity: pdfjs.VerbosityLevel.ERRORS,
  });
  // Destroying the task ends a parse in progress: an abort then does not wait for a long page.
  const onAbort = () => void task.destroy().catch(() => {});
  signal?.addEventListener("abort", onAbort, { once: true });
  try {
    const pdf = await task.promise.catch((error: unknown) => {
      throw signal?.aborted ? aborted(error) : openError(error);
    });
    if (pdf.numPages > options.maxPages) {
      throw new QuarryError(
        "INVALID_FILE",
        `the PDF has ${pdf.numPages.toLocaleString("en-US")} pages, more than the limit of ${options.maxPages.toLocaleString("en-US")}`,
      );
    }
    const pages: string[] = [];
    for (let number = 1; number <= pdf.numPages; number++) {
      throwIfAborted(signal);
      try {
        const page = await pdf.getPage(number);
        const content = await page.getTextContent();
        pages.push(pageText(content.items));
        page.cleanup();
      } catch (error) {
        if (signal?.aborted) throw aborted(error);
        throw damaged(`page ${number}: ${messageOf(error)}`, error);
      }
    }
    if (pages.every((page) => page === "")) {
      throw new QuarryError("INVALID_FILE", "the PDF has no text layer (a scanned image?); run OCR first");
    }
    return pages;
  } finally {
    signal?.removeEventListener("abort", onAbort);
    await task.destroy().catch(() => {});
  }
}

/** What opening a PDF failed with, in a user's words. */
function openError(error: unknown): QuarryError {
  if (nameOf(error) === "PasswordException") {
    return new QuarryError("INVALID_FILE", "the PDF is password-protected", { cause: error });
  }
  return damaged(messageOf(error), error);
}

function damaged(detail: string, cause: unknown): QuarryError {
  return new QuarryError("INVALID_FILE", `the PDF is damaged or not a PDF: ${detail}`, { cause });
}

function aborted(cause?: unknown): QuarryError {
  return new QuarryError("ABORTED", "Reading the PDF was aborted.", { cause });
}

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw aborted(signal.reason);
}

function nameOf(error: unknown): string | undefined {
  const name = (error as { name?: unknown } | null)?.name;
  return typeof name === "string" ? name : undefined;
}

function messageOf(error: unknown): string {
  const message = (error as { message?: unknown } | null)?.message;
  return typeof message === "string" && message.trim() ? message.trim() : String(error);
}
