import { termsOf } from "../documents/lexical-terms.js";

/** A passage of a `search_documents` result, as the planner reads it. */
export interface Passage {
  fileName: string;
  page: number | null;
  text: string;
}

/** What a `search_documents` call returned: its passages, or why it failed. */
export type SearchOutcome =
  | { passages: Passage[]; relevant: boolean; fallback: string | undefined }
  | { error: string };

/** The fallback sentence when the tool result names none (a retriever run outside `createQuarry`). */
const defaultFallback = "Apologies, there's not enough information available, but based on what I can see...";

/** The most passages quoted, and the most characters of one quote. */
const maxQuotes = 3;
const maxQuoteChars = 400;

/** A sentence of a passage, and whether it is a heading rather than prose. */
interface Sentence {
  text: string;
  heading: boolean;
}

/** Fewer words than this is a heading ("Refund policy."), which names the topic but answers nothing. */
const minSentenceWords = 4;
/** A paragraph of at most this many words that does not end like a sentence is a heading. */
const maxHeadingWords = 12;

/**
 * A passage's sentences; a paragraph break ends one too, so a heading stays apart from its text. A heading
 * is a short sentence, or a short paragraph of its own without a sentence's closing punctuation
 * ("How the weather label was assigned").
 */
function sentencesOf(text: string): Sentence[] {
  return text.split(/\n\s*\n/).flatMap((paragraph) => {
    const sentences = paragraph
      .replace(/\s+/g, " ")
      .split(/(?<=[.!?])\s+(?=["“(\p{Lu}\p{N}])/u)
      .map((sentence) => sentence.trim())
      .filter((sentence) => sentence.length > 0);
    return sentences.map((sentence) => {
      const words = sentence.split(" ").length;
      const title =
        sentences.length === 1 &&
        words <= maxHeadingWords &&
        !/[.!?:;…]["”’)\]]*$/u.test(sentence) &&
        !/^(?:[-–•*·▪]|\(?\d{1,3}[.)])\s/u.test(sentence); // a list item, which often has no full stop
      return { text: sentence, heading: words < minSentenceWords || title };
    });
  });
}

/** How many of the query's terms a text holds, each counted once. */
function overlap(queryTerms: ReadonlySet<string>, text: string): number {
  return new Set(termsOf(text).filter((term) => queryTerms.has(term))).size;
}

function clip(text: string): string {
  if (text.length <= maxQuoteChars) return text;
  const cut = text.slice(0, maxQuoteChars);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(" "), maxQuoteChars / 2))}…`;
}

/**
 * The sentence of a passage that holds most of the query's terms (headings only when there is nothing
 * else), with the next one when it holds some too (never a heading on either side: a title run into the
 * text below it reads as one garbled sentence).
 */
export function bestQuote(passage: Passage, queryTerms: ReadonlySet<string>): string {
  const sentences = sentencesOf(passage.text);
  let best = 0;
  let bestScore = -1;
  for (const [i, sentence] of sentences.entries()) {
    const score = overlap(queryTerms, sentence.text) - (sentence.heading ? 100 : 0);
    if (score > bestScore) {
      best = i;
      bestScore = score;
    }
  }
  const first = sentences[best];
  if (!first) return clip(passage.text.trim());
  const next = sentences[best + 1];
  const withNext =
    next &&
    !first.heading &&
    !next.heading &&
    overlap(queryTerms, next.text) > 0 &&
    first.text.length + next.text.length < maxQuoteChars
      ? `${first.text} ${next.text}`
      : first.text;
  return clip(withNext);
}

/** `“…” — file.pdf, p. 4`: a quote and the citation the answer's citations part matches it by. */
function quoted(passage: Passage, queryTerms: ReadonlySet<string>): string {
  const where = passage.page === null ? passage.fileName : `${passage.fileName}, p. ${passage.page}`;
  return `“${bestQuote(passage, queryTerms)}” — ${where}`;
}

/**
 * The best 1 to 3 passages for a query: the first, and those after it that hold at least half as many of
 * the query's terms (a passage holding none is never quoted beside one that does).
 */
export function bestPassages(query: string, passages: readonly Passage[]): Passage[] {
  const terms = new Set(termsOf(query));
  const scored = passages.map((passage) => ({ passage, score: overlap(terms, passage.text) }));
  const top = Math.max(0, ...scored.map((s) => s.score));
  const chosen = top === 0 ? scored.slice(0, 1) : scored.filter((s) => s.score > 0 && s.score * 2 >= top);
  return chosen.slice(0, maxQuotes).map((s) => s.passage);
}

/**
 * The extractive answer to a document question: the best passages quoted, each with its citation. When the
 * search found nothing relevant it opens with the fallback sentence and still quotes the closest passage.
 *
 * @example
 * ```ts
 * documentAnswer("refund time limit", outcome);
 * // "The documents say:\n\n“Refunds are accepted within 30 days of delivery.” — policy.pdf, p. 2"
 * ```
 */
export function documentAnswer(
  query: string,
  outcome: SearchOutcome,
): { text: string; fallback: string | undefined } {
  if ("error" in outcome) {
    return { text: `I could not search the documents (${outcome.error}).`, fallback: undefined };
  }
  const terms = new Set(termsOf(query));
  const passages = bestPassages(query, outcome.passages);
  if (!outcome.relevant) {
    const fallback = outcome.fallback ?? defaultFallback;
    const closest = passages[0];
    const text = closest
      ? `The closest passage I found is ${quoted(closest, terms)}`
      : "The documents do not seem to cover this.";
    return { text, fallback };
  }
  const quotes = passages.map((passage) => quoted(passage, terms));
  return { text: `The documents say:\n\n${quotes.join("\n\n")}`, fallback: undefined };
}
