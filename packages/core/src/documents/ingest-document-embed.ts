import { QuarryError } from "../errors/quarry-error.js";
import type { ChunkInput } from "../model/document.js";
import type { Embedder } from "./document-ports.js";

/** The chunks with their vectors, or why embedding failed (in a document's `error`). */
export type EmbeddedChunks = { ok: true; chunks: ChunkInput[] } | { ok: false; reason: string };

/** The longest vector a chunk can store (`ChunkSchema`'s limit). */
const maxDimensions = 8_192;

/**
 * Embeds the chunks' texts as documents (the embedder batches them) and checks what comes back: one vector
 * per chunk, all of one length, finite numbers. A failure is returned as a reason ("embedding failed: …"),
 * never thrown, except an abort.
 *
 * @throws QuarryError `ABORTED` when the signal fires.
 */
export async function embedChunks(
  embedder: Embedder,
  chunks: readonly ChunkInput[],
  signal: AbortSignal | undefined,
): Promise<EmbeddedChunks> {
  if (chunks.length === 0) return { ok: true, chunks: [] };
  let vectors: unknown;
  try {
    vectors = await embedder.embed(
      chunks.map((chunk) => chunk.text),
      { purpose: "document", ...(signal ? { signal } : {}) },
    );
  } catch (error) {
    if (signal?.aborted || QuarryError.is(error, "ABORTED")) {
      throw new QuarryError("ABORTED", "The embedding was aborted.", { cause: error });
    }
    return failed(messageOf(error));
  }
  const problem = checkVectors(vectors, chunks.length);
  if (problem) return failed(problem);
  const checked = vectors as number[][];
  return { ok: true, chunks: chunks.map((chunk, i) => ({ ...chunk, embedding: checked[i] ?? null })) };
}

function checkVectors(vectors: unknown, expected: number): string | undefined {
  if (!Array.isArray(vectors)) return "the embedder returned no list of vectors";
  if (vectors.length !== expected) {
    return `the embedder returned ${vectors.length} vectors for ${expected} chunks`;
  }
  const length = Array.isArray(vectors[0]) ? vectors[0].length : 0;
  if (length < 1 || length > maxDimensions) {
    return `the embedder returned vectors of ${length} dimensions (1 to ${maxDimensions} are stored)`;
  }
  const bad = vectors.findIndex(
    (vector: unknown) =>
      !Array.isArray(vector) || vector.length !== length || !vector.every((x) => Number.isFinite(x)),
  );
  return bad < 0 ? undefined : `the embedder returned a malformed vector for chunk ${bad + 1}`;
}

function failed(detail: string): EmbeddedChunks {
  return { ok: false, reason: `embedding failed: ${detail}` };
}

function messageOf(error: unknown): string {
  if (QuarryError.is(error) || error instanceof Error) return error.message;
  return String(error);
}
