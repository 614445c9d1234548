import type { Document } from "../model/document.js";
import type { Embedder } from "./document-ports.js";

/** Exact cosine-similarity search over a fixed list of vectors, by position in that list. */
export interface VectorIndex {
  /** How many vectors can be searched (those that were neither missing nor all zeros). */
  readonly size: number;
  /**
   * Positions of the vectors most similar to the query, best first, at most `depth`. Vectors of another
   * length than the query's and those pointing away from it (similarity ≤ 0) are never returned.
   */
  search(query: readonly number[], depth: number): number[];
}

/**
 * Whether a document's chunk vectors came from this embedder: ingestion records the embedder's id in the
 * document's `metadata.embedder`, and vectors of different models must never be compared.
 */
export function embeddedBy(document: Pick<Document, "metadata">, embedder: Embedder): boolean {
  return document.metadata.embedder === embedder.id;
}

/**
 * Indexes the vectors for exact search. A session's documents are hundreds to a few thousand chunks, where
 * a linear scan over unit vectors takes milliseconds; an approximate index would only add recall loss.
 */
export function createVectorIndex(vectors: readonly (readonly number[] | null)[]): VectorIndex {
  const units: { position: number; unit: Float64Array }[] = [];
  vectors.forEach((vector, position) => {
    const unit = vector && unitVector(vector);
    if (unit) units.push({ position, unit });
  });
  return {
    size: units.length,
    search(query, depth) {
      const unitQuery = unitVector(query);
      if (!unitQuery) return [];
      const scored: { position: number; similarity: number }[] = [];
      for (const { position, unit } of units) {
        if (unit.length !== unitQuery.length) continue;
        const similarity = dot(unit, unitQuery);
        if (similarity > 0) scored.push({ position, similarity });
      }
      scored.sort((a, b) => b.similarity - a.similarity || a.position - b.position);
      return scored.slice(0, depth).map((s) => s.position);
    },
  };
}

/** The vector scaled to length 1, or null when it is empty, all zeros or not finite. */
function unitVector(vector: readonly number[]): Float64Array | null {
  let norm = 0;
  for (const value of vector) norm += value * value;
  if (!Number.isFinite(norm) || norm === 0) return null;
  const length = Math.sqrt(norm);
  return Float64Array.from(vector, (value) => value / length);
}

function dot(a: Float64Array, b: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i]! * b[i]!;
  return sum;
}
