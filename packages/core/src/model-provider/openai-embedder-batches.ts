import { QuarryError } from "../errors/quarry-error.js";

/**
 * Texts in request-sized batches, in order: at most `size` texts a batch, and no more than `maxCharacters`
 * characters unless a single text is longer (it then goes alone; the API judges it).
 */
export function* embeddingBatches(
  texts: readonly string[],
  size: number,
  maxCharacters: number,
): Generator<string[]> {
  let batch: string[] = [];
  let characters = 0;
  for (const text of texts) {
    if (batch.length > 0 && (batch.length >= size || characters + text.length > maxCharacters)) {
      yield batch;
      batch = [];
      characters = 0;
    }
    batch.push(text);
    characters += text.length;
  }
  if (batch.length > 0) yield batch;
}

/** What the vectors of an embeddings response must be like. */
interface EmbeddingsResponse {
  data: readonly { index: number; embedding: readonly number[] | string }[];
}

/**
 * The vectors of a response in input order (sorted by `index`: the API does not promise its order), after
 * checking that there is exactly one per input, all of one length (the asked `dimensions` when given), of
 * finite numbers.
 *
 * @throws QuarryError `LLM_ERROR` for a response that breaks any of that.
 */
export function vectorsOf(response: EmbeddingsResponse, expected: number, dimensions?: number): number[][] {
  const vectors: (number[] | undefined)[] = new Array(expected).fill(undefined);
  for (const item of Array.isArray(response?.data) ? response.data : []) {
    const { index, embedding } = item;
    if (!Number.isInteger(index) || index < 0 || index >= expected || vectors[index] !== undefined) {
      throw malformed(`an unexpected index ${String(index)}`);
    }
    if (!Array.isArray(embedding) || !embedding.every((x) => Number.isFinite(x))) {
      throw malformed(`a vector that is not a list of numbers (index ${index})`);
    }
    vectors[index] = [...embedding];
  }
  const missing = vectors.indexOf(undefined);
  if (missing >= 0) {
    const received = vectors.filter((vector) => vector !== undefined).length;
    throw malformed(`${received} vectors for ${expected} texts`);
  }
  const complete = vectors as number[][];
  const length = dimensions ?? complete[0]?.length ?? 0;
  const wrong = complete.findIndex((vector) => vector.length !== length || vector.length === 0);
  if (wrong >= 0) {
    throw malformed(`a vector of ${complete[wrong]?.length} dimensions where ${length} were expected`);
  }
  return complete;
}

function malformed(what: string): QuarryError {
  return new QuarryError("LLM_ERROR", `The OpenAI embeddings API returned ${what}.`, { retryable: false });
}
