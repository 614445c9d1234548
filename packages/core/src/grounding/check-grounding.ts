import type { QueryResult } from "../engine/sql-engine.js";
import { type NumberMention, scanNumbers } from "./numbers-in-text.js";
import { cellNumbers, textNumbers, ValuePool } from "./value-pool.js";

/** A document passage an answer may quote from, with where it is (its page and file name are cited too). */
export interface GroundingPassage {
  text: string;
  fileName?: string;
  page?: number | null;
}

/**
 * What an answer's numbers may rest on: query results (or table parts), document passages found for it,
 * and the user's question.
 */
export interface GroundingSources {
  results: readonly Pick<QueryResult, "columns" | "rows" | "rowCount">[];
  passages?: readonly GroundingPassage[];
  question?: string;
}

/** Why a number counts as grounded; `null` when nothing supports it. */
export type GroundingSupport = "result" | "count" | "question" | "document" | "small-count" | null;

/** One number of the answer and what supports it. */
export interface CheckedNumber extends NumberMention {
  supportedBy: GroundingSupport;
}

/** The verdict of {@link checkGrounding}. */
export interface GroundingReport {
  /** True when every number in the text is supported. */
  grounded: boolean;
  /** The unsupported numbers as written, in order of appearance, each once. */
  unsupported: string[];
  /** How many numbers were checked. */
  checked: number;
  /** Every checked number with its support, for highlighting. */
  numbers: CheckedNumber[];
}

/** Integers up to this are counting words ("top 3", "2 columns") when the results are at least that big. */
export const smallCountLimit = 10;

/**
 * Checks every number in a model's answer against the results it was given, so an invented number is flagged
 * instead of shown as fact. Numbers are read by {@link findNumbers} (code, dates, list markers, ordinals
 * and identifiers are not numbers). A number is supported when, in order:
 *
 * 1. **result**: some cell of some result (any row, any column; numeric strings, the years of date cells,
 *    numbers written inside text cells, and values inside lists and structs count) rounds to it at the
 *    precision it is written with: `1,226` is any value in [1225.5, 1226.5], `1226.04` in [1226.035,
 *    1226.045], `4.5M` in [4.45M, 4.55M], `3.2k` in [3150, 3250]. A percentage matches the cell as a
 *    fraction or as already in percent (`12.3%` ← 0.1234 or 12.34); a scaled number also matches the cell
 *    as already in that unit (`3.2k` ← 3.2). After a hedge (`about`, `around`, `roughly`, `nearly`, `~`, …)
 *    trailing zeros are not significant (`about 1,200` is [1150, 1250]); after a bound the interval is
 *    one-sided: `over 1,000` is [1000, 2000], `under 50` is [40, 50]. Signs are not compared (prose says
 *    "fell by 3.5" for -3.5). Years are exact.
 * 2. **count**: it equals a result's total row count, its returned row count or its column count.
 * 3. **question**: the question contains it (same rounding), or, for a year, a date in the question has it.
 * 4. **document**: a passage contains it (same rounding; as the passage writes it, `4.5 million` or `12%`, or
 *    as plain digits), or it is a cited passage's page number or a number in its file name (`[q3-2024.pdf,
 *    p. 4]`), or a date in a passage has it as its year.
 * 5. **small-count**: it is a whole number from 0 to 10, written without sign, decimals, %, scale or currency,
 *    and not larger than the biggest row or column count of the results ("top 3", "the 2 columns").
 *
 * Nothing else is: a sum, difference, ratio or average the SQL did not compute is unsupported even when it
 * is arithmetically right, because the user cannot trace it to the table. Spelled-out numbers are not checked.
 */
export function checkGrounding(text: string, sources: GroundingSources): GroundingReport {
  const cells: number[] = [];
  const counts: number[] = [];
  let largestCount = 0;
  for (const result of sources.results) {
    for (const row of result.rows) for (const value of row) for (const n of cellNumbers(value)) cells.push(n);
    counts.push(result.rowCount, result.rows.length, result.columns.length);
    largestCount = Math.max(largestCount, result.rowCount, result.rows.length, result.columns.length);
  }
  const asked = sources.question === undefined ? undefined : scanNumbers(sources.question);
  const pools = {
    result: new ValuePool(cells),
    count: new ValuePool(counts),
    question: new ValuePool(asked ? [...asked.numbers.map((n) => n.value), ...asked.dateYears] : []),
    document: new ValuePool((sources.passages ?? []).flatMap(passageNumbers)),
  };

  const numbers = scanNumbers(text).numbers.map((mention): CheckedNumber => {
    const intervals = acceptedIntervals(mention);
    const found = (["result", "count", "question", "document"] as const).find((name) =>
      intervals.some(([lo, hi]) => pools[name].hasBetween(lo, hi)),
    );
    const supportedBy = found ?? (isSmallCount(mention, largestCount) ? "small-count" : null);
    return { ...mention, supportedBy };
  });
  const unsupported = [...new Set(numbers.filter((n) => n.supportedBy === null).map((n) => n.raw))];
  return { grounded: unsupported.length === 0, unsupported, checked: numbers.length, numbers };
}

/** The absolute cell values that, rounded to the mention's precision, read as the mention. */
function acceptedIntervals(mention: NumberMention): [number, number][] {
  const m = Math.abs(mention.value);
  let [lo, hi] = roundingInterval(m, mention.precision, mention.year ? undefined : mention.qualifier);
  // Rounding at exactly half a unit, and binary fractions such as 0.1, must not fall off the edge.
  const slack = 1e-9 * Math.max(1, m);
  lo -= slack;
  hi += slack;
  const intervals: [number, number][] = [[lo, hi]];
  if (mention.percent) intervals.push([lo / 100, hi / 100]);
  if (mention.scale !== 1) intervals.push([lo / mention.scale, hi / mention.scale]);
  return intervals;
}

/** What rounds to `m` at precision `p`; a bound (`over 1,000`) reads as "at most one unit past it". */
function roundingInterval(m: number, p: number, qualifier: NumberMention["qualifier"]): [number, number] {
  if (qualifier === "over") return [m, m + p];
  if (qualifier === "under") return [Math.max(0, m - p), m];
  return [m - p / 2, m + p / 2];
}

function isSmallCount(mention: NumberMention, largestCount: number): boolean {
  return (
    Number.isInteger(mention.value) &&
    mention.value >= 0 &&
    mention.value <= Math.min(smallCountLimit, largestCount) &&
    mention.precision === 1 &&
    mention.scale === 1 &&
    !mention.percent &&
    !mention.currency &&
    !mention.raw.startsWith("+")
  );
}

/** Every number a reader of a passage and its citation sees. */
function passageNumbers(passage: GroundingPassage): number[] {
  const scanned = scanNumbers(passage.text);
  return [
    ...scanned.numbers.map((n) => n.value),
    ...scanned.dateYears,
    ...textNumbers(passage.text),
    ...textNumbers(passage.fileName ?? ""),
    ...(typeof passage.page === "number" ? [passage.page] : []),
  ];
}
