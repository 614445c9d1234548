import { escapeRegExp } from "./reg-exp.js";

/**
 * Follow-ups: a short message that only makes sense after the previous question ("and for 2014?", "now by
 * month", "what about South?", "and the average?") is rewritten into a standalone question from the previous
 * (already resolved) question and its SQL. The rewrite serves planners that read one question at a time (the
 * offline planner); a note with the previous question, its SQL and the proposed reading serves an LLM, which
 * keeps the user's own words.
 *
 * The rewrite is deterministic and conservative: a message that names its own measure and subject ("and
 * what is the average wind speed in 2014?") is a question of its own, not a follow-up.
 */

/** The turn a follow-up continues. */
export interface PreviousTurn {
  /** The previous question, as resolved (a follow-up's standalone reading, not its raw text). */
  question: string;
  /** The SQL of its answer, when one ran: its literals tell which words of the question were values. */
  sql?: string;
}

/** How a follow-up changes the previous question. */
export type FollowUpKind = "replace-value" | "regroup" | "change-measure" | "continuation";

/** A follow-up, read. */
export interface FollowUp {
  kind: FollowUpKind;
  /** The standalone question, e.g. "Total precipitation in 2014". */
  question: string;
  /** For an LLM: the previous question and SQL, and how to read the message. */
  note: string;
  /** What it was resolved against. */
  resolvedFrom: PreviousTurn;
}

/** Messages longer than this are questions of their own. */
const maxWords = 10;

const cue =
  /^(?:(?:and|but|also|now|then|ok|okay|so|what about|how about|what of|same(?: thing| question)?|the same|instead|again)\b[\s,]*)+/i;
const regroupCue =
  /^(?:(?:grouped|broken down|split(?: it| that| them)?|group(?: it| that| them)?|break(?: it| that| them)? down|and)\s+)?(by|per|for each|for every|across)\s+(.+)$/i;
const addCue = /\b(?:also|as well|too)\b/i;
const aggregates: Record<string, string> = {
  average: "Average",
  mean: "Average",
  avg: "Average",
  total: "Total",
  sum: "Total",
  median: "Median",
  maximum: "Maximum",
  max: "Maximum",
  highest: "Maximum",
  minimum: "Minimum",
  min: "Minimum",
  lowest: "Minimum",
  count: "Number of",
  number: "Number of",
};
const aggregatePattern =
  /\b(?:average|mean|avg|total|sum|median|maximum|max|minimum|min|number of|count of|how many)\b/i;
const monthNames =
  "january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec";
const yearPattern = /\b(?:19|20)\d{2}\b/g;
const monthPattern = new RegExp(`\\b(?:${monthNames})\\b`, "gi");
const quarterPattern = /\bq[1-4]\b/gi;
const fillerWords = new Set(
  "for in of with about on at to from during the a an only just please instead then too also as well ones one".split(
    " ",
  ),
);
const modifier =
  /^(?:excluding|except|without|not|but not|other than|apart from|top|bottom|first|last|sorted|sort|ordered|order|as|in (?:descending|ascending)|since|before|after|until|where|with|over|under|above|below|more|less)\b/i;
const questionWords = /\b(?:what|which|who|how|when|where|show|list|give|is|are|was|were|does|did)\b/i;

/**
 * Reads `text` as a follow-up to `previous`, or returns undefined when it is a question of its own (or there
 * is no previous question).
 *
 * @example
 * ```ts
 * resolveFollowUp("and for 2014?", { question: "Total precipitation in 2013" })?.question;
 * // "Total precipitation in 2014"
 * resolveFollowUp("now by month", { question: "Total sales by region" })?.question; // "Total sales by month"
 * ```
 */
export function resolveFollowUp(text: string, previous: PreviousTurn | undefined): FollowUp | undefined {
  if (!previous || previous.question.trim() === "") return undefined;
  const message = text
    .trim()
    .replace(/[?.!]+$/, "")
    .trim();
  const words = message.split(/\s+/).filter(Boolean);
  if (words.length === 0 || words.length > maxWords) return undefined;
  const cued = cue.exec(message);
  const rest = message
    .slice(cued?.[0].length ?? 0)
    .replace(/\s+instead$/i, "")
    .trim();
  const base = previous.question
    .trim()
    .replace(/[?.!]+$/, "")
    .trim();
  const make = (kind: FollowUpKind, question: string): FollowUp => ({
    kind,
    question,
    note: followUpNote(text, previous, question),
    resolvedFrom: previous,
  });

  const regroup = regroupCue.exec(rest);
  if (regroup) {
    const groups = `${regroup[1]?.toLowerCase()} ${regroup[2]?.trim()}`;
    return make("regroup", regrouped(base, groups, addCue.test(message)));
  }
  const measure = measureOnly(rest);
  if (measure) return make("change-measure", withMeasure(base, measure));
  // Anything else needs a cue or must be a bare value ("2014?", "South?"): a full question stands alone.
  const ownQuestion = aggregatePattern.test(rest) && questionWords.test(message);
  if (ownQuestion || (!cued && words.length > 3)) return undefined;
  const replaced = replaceValues(base, rest, previous.sql);
  if (replaced !== undefined) return make("replace-value", replaced);
  // "And now?" changes nothing it can name: it is not read as the previous question again.
  if (!cued || rest === "") return undefined;
  return make("continuation", `${base} ${rest}`);
}

