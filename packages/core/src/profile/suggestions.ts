import type { CleaningOperation, CleaningSuggestion } from "../model/cleaning.js";
import type { ColumnProfile } from "../model/dataset.js";
import { isNumericKind } from "./column-kind.js";
import type { TableProfile, TextChecks } from "./table-profile.js";

/** A text column is suggested a cast when at least this share of its values convert. */
export const castThreshold = 0.8;

/** The most suggestions a dataset keeps (the record's limit). */
const maxSuggestions = 1_000;

/**
 * Cleaning suggestions from a profile, as data: each names the problem, how many rows it touches, and the
 * operations that fix it (applied only when a user picks it). In order: duplicate rows, then per column stray
 * whitespace, inconsistent case, text that is mostly numbers or dates, missing values, outliers.
 *
 * Missing values are filled with the median in numeric columns (robust to outliers), with the most common
 * value in categorical columns (at most 50 distinct values), and dropped elsewhere. A text column of numbers
 * with zero-padded values (`007`, zip codes) is never suggested a numeric cast.
 */
export function suggestCleaning(profile: TableProfile): CleaningSuggestion[] {
  const out: CleaningSuggestion[] = [];
  if (profile.duplicateRows) {
    out.push({
      id: "duplicate-rows",
      kind: "duplicate-rows",
      column: null,
      count: profile.duplicateRows,
      message: `${rows(profile.duplicateRows)} repeat an earlier row exactly; drop the duplicates.`,
      operations: [{ op: "drop-duplicates" }],
    });
  }
  profile.columns.forEach((column, i) => {
    out.push(...columnSuggestions(column, profile.checks[i] ?? null, profile.rowCount));
  });
  return out.slice(0, maxSuggestions);
}

function columnSuggestions(
  column: ColumnProfile,
  checks: TextChecks | null,
  rowCount: number,
): CleaningSuggestion[] {
  const out: CleaningSuggestion[] = [];
  const name = column.name;
  const quoted = JSON.stringify(name);
  const add = (
    kind: CleaningSuggestion["kind"],
    count: number,
    message: string,
    operations: CleaningOperation[],
    suffix = "",
  ) => out.push({ id: `${kind}:${name}${suffix}`, kind, column: name, count, message, operations });
  const nonNull = rowCount - column.nullCount;
  // A sampled column's text checks and outlier fences are estimates, and its messages say so.
  const about = column.profileSampleRows === undefined ? "" : "about ";

  if (checks && checks.whitespace > 0) {
    add(
      "whitespace",
      checks.whitespace,
      `${about ? "About " : ""}${rows(checks.whitespace)} of ${quoted} have leading or trailing spaces; trim them.`,
      [{ op: "trim", column: name }],
    );
  }
  if (checks && checks.caseVariants > 0) {
    add(
      "inconsistent-case",
      checks.caseVariants,
      `${quoted} spells the same values with different case in ${about}${rows(checks.caseVariants)}; convert to ${checks.caseStyle} case.`,
      [{ op: "normalize-case", column: name, case: checks.caseStyle }],
    );
  }
  if (checks && nonNull > 0) {
    const cast = castSuggestion(checks, nonNull);
    if (cast) {
      const bad = nonNull - cast.converted;
      const tail = bad > 0 ? ` (the other ${about}${values(bad)} would become empty)` : "";
      add(
        "mixed-types",
        nonNull,
        `${quoted} is text but ${about}${percent(cast.converted / nonNull)} of its values are ${cast.what}; cast it to ${cast.to}${tail}.`,
        [{ op: "cast", column: name, to: cast.to }],
      );
    }
  }
  if (column.nullCount > 0 && nonNull > 0) {
    const share = `${values(column.nullCount)} (${percent(column.nullRate)})`;
    if (isNumericKind(column.kind)) {
      const median = column.quantiles?.p50;
      add(
        "missing-values",
        column.nullCount,
        `${quoted} is missing ${share}; fill the gaps with the median${median === undefined ? "" : ` (${median})`}.`,
        [{ op: "fill-nulls", column: name, strategy: "median" }],
      );
    } else if (column.distinctCount <= 50 && (column.kind === "string" || column.kind === "boolean")) {
      const mode = column.topValues?.[0]?.value;
      add(
        "missing-values",
        column.nullCount,
        `${quoted} is missing ${share}; fill the gaps with the most common value${mode === undefined ? "" : ` (${JSON.stringify(mode)})`}.`,
        [{ op: "fill-nulls", column: name, strategy: "mode" }],
      );
    } else {
      add("missing-values", column.nullCount, `${quoted} is missing ${share}; drop the rows without one.`, [
        { op: "drop-nulls", column: name },
      ]);
    }
  }
  if (column.outlierCount) {
    add(
      "outliers",
      column.outlierCount,
      `${quoted} has ${about}${values(column.outlierCount)} beyond 1.5 × the interquartile range; cap them at those bounds.`,
      [{ op: "cap-outliers", column: name, factor: 1.5 }],
    );
  }
  return out;
}

type CastTarget = Extract<CleaningOperation, { op: "cast" }>["to"];

function castSuggestion(
  checks: TextChecks,
  nonNull: number,
): { to: CastTarget; converted: number; what: string } | null {
  if (checks.numeric >= castThreshold * nonNull && checks.leadingZero === 0) {
    const whole = checks.integer === checks.numeric;
    return {
      to: whole ? "integer" : "double",
      converted: checks.numeric,
      what: whole ? "whole numbers" : "numbers",
    };
  }
  if (checks.temporal >= castThreshold * nonNull && checks.numeric < castThreshold * nonNull) {
    const timed = checks.withTime > 0;
    return {
      to: timed ? "timestamp" : "date",
      converted: checks.temporal,
      what: timed ? "dates with times" : "dates",
    };
  }
  return null;
}

function rows(n: number): string {
  return `${n.toLocaleString("en-US")} ${n === 1 ? "row" : "rows"}`;
}

function values(n: number): string {
  return `${n.toLocaleString("en-US")} ${n === 1 ? "value" : "values"}`;
}

function percent(share: number): string {
  const p = share * 100;
  return `${p < 1 && p > 0 ? p.toFixed(1) : Math.round(p)}%`;
}
