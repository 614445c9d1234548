import type { Json } from "../model/common.js";
import type { ResultColumn } from "../model/message-part.js";

/**
 * What a result column can be on a chart: a time axis, an ordered small set of time parts (month 1–12,
 * hour 0–23), a measure, a category, or nothing chartable (blobs, lists, intervals, all nulls).
 */
export type ChartRole = "temporal" | "ordinal" | "quantitative" | "nominal" | "none";

/** How precise a temporal column's values are, which picks axis and tooltip formats. */
export type TemporalPrecision = "year" | "month" | "date" | "datetime";

/** A result column classified for charting. */
export interface ColumnRole {
  /** The column's name, made unique within the result (a repeated name gets ` (2)`, ` (3)`, …). */
  readonly name: string;
  /** Its position in each row. */
  readonly index: number;
  readonly role: ChartRole;
  /** For temporal columns. */
  readonly precision?: TemporalPrecision;
  /** Distinct non-null values. */
  readonly distinct: number;
  /** The longest value as text, for deciding whether category labels fit side by side. */
  readonly maxLabelLength: number;
  /** For month or weekday names: the values in calendar order, which beats any other sort. */
  readonly order?: string[];
}

/** A value as it is embedded in a chart's `data.values`. */
export type ChartValue = string | number | boolean | null;

type TypeFamily = "integer" | "number" | "date" | "timestamp" | "boolean" | "text" | "other" | "unknown";

/**
 * The family of an engine type name. DuckDB (`BIGINT`, `DECIMAL(18,2)`, `TIMESTAMP WITH TIME ZONE`) and
 * Postgres (`integer`, `double precision`, `character varying(20)`) names both occur.
 */
function typeFamily(type: string): TypeFamily {
  const t = type.trim().toLowerCase();
  if (t === "") return "unknown";
  if (/^u?(tiny|small|big|huge)?int(eger)?$|^int[248]$|^oid$/.test(t)) return "integer";
  if (/^(float[48]?|double( precision)?|real|decimal|numeric)(\(.*\))?$/.test(t)) return "number";
  if (t === "date") return "date";
  if (/^(timestamp|datetime|timestamptz)\b/.test(t) && !t.endsWith("[]")) return "timestamp";
  if (t === "boolean" || t === "bool") return "boolean";
  if (/^(varchar|text|string|char|bpchar|character( varying)?|uuid|citext|name)(\(.*\))?$|^enum\(/.test(t)) {
    return "text";
  }
  return "other";
}

const yearText = /^\d{4}$/;
const isoDate = /^\d{4}-\d{2}(-\d{2})?$/;
const isoDateTime = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}(:?\d{2})?)?$/;
/** Integer columns with these names and year-like values are years, not measures. */
const yearName = /year|^yr$|_yr$/i;
/** Integer columns with these names are parts of a date: ordered categories, not measures. */
const timePartName =
  /(^|[_\s])(month|hour|minute|quarter|qtr|week|weekday|dow|day|day_?of_?(week|month|year))(_?(num(ber)?|no))?$/i;
/** Integer identifiers are labels, not quantities. */
const idName = /(^|[_\s])id$|[a-z]Id$|^id[_\s]/;

/**
 * Classifies each column of a result by its engine type name and its values: dates and timestamps (and
 * text holding ISO dates, and integer years named like `year`) are temporal, numbers are measures, text and
 * booleans are categories. Repeated names are made unique, since chart data is keyed by name.
 */
export function classifyColumns(columns: readonly ResultColumn[], rows: readonly Json[][]): ColumnRole[] {
  const used = new Set<string>();
  return columns.map((column, index) => {
    const values: Json[] = [];
    for (const row of rows) {
      const value = row[index];
      if (value !== null && value !== undefined) values.push(value);
    }
    const name = uniqueName(column.name || `column ${index + 1}`, used);
    const texts = new Set(values.map((v) => (typeof v === "string" ? v : JSON.stringify(v))));
    const maxLabelLength = Math.max(0, ...[...texts].slice(0, 1_000).map((t) => t.length));
    const base = { name, index, distinct: texts.size, maxLabelLength };
    const role = roleOf(typeFamily(column.type), column.name, values);
    const order = role.role === "nominal" ? calendarOrder(texts) : undefined;
    return { ...base, ...role, ...(order ? { order } : {}) };
  });
}

function uniqueName(name: string, used: Set<string>): string {
  let candidate = name;
  for (let n = 2; used.has(candidate); n++) candidate = `${name} (${n})`;
  used.add(candidate);
  return candidate;
}

