import type { QueryResult } from "../engine/sql-engine.js";
import type { Json } from "../model/common.js";
import type { Dataset } from "../model/dataset.js";

/**
 * Result sanity: an answer's final result is checked for signs that the query does not mean what was
 * asked (no rows, columns with no values, counts below zero, shares above 100%, totals larger than the
 * data could add up to, averages outside the column's range, counts beyond the table's rows), which lower
 * the answer's confidence and are said to the user. The bounds come from the datasets' profiles, so the
 * checks cost no query.
 */

/** How far an answer can be trusted, as far as its result shows. */
export type Confidence = "high" | "medium" | "low";

/** One thing the checks found. */
export interface SanityFinding {
  code:
    | "empty"
    | "all-null"
    | "negative-count"
    | "percent-over-100"
    | "sum-too-large"
    | "out-of-range"
    | "count-too-large"
    | "truncated";
  /** `low` and `medium` lower the confidence; `info` is only said. */
  severity: "low" | "medium" | "info";
  column?: string;
  /** What to tell the user. */
  note: string;
}

/** The verdict over one result. */
export interface SanityReport {
  confidence: Confidence;
  findings: SanityFinding[];
}

/** What the checks read. */
export interface SanityInput {
  result: QueryResult;
  /** The SQL that produced it: its aggregates tie result columns to profiled source columns. */
  sql?: string;
  /** The session's datasets, whose profiles give each column's range and each table's rows. */
  datasets?: readonly Dataset[];
}

type Aggregate = { fn: "sum" | "avg" | "min" | "max" | "count"; column: string | undefined };

const aggregateCall =
  /\b(sum|avg|mean|min|max|count)\s*\(\s*(?:distinct\s+)?(\*|"(?:[^"]|"")+"|[A-Za-z_][\w.]*)\s*\)(?:\s*::\s*\w+)?(?:\s+as\s+("(?:[^"]|"")+"|[A-Za-z_]\w*))?/gi;

/** The result columns the SQL computes as a plain aggregate of one column, by result column name. */
function aggregatesOf(sql: string | undefined): Map<string, Aggregate> {
  const found = new Map<string, Aggregate>();
  for (const m of (sql ?? "").matchAll(aggregateCall)) {
    const fnName = (m[1] ?? "").toLowerCase();
    const fn = (fnName === "mean" ? "avg" : fnName) as Aggregate["fn"];
    const arg = m[2] ?? "*";
    const column = arg === "*" ? undefined : unquote(arg.split(".").pop() ?? arg);
    const alias = m[3] ? unquote(m[3]) : undefined;
    const aggregate = { fn, column };
    if (alias) found.set(alias.toLowerCase(), aggregate);
    // Unaliased, DuckDB names the column after the call, PostgreSQL after the function.
    found.set(
      m[0]
        .replace(/\s+as\s+.*$/i, "")
        .replace(/\s+/g, "")
        .toLowerCase(),
      aggregate,
    );
    if (!found.has(fn)) found.set(fn, aggregate);
  }
  return found;
}

function unquote(name: string): string {
  return name.startsWith('"') ? name.slice(1, -1).replaceAll('""', '"') : name;
}

function numberOf(value: Json): number | undefined {
  if (typeof value === "number") return Number.isFinite(value) ? value : undefined;
  if (typeof value === "string" && /^-?\d+(?:\.\d+)?(?:e[+-]?\d+)?$/i.test(value.trim()))
    return Number(value);
  return undefined;
}

function format(value: number): string {
  return Math.abs(value) >= 1e6 || (value !== 0 && Math.abs(value) < 1e-3)
    ? value.toExponential(3)
    : String(Number(value.toPrecision(6)));
}

const countName =
  /^(?:n|cnt|count|num|number)$|(?:^|_|\s)(?:count|cnt)$|^(?:count|number)(?:_|\s)of\b|^num_/i;
const percentName = /(?:^|[_\s(])(?:pct|percent|percentage|share)(?:$|[_\s)])|%/i;
const changeName = /change|growth|diff|delta|increase|decrease|var/i;

/** The profile of a source column, with the rows of its table (the widest, if several tables have it). */
function sourceOf(datasets: readonly Dataset[], column: string) {
  let best: { min: number; max: number; rows: number } | undefined;
  for (const dataset of datasets) {
    const profile = dataset.columns.find((c) => c.name.toLowerCase() === column.toLowerCase());
    const min = typeof profile?.min === "number" ? profile.min : undefined;
    const max = typeof profile?.max === "number" ? profile.max : undefined;
    if (min === undefined || max === undefined) continue;
    if (!best || dataset.rowCount > best.rows) best = { min, max, rows: dataset.rowCount };
  }
  return best;
}

