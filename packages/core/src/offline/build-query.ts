import { confirmedJoins, type JoinKey, pairProbe } from "./join-keys.js";
import type { Agg } from "./lexicon.js";
import type { GroupKey, Intent } from "./plan-intent.js";
import type { AnswerShape, Plan, PlanContext } from "./plan-query.js";
import type { Reading } from "./question-reading.js";
import type { Filters, TimeFilter } from "./read-filters.js";
import type { ResolvedKey } from "./read-groups.js";
import { type Condition, type Expr, type QuerySpec, type SelectItem, writeSql } from "./sql-writer.js";
import {
  type ColumnInfo,
  isTemporal,
  isUnique,
  labelColumn,
  storedColumns,
  type TableSchema,
  temporalColumns,
} from "./table-schema.js";
import { unitForSpan } from "./time-span.js";

function slug(name: string): string {
  return (
    name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "_")
      .replace(/^_|_$/g, "") || "value"
  );
}

const aggNames: Record<Agg, string> = {
  count: "count",
  sum: "total",
  avg: "average",
  median: "median",
  min: "min",
  max: "max",
  stddev: "stddev",
};

/** Assembles the query: its table and joins, columns, conditions, grouping and order. */
export function buildQuery(ctx: PlanContext, reading: Reading, filters: Filters, intent: Intent): Plan {
  const { tables } = ctx;
  const tableOf = (name: string | undefined) => tables.find((t) => t.name === name);
  const measure = intent.measure;
  const subject = intent.rank?.subject;
  const firstRefTable = reading.refs.find((r) => r.kind === "table" || r.kind === "column");
  const base =
    tableOf(measure?.column?.table) ??
    tableOf(measure?.table) ??
    tableOf(subject?.type === "entity" ? subject.table : subject?.column?.table) ??
    tableOf(intent.groups.map((g) => (g.type === "entity" ? g.table : g.column?.table)).find(Boolean)) ??
    tableOf(filters.conditions[0]?.column.table) ??
    tableOf(
      firstRefTable?.kind === "table"
        ? firstRefTable.table
        : firstRefTable?.kind === "column"
          ? firstRefTable.mention.columns[0]?.table
          : undefined,
    ) ??
    (tables.length === 1 ? tables[0] : undefined);
  if (!base) return { type: "unsure", reason: "I could not tell which table the question is about." };

  const dateColumn = (explicit: ColumnInfo | undefined): ColumnInfo | undefined =>
    explicit ?? temporalColumns(base)[0] ?? tables.flatMap((t) => temporalColumns(t))[0];
  const resolveKey = (key: GroupKey): ResolvedKey | string => {
    if (key.type === "time") {
      const column = dateColumn(key.column);
      if (!column) return "I could not find a date column to group by.";
      return { type: "time", column, unit: key.unit === "span" ? unitForSpan(column) : key.unit };
    }
    return key;
  };

  const where: { condition: Condition; text: string }[] = filters.conditions.map(({ condition, text }) => ({
    condition,
    text,
  }));
  for (const f of filters.time) {
    const column = dateColumn(f.column);
    if (!column) return { type: "unsure", reason: "The question names a date, but I found no date column." };
    where.push(timeCondition(f, column));
  }

  const select: SelectItem[] = [];
  const aliases = new Set<string>();
  const add = (expr: Expr, alias: string): number => {
    let name = alias;
    for (let n = 2; aliases.has(name.toLowerCase()); n++) name = `${alias}_${n}`;
    aliases.add(name.toLowerCase());
    select.push({ expr, alias: name });
    return select.length;
  };
  const keyExpr = (key: ResolvedKey): { expr: Expr; alias: string } => {
    if (key.type === "time")
      return {
        expr: { type: "time", unit: key.unit, column: key.column },
        alias: key.unit === "monthofyear" ? "month" : key.unit,
      };
    const column =
      key.type === "column" ? key.column : (labelColumn(tableOf(key.table) as TableSchema) as ColumnInfo);
    return { expr: { type: "column", column }, alias: column.name };
  };
  const measureExpr = (m: NonNullable<Intent["measure"]>): { expr: Expr; alias: string; label: string } => {
    const expr: Expr = {
      type: "agg",
      fn: m.agg,
      ...(m.column ? { column: m.column } : {}),
      ...(m.distinct ? { distinct: true } : {}),
    };
    if (!m.column) return { expr, alias: "count", label: `number of ${m.table ?? base.name} rows` };
    const name = m.distinct ? `distinct_${slug(m.column.name)}` : `${aggNames[m.agg]}_${slug(m.column.name)}`;
    const words = m.agg === "count" ? "number of distinct" : aggNames[m.agg];
    return { expr, alias: name, label: `${words} \`${m.column.name}\`` };
  };

  const spec: QuerySpec = {
    table: base.name,
    joins: [],
    select,
    where: where.map((w) => w.condition),
    groupBy: [],
    orderBy: [],
  };
  const shape: AnswerShape = {
    kind: "value",
    measure: "",
    subject: undefined,
    filters: where.map((w) => w.text),
    dir: undefined,
    labelAt: 0,
    measureAt: 0,
  };

  const rank = intent.rank;
  const subjectKey = rank ? resolveKey(rank.subject) : undefined;
  if (typeof subjectKey === "string") return { type: "unsure", reason: subjectKey };
  const rowsRank = rank && subjectKey && rankRows(subjectKey, intent, tables);
  if (rank && subjectKey && rowsRank) {
    // Rank the rows themselves: "the 3 heaviest cars", "which 5 days had the most precipitation".
    const m = measure?.column;
    if (!m) return { type: "unsure", reason: "I could not tell what to rank by." };
    const table = tableOf(m.table) as TableSchema;
    const first = subjectKey.type === "entity" ? labelColumn(table) : subjectKey.column;
    const stored = storedColumns(table);
    const columns = [first, m, ...(stored.length <= 12 ? stored : [])].filter(
      (c, i, all): c is ColumnInfo => c !== undefined && all.indexOf(c) === i,
    );
    for (const c of columns) add({ type: "column", column: c }, c.name);
    spec.orderBy.push({ position: columns.indexOf(m) + 1, dir: rank.dir });
    spec.limit = rank.limit;
    Object.assign(shape, {
      kind: "rank-rows",
      measure: `\`${m.name}\``,
      subject: first ? `\`${first.name}\`` : undefined,
      dir: rank.dir,
      labelAt: 0,
      measureAt: columns.indexOf(m),
    });
  } else if (rank && subjectKey) {
    const key = keyExpr(subjectKey);
    add(key.expr, key.alias);
    const m = measureExpr(measure ?? { agg: "count", column: undefined, distinct: false, table: undefined });
    const at = add(m.expr, m.alias);
    spec.groupBy.push(1);
    spec.orderBy.push({ position: at, dir: rank.dir });
    spec.limit = rank.limit;
    Object.assign(shape, {
      kind: "rank-groups",
      measure: m.label,
      subject: `\`${select[0]?.alias}\``,
      dir: rank.dir,
      labelAt: 0,
      measureAt: at - 1,
    });
  } else if (intent.groups.length > 0) {
    for (const g of intent.groups) {
      const key = resolveKey(g);
      if (typeof key === "string") return { type: "unsure", reason: key };
      const k = keyExpr(key);
      spec.groupBy.push(add(k.expr, k.alias));
    }
    const m = measureExpr(measure ?? { agg: "count", column: undefined, distinct: false, table: undefined });
    const at = add(m.expr, m.alias);
    spec.orderBy = spec.groupBy.map((position) => ({ position, dir: "asc" as const }));
    Object.assign(shape, {
      kind: "groups",
      measure: m.label,
      subject: select
        .slice(0, -1)
        .map((s) => `\`${s.alias}\``)
        .join(" and "),
      labelAt: 0,
      measureAt: at - 1,
    });
  } else if (measure) {
    const m = measureExpr(measure);
    add(m.expr, m.alias);
    Object.assign(shape, { kind: "value", measure: m.label });
  } else {
    // Filters only: the matching rows.
    for (const c of storedColumns(base)) add({ type: "column", column: c }, c.name);
    spec.limit = 1000;
    Object.assign(shape, { kind: "rows", measure: "rows" });
  }

  const joined = new Set<string>();
  for (const item of [...select.map((s) => s.expr), ...spec.where.map(conditionExpr)]) {
    const column = item && "column" in item ? item.column : undefined;
    if (column && column.table !== base.name) joined.add(column.table);
  }
  for (const name of joined) {
    const dim = tableOf(name) as TableSchema;
    let key = joinFor(ctx, reading, base, dim);
    // "the list price of products ordered online": the measure's table is the one side; the query reads the
    // many side (the orders) and joins the measure's table to it.
    const reverse = typeof key === "string" && key !== "probe" && joined.size === 1;
    if (reverse) key = joinFor(ctx, reading, dim, base);
    if (typeof key === "string")
      return key === "probe"
        ? { type: "probe", sql: [pairProbe(tables, base, dim).sql as string] }
        : { type: "unsure", reason: key };
    if (reverse) spec.table = dim.name;
    spec.joins.push(key);
  }
  return { type: "query", sql: writeSql(spec, ctx.dialect), answer: shape };
}

