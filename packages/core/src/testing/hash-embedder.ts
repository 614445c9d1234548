import type { Embedder, EmbedOptions } from "../documents/document-ports.js";
import { QuarryError } from "../errors/quarry-error.js";

/** Options of {@link createHashEmbedder}. */
export interface HashEmbedderOptions {
  /** Length of every vector; default {@link defaultHashDimensions}. */
  dimensions?: number;
}

/** The default of {@link HashEmbedderOptions.dimensions}. */
export const defaultHashDimensions = 256;

/** English function words: in every text, so sharing them says nothing (a model learns this; a hash must be told). */
const stopWords = new Set(
  (
    "a an and are as at be been but by can could did do does for from had has have how i if in into is it its " +
    "may me my no not of on or our shall should so than that the their them then there these they this to us " +
    "was we were what when where which while who whom why will with would you your"
  ).split(" "),
);

/** Words weigh more than their trigrams: a shared word should say more than a shared spelling. */
const wordWeight = 1;
const trigramWeight = 0.35;

/**
 * A deterministic "mock embedding" of a text: its words (lower-cased, a plural `s` dropped, common function
 * words such as "the" or "is" left out) and their character trigrams are hashed into `dimensions` buckets with
 * a hashed sign, each word weighing `1 + ln(count)` so a long passage is not ruled by its repetitions, and the
 * vector is L2-normalized. Texts sharing words have a high cosine similarity, unrelated texts one near 0; a
 * text without a content word gives the zero vector. The same text always gives the same vector, anywhere.
 */
export function hashEmbedding(text: string, dimensions = defaultHashDimensions): number[] {
  checkDimensions(dimensions);
  const vector = new Array<number>(dimensions).fill(0);
  const counts = new Map<string, number>();
  for (const word of contentWordsOf(text)) counts.set(word, (counts.get(word) ?? 0) + 1);
  for (const [word, count] of counts) {
    const weight = 1 + Math.log(count);
    add(vector, `w:${word}`, wordWeight * weight);
    const padded = `^${word}$`;
    for (let i = 0; i + 3 <= padded.length; i++) {
      add(vector, `t:${padded.slice(i, i + 3)}`, trigramWeight * weight);
    }
  }
  const norm = Math.hypot(...vector);
  return norm === 0 ? vector : vector.map((value) => value / norm);
}

/**
 * An {@link Embedder} of {@link hashEmbedding}s: no model, no network, the same vectors everywhere. For tests
 * and benchmarks (the retrieval benchmark's "vector (mock embeddings)" row); it knows words, not meanings, so
 * a synonym does not match.
 *
 * @example
 * ```ts
 * const embedder = createHashEmbedder({ dimensions: 64 });
 * const [a, b] = await embedder.embed(["Total revenue", "revenues in total"]); // cosine(a, b) is high
 * ```
 */
export function createHashEmbedder(options: HashEmbedderOptions = {}): Embedder {
  const dimensions = options.dimensions ?? defaultHashDimensions;
  checkDimensions(dimensions);
  return {
    id: `hash:${dimensions}`,
    async embed(texts: readonly string[], embedOptions: EmbedOptions = {}): Promise<number[][]> {
      if (embedOptions.signal?.aborted) throw new QuarryError("ABORTED", "The embedding was aborted.");
      return texts.map((text) => hashEmbedding(text, dimensions));
    },
  };
}

function checkDimensions(dimensions: number): void {
  if (!Number.isInteger(dimensions) || dimensions < 1 || dimensions > 8_192) {
    throw new QuarryError("INVALID_INPUT", "dimensions must be a whole number from 1 to 8,192.");
  }
}

/** Lower-cased runs of letters and digits that are not function words, a plural `s` dropped (`revenues` → `revenue`). */
function contentWordsOf(text: string): string[] {
  const words = (text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).filter((word) => !stopWords.has(word));
  return words.map((word) =>
    word.length > 3 && word.endsWith("s") && !word.endsWith("ss") ? word.slice(0, -1) : word,
  );
}

/** Adds `weight` to the feature's bucket, with a sign from another bit of its hash so collisions cancel out. */
function add(vector: number[], feature: string, weight: number): void {
  const hash = fnv1a(feature);
  const index = hash % vector.length;
  vector[index] = (vector[index] ?? 0) + (hash & 0x80000000 ? -weight : weight);
}

/** 32-bit FNV-1a over UTF-16 code units: tiny, fast and the same on every platform. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}
