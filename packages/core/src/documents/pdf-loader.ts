import { QuarryError } from "../errors/quarry-error.js";

/** The pdf.js API (both builds share it). */
export type PdfJs = typeof import("pdfjs-dist");

let loading: Promise<PdfJs> | undefined;

/**
 * pdf.js, imported on first use so that nobody pays for it (a few megabytes) unless they read a PDF: in
 * Node its legacy build, made for older runtimes and without a DOM; in a browser its standard build.
 *
 * The parser ("worker") runs on this thread unless the host app configured a worker for pdf.js
 * (`GlobalWorkerOptions.workerSrc` or `workerPort`, browser only): importing the worker module registers
 * it as `globalThis.pdfjsWorker`, which pdf.js then uses directly. That needs no worker URL, which Node and
 * every bundler resolve differently, and a bundled server keeps working.
 *
 * @throws QuarryError `NOT_IMPLEMENTED` when `pdfjs-dist` is not installed.
 */
export function loadPdfJs(): Promise<PdfJs> {
  loading ??= (isNode() ? loadNodeBuild() : loadBrowserBuild()).catch((error: unknown) => {
    loading = undefined;
    throw new QuarryError(
      "NOT_IMPLEMENTED",
      "Reading PDFs needs the optional package pdfjs-dist (npm install pdfjs-dist).",
      { cause: error },
    );
  });
  return loading;
}

async function loadNodeBuild(): Promise<PdfJs> {
  const [pdfjs] = await Promise.all([
    import("pdfjs-dist/legacy/build/pdf.mjs"),
    // @ts-expect-error pdf.js ships no types for its worker module; it is imported for its side effect.
    import("pdfjs-dist/legacy/build/pdf.worker.mjs"),
  ]);
  return pdfjs;
}

async function loadBrowserBuild(): Promise<PdfJs> {
  const pdfjs = await import("pdfjs-dist");
  const { workerSrc, workerPort } = pdfjs.GlobalWorkerOptions;
  // @ts-expect-error pdf.js ships no types for its worker module; it is imported for its side effect.
  if (!workerSrc && !workerPort) await import("pdfjs-dist/build/pdf.worker.mjs");
  return pdfjs;
}

/** The test pdf.js itself makes to pick its Node code paths, so that both agree. */
function isNode(): boolean {
  const proc = (globalThis as { process?: { versions?: Record<string, string | undefined>; type?: string } })
    .process;
  if (typeof proc !== "object" || String(proc) !== "[object process]" || !proc.versions?.node) return false;
  // NW.js and an Electron renderer have `process` but are browsers to pdf.js.
  return !proc.versions.nw && !(proc.versions.electron && proc.type && proc.type !== "browser");
}
