import { QuarryError } from "../errors/quarry-error.js";
import type { Embedder } from "./document-ports.js";

/**
 * The query's vector, or null when it cannot be had: a retriever then searches with BM25 alone rather than
 * failing the question because the embedding service is down. `onError` hears of such failures; an abort is
 * never one of them, it ends the search with `ABORTED`.
 */
export async function embedQuery(
  embedder: Embedder,
  query: string,
  signal: AbortSignal | undefined,
  onError: ((error: QuarryError) => void) | undefined,
): Promise<number[] | null> {
  try {
    const [vector] = await embedder.embed([query], { purpose: "query", signal });
    return vector ?? null;
  } catch (error) {
    const failure = QuarryError.from(error, "LLM_UNAVAILABLE");
    if (failure.code === "ABORTED" || signal?.aborted) {
      throw new QuarryError("ABORTED", "The search was aborted.", { cause: error });
    }
    onError?.(failure);
    return null;
  }
}
