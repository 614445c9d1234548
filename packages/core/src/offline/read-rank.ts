import { type Superlative, superlatives } from "./lexicon.js";
import { type Reading, type Ref, refAfter } from "./question-reading.js";
import { isYear } from "./read-filters.js";
import { qualified } from "./read-groups.js";

/** A ranking as read: what is ranked, how many, which way (when a word says it), and where it starts. */
export interface RankRead {
  subjectRef: Ref | undefined;
  limit: number | undefined;
  dir: "asc" | "desc" | undefined;
  at: number;
}

const copulas = new Set(["is", "was", "are", "were", "s"]);

/**
 * The superlatives of a question, in order: `most expensive` reads as one (`expensive`, its way kept by
 * `most` and turned by `least`), so its implied column (price) is not lost.
 */
export function readSuperlatives(
  reading: Reading,
  inRef: (i: number) => boolean,
): { i: number; sup: Superlative }[] {
  const out: { i: number; sup: Superlative }[] = [];
  const { terms } = reading;
  for (let i = 0; i < terms.length; i++) {
    const word = terms[i]?.word ?? "";
    const sup = superlatives[word];
    if (!sup || word === "top" || word === "bottom" || inRef(i)) continue;
    const next = superlatives[terms[i + 1]?.word ?? ""];
    if ((word === "most" || word === "least") && next && next.concepts.length > 0 && !inRef(i + 1)) {
      const dir = word === "least" ? (next.dir === "desc" ? "asc" : "desc") : next.dir;
      out.push({ i, sup: { ...next, dir } });
      i += 1;
      continue;
    }
    out.push({ i, sup });
  }
  return out;
}

/**
 * Reads a ranking: "which/what X …", "top/bottom N X", "the N heaviest X", and "what is the lightest car"
 * (a superlative before a table ranks its rows; "the longest flight distance" names a column and stays an
 * extreme). `usedTerms` collects the numbers it takes.
 */
export function readRank(
  reading: Reading,
  free: (r: Ref) => boolean,
  filterTerms: ReadonlySet<number>,
  usedTerms: Set<number>,
): RankRead | undefined {
  const { terms } = reading;
  const word = (i: number) => terms[i]?.word ?? "";
  const subject = (r: Ref) => free(r) && r.kind !== "rows";
  const after = (from: number, within: number) => {
    const ref = refAfter(reading, from, within, subject);
    return ref && qualified(reading, ref);
  };
  for (let i = 0; i < terms.length; i++) {
    const w = word(i);
    if ((w === "what" || w === "who") && copulas.has(word(i + 1))) {
      const rank = supBeforeTable(reading, i + 2, subject, usedTerms);
      if (rank) return { ...rank, at: i };
    }
    if (w === "which" || (w === "what" && !copulas.has(word(i + 1)))) {
      let j = i + 1;
      const n = terms[j]?.number;
      if (n !== undefined && !isYear(terms[j])) {
        usedTerms.add(j);
        j += 1;
      }
      const subjectRef = after(j, 3);
      if (subjectRef) return { subjectRef, limit: n ?? 1, dir: undefined, at: i };
    } else if (superlatives[w]?.count && i === firstWord(terms)) {
      // "most common weather", "least common values of origin": a ranking by rows with no "which" before it;
      // "values" asks for the list, the bare column for the one at the top.
      const listed = word(i + 1) === "values" || word(i + 1) === "value";
      const subjectRef = after(i + 1, listed ? 2 : 0);
      if (subjectRef?.kind === "column") {
        return { subjectRef, limit: listed ? 10 : 1, dir: undefined, at: i };
      }
    } else if (w === "top" || w === "bottom") {
      const n = terms[i + 1]?.number;
      if (n !== undefined) usedTerms.add(i + 1);
      const subjectRef = after(i + (n === undefined ? 1 : 2), 2);
      return { subjectRef, limit: n ?? 10, dir: w === "top" ? "desc" : "asc", at: i };
    } else if (terms[i]?.number !== undefined && !filterTerms.has(i) && !isYear(terms[i])) {
      const next = terms[i + 1];
      const subjectRef = after(i + 1, superlatives[next?.word ?? ""] ? 2 : 0);
      if (subjectRef && (superlatives[next?.word ?? ""] || subjectRef.start === i + 1)) {
        usedTerms.add(i);
        return { subjectRef, limit: terms[i]?.number, dir: undefined, at: i };
      }
    }
  }
  return undefined;
}

/** Words that open a question without saying what it asks: "what are the", "show me the", "list the". */
const openingWords = new Set(["what", "are", "is", "the", "show", "list", "me", "give"]);

/** Where the question's own words start, past its opening words. */
function firstWord(terms: Reading["terms"]): number {
  let i = 0;
  while (openingWords.has(terms[i]?.word ?? "")) i += 1;
  return i;
}

/** `the [N] lightest car(s)` from `from`: a table right after the superlatives, not qualifying a column. */
function supBeforeTable(
  reading: Reading,
  from: number,
  subject: (r: Ref) => boolean,
  usedTerms: Set<number>,
): Omit<RankRead, "at"> | undefined {
  const { terms } = reading;
  let j = terms[from]?.word === "the" ? from + 1 : from;
  const n = terms[j]?.number;
  if (n !== undefined && !isYear(terms[j])) j += 1;
  const start = j;
  while (superlatives[terms[j]?.word ?? ""] && terms[j]?.word !== "top") j += 1;
  if (j === start) return undefined;
  const ref = refAfter(reading, j, 0, subject);
  if (ref?.kind !== "table" || qualified(reading, ref) !== ref) return undefined;
  if (n !== undefined) usedTerms.add(start - 1);
  return { subjectRef: ref, limit: n ?? 1, dir: undefined };
}