function conditionExpr(c: Condition): Expr | undefined {
  return c.type === "raw" ? undefined : c.expr;
}

/** Rows are ranked when the subject names single rows: a table, or a column with a value per row. */
function rankRows(subject: GroupKey, intent: Intent, tables: readonly TableSchema[]): boolean {
  // "Which customer has the most orders" ranks customers by rows of another table: a ranking of groups.
  if (subject.type === "entity") {
    const other = intent.measure?.column?.table ?? intent.measure?.table;
    return !intent.explicitAgg && (other === undefined || other === subject.table);
  }
  const column = subject.column;
  if (!column) return false;
  const rows = tables.find((t) => t.name === column.table)?.rowCount ?? 0;
  if (subject.type === "time" && (subject.unit !== "day" || !isTemporal(column))) return false;
  return isUnique(column, rows) && !intent.explicitAgg;
}

/** The key joining `base` to `dim`: from a probe's result, "probe" when it must run first, or why none fits. */
function joinFor(ctx: PlanContext, reading: Reading, base: TableSchema, dim: TableSchema): JoinKey | string {
  const { keys, sql } = pairProbe(ctx.tables, base, dim);
  const forward = keys.filter((k) => k.left.table === base.name && k.right.table === dim.name);
  if (!sql || forward.length === 0)
    return `I could not find how \`${base.name}\` relates to \`${dim.name}\`.`;
  const outcome = ctx.probes.get(sql);
  if (!outcome) return "probe";
  const confirmed =
    "rows" in outcome ? (outcome.hidden ? forward : confirmedJoins(forward, outcome.rows)) : [];
  if (confirmed.length === 0) return `I could not find how \`${base.name}\` relates to \`${dim.name}\`.`;
  // A key column the question names ("departing" → origin) decides between several.
  const named = confirmed.find((k) =>
    reading.refs.some((r) => r.kind === "column" && r.mention.columns.includes(k.left)),
  );
  return named ?? (confirmed[0] as JoinKey);
}

function timeCondition(f: TimeFilter, column: ColumnInfo): { condition: Condition; text: string } {
  const part = f.part === "date" ? "day" : f.part;
  const expr: Expr = { type: "time", unit: part, column };
  const what =
    f.part === "year"
      ? `the year of \`${column.name}\``
      : f.part === "monthofyear"
        ? `the month of \`${column.name}\``
        : `\`${column.name}\``;
  if (f.op === "between") {
    return {
      condition: { type: "between", expr, low: f.value, high: f.high ?? f.value },
      text: `${what} is from ${f.value} to ${f.high}`,
    };
  }
  return {
    condition: { type: "compare", expr, op: f.op, value: f.value },
    text: `${what} ${f.op === "=" ? "is" : f.op} ${f.value}`,
  };
}