/**
 * Checks a result and says how far it can be trusted.
 *
 * @example
 * ```ts
 * const report = checkResult({ result, sql, datasets });
 * if (report.confidence !== "high") text += `\n\n${sanityNote(report)}`;
 * ```
 */
export function checkResult(input: SanityInput): SanityReport {
  const { result } = input;
  const datasets = input.datasets ?? [];
  const findings: SanityFinding[] = [];
  if (result.rowCount === 0) {
    findings.push({
      code: "empty",
      severity: "low",
      note: "The query returned no rows: its filters may match nothing (check the spelling of values and the date range).",
    });
    return verdict(findings);
  }
  const aggregates = aggregatesOf(input.sql);
  const joined = /\bjoin\b/i.test(input.sql ?? "");
  const tableRows = Math.max(0, ...datasets.map((d) => d.rowCount));
  for (const [index, column] of result.columns.entries()) {
    const values = result.rows.map((row) => row[index] ?? null);
    const numbers = values.map(numberOf).filter((v): v is number => v !== undefined);
    const aggregate = aggregates.get(column.name.toLowerCase());
    if (values.length > 0 && values.every((v) => v === null)) {
      findings.push({
        code: "all-null",
        severity: result.rowCount === 1 || aggregate ? "low" : "medium",
        column: column.name,
        note: `"${column.name}" has no values at all: no row matched, or the column is empty.`,
      });
      continue;
    }
    const isCount = aggregate?.fn === "count" || countName.test(column.name);
    const least = Math.min(...numbers);
    const most = Math.max(...numbers);
    if (isCount && numbers.length > 0 && least < 0) {
      findings.push({
        code: "negative-count",
        severity: "low",
        column: column.name,
        note: `"${column.name}" is a count but has a negative value (${format(least)}).`,
      });
    }
    if (
      percentName.test(column.name) &&
      !changeName.test(column.name) &&
      numbers.length > 0 &&
      most > 100.0001
    ) {
      findings.push({
        code: "percent-over-100",
        severity: "medium",
        column: column.name,
        note: `"${column.name}" reads as a percentage but goes up to ${format(most)}.`,
      });
    }
    if (aggregate?.fn === "count" && !joined && tableRows > 0 && most > tableRows) {
      findings.push({
        code: "count-too-large",
        severity: "low",
        column: column.name,
        note: `"${column.name}" counts ${format(most)}, more than the ${tableRows} rows the table has.`,
      });
    }
    const source = aggregate?.column ? sourceOf(datasets, aggregate.column) : undefined;
    if (!aggregate || !source || numbers.length === 0) continue;
    const slack = 1e-6 * Math.max(1, Math.abs(source.max), Math.abs(source.min));
    if (aggregate.fn === "sum") {
      const bound = Math.max(Math.abs(source.min), Math.abs(source.max)) * source.rows;
      const largest = Math.max(Math.abs(least), Math.abs(most));
      if (largest > bound * (1 + 1e-9) + slack) {
        findings.push({
          code: "sum-too-large",
          severity: "low",
          column: column.name,
          note: `"${column.name}" (${format(largest)}) is larger than "${aggregate.column}" could add up to over all ${source.rows} rows: a join may count rows more than once.`,
        });
      }
    } else if (aggregate.fn !== "count" && (least < source.min - slack || most > source.max + slack)) {
      findings.push({
        code: "out-of-range",
        severity: "low",
        column: column.name,
        note: `"${column.name}" falls outside the range of "${aggregate.column}" (${format(source.min)} to ${format(source.max)}).`,
      });
    }
  }
  if (result.truncated) {
    findings.push({
      code: "truncated",
      severity: "info",
      note: `The result has ${result.rowCount} rows; only the first ${result.rows.length} are kept.`,
    });
  }
  return verdict(findings);
}

function verdict(findings: SanityFinding[]): SanityReport {
  const confidence: Confidence = findings.some((f) => f.severity === "low")
    ? "low"
    : findings.some((f) => f.severity === "medium")
      ? "medium"
      : "high";
  return { confidence, findings };
}

/** What the user is told: the confidence and the notes, or undefined when there is nothing to say. */
export function sanityNote(report: SanityReport): string | undefined {
  if (report.findings.length === 0) return undefined;
  const notes = report.findings.map((f) => f.note).join(" ");
  return report.confidence === "high" ? `Note: ${notes}` : `Confidence: ${report.confidence}. ${notes}`;
}
