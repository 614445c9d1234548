import { z } from "zod";
import { QuarryError } from "../errors/quarry-error.js";
import { quoteIdent, quoteLiteral } from "../ingest/sql-quote.js";
import { type CleaningOperation, CleaningOperationSchema } from "../model/cleaning.js";
import type { Json } from "../model/common.js";
import { isNumericKind, sqlKindOf } from "../profile/column-kind.js";
import { trimSql } from "../profile/text-parsing.js";
import { castSql, castTypes } from "./cast-sql.js";

/** A column of the table being cleaned: its name and DuckDB type. */
export interface CleaningColumn {
  name: string;
  type: string;
}

/** At most this many operations in one cleaning. */
export const maxCleaningOperations = 100;

const typePattern = /^[A-Z][A-Z0-9_ ]*(\(\d+(,\s*\d+)?\))?$/;

/**
 * The one SELECT that applies cleaning operations, in order, to a table: a chain of CTEs, one per operation,
 * reading the previous step. Quarry writes all of it: identifiers are quoted, values are literals, column
 * types come from the dataset. Row order is kept (a row number travels through the steps); the columns
 * and their order stay the same, only types change with `cast`.
 *
 * Throws `INVALID_INPUT` when an operation is malformed, names a column the table does not have, or does not
 * apply to the column's type at that point (e.g. `trim` on a number, `median` of text).
 *
 * @example
 * ```ts
 * cleaningSql("sales", [{ name: "Region", type: "VARCHAR" }], [{ op: "trim", column: "Region" }]);
 * ```
 */
export function cleaningSql(
  tableName: string,
  columns: readonly CleaningColumn[],
  operations: readonly CleaningOperation[],
): string {
  const ops = parseOperations(operations);
  const types = new Map<string, string>();
  for (const column of columns) {
    if (!typePattern.test(column.type))
      throw invalid(`Column ${JSON.stringify(column.name)} has an unsupported type ${column.type}.`);
    types.set(column.name, column.type);
  }
  const taken = new Set(columns.map((c) => c.name.toLowerCase()));
  let rowName = "__quarry_row";
  while (taken.has(rowName)) rowName = `_${rowName}`;
  const row = quoteIdent(rowName);
  const names = columns.map((c) => quoteIdent(c.name));

  const steps = [`s0 AS (SELECT *, row_number() OVER () AS ${row} FROM ${quoteIdent(tableName)})`];
  ops.forEach((op, i) => {
    const prev = `s${i}`;
    const next = `s${i + 1}`;
    if (op.op === "drop-duplicates") {
      steps.push(`${next} AS (SELECT min(${row}) AS ${row}, ${names.join(", ")} FROM ${prev} GROUP BY ALL)`);
      return;
    }
    const type = types.get(op.column);
    if (type === undefined)
      throw invalid(
        `Operation ${i + 1} (${op.op}) names a column the table does not have: ${JSON.stringify(op.column)}.`,
      );
    const kind = sqlKindOf(type);
    const c = quoteIdent(op.column);
    const need = (ok: boolean, what: string) => {
      if (!ok)
        throw invalid(
          `Operation ${i + 1} (${op.op}) needs ${what}; ${JSON.stringify(op.column)} is ${type}.`,
        );
    };
    const replace = (expr: string) =>
      steps.push(`${next} AS (SELECT * REPLACE (${expr} AS ${c}) FROM ${prev})`);
    switch (op.op) {
      case "drop-nulls":
        steps.push(`${next} AS (SELECT * FROM ${prev} WHERE ${c} IS NOT NULL)`);
        return;
      case "fill-nulls": {
        const numeric = isNumericKind(kind);
        const temporal = kind === "date" || kind === "timestamp";
        let fill: string;
        if (op.strategy === "mean") need(numeric, "a numeric column");
        if (op.strategy === "median") need(numeric || temporal, "a numeric or date column");
        if (op.strategy === "zero") need(numeric, "a numeric column");
        if (op.strategy === "value") fill = literal(op.value, i);
        else if (op.strategy === "zero") fill = "0";
        else fill = `(SELECT ${op.strategy === "mean" ? "avg" : op.strategy}(${c}) FROM ${prev})`;
        replace(`coalesce(${c}, CAST(${fill} AS ${type}))`);
        return;
      }
      case "trim":
        need(kind === "string", "a text column");
        replace(trimSql(c));
        return;
      case "normalize-case":
        need(kind === "string", "a text column");
        replace(
          op.case === "title"
            ? `array_to_string(list_transform(string_split(lower(${c}), ' '), lambda w: upper(left(w, 1)) || substr(w, 2)), ' ')`
            : `${op.case}(${c})`,
        );
        return;
      case "cap-outliers": {
        need(isNumericKind(kind), "a numeric column");
        const factor = op.factor ?? 1.5;
        const bounds = `(SELECT q1 - ${factor} * (q3 - q1) AS lo, q3 + ${factor} * (q3 - q1) AS hi FROM (SELECT quantile_cont(${c}, 0.25) AS q1, quantile_cont(${c}, 0.75) AS q3 FROM ${prev}))`;
        const x = `p.${c}`;
        steps.push(
          `${next} AS (SELECT p.* REPLACE (CAST(CASE WHEN ${x} < b.lo THEN b.lo WHEN ${x} > b.hi THEN b.hi ELSE ${x} END AS ${type}) AS ${c}) FROM ${prev} AS p, ${bounds} AS b)`,
        );
        return;
      }
      case "cast":
        replace(castSql(c, kind, op.to));
        types.set(op.column, castTypes[op.to]);
        return;
    }
  });
  return `WITH ${steps.join(",\n")}\nSELECT ${names.join(", ")} FROM s${ops.length} ORDER BY ${row}`;
}

/** Validates operations with the schema (`INVALID_INPUT` with the first problem). */
export function parseOperations(operations: unknown): CleaningOperation[] {
  const parsed = z.array(CleaningOperationSchema).min(1).max(maxCleaningOperations).safeParse(operations);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw invalid(
      `Invalid cleaning operations${issue ? ` at ${issue.path.join(".") || "the top level"}: ${issue.message}` : ""}.`,
    );
  }
  return parsed.data;
}

function literal(value: Json | undefined, index: number): string {
  if (typeof value === "string") return quoteLiteral(value);
  if (typeof value === "number" && Number.isFinite(value)) return String(value);
  if (typeof value === "boolean") return value ? "TRUE" : "FALSE";
  throw invalid(
    `Operation ${index + 1} (fill-nulls) with strategy "value" needs a text, number or boolean value.`,
  );
}

function invalid(message: string): QuarryError {
  return new QuarryError("INVALID_INPUT", message);
}