/** The previous question with its grouping replaced (or extended, for "also by …"). */
function regrouped(base: string, groups: string, add: boolean): string {
  const existing =
    /\s(?:by|per|for each|for every|across)\s+.+?(?=\s+(?:in|for|during|from|since|between|where|with|on)\s|$)/i;
  const match = existing.exec(base);
  if (!match) return `${base} ${groups}`;
  const replacement = add
    ? `${match[0]} and ${groups.replace(/^(?:by|per|for each|for every|across)\s+/i, "")}`
    : ` ${groups}`;
  return base.replace(existing, replacement);
}

/** The aggregate a message like "and the average" asks for, when it asks for nothing else. */
function measureOnly(rest: string): string | undefined {
  const words = rest
    .toLowerCase()
    .split(/\s+/)
    .filter((w) => w !== "" && !fillerWords.has(w));
  if (words.length === 0 || words.length > 2) return undefined;
  const [first, second] = words;
  const name = aggregates[first ?? ""];
  if (!name || (second !== undefined && second !== "value" && second !== "instead")) return undefined;
  return name;
}

function withMeasure(base: string, measure: string): string {
  const found = aggregatePattern.exec(base);
  if (!found) return `${measure} ${base.charAt(0).toLowerCase()}${base.slice(1)}`;
  const atStart = found.index === 0;
  const word = atStart ? measure : measure.toLowerCase();
  return `${base.slice(0, found.index)}${word}${base.slice(found.index + found[0].length)}`;
}

/** The previous question with its years, months, quarters or values replaced by the message's. */
function replaceValues(base: string, rest: string, sql: string | undefined): string | undefined {
  for (const pattern of [yearPattern, monthPattern, quarterPattern]) {
    const wanted = rest.match(pattern);
    if (!wanted) continue;
    const had = base.match(pattern);
    if (!had) return `${base} in ${wanted.join(" and ")}`;
    const range = /\b(?:between|from)\s+(\S+)\s+(?:and|to)\s+(\S+)/i;
    if (had.length !== wanted.length && range.test(base))
      return base.replace(range, `in ${wanted.join(" and ")}`);
    let index = 0;
    return base.replace(pattern, (old) => {
      const next = wanted[Math.min(index, wanted.length - 1)] ?? old;
      index += 1;
      return index > wanted.length ? old : next;
    });
  }
  // "excluding North", "top 5", "sorted by amount": a modifier the continuation keeps as written.
  if (modifier.test(rest)) return undefined;
  const value = valueIn(rest);
  if (value === undefined) return undefined;
  const target = literalInQuestion(base, sql);
  if (target) return base.replace(target, value);
  return `${base} for ${value}`;
}

/** The value a message names: its quoted or capitalised words, else a short phrase. */
function valueIn(rest: string): string | undefined {
  const quoted = /["']([^"']+)["']/.exec(rest)?.[1];
  if (quoted) return quoted;
  const words = rest.split(/\s+/).filter((w) => w !== "" && !fillerWords.has(w.toLowerCase()));
  if (words.length === 0 || words.length > 3) return undefined;
  const capitals = words.filter((w) => /^\p{Lu}/u.test(w));
  return (capitals.length > 0 ? capitals : words).join(" ");
}

/** Where the previous question spelled a value its SQL compared with: the word to replace. */
function literalInQuestion(question: string, sql: string | undefined): RegExp | undefined {
  if (!sql) return undefined;
  const literals = [...sql.matchAll(/'((?:[^']|'')+)'/g)].map((m) => (m[1] ?? "").replaceAll("''", "'"));
  for (const literal of literals) {
    const exact = new RegExp(`(?<![\\p{L}\\p{N}])${escapeRegExp(literal)}(?![\\p{L}\\p{N}])`, "iu");
    if (exact.test(question)) return exact;
    // "Japanese cars" compared with 'Japan': the word sharing the literal's start.
    const stem = literal.slice(0, Math.max(4, Math.ceil(literal.length * 0.6)));
    if (stem.length >= 4) {
      const word = new RegExp(`(?<![\\p{L}\\p{N}])${escapeRegExp(stem)}[\\p{L}]*`, "iu");
      if (word.test(question)) return word;
    }
  }
  return undefined;
}

/** The longest SQL quoted in a note. */
const maxNoteSql = 2_000;

/**
 * What an LLM is told about a follow-up: the question and SQL it continues, and the standalone reading.
 *
 * @example
 * ```ts
 * followUpNote("and for 2014?", { question: "Total precipitation in 2013" }, "Total precipitation in 2014");
 * ```
 */
export function followUpNote(text: string, previous: PreviousTurn, standalone: string): string {
  const sql = previous.sql ? `, answered with this SQL:\n${previous.sql.slice(0, maxNoteSql)}\n` : ". ";
  return [
    `The user's message ${JSON.stringify(text.trim())} follows up on their previous question ${JSON.stringify(previous.question)}${sql}`,
    `Read it as: ${JSON.stringify(standalone)}. Keep everything of the previous query the message does not change.`,
  ].join("");
}
