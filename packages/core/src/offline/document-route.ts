import { identifierWords, stem } from "./question-terms.js";
import type { TableSchema } from "./table-schema.js";

/**
 * Which part of a question the documents answer and which part the tables do. The planner asks the
 * documents only when `search_documents` is offered, that is when the session has documents.
 */
export interface QuestionRoute {
  /** What to plan a query for; undefined when the tables have no part in it. */
  table: string | undefined;
  /** What to search the documents for; undefined when they have no part in it. */
  documents: string | undefined;
}

/** Phrases that ask about a text, whatever the tables hold: "according to", "what does the X say". */
const strongCues = [
  /\baccording to\b/i,
  /\bwhat (?:does|do|did) (?:the|our|this|that|your|their)\b.*\b(?:say|state|mention|require|allow|specify|define|cover)\b/i,
  /\b(?:say|says|said|state|states|mention|mentions)\b.*\babout\b/i,
  /\b(?:the|this|that|our|your|uploaded) (?:documents?|pdfs?|handbook|manual|brochure|memo|whitepaper)\b/i,
  /\b(?:documents?|pdfs?|handbook|manual|brochure|guidelines?|terms and conditions|fine print)\b/i,
];

/** Nouns of texts that a table may also be about ("policies" of an insurer): a cue only when no table names them. */
const weakCues = new Set([
  "policy",
  "policies",
  "contract",
  "contracts",
  "agreement",
  "rule",
  "rules",
  "report",
  "faq",
  "procedure",
  "warranty",
  "guarantee",
]);

/** Sentence and "…, and what …" boundaries: each piece is asked of the tables or the documents on its own. */
const clauseBoundary =
  /(?<=[?;])\s+|\s*[;]\s*|,?\s+(?:and|also|plus)\s+(?=(?:what|how|which|when|who|where|why|does|do|is|are|can|should|tell)\b)/i;

/** The question's clauses, in order, without empty ones. */
export function questionClauses(question: string): string[] {
  return question
    .split(clauseBoundary)
    .map((clause) => clause.trim())
    .filter((clause) => /[\p{L}\p{N}]/u.test(clause));
}

/** Stems of every table and column name, so "policies" is not a cue in a session with a `policy_type`. */
function schemaStems(tables: readonly TableSchema[]): Set<string> {
  const stems = new Set<string>();
  for (const table of tables) {
    for (const name of [table.name, ...table.columns.map((c) => c.name)]) {
      for (const word of identifierWords(name)) stems.add(stem(word.toLowerCase()));
    }
  }
  return stems;
}

/** Whether a clause asks about a text rather than the data. */
export function asksDocuments(clause: string, tables: readonly TableSchema[]): boolean {
  if (strongCues.some((cue) => cue.test(clause))) return true;
  const words = clause.toLowerCase().match(/\p{L}+/gu) ?? [];
  const named = schemaStems(tables);
  return words.some((word) => weakCues.has(word) && !named.has(stem(word)));
}

/**
 * Splits a question between the tables and the documents by its clauses: clauses that ask about a text go to
 * the documents, the rest to the tables. With no such clause everything goes to the tables (the planner
 * turns to the documents only when it cannot answer from them); with no tables, to the documents.
 *
 * @example
 * ```ts
 * routeQuestion("How many orders were refunded, and what does the refund policy say about the time limit?", tables);
 * // { table: "How many orders were refunded", documents: "what does the refund policy say about the time limit?" }
 * ```
 */
export function routeQuestion(question: string, tables: readonly TableSchema[]): QuestionRoute {
  if (tables.length === 0) return { table: undefined, documents: question };
  const clauses = questionClauses(question);
  const documents = clauses.filter((clause) => asksDocuments(clause, tables));
  if (documents.length === 0) return { table: question, documents: undefined };
  const table = clauses.filter((clause) => !documents.includes(clause));
  return {
    table: table.length > 0 ? table.join(" ") : undefined,
    documents: documents.length === clauses.length ? question : documents.join(" "),
  };
}
