import { buildQuery } from "./build-query.js";
import { nameConcepts, type TermConcepts } from "./column-match.js";
import { pairProbe } from "./join-keys.js";
import { directionConcepts } from "./name-lists.js";
import { readIntent } from "./plan-intent.js";
import { isCue, type Reading, readQuestion } from "./question-reading.js";
import { readFilters } from "./read-filters.js";
import type { ColumnInfo, TableSchema } from "./table-schema.js";
import type { Dialect } from "./text-dates.js";
import { baseForms, phraseAliases, probedValues, valueProbeSql } from "./value-match.js";

/** What a probe returned: its rows, or nothing visible (privacy), or its error. */
export type ProbeOutcome = { rows: unknown[][]; hidden: boolean } | { error: string };

/** Everything a plan is made from. */
export interface PlanContext {
  question: string;
  tables: readonly TableSchema[];
  dialect: Dialect;
  conceptsOf: TermConcepts;
  /** The probes already run this turn, by their SQL. */
  probes: ReadonlyMap<string, ProbeOutcome>;
}

/** How the answer's sentence reads the result. */
export interface AnswerShape {
  kind: "value" | "groups" | "rank-groups" | "rank-rows" | "rows";
  /** e.g. "average `temp_max`", "number of rows". */
  measure: string;
  /** e.g. "`Island`". */
  subject: string | undefined;
  filters: string[];
  dir: "asc" | "desc" | undefined;
  /** Result positions (0-based) of the label and the measure. */
  labelAt: number;
  measureAt: number;
}

/** The next step: probe the data, run the final query, or say the question is beyond the planner. */
export type Plan =
  | { type: "probe"; sql: string[] }
  | { type: "query"; sql: string; answer: AnswerShape }
  | { type: "unsure"; reason: string };

/** Words the profile may not show as values, with the forms and aliases the engine should look for. */
function probeWords(reading: Reading): string[] {
  const words = new Set<string>();
  const { terms, unknown } = reading;
  for (const [k, i] of unknown.entries()) {
    const w = terms[i]?.raw.toLowerCase() ?? "";
    for (const form of [...baseForms(w), ...phraseAliases(w)]) words.add(form);
    // Two unknown words in a row may be one value ("new york").
    const next = unknown[k + 1];
    if (next === i + 1)
      for (const form of phraseAliases(`${w} ${terms[next]?.raw.toLowerCase()}`)) words.add(form);
  }
  return [...words].slice(0, 60);
}

/**
 * Values the profile found in one column while a preposition points to another (`from SFO`, found only among
 * destinations): the engine is asked whether the pointed-to column holds them too.
 */
function directedWords(reading: Reading, incomplete: readonly ColumnInfo[]): string[] {
  const words: string[] = [];
  for (const ref of reading.refs) {
    if (ref.kind !== "value") continue;
    const wanted = directionConcepts[reading.terms[ref.start - 1]?.word ?? ""];
    if (!wanted) continue;
    const wants = (c: ColumnInfo) => nameConcepts(c.name).some((w) => wanted.includes(w));
    if (ref.mention.options.some((o) => wants(o.column)) || !incomplete.some(wants)) continue;
    words.push(
      reading.terms
        .slice(ref.start, ref.end)
        .map((t) => t.raw.toLowerCase())
        .join(" "),
    );
  }
  return words;
}

function touchedTables(reading: Reading, tables: readonly TableSchema[]): TableSchema[] {
  const names = new Set<string>();
  for (const r of reading.refs) {
    if (r.kind === "table") names.add(r.table);
    if (r.kind === "column") names.add(r.mention.columns[0]?.table ?? "");
    if (r.kind === "value") names.add(r.mention.options[0]?.column.table ?? "");
  }
  return tables.filter((t) => names.has(t.name));
}

/**
 * Plans the next step of a turn from the question and what the tools returned so far: a probe when values
 * or joins must be checked first, the final query once everything is known, or the reason it cannot answer.
 * Deterministic: called again with the probes' results, it reaches the same final query.
 */
export function planQuery(ctx: PlanContext): Plan {
  const { tables, probes } = ctx;
  if (tables.length === 0) return { type: "unsure", reason: "The session has no tables to query." };
  let reading = readQuestion(ctx.question, tables, ctx.conceptsOf);
  const pending: string[] = [];
  // With the privacy setting hiding values, a probe's rows would be hidden too: asking is pointless. A table
  // without any profile (a database table) may still be probed.
  const probeable = (t: TableSchema) =>
    t.valuesVisible || t.columns.every((c) => c.distinctCount === undefined);
  const incomplete = tables.flatMap((t) =>
    probeable(t) ? t.columns.filter((c) => c.kind === "string" && !c.dateFormat && !c.complete) : [],
  );
  // A question missing its measure stays unanswerable whatever values a probe finds: say so before probing,
  // since the pipeline shows the last query's result with the answer.
  const early = readIntent(reading, readFilters(reading, tables), tables).problem;
  if (early) return { type: "unsure", reason: early };
  const directed = directedWords(reading, incomplete);
  const valueSql =
    reading.unknown.length > 0 || directed.length > 0
      ? valueProbeSql(incomplete, [...probeWords(reading), ...directed])
      : undefined;
  if (valueSql) {
    const outcome = probes.get(valueSql);
    if (!outcome) pending.push(valueSql);
    else if ("rows" in outcome)
      reading = readQuestion(ctx.question, tables, ctx.conceptsOf, probedValues(tables, outcome.rows));
  }
  const touched = touchedTables(reading, tables);
  if (pending.length > 0) {
    // Ask about joins in the same step when the question already spans two tables.
    if (touched.length >= 2) {
      const sql = pairProbe(tables, touched[0] as TableSchema, touched[1] as TableSchema).sql;
      if (sql && !probes.has(sql)) pending.push(sql);
    }
    return { type: "probe", sql: pending };
  }

  const capitalised = reading.unknown.filter((i) => reading.terms[i]?.capital || reading.terms[i]?.quoted);
  if (capitalised.length > 0) {
    const names = capitalised.map((i) => `"${reading.terms[i]?.raw}"`).join(", ");
    return { type: "unsure", reason: `I could not find ${names} in the data.` };
  }
  // An unknown word right before what is counted or ranked ("rainy days", "domestic flights") narrows it:
  // ignoring it would answer a different question.
  const modifier = reading.unknown.find((i) =>
    reading.refs.some(
      (r) => r.start === i + 1 && (r.kind === "table" || r.kind === "rows" || r.kind === "time"),
    ),
  );
  if (modifier !== undefined) {
    return {
      type: "unsure",
      reason: `I could not tell what "${reading.terms[modifier]?.raw}" means for this data.`,
    };
  }
  const filters = readFilters(reading, touched.length > 0 ? touched : tables);
  const intent = readIntent(reading, filters, tables);
  if (intent.problem) return { type: "unsure", reason: intent.problem };
  const stray = reading.terms.findIndex(
    (t, i) => t.number !== undefined && !filters.usedTerms.has(i) && !intent.usedTerms.has(i),
  );
  if (stray >= 0) {
    return { type: "unsure", reason: `I could not tell what ${reading.terms[stray]?.raw} refers to.` };
  }
  if (!intent.measure && intent.groups.length === 0 && !intent.rank) {
    if (filters.conditions.length === 0 && filters.time.length === 0) {
      const meaningful = reading.terms.some((t) => !isCue(t));
      return {
        type: "unsure",
        reason: meaningful
          ? "I could not tell what to calculate from the question."
          : "The question does not name anything in the data.",
      };
    }
  }
  return buildQuery(ctx, reading, filters, intent);
}
