import { columnOfField } from "./field-path.js";

/**
 * The static half of `validateChart`: a chart spec may come from a model, so before Vega-Lite sees it, it
 * must use only inline data, only expression-free constructs from an allow-list, and only fields its data
 * has. Anything not understood is refused; a refused chart costs an answer nothing but its picture.
 */

/** Why a spec was refused, or that it passed. */
export type SpecCheck = { ok: true } | { ok: false; reason: string };

/** Limits on a spec's size, so checking and compiling stay cheap. */
export const specLimits = { maxDataRows: 50_000, maxDepth: 40, maxJsonChars: 10_000_000 } as const;

/**
 * Keys that carry expressions, selections, remote data or links anywhere in Vega-Lite. `*Expr` keys
 * (`labelExpr`, …) are refused too.
 */
const deniedKeys = new Set([
  "url",
  "href",
  "expr",
  "signal",
  "signals",
  "params",
  "param",
  "selection",
  "select",
  "test",
  "calculate",
  "lookup",
  "pivot",
  "flatten",
  "extent",
  "repeat",
  "datasets",
  "customFormatTypes",
  "sequence",
  "graticule",
  "sphere",
  "projection",
]);

const rootKeys = new Set([
  "$schema",
  "title",
  "description",
  "name",
  "width",
  "height",
  "autosize",
  "padding",
  "background",
  "data",
  "mark",
  "encoding",
  "transform",
  "layer",
  "hconcat",
  "vconcat",
  "concat",
  "columns",
  "facet",
  "spec",
  "resolve",
  "config",
  "view",
  "align",
  "bounds",
  "center",
  "spacing",
]);

/** Transforms that only name fields; each is told apart by its operation key. */
const transformOps = [
  "aggregate",
  "bin",
  "timeUnit",
  "fold",
  "stack",
  "window",
  "joinaggregate",
  "impute",
  "sample",
  "density",
  "regression",
  "loess",
  "quantile",
  "filter",
] as const;

/** Output fields of transforms whose `as` may be left out. */
const defaultOutputs: Partial<Record<(typeof transformOps)[number], string[]>> = {
  fold: ["key", "value"],
  density: ["value", "density"],
  quantile: ["prob", "value"],
};

/** Transform keys whose values name input fields. */
const fieldListKeys = new Set([
  "groupby",
  "fold",
  "density",
  "regression",
  "loess",
  "quantile",
  "impute",
  "stack",
  "on",
  "key",
]);

const marks = new Set([
  "arc",
  "area",
  "bar",
  "boxplot",
  "circle",
  "errorband",
  "errorbar",
  "line",
  "point",
  "rect",
  "rule",
  "square",
  "text",
  "tick",
  "trail",
]);

const predicateOps = new Set(["equal", "lt", "lte", "gt", "gte", "range", "oneOf", "valid"]);
const parseTypes = new Set(["number", "boolean", "date", "string"]);
const formatTypes = new Set(["number", "time", "utc"]);
const schemaUrl = /^https:\/\/vega\.github\.io\/schema\/vega-lite\/v[56](\.\d+){0,2}\.json$/;

type Node = unknown;
const isObject = (value: Node): value is Record<string, Node> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

class Refused extends Error {}
function refuse(reason: string): never {
  throw new Refused(reason);
}

/** Checks a Vega-Lite spec against the allow-list and its data's fields. */
export function checkSpec(spec: unknown): SpecCheck {
  try {
    if (!isObject(spec)) refuse("A chart spec must be a JSON object.");
    const json = JSON.stringify(spec);
    if (json.length > specLimits.maxJsonChars) refuse("The chart spec is too large.");
    const root = spec as Record<string, Node>;
    for (const key of Object.keys(root))
      if (!rootKeys.has(key)) refuse(`"${key}" is not allowed in a chart spec.`);
    if (root.$schema !== undefined && !(typeof root.$schema === "string" && schemaUrl.test(root.$schema))) {
      refuse("The spec's $schema is not Vega-Lite v5 or v6.");
    }
    const scan = {
      columns: new Set<string>(),
      outputs: new Set<string>(),
      fields: new Set<string>(),
      rows: 0,
    };
    walk(root, 0, scan);
    for (const field of scan.fields) {
      const column = columnOfField(field);
      if (column === null) refuse(`The field "${field}" is a nested path; chart data is flat.`);
      else if (!scan.columns.has(column) && !scan.outputs.has(column)) {
        refuse(`The field "${column}" is not in the chart's data.`);
      }
    }
    return { ok: true };
  } catch (error) {
    if (error instanceof Refused) return { ok: false, reason: error.message };
    throw error;
  }
}

interface Scan {
  columns: Set<string>;
  outputs: Set<string>;
  fields: Set<string>;
  rows: number;
}

