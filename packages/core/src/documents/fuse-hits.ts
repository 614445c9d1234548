import type { DocumentHit } from "./document-ports.js";
import { reciprocalRankFusion } from "./reciprocal-rank.js";

/** A chunk as a ranked list holds it: enough to make a {@link DocumentHit}. */
export interface RankedChunk {
  chunkId: string;
  documentId: string;
  fileName: string;
  chunkIndex: number;
  page: number | null;
  text: string;
}

/**
 * Fuses the lexical and the vector ranking of chunks by reciprocal rank and keeps the best `limit`, each with
 * its place in both lists. Either list may be empty (no embedder, or no term in common).
 */
export function fuseHits(
  lexical: readonly RankedChunk[],
  vector: readonly RankedChunk[],
  limit: number,
): DocumentHit[] {
  const chunks = new Map<string, RankedChunk>();
  for (const chunk of [...lexical, ...vector]) chunks.set(chunk.chunkId, chunk);
  const fused = reciprocalRankFusion([lexical.map((c) => c.chunkId), vector.map((c) => c.chunkId)]);
  return fused.slice(0, limit).map(({ key, score, ranks }) => {
    const chunk = chunks.get(key)!;
    return { ...chunk, score, lexicalRank: ranks[0] ?? null, vectorRank: ranks[1] ?? null };
  });
}
