import type { TimeUnit } from "./lexicon.js";
import { aggregateWords, countWords, trendTerms } from "./lexicon.js";
import { verbWords } from "./name-lists.js";
import { type Reading, type Ref, refAfter } from "./question-reading.js";
import { isNumericRef } from "./read-measure.js";
import { type ColumnInfo, isCategorical, isNumeric, isTemporal } from "./table-schema.js";

/**
 * A grouping key: a column, or a time bucket of a date column (chosen later when the question names none;
 * `span` is a bucket fitted to that column's range, for "over time").
 */
export type GroupKey =
  | { type: "column"; column: ColumnInfo }
  | { type: "time"; unit: TimeUnit | "span"; column: ColumnInfo | undefined }
  /** The rows of a table, named by its label column ("each stock"). */
  | { type: "entity"; table: string };

/** A grouping key once the query is built: a time bucket has its date column and a definite unit. */
export type ResolvedKey =
  | Exclude<GroupKey, { type: "time" }>
  | { type: "time"; unit: TimeUnit; column: ColumnInfo };

const groupCues = new Set(["by", "per", "each", "every"]);
/** Time words that group on their own, without "by": "monthly sales", "yearly totals". */
const timeAdverbs = new Set([
  "yearly",
  "annual",
  "annually",
  "quarterly",
  "monthly",
  "weekly",
  "daily",
  "hourly",
]);

/** What a reference groups by: a category, a time bucket, a table's rows; "measure" for a numeric column. */
export function groupKeyOf(
  ref: Ref,
  rowCounts: ReadonlyMap<string, number>,
): GroupKey | "measure" | undefined {
  if (ref.kind === "time") return { type: "time", unit: ref.unit, column: ref.column };
  if (ref.kind === "table") return { type: "entity", table: ref.table };
  if (ref.kind !== "column") return undefined;
  const columns = ref.mention.columns;
  const rows = (c: ColumnInfo) => rowCounts.get(c.table) ?? 0;
  const category = columns.find((c) => isCategorical(c, rows(c)));
  if (category) return { type: "column", column: category };
  const temporal = columns.find(isTemporal);
  if (temporal) return { type: "time", unit: "day", column: temporal };
  if (columns.some(isNumeric)) return "measure";
  return { type: "column", column: columns[0] as ColumnInfo };
}

/**
 * A table named right before one of its columns only says whose column it is: "by customer segment" groups
 * by `customers.Segment`, not by customer.
 */
export function qualified(reading: Reading, ref: Ref): Ref {
  if (ref.kind !== "table") return ref;
  const next = refAfter(
    reading,
    ref.end,
    0,
    (r) => r.kind === "column" && r.mention.columns.some((c) => c.table === ref.table),
  );
  return next ?? ref;
}

/** The groups of a question, and the measure a "by" may name instead ("top 5 by number of flights"). */
export interface GroupsRead {
  groups: GroupKey[];
  byMeasure: Ref | "count" | undefined;
}

/**
 * Reads the groups: `by origin`, `per species and sex`, `for each month of the year`, `by number of
 * cylinders` (a small set of counts is a category), `monthly`. Marks the references it uses in `used`.
 */
export function readGroups(
  reading: Reading,
  used: Set<Ref>,
  free: (r: Ref) => boolean,
  rowCounts: ReadonlyMap<string, number>,
): GroupsRead {
  const word = (i: number) => reading.terms[i]?.word ?? "";
  const out: GroupsRead = { groups: [], byMeasure: undefined };
  for (let i = 0; i < reading.terms.length; i++) {
    if (!groupCues.has(word(i))) continue;
    if (countWords.has(word(i + 1))) {
      const counted = refAfter(reading, i + 2, 1, free);
      const key = counted?.kind === "column" ? groupKeyOf(counted, rowCounts) : undefined;
      if (!counted || key === undefined) {
        out.byMeasure = "count";
      } else if (key === "measure") {
        out.byMeasure = counted;
        used.add(counted);
      } else if (key.type === "column") {
        out.groups.push(key);
        used.add(counted);
      } else {
        out.byMeasure = "count";
      }
      continue;
    }
    if (aggregateWords[word(i + 1)]) {
      out.byMeasure = refAfter(reading, i + 2, 2, isNumericRef);
      continue;
    }
    const first = refAfter(reading, i + 1, 2, free);
    // "orders placed by corporate customers": after a verb, "by" names who did it, not a grouping.
    const afterVerb = verbWords.has(word(i - 1)) || /ed$/.test(word(i - 1));
    if (first?.kind === "table" && word(i) === "by" && afterVerb && qualified(reading, first) === first)
      continue;
    let ref = first && qualified(reading, first);
    while (ref) {
      const key = groupKeyOf(ref, rowCounts);
      used.add(ref);
      if (key === "measure") {
        out.byMeasure = ref;
        break;
      }
      if (key) out.groups.push(key);
      const next = word(ref.end) === "and" ? refAfter(reading, ref.end + 1, 1, free) : undefined;
      ref = next && qualified(reading, next);
    }
  }
  for (const ref of reading.refs) {
    if (ref.kind !== "time" || used.has(ref) || !timeAdverbs.has(word(ref.start))) continue;
    used.add(ref);
    out.groups.push({ type: "time", unit: ref.unit, column: ref.column });
  }
  // "rainfall over time", "the sales trend": a time bucket, unless the question already named one.
  const trend = reading.terms.some((term) => trendTerms.has(term.word));
  if (trend && !out.groups.some((group) => group.type === "time")) {
    out.groups.push({ type: "time", unit: "span", column: undefined });
  }
  return out;
}
