import type { Json } from "../model/common.js";
import { cellsEqual, compareCells, compareRows, rowsEqual } from "./cell-values.js";

/** A result to compare: column names (for messages and first guesses) and rows in column order. */
export interface ComparedResult {
  columns: readonly { readonly name: string }[];
  rows: readonly (readonly Json[])[];
}

/** Options of {@link compareResults}. */
export interface CompareOptions {
  /** Rows must come in the same sequence (the gold SQL has ORDER BY), not just as the same multiset. */
  ordered: boolean;
}

/** The verdict of {@link compareResults}; `reason` says why when it fails. */
export interface Comparison {
  pass: boolean;
  reason?: string;
}

/** Column assignments tried before giving up: far more than real results need. */
const maxAssignments = 500;
/** Past this many rows, a multiset is only compared after sorting, without the pairwise fallback. */
const maxMatchingRows = 2_000;

/**
 * Whether an answer's result holds the gold result: every gold column must be found among the answer's
 * columns (under any name, in any order, extra columns allowed), so that the rows, read through those
 * columns, are the same multiset as the gold rows (the same sequence when `ordered`). Cells compare with
 * `cellsEqual`: numbers within 1e-6 relative, integers exactly, dates and timestamps as ISO text.
 *
 * @example
 * ```ts
 * compareResults(
 *   { columns: [{ name: "count_star()" }], rows: [[1461]] },
 *   { columns: [{ name: "weather" }, { name: "days" }], rows: [["all", 1461]] },
 *   { ordered: false },
 * ); // { pass: true }
 * ```
 */
export function compareResults(
  gold: ComparedResult,
  answer: ComparedResult,
  options: CompareOptions,
): Comparison {
  const goldWidth = gold.columns.length;
  const answerWidth = answer.columns.length;
  if (answerWidth < goldWidth) {
    return fail(`the answer has ${plural(answerWidth, "column")}; the gold result has ${goldWidth}`);
  }
  if (gold.rows.length !== answer.rows.length) {
    return fail(`row counts differ: gold ${gold.rows.length} vs answer ${answer.rows.length}`);
  }
  const goldColumns = gold.columns.map((_, j) => sortedColumn(gold.rows, j));
  const answerColumns = answer.columns.map((_, i) => sortedColumn(answer.rows, i));
  const candidates: number[][] = [];
  for (let j = 0; j < goldWidth; j++) {
    const matching = answerColumns.flatMap((column, i) => (sortedEqual(goldColumns[j]!, column) ? [i] : []));
    if (matching.length === 0) {
      return fail(`gold column ${j + 1} (${gold.columns[j]!.name}) not found among the answer's columns`);
    }
    candidates.push(preferred(matching, j, gold.columns[j]!.name, answer.columns));
  }

  let sameMultiset = false;
  for (const assignment of assignments(candidates)) {
    const projected = answer.rows.map((row) => assignment.map((i) => row[i] as Json));
    if (options.ordered) {
      if (gold.rows.every((row, r) => rowsEqual(row, projected[r]!))) return { pass: true };
      sameMultiset ||= sameRows(gold.rows, projected);
    } else if (sameRows(gold.rows, projected)) {
      return { pass: true };
    }
  }
  if (sameMultiset) return fail("the rows match but come in a different order (the gold SQL has ORDER BY)");
  return fail(
    "every gold column has its values in the answer, but no choice of answer columns gives the gold rows",
  );
}

function fail(reason: string): Comparison {
  return { pass: false, reason };
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}

function sortedColumn(rows: readonly (readonly Json[])[], index: number): Json[] {
  return rows.map((row) => row[index] ?? null).sort(compareCells);
}

/** Sorted columns match pair by pair: for a single column, sorting lines up any matching there is. */
function sortedEqual(a: readonly Json[], b: readonly Json[]): boolean {
  return a.length === b.length && a.every((value, i) => cellsEqual(value, b[i] as Json));
}

/** Candidates with the likeliest first: the same name, then the same position, then the rest in order. */
function preferred(
  matching: number[],
  goldIndex: number,
  goldName: string,
  answerColumns: ComparedResult["columns"],
): number[] {
  const score = (i: number) =>
    answerColumns[i]!.name.toLowerCase() === goldName.toLowerCase() ? 0 : i === goldIndex ? 1 : 2;
  return [...matching].sort((x, y) => score(x) - score(y) || x - y);
}

/** Ways to give each gold column a distinct answer column, the preferred ones first, up to a bound. */
function* assignments(candidates: readonly number[][]): Generator<number[]> {
  const chosen: number[] = [];
  const used = new Set<number>();
  let yielded = 0;
  function* extend(j: number): Generator<number[]> {
    if (j === candidates.length) {
      yielded++;
      yield [...chosen];
      return;
    }
    for (const i of candidates[j]!) {
      if (used.has(i)) continue;
      used.add(i);
      chosen.push(i);
      yield* extend(j + 1);
      chosen.pop();
      used.delete(i);
      if (yielded >= maxAssignments) return;
    }
  }
  yield* extend(0);
}

/** Whether two lists of rows are the same multiset. */
function sameRows(a: readonly (readonly Json[])[], b: readonly (readonly Json[])[]): boolean {
  if (a.length !== b.length) return false;
  const sortedA = [...a].sort(compareRows);
  const sortedB = [...b].sort(compareRows);
  if (sortedA.every((row, r) => rowsEqual(row, sortedB[r]!))) return true;
  // Numbers within tolerance can sort apart when a later column breaks the tie differently; pair greedily.
  if (a.length > maxMatchingRows) return false;
  const left = [...sortedB];
  for (const row of sortedA) {
    const at = left.findIndex((other) => rowsEqual(row, other));
    if (at < 0) return false;
    left.splice(at, 1);
  }
  return true;
}
