import { createHash } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { gzip as gzipCallback } from "node:zlib";
import { z } from "zod";

const gzip = promisify(gzipCallback);

/** What `scripts/build-widget-page.mjs` writes beside the page. */
const ManifestSchema = z.object({
  styleHashes: z.array(z.string().regex(/^sha(256|384|512)-[A-Za-z0-9+/=]+$/)),
});

const contentTypes: Record<string, string> = {
  html: "text/html; charset=utf-8",
  js: "text/javascript; charset=utf-8",
  css: "text/css; charset=utf-8",
  json: "application/json",
  map: "application/json",
  svg: "image/svg+xml",
  png: "image/png",
  woff2: "font/woff2",
};

/** Smaller files are sent as they are: compressing them saves less than the header costs. */
const compressAbove = 1024;

interface PageFile {
  body: Uint8Array<ArrayBuffer>;
  gzipped?: Promise<Uint8Array<ArrayBuffer>>;
  etag: string;
  headers: Record<string, string>;
}

/** The built widget page, held in memory: `index.html` and the files under `assets/`. */
export interface WidgetPage {
  /** The page's Content-Security-Policy. */
  readonly csp: string;
  /** The file at `path` (`index.html` or `assets/NAME`) as a response, or null when the page has none. */
  respond(path: string, request: Request): Promise<Response | null>;
}

/**
 * Where `npm run build` puts the page: `dist/widget` beside the bundled CLI, or, when running from source
 * (tests, `tsx`), the package's `dist/widget`.
 */
export function defaultWidgetDirs(): string[] {
  return [
    fileURLToPath(new URL("./widget/", import.meta.url)),
    fileURLToPath(new URL("../../dist/widget/", import.meta.url)),
  ];
}

/**
 * The Content-Security-Policy of the page: its own scripts only and never `eval` (charts run through
 * vega-interpreter), exactly the widget's own inline stylesheet, requests to this origin only, no framing.
 */
export function widgetPageCsp(styleHashes: readonly string[]): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    `style-src 'self' ${styleHashes.map((hash) => `'${hash}'`).join(" ")}`.trim(),
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "form-action 'self'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
  ].join("; ");
}

/**
 * Reads the built page from the first of `dirs` that holds one (its `index.html` and `manifest.json`), or
 * resolves null when none does (a checkout that was never built). Files are read once, at start: a page of
 * a few files, and no request can name a path outside them.
 */
export async function loadWidgetPage(dirs: readonly string[]): Promise<WidgetPage | null> {
  for (const dir of dirs) {
    const page = await readPage(dir);
    if (page) return page;
  }
  return null;
}

async function readPage(dir: string): Promise<WidgetPage | null> {
  let html: Buffer;
  let manifest: z.infer<typeof ManifestSchema>;
  try {
    html = await readFile(join(dir, "index.html"));
    manifest = ManifestSchema.parse(JSON.parse(await readFile(join(dir, "manifest.json"), "utf8")));
  } catch {
    return null;
  }
  const csp = widgetPageCsp(manifest.styleHashes);
  const files = new Map<string, PageFile>();
  files.set(
    "index.html",
    pageFile(html, "html", {
      // Revalidated on every visit (cheap with the ETag), so a rebuilt page is picked up at once.
      "cache-control": "no-cache",
      "content-security-policy": csp,
      "referrer-policy": "no-referrer",
    }),
  );
  const assets = await readdir(join(dir, "assets"), { withFileTypes: true }).catch(() => []);
  for (const entry of assets) {
    const extension = /\.([a-z0-9]+)$/.exec(entry.name)?.[1];
    if (!entry.isFile() || !extension || !contentTypes[extension]) continue;
    files.set(
      `assets/${entry.name}`,
      pageFile(await readFile(join(dir, "assets", entry.name)), extension, {
        // Named by their content's hash: a changed file has a new name.
        "cache-control": "public, max-age=31536000, immutable",
      }),
    );
  }
  return {
    csp,
    async respond(path, request) {
      const file = files.get(path);
      return file ? responseOf(file, request) : null;
    },
  };
}

function pageFile(body: Buffer, extension: string, headers: Record<string, string>): PageFile {
  const digest = createHash("sha256").update(body).digest("base64url").slice(0, 27);
  return {
    body: new Uint8Array(body),
    // Weak: the same tag stands for the file sent plain and gzipped.
    etag: `W/"${digest}"`,
    headers: {
      "content-type": contentTypes[extension]!,
      "x-content-type-options": "nosniff",
      ...headers,
    },
  };
}

async function responseOf(file: PageFile, request: Request): Promise<Response> {
  const compressible = file.body.byteLength > compressAbove;
  const headers = new Headers(file.headers);
  headers.set("etag", file.etag);
  if (compressible) headers.set("vary", "accept-encoding");
  const known = (request.headers.get("if-none-match") ?? "").split(",").map((tag) => tag.trim());
  if (known.includes(file.etag) || known.includes("*")) return new Response(null, { status: 304, headers });
  if (compressible && /\bgzip\b/.test(request.headers.get("accept-encoding") ?? "")) {
    file.gzipped ??= gzip(file.body).then((buffer) => new Uint8Array(buffer));
    headers.set("content-encoding", "gzip");
    return new Response(request.method === "HEAD" ? null : await file.gzipped, { headers });
  }
  return new Response(request.method === "HEAD" ? null : file.body, { headers });
}
