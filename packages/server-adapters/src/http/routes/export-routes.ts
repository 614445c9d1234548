import { type ExportedFile, type ExportFormat, type Message, QuarryError } from "@quarry/core";
import type { QuarryApp, RouteContext } from "../route-context.js";

/** The spreadsheet formats of `GET /messages/:id/export.{format}`. */
export const tableExportFormats = ["xlsx", "csv"] as const satisfies readonly ExportFormat[];

/** The image formats of `GET /messages/:id/chart.{format}`. */
export const chartExportFormats = ["svg", "png"] as const satisfies readonly ExportFormat[];

/**
 * A `Content-Disposition` header for a file name: a plain ASCII `filename` every client understands, and the
 * exact name as RFC 8187 `filename*` for those that read it. Quotes, backslashes, control characters and
 * path separators never reach either, so the header cannot be split and the name cannot climb directories.
 */
export function contentDisposition(fileName: string, type: "attachment" | "inline" = "attachment"): string {
  const exact = fileName.replace(/[\p{Cc}/\\"]+/gu, "_").trim() || "download";
  const extension = /\.[A-Za-z0-9]{1,10}$/.exec(exact)?.[0] ?? "";
  const stem = exact.slice(0, exact.length - extension.length);
  const ascii = `${asciiName(stem).slice(0, 120) || "download"}${extension}`;
  const encoded = encodeURIComponent(exact).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `${type}; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

/** Letters without their accents, digits, `.`, `_` and `-`; every other run of characters becomes `_`. */
function asciiName(name: string): string {
  return name
    .normalize("NFKD")
    .replace(/\p{M}+/gu, "")
    .replace(/[^A-Za-z0-9._-]+/g, "_")
    .replace(/_{2,}/g, "_")
    .replace(/\.{2,}/g, ".")
    .replace(/^[._-]+|[._-]+$/g, "");
}

/** An exported file as a download that is never cached by shared caches nor sniffed as another type. */
function fileResponse(file: ExportedFile, type: "attachment" | "inline"): Response {
  const headers = new Headers({
    "content-type": file.mediaType,
    "content-length": String(file.bytes.byteLength),
    "content-disposition": contentDisposition(file.fileName, type),
    "cache-control": "private, no-store",
    "x-content-type-options": "nosniff",
  });
  // Opened on the API's own origin, an SVG must not be able to run anything.
  if (file.mediaType.startsWith("image/svg")) {
    headers.set("content-security-policy", "default-src 'none'; style-src 'unsafe-inline'; img-src data:");
  }
  return new Response(file.bytes as Uint8Array<ArrayBuffer>, { headers });
}

function hasTable(message: Message): boolean {
  return message.role === "assistant" && message.parts.some((part) => part.type === "table");
}

/**
 * Downloads of answers: an answer's result as Excel or CSV, a session's latest result as Excel, and an
 * answer's chart as SVG or PNG. Another user's ids are 404s, as is an answer without a table or chart.
 */
export function exportRoutes(app: QuarryApp, { quarry }: RouteContext): void {
  for (const format of tableExportFormats) {
    app.get(`/messages/:id/export.${format}`, async (c) => {
      const file = await quarry.exportMessage(c.req.param("id"), format, { principal: c.get("principal") });
      return fileResponse(file, "attachment");
    });
  }

  app.get("/sessions/:id/export.xlsx", async (c) => {
    const principal = c.get("principal");
    const thread = await quarry.thread(c.req.param("id"), { principal });
    const latest = thread.findLast(hasTable);
    if (!latest) throw new QuarryError("NOT_FOUND", "This session has no result to export yet.");
    return fileResponse(await quarry.exportMessage(latest.id, "xlsx", { principal }), "attachment");
  });

  for (const format of chartExportFormats) {
    app.get(`/messages/:id/chart.${format}`, async (c) => {
      const file = await quarry.exportMessage(c.req.param("id"), format, { principal: c.get("principal") });
      // Inline, so a page can show the image it fetched; the file name still serves "save as".
      return fileResponse(file, "inline");
    });
  }
}
