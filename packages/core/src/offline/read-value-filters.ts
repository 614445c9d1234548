import { nameConcepts } from "./column-match.js";
import { stopwords } from "./lexicon.js";
import { directionConcepts } from "./name-lists.js";
import type { Reading, Ref } from "./question-reading.js";
import { type Filters, label } from "./read-filters.js";
import { type ColumnInfo, isNumeric, type TableSchema, truthValues } from "./table-schema.js";
import type { ValueMention } from "./value-match.js";

const negations = new Set(["not", "excluding", "except", "non", "without", "besides"]);
const nullWords = new Set(["no", "without", "missing", "unknown", "null", "empty", "blank", "lacking"]);
/** Words saying a value is absent rather than zero: `no recorded sex`. */
const absentWords = new Set(["recorded", "record", "missing", "unknown", "null", "empty", "blank", "known"]);

/** Whether a negation stands before a position, over grammar words: `not in the USA`, `other than rain`. */
export function negatedBefore(reading: Reading, at: number): boolean {
  const word = (i: number) => reading.terms[i]?.word ?? "";
  for (let k = at - 1; k >= Math.max(0, at - 3); k--) {
    if (negations.has(word(k)) || (word(k) === "than" && word(k - 1) === "other")) return true;
    if (!stopwords.has(word(k))) return false;
  }
  return false;
}

/** A column reference right beside a value, or one grammar word away: `Biscoe island`, `region of NE`. */
function besideColumn(reading: Reading, ref: Ref, column: ColumnInfo): Ref | undefined {
  const word = (i: number) => reading.terms[i]?.word ?? "";
  return reading.refs.find(
    (r) =>
      r.kind === "column" &&
      r.mention.columns.includes(column) &&
      (r.end === ref.start ||
        r.start === ref.end ||
        (r.end === ref.start - 1 && stopwords.has(word(r.end))) ||
        (r.start === ref.end + 1 && stopwords.has(word(ref.end)))),
  );
}

/**
 * Which of the columns holding a value the question means: the one named beside it, the one a preposition
 * points to (`from SFO` → an origin column, `to LAX` → a destination column), one of the tables the question
 * already touches, else the first.
 */
function chooseOption(
  reading: Reading,
  ref: Extract<Ref, { kind: "value" }>,
  involved: ReadonlySet<string>,
): ValueMention["options"][number] | undefined {
  const options = ref.mention.options;
  if (options.length <= 1) return options[0];
  const named = options.find((o) => besideColumn(reading, ref, o.column));
  if (named) return named;
  const wanted = directionConcepts[reading.terms[ref.start - 1]?.word ?? ""];
  const directed = wanted && options.find((o) => nameConcepts(o.column.name).some((c) => wanted.includes(c)));
  if (directed) return directed;
  return options.find((o) => involved.has(o.column.table)) ?? options[0];
}

/** Values of text columns, one condition per column: two values of one column mean either of them. */
export function readValueFilters(reading: Reading, involved: readonly TableSchema[], out: Filters): void {
  const involvedNames = new Set(involved.map((t) => t.name));
  const byColumn = new Map<ColumnInfo, { values: string[]; negated: boolean }>();
  for (const ref of reading.refs) {
    if (ref.kind !== "value") continue;
    const option = chooseOption(reading, ref, involvedNames);
    if (!option) continue;
    const negated = negatedBefore(reading, ref.start);
    const entry = byColumn.get(option.column) ?? { values: [], negated };
    for (const v of option.variants.length > 0 ? option.variants : [option.value])
      if (!entry.values.includes(v)) entry.values.push(v);
    byColumn.set(option.column, entry);
    out.used.add(ref);
    // The column named beside its value belongs to the filter, not to a group or a measure.
    const beside = besideColumn(reading, ref, option.column);
    if (beside) out.used.add(beside);
  }
  for (const [column, { values, negated }] of byColumn) {
    out.conditions.push({
      condition: { type: "in", expr: { type: "column", column }, values, negated },
      column,
      text: `${label(column)} ${negated ? "is not" : "is"} ${values.join(" or ")}`,
    });
  }
}

/**
 * Missing values: `no recorded sex` is a null. `no precipitation` over a numeric column that is never null
 * means zero, since nothing would match otherwise.
 */
export function readMissingFilters(reading: Reading, out: Filters): void {
  const { terms } = reading;
  const word = (i: number) => terms[i]?.word ?? "";
  for (let i = 0; i < terms.length; i++) {
    if (!nullWords.has(word(i))) continue;
    const ref = reading.refs.find(
      (r) => r.kind === "column" && r.start >= i + 1 && r.start <= i + 3 && !out.used.has(r),
    );
    if (ref?.kind !== "column" || reading.refs.some((r) => r.start > i && r.end <= ref.start)) continue;
    const column = ref.mention.columns[0] as ColumnInfo;
    out.used.add(ref);
    const absent =
      absentWords.has(word(i)) || [i + 1, i + 2].some((k) => k < ref.start && absentWords.has(word(k)));
    if (!absent && isNumeric(column) && column.nullRate === 0) {
      out.conditions.push({
        condition: { type: "compare", expr: { type: "column", column }, op: "=", value: 0 },
        column,
        text: `${label(column)} is 0`,
      });
      continue;
    }
    out.conditions.push({
      condition: { type: "null", expr: { type: "column", column }, negated: false },
      column,
      text: `${label(column)} is missing`,
    });
  }
}

/** A yes/no column named on its own is a condition: "orders that were returned", "escalated tickets". */
export function readTruthFilters(reading: Reading, out: Filters): void {
  const word = (i: number) => reading.terms[i]?.word ?? "";
  for (const ref of reading.refs) {
    if (ref.kind !== "column" || out.used.has(ref) || ["by", "per", "each"].includes(word(ref.start - 1)))
      continue;
    const column = ref.mention.columns.find((c) => truthValues(c) !== undefined);
    const truth = column && truthValues(column);
    if (!column || !truth) continue;
    const negated = negatedBefore(reading, ref.start) || word(ref.start - 1) === "no";
    out.used.add(ref);
    out.conditions.push({
      condition: {
        type: "in",
        expr: { type: "column", column },
        values: [negated ? truth.no : truth.yes],
        negated: false,
      },
      column,
      text: `${label(column)} is ${negated ? "no" : "yes"}`,
    });
  }
}