function walk(node: Node, depth: number, scan: Scan): void {
  if (depth > specLimits.maxDepth) refuse("The chart spec is nested too deeply.");
  if (Array.isArray(node)) {
    for (const item of node) walk(item, depth + 1, scan);
    return;
  }
  if (!isObject(node)) return;
  for (const [key, value] of Object.entries(node)) {
    if (deniedKeys.has(key) || /Expr$/.test(key)) refuse(`"${key}" is not allowed in a chart spec.`);
    if (key === "data") checkData(value, scan);
    else if (key === "transform") checkTransforms(value, depth, scan);
    else if (key === "mark") checkMark(value);
    else if (key === "formatType" && !formatTypes.has(String(value)))
      refuse(`formatType "${value}" is not allowed.`);
    else if (key === "field") addField(value, scan);
    else if ((key === "argmax" || key === "argmin") && typeof value === "string") scan.fields.add(value);
    // Data values are rows, not spec: a column may well be called "url".
    if (key !== "data") walk(value, depth + 1, scan);
  }
}

function addField(value: Node, scan: Scan): void {
  if (typeof value !== "string") refuse("A field must name a column.");
  scan.fields.add(value as string);
}

function checkData(data: Node, scan: Scan): void {
  if (data === null) return;
  if (!isObject(data) || !Array.isArray(data.values)) refuse("Chart data must be inline: { values: [...] }.");
  const { values, format, ...rest } = data as { values: Node[]; format?: Node };
  if (Object.keys(rest).length > 0) refuse(`Chart data may not have "${Object.keys(rest)[0]}".`);
  if (format !== undefined) checkFormat(format);
  scan.rows += values.length;
  if (scan.rows > specLimits.maxDataRows) refuse(`Chart data has more than ${specLimits.maxDataRows} rows.`);
  for (const row of values) {
    if (!isObject(row)) refuse("Each row of chart data must be an object.");
    for (const key of Object.keys(row as object)) scan.columns.add(key);
  }
}

function checkFormat(format: Node): void {
  if (!isObject(format)) refuse("Chart data format must be an object.");
  const { type, parse, ...rest } = format as Record<string, Node>;
  if (Object.keys(rest).length > 0 || (type !== undefined && type !== "json")) {
    refuse("Chart data format may only be JSON with simple parsing.");
  }
  if (parse === undefined || parse === null) return;
  if (!isObject(parse)) refuse("Chart data parse must map fields to types.");
  for (const kind of Object.values(parse as object)) {
    if (kind !== null && !parseTypes.has(String(kind))) refuse(`Parsing as "${kind}" is not allowed.`);
  }
}

function checkMark(mark: Node): void {
  const type = isObject(mark) ? mark.type : mark;
  if (typeof type !== "string" || !marks.has(type)) refuse(`Mark "${String(type)}" is not allowed.`);
}

function checkTransforms(transforms: Node, depth: number, scan: Scan): void {
  if (!Array.isArray(transforms)) refuse("transform must be a list.");
  for (const transform of transforms as Node[]) {
    if (!isObject(transform)) refuse("Each transform must be an object.");
    const t = transform as Record<string, Node>;
    const op = transformOps.find((name) => name in t);
    if (op === undefined) refuse(`Transform ${JSON.stringify(Object.keys(t))} is not allowed.`);
    if (op === "filter") checkPredicate(t.filter, depth + 1);
    for (const [key, value] of Object.entries(t)) {
      if (!fieldListKeys.has(key)) continue;
      for (const name of [value].flat()) {
        if (typeof name !== "string") refuse(`"${key}" must name columns.`);
        scan.fields.add(name as string);
      }
    }
    const outputs = t.as ?? (op ? defaultOutputs[op] : undefined);
    for (const name of [outputs ?? []].flat()) if (typeof name === "string") scan.outputs.add(name);
    for (const entry of [t.aggregate, t.window, t.joinaggregate].flat()) {
      if (isObject(entry) && typeof entry.as === "string") scan.outputs.add(entry.as);
    }
  }
}

/** A filter must be a field predicate (or and/or/not of them): never an expression string. */
function checkPredicate(predicate: Node, depth: number): void {
  if (depth > specLimits.maxDepth) refuse("The filter is nested too deeply.");
  if (!isObject(predicate)) refuse("A filter must be a field predicate, not an expression.");
  const p = predicate as Record<string, Node>;
  if (Array.isArray(p.and) || Array.isArray(p.or)) {
    for (const part of (p.and ?? p.or) as Node[]) checkPredicate(part, depth + 1);
  } else if (p.not !== undefined) {
    checkPredicate(p.not, depth + 1);
  } else if (typeof p.field !== "string" || !Object.keys(p).some((key) => predicateOps.has(key))) {
    refuse("A filter must be a field predicate, not an expression.");
  }
}
