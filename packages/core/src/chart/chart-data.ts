import type { Json } from "../model/common.js";
import { type ChartValue, type ColumnRole, chartValue } from "./column-roles.js";

/**
 * The rows a chart embeds, keyed by column name. Reshaping (sums over repeated keys, counts, top categories,
 * sampling) happens here, in plain code, so the chart spec itself needs no expression-bearing transforms.
 */
export type ChartRecord = Record<string, ChartValue>;

/** The result's rows as records of the chartable columns, cells normalized for their role. */
export function toRecords(columns: readonly ColumnRole[], rows: readonly Json[][]): ChartRecord[] {
  const charted = columns.filter((column) => column.role !== "none");
  // Built with fromEntries, which defines own properties: a column named `__proto__` stays a column.
  return rows.map((row) =>
    Object.fromEntries(charted.map((column) => [column.name, chartValue(column, row[column.index])])),
  );
}

/** A stable key for a combination of values (JSON keeps `1` and `"1"` apart). */
function keyOf(record: ChartRecord, keys: readonly string[]): string {
  return JSON.stringify(keys.map((key) => record[key] ?? null));
}

/**
 * Sums each of `measures` over records that share the values of `keys`. When no two records share them the
 * records come back as they were and `merged` is false.
 */
export function sumBy(
  records: readonly ChartRecord[],
  keys: readonly string[],
  measures: readonly string[],
): { records: ChartRecord[]; merged: boolean } {
  const groups = new Map<string, ChartRecord>();
  for (const record of records) {
    const key = keyOf(record, keys);
    let group = groups.get(key);
    if (group === undefined) {
      group = Object.fromEntries([
        ...keys.map((name) => [name, record[name] ?? null]),
        ...measures.map((name) => [name, null]),
      ]) as ChartRecord;
      groups.set(key, group);
    }
    for (const name of measures) {
      const value = record[name];
      if (typeof value === "number") group[name] = ((group[name] as number | null) ?? 0) + value;
    }
  }
  if (groups.size === records.length) return { records: [...records], merged: false };
  return { records: [...groups.values()], merged: true };
}

/** Records with only the given fields, so a chart embeds no column it does not show. */
export function project(records: readonly ChartRecord[], names: readonly string[]): ChartRecord[] {
  return records.map((record) => Object.fromEntries(names.map((name) => [name, record[name] ?? null])));
}

/** How many records have each value of `key`, as records `{ [key]: value, [countName]: n }`. */
export function countBy(records: readonly ChartRecord[], key: string, countName: string): ChartRecord[] {
  const counts = new Map<string, ChartRecord>();
  for (const record of records) {
    const value = record[key] ?? null;
    if (value === null) continue;
    const id = JSON.stringify(value);
    const entry = counts.get(id);
    if (entry) entry[countName] = (entry[countName] as number) + 1;
    else counts.set(id, { [key]: value, [countName]: 1 });
  }
  return [...counts.values()];
}

/** Distinct non-null values of a field. */
export function distinctValues(records: readonly ChartRecord[], key: string): number {
  const seen = new Set<string>();
  for (const record of records) {
    const value = record[key];
    if (value !== null && value !== undefined) seen.add(JSON.stringify(value));
  }
  return seen.size;
}

/**
 * Keeps only the records of the `limit` values of `key` with the largest total of `measure` (by absolute
 * value), so a long tail of categories does not crowd a chart. `total` says how many values there were.
 */
export function keepTopValues(
  records: readonly ChartRecord[],
  key: string,
  measure: string,
  limit: number,
): { records: ChartRecord[]; total: number } {
  const totals = new Map<string, number>();
  for (const record of records) {
    const id = JSON.stringify(record[key] ?? null);
    const value = record[measure];
    totals.set(id, (totals.get(id) ?? 0) + (typeof value === "number" ? Math.abs(value) : 0));
  }
  if (totals.size <= limit) return { records: [...records], total: totals.size };
  const kept = new Set(
    [...totals.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, limit)
      .map(([id]) => id),
  );
  return {
    records: records.filter((record) => kept.has(JSON.stringify(record[key] ?? null))),
    total: totals.size,
  };
}

/** At most `max` records, evenly spaced, so a capped line or scatter still spans the whole result. */
export function sampleEvenly<T>(records: readonly T[], max: number): T[] {
  if (records.length <= max) return [...records];
  const step = records.length / max;
  return Array.from({ length: max }, (_, i) => records[Math.floor(i * step)]!);
}

/** Records ordered by a temporal (ISO text) or numeric field, nulls last; the input is left as it was. */
export function sortByField(records: readonly ChartRecord[], key: string): ChartRecord[] {
  const order = (value: ChartValue | undefined): number => {
    if (typeof value === "number") return value;
    if (typeof value === "string") return Date.parse(value);
    return Number.NaN;
  };
  return records
    .map((record) => ({ record, at: order(record[key]) }))
    .sort((a, b) => {
      const missing = Number(Number.isNaN(a.at)) - Number(Number.isNaN(b.at));
      return missing !== 0 || Number.isNaN(a.at) ? missing : a.at - b.at;
    })
    .map(({ record }) => record);
}

/** A field name for derived data (a count, a folded series) that no column of the result already uses. */
export function freshName(preferred: string, taken: Iterable<string>): string {
  const used = new Set(taken);
  let name = preferred;
  for (let n = 2; used.has(name); n++) name = `${preferred} (${n})`;
  return name;
}
