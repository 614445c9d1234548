import { QuarryError } from "../errors/quarry-error.js";
import type { ChunkInput } from "../model/document.js";
import { normalizeWhitespace, splitText } from "./chunk-text.js";

/** How documents are cut into chunks, in characters. */
export interface ChunkingOptions {
  /** The longest chunk, from 100 to 20,000; default {@link defaultChunking}`.size`. */
  size?: number;
  /** How much of the previous chunk's end a chunk repeats, from 0 to `size / 2`; default {@link defaultChunking}`.overlap`. */
  overlap?: number;
}

/** Options of {@link chunkPages}. */
export interface ChunkPagesOptions extends ChunkingOptions {
  /**
   * True (the default) when `pages[i]` is page `i + 1`: chunks never cross a page and carry their page. False
   * for formats without pages: the texts are read as one, and chunks carry page `null`.
   */
  paged?: boolean;
}

/**
 * The default chunking: about a few paragraphs a chunk, which embedding models and BM25 both rank well, and
 * an overlap that keeps a sentence cut at a chunk's end whole in the next one.
 */
export const defaultChunking: Readonly<Required<ChunkingOptions>> = { size: 1_200, overlap: 200 };

/** Limits of {@link ChunkingOptions.size}. */
export const chunkSizeLimits = { min: 100, max: 20_000 } as const;

/**
 * Validates chunking options and fills in the defaults.
 *
 * @throws QuarryError `INVALID_INPUT` for a size outside 100–20,000 or an overlap outside 0–size/2.
 */
export function resolveChunking(options: ChunkingOptions = {}): Required<ChunkingOptions> {
  const size = options.size ?? defaultChunking.size;
  const overlap = options.overlap ?? Math.min(defaultChunking.overlap, Math.floor(size / 2));
  if (!Number.isInteger(size) || size < chunkSizeLimits.min || size > chunkSizeLimits.max) {
    throw new QuarryError("INVALID_INPUT", "The chunk size must be a whole number from 100 to 20,000.", {
      details: { size },
    });
  }
  if (!Number.isInteger(overlap) || overlap < 0 || overlap > size / 2) {
    throw new QuarryError(
      "INVALID_INPUT",
      "The chunk overlap must be a whole number from 0 to half the chunk size.",
      { details: { overlap, size } },
    );
  }
  return { size, overlap };
}

/**
 * Cuts a document's pages into chunks for retrieval. White space is normalized (see
 * `normalizeWhitespace`); each chunk is at most `size` characters, ends at a paragraph end where it can,
 * else at a line, sentence or word end, and repeats up to `overlap` characters of the previous chunk's end,
 * from a sentence or word start. Paged documents are chunked page by page, so that a chunk's page (the
 * 1-based page it is on) is the page every quoted word of it is on; empty pages give no chunk.
 *
 * @throws QuarryError `INVALID_INPUT` for bad options (see {@link resolveChunking}).
 * @example
 * ```ts
 * const chunks = chunkPages(["Page one text…", "Page two text…"], { size: 800, overlap: 100 });
 * chunks[0]; // { index: 0, page: 1, text: "Page one text…" }
 * ```
 */
export function chunkPages(pages: readonly string[], options: ChunkPagesOptions = {}): ChunkInput[] {
  const { size, overlap } = resolveChunking(options);
  if (!Array.isArray(pages) || pages.some((page) => typeof page !== "string")) {
    throw new QuarryError("INVALID_INPUT", "pages must be an array of strings.");
  }
  const paged = options.paged ?? true;
  const sections = paged
    ? pages.map((text, i) => ({ page: (i + 1) as number | null, text }))
    : [{ page: null, text: pages.join("\n\n") }];
  const chunks: ChunkInput[] = [];
  for (const { page, text } of sections) {
    for (const piece of splitText(normalizeWhitespace(text), size, overlap)) {
      chunks.push({ index: chunks.length, page, text: piece });
    }
  }
  return chunks;
}
