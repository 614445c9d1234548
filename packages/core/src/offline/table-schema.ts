import type { Json } from "../model/common.js";
import type { ColumnKind } from "../model/dataset.js";
import { type DateFormat, detectDateFormat } from "./text-dates.js";

/** A column as the planner knows it from `describe_table`. */
export interface ColumnInfo {
  table: string;
  name: string;
  type: string;
  kind: ColumnKind;
  nullRate: number | undefined;
  distinctCount: number | undefined;
  min: Json | undefined;
  max: Json | undefined;
  /** Distinct text values the profile shows (top and sample values). */
  values: string[];
  /** True when {@link values} holds every distinct value of the column. */
  complete: boolean;
  /** For text columns holding dates: their layout, detected from the sample values. */
  dateFormat: DateFormat | undefined;
  /**
   * A glossary term standing in for a column: its SQL expression, written in place of the column's name;
   * `aggregate` when the expression aggregates by itself (`sum(amount)`), so no aggregate goes around it.
   */
  expression?: { sql: string; aggregate: boolean };
}

/** A glossary entry of a table. */
export interface GlossaryTerm {
  term: string;
  meaning: string;
  sql: string | undefined;
}

/** A table as the planner knows it. */
export interface TableSchema {
  name: string;
  rowCount: number;
  columns: ColumnInfo[];
  glossary: GlossaryTerm[];
  /** False when the privacy setting hid every value statistic. */
  valuesVisible: boolean;
}

function record(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === "object" && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

function numberOr(value: unknown): number | undefined {
  return typeof value === "number" && Number.isFinite(value) ? value : undefined;
}

const kinds = new Set<ColumnKind>(["integer", "number", "string", "boolean", "date", "timestamp", "other"]);

/** A table from a `describe_table` result, or undefined when the payload is not one. */
export function schemaFromDescribe(payload: unknown): TableSchema | undefined {
  const body = record(payload);
  if (!body || typeof body.table !== "string" || !Array.isArray(body.columns)) return undefined;
  const table = body.table;
  let anyValues = false;
  const columns: ColumnInfo[] = [];
  for (const raw of body.columns) {
    const c = record(raw);
    if (!c || typeof c.name !== "string") continue;
    const kind = kinds.has(c.kind as ColumnKind) ? (c.kind as ColumnKind) : "other";
    const top = Array.isArray(c.topValues) ? c.topValues.map((v) => record(v)?.value) : [];
    const samples = Array.isArray(c.sampleValues) ? c.sampleValues : [];
    if (top.length > 0 || samples.length > 0) anyValues = true;
    const values = [...new Set([...top, ...samples].filter((v): v is string => typeof v === "string"))];
    const distinctCount = numberOr(c.distinctCount);
    columns.push({
      table,
      name: c.name,
      type: typeof c.type === "string" ? c.type : "",
      kind,
      nullRate: numberOr(c.nullRate),
      distinctCount,
      min: c.min as Json | undefined,
      max: c.max as Json | undefined,
      values,
      complete: distinctCount !== undefined && values.length >= distinctCount,
      dateFormat: kind === "string" ? detectDateFormat(values) : undefined,
    });
  }
  const glossary = Array.isArray(body.glossary)
    ? body.glossary.flatMap((g) => {
        const entry = record(g);
        if (!entry || typeof entry.term !== "string") return [];
        return [
          {
            term: entry.term,
            meaning: typeof entry.meaning === "string" ? entry.meaning : "",
            sql: typeof entry.sql === "string" ? entry.sql : undefined,
          },
        ];
      })
    : [];
  return {
    name: table,
    rowCount: numberOr(body.rowCount) ?? 0,
    columns,
    glossary,
    valuesVisible: anyValues,
  };
}

/** The table's own columns, without the glossary's computed ones (see `withGlossaryColumns`). */
export function storedColumns(table: TableSchema): ColumnInfo[] {
  return table.columns.filter((c) => c.expression === undefined);
}

/** Whether a column holds numbers to aggregate. */
export function isNumeric(column: ColumnInfo): boolean {
  return column.kind === "integer" || column.kind === "number";
}

/** Whether a column holds dates or times, natively or as text in a detected layout. */
export function isTemporal(column: ColumnInfo): boolean {
  return column.kind === "date" || column.kind === "timestamp" || column.dateFormat !== undefined;
}

/** Whether every row has its own value (a key, or a date per day): counting it is counting rows. */
export function isUnique(column: ColumnInfo, rowCount: number): boolean {
  if (column.distinctCount === undefined || rowCount === 0) return false;
  return column.distinctCount >= rowCount * (1 - (column.nullRate ?? 0)) * 0.999;
}

/** Whether a column reads as a category: text (or a small integer set) with few distinct values. */
export function isCategorical(column: ColumnInfo, rowCount: number): boolean {
  if (isTemporal(column)) return false;
  if (column.kind === "string" || column.kind === "boolean") return !isUnique(column, rowCount);
  return column.kind === "integer" && (column.distinctCount ?? Number.POSITIVE_INFINITY) <= 24;
}

const labelWords = /^(?:name|title|label|model|symbol|ticker|make|product|description)$/i;

/**
 * The column that names a row of the table ("which car" answers with `Name`): a text column called like a
 * name, else the text column with the most distinct values that is not a date.
 */
export function labelColumn(table: TableSchema): ColumnInfo | undefined {
  const text = table.columns.filter((c) => c.kind === "string" && c.dateFormat === undefined);
  const named = text.find((c) => c.name.split(/[^A-Za-z]+/).some((w) => labelWords.test(w)));
  if (named) return named;
  return [...text].sort((a, b) => (b.distinctCount ?? 0) - (a.distinctCount ?? 0))[0];
}

/** The table's date or time columns, the ones named like dates first. */
export function temporalColumns(table: TableSchema): ColumnInfo[] {
  const all = table.columns.filter(isTemporal);
  const score = (c: ColumnInfo) => (/date|day|time|when|period/i.test(c.name) ? 0 : 1);
  return [...all].sort((a, b) => score(a) - score(b));
}

const truthPairs: [string, string][] = [
  ["y", "n"],
  ["yes", "no"],
  ["true", "false"],
  ["t", "f"],
];

/**
 * How a yes/no column writes yes and no: `true`/`false` for a boolean column, the stored spellings for a text
 * column holding only a pair such as `Y`/`N` or `Yes`/`No`; undefined for any other column.
 */
export function truthValues(column: ColumnInfo): { yes: string; no: string } | undefined {
  if (column.kind === "boolean") return { yes: "true", no: "false" };
  if (column.kind !== "string" || !column.complete || column.values.length !== 2) return undefined;
  for (const [yes, no] of truthPairs) {
    const y = column.values.find((v) => v.trim().toLowerCase() === yes);
    const n = column.values.find((v) => v.trim().toLowerCase() === no);
    if (y !== undefined && n !== undefined) return { yes: y, no: n };
  }
  return undefined;
}