function roleOf(
  family: TypeFamily,
  name: string,
  values: readonly Json[],
): { role: ChartRole; precision?: TemporalPrecision } {
  if (values.length === 0 || family === "other") return { role: "none" };
  if (family === "unknown") return roleOf(familyOfValues(values), name, values);
  if (family === "date" || family === "timestamp") {
    const precision = textPrecision(values) ?? (family === "date" ? "date" : "datetime");
    return { role: "temporal", precision };
  }
  if (family === "boolean") return { role: "nominal" };
  if (family === "text") {
    if (!values.every((v) => typeof v === "string")) return { role: "nominal" };
    const precision = textPrecision(values);
    return precision ? { role: "temporal", precision } : { role: "nominal" };
  }
  // Values that are not finite numbers (`NaN` sent as text) are gaps in the measure.
  const numbers = values.map(toNumber).filter((v): v is number => v !== null);
  if (numbers.length === 0) return { role: "none" };
  const integers = numbers.every(Number.isInteger);
  if (integers && yearName.test(name) && numbers.every((v) => v >= 1800 && v <= 2200)) {
    return { role: "temporal", precision: "year" };
  }
  if (integers && idName.test(name)) return { role: "nominal" };
  if (integers && timePartName.test(name) && numbers.every((v) => v >= 0 && v <= 366))
    return { role: "ordinal" };
  return { role: "quantitative" };
}

function familyOfValues(values: readonly Json[]): TypeFamily {
  if (values.every((v) => typeof v === "number")) return "number";
  if (values.every((v) => typeof v === "boolean")) return "boolean";
  if (values.every((v) => typeof v === "string")) return "text";
  return "other";
}

/**
 * The finest precision among the values when all are ISO dates or years, else `undefined`. Midnights count
 * as dates and first days of months as months, so `date_trunc('month', …)` reads as months.
 */
function textPrecision(values: readonly Json[]): TemporalPrecision | undefined {
  let precision: TemporalPrecision | undefined;
  const rank: Record<TemporalPrecision, number> = { year: 0, month: 1, date: 2, datetime: 3 };
  for (const value of values) {
    if (typeof value !== "string") return undefined;
    const own = precisionOf(value);
    if (own === undefined || Number.isNaN(Date.parse(toIsoUtc(value)))) return undefined;
    if (precision === undefined || rank[own] > rank[precision]) precision = own;
  }
  return precision;
}

const midnight = /[T ]00:00(:00(\.0+)?)?(Z|[+-]00(:?00)?)?$/;

function precisionOf(text: string): TemporalPrecision | undefined {
  if (yearText.test(text)) {
    const year = Number(text);
    return year >= 1800 && year <= 2200 ? "year" : undefined;
  }
  if (isoDateTime.test(text)) return midnight.test(text) ? precisionOf(text.slice(0, 10)) : "datetime";
  if (!isoDate.test(text)) return undefined;
  return text.length === 7 || text.endsWith("-01") ? "month" : "date";
}

/**
 * A temporal value as an ISO string every JavaScript engine parses as UTC. Date-only forms already are;
 * a naive timestamp gets `Z`, so its wall-clock time is shown as written whatever the viewer's time zone
 * (charts format times in UTC).
 */
function toIsoUtc(text: string): string {
  if (!isoDateTime.test(text)) return text;
  const iso = text.replace(" ", "T");
  return /(Z|[+-]\d{2}(:?\d{2})?)$/.test(iso.slice(10)) ? iso : `${iso}Z`;
}

/** Numbers, and numbers the engine sent as text (big integers, `NaN`), as numbers; anything else `null`. */
function toNumber(value: Json): number | null {
  if (typeof value === "number") return Number.isFinite(value) ? value : null;
  if (typeof value === "string" && value.trim() !== "") {
    const number = Number(value);
    return Number.isFinite(number) ? number : null;
  }
  return null;
}

/** A cell as embedded in chart data for a column of this role: numbers as numbers, times as UTC ISO text. */
export function chartValue(column: ColumnRole, value: Json | undefined): ChartValue {
  if (value === null || value === undefined) return null;
  switch (column.role) {
    case "quantitative":
    case "ordinal":
      return toNumber(value);
    case "temporal": {
      const text = typeof value === "number" ? String(value) : typeof value === "string" ? value : null;
      return text === null ? null : toIsoUtc(text);
    }
    case "nominal":
      return typeof value === "object" ? JSON.stringify(value) : value;
    default:
      return null;
  }
}

const calendars = [
  [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
  ],
  ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"],
];

/** Month or weekday names (full or three-letter, any case) in calendar order, else `undefined`. */
function calendarOrder(values: ReadonlySet<string>): string[] | undefined {
  if (values.size < 2) return undefined;
  for (const names of calendars) {
    const rank = (value: string) => {
      const lower = value.trim().toLowerCase();
      return names.findIndex((name) => name === lower || (lower.length === 3 && name.startsWith(lower)));
    };
    if ([...values].every((value) => rank(value) >= 0)) return [...values].sort((a, b) => rank(a) - rank(b));
  }
  return undefined;
}
