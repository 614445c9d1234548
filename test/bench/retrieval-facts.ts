/**
 * What a document of the retrieval benchmark is: what it is about (its filler vocabulary), how many pages it
 * has, and the facts planted on known pages with a question about each. A question marked `paraphrase` shares
 * few or no words with its fact, so lexical search alone is expected to struggle with it; a `distractor` is
 * a sentence close to a fact in wording but not its answer.
 */

/** A fact on a page and the question it answers. */
export interface PlantedFact {
  page: number;
  sentence: string;
  /** A phrase of the sentence that a hit must contain to count as the answer. */
  answer: string;
  question: string;
  paraphrase?: boolean;
}

/** One generated PDF. */
export interface DocumentSpec {
  fileName: string;
  title: string;
  pages: number;
  /** Filler vocabulary: sentences are drawn as subject + verb + object + closer. */
  subjects: readonly string[];
  verbs: readonly string[];
  objects: readonly string[];
  closers: readonly string[];
  facts: readonly PlantedFact[];
  distractors?: readonly { page: number; sentence: string }[];
}

/** A vocabulary written as one `|`-separated string, which keeps the specs short. */
export function words(list: string): string[] {
  return list.split("|");
}

/** Sentence endings every document's filler may use. */
export const closers = words(
  "at the start of each quarter|as described in the appendix|whenever circumstances change|" +
    "before the end of the fiscal year|in line with the annual plan|after consulting the relevant team|" +
    "according to the agreed schedule|unless the management decides otherwise",
);
