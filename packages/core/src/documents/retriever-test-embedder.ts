import type { Embedder } from "./document-ports.js";

/**
 * A stand-in for a semantic embedding model: words count towards the concept they belong to, so
 * "reimbursed for a journey" and "refund for a trip" point the same way without sharing a word.
 */
const concepts: readonly (readonly string[])[] = [
  ["refund", "reimbursed", "reimbursement", "repaid", "paid", "money", "compensation"],
  ["trip", "journey", "travel", "flight", "voyage"],
  ["staff", "employee", "employees", "worker", "workers"],
  ["car", "vehicle", "automobile", "truck"],
  ["lunch", "meal", "food", "catering"],
];

/** The concept-counting embedder of the suite; `dimensions` lets a test make vectors of another length. */
export function conceptEmbedder(id = "concepts:test", dimensions = concepts.length): Embedder {
  return {
    id,
    async embed(texts, options = {}) {
      if (options.signal?.aborted) throw new Error("aborted");
      return texts.map((text) => {
        const vector = new Array<number>(dimensions).fill(0);
        for (const word of text.toLowerCase().match(/\p{L}+/gu) ?? []) {
          const concept = concepts.findIndex((words) => words.includes(word));
          if (concept >= 0 && concept < dimensions) vector[concept]! += 1;
        }
        return vector;
      });
    },
  };
}
