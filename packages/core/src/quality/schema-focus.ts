import MiniSearch from "minisearch";
import type { TableInfo } from "../engine/sql-engine.js";
import type { ColumnProfile, Dataset } from "../model/dataset.js";
import { stopwords } from "../offline/lexicon.js";
import { conceptOfWord, identifierWords } from "../offline/question-terms.js";
import type { SchemaFocusOptions } from "./quality-options.js";

/**
 * Schema focus: with wide tables (≥ 40 columns by default) or many tables (≥ 8), the prompt describes in
 * full only the columns and tables relevant to the question and names the rest, so the model reads the
 * columns that matter instead of a truncated list. Relevance is BM25 (MiniSearch) over each column's name
 * words, its table's name, its profile's values and description, and the glossary entries whose SQL uses it;
 * names are split like the offline planner splits them (camelCase, snake_case, units) and folded through its
 * synonym lexicon, so "revenue" finds `sales_amount`. Columns a glossary term of the question uses, join
 * keys between the focused tables, and date columns for time questions join the focus.
 */

/** The focus for one table. */
export interface FocusedTable {
  name: string;
  rowCount: number;
  /** Described in full: the table matters to the question. */
  focused: boolean;
  /** Columns described in full, in table order. */
  columns: string[];
  /** Every column, for naming the rest. */
  allColumns: string[];
}

/** What {@link focusSchema} chose. */
export interface SchemaFocus {
  /** False when the schema is small enough to describe whole (the thresholds were not reached). */
  applied: boolean;
  tables: FocusedTable[];
}

const timeWords =
  /\b(?:year|years|yearly|month|months|monthly|quarter|quarterly|week|weekly|day|days|daily|date|dates|when|trend|over time|since|before|after|between|latest|earliest|recent)\b|\b(?:19|20)\d{2}\b/i;

function termsOf(text: string): string[] {
  return identifierWords(text).map((word) => word.toLowerCase());
}

function indexTerm(term: string): string | null {
  if (stopwords.has(term) || term.length < 2) return null;
  return conceptOfWord(term);
}

interface ColumnDoc {
  id: number;
  table: string;
  column: string;
  name: string;
  tableName: string;
  values: string;
  glossary: string;
}

/**
 * Picks the tables and columns to describe in full for a question.
 *
 * @example
 * ```ts
 * const focus = focusSchema("revenue by region in 2014", tables, datasets, qualitySettings().schemaFocus);
 * const text = focus.applied ? focusedSchemaText(focus, tables, datasets, true) : schemaOverview(tables);
 * ```
 */
export function focusSchema(
  question: string,
  tables: readonly TableInfo[],
  datasets: readonly Dataset[],
  options: Required<SchemaFocusOptions>,
): SchemaFocus {
  const wide = tables.some((t) => t.columns.length >= options.minColumns);
  const all = (focused: boolean) =>
    tables.map((t) => ({
      name: t.name,
      rowCount: t.rowCount,
      focused,
      columns: focused ? t.columns.map((c) => c.name) : [],
      allColumns: t.columns.map((c) => c.name),
    }));
  if (!wide && tables.length < options.minTables) return { applied: false, tables: all(true) };

  const datasetOf = (table: string) =>
    datasets.find((d) => d.tableName.toLowerCase() === table.toLowerCase());
  const docs: ColumnDoc[] = [];
  for (const table of tables) {
    const dataset = datasetOf(table.name);
    const profiles = new Map(dataset?.columns.map((c) => [c.name, c]) ?? []);
    for (const column of table.columns) {
      const profile = profiles.get(column.name);
      const glossary = (dataset?.glossary ?? []).filter((g) => g.sql && mentions(g.sql, column.name));
      docs.push({
        id: docs.length,
        table: table.name,
        column: column.name,
        name: column.name,
        tableName: table.name,
        values: profile ? profileText(profile) : "",
        glossary: glossary.map((g) => `${g.term} ${g.meaning}`).join(" "),
      });
    }
  }
  const index = new MiniSearch<ColumnDoc>({
    fields: ["name", "tableName", "values", "glossary"],
    storeFields: [],
    tokenize: termsOf,
    processTerm: indexTerm,
    searchOptions: {
      combineWith: "OR",
      boost: { name: 3, glossary: 2, tableName: 1, values: 1 },
      prefix: (term) => term.length >= 5,
    },
  });
  index.addAll(docs);

  const scores = new Map<number, number>();
  for (const hit of index.search(question)) scores.set(hit.id as number, hit.score);
  const lower = question.toLowerCase();
  for (const dataset of datasets) {
    for (const entry of dataset.glossary) {
      if (!entry.sql || !lower.includes(entry.term.toLowerCase())) continue;
      // A glossary term the question uses brings the columns its SQL reads, whatever they are called.
      for (const doc of docs) {
        if (doc.table.toLowerCase() === dataset.tableName.toLowerCase() && mentions(entry.sql, doc.column)) {
          scores.set(doc.id, (scores.get(doc.id) ?? 0) + 10);
        }
      }
    }
  }

  const ranked = [...scores.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0]);
  const tableScore = new Map<string, number>();
  for (const [id, score] of ranked) {
    const table = docs[id]?.table as string;
    tableScore.set(table, (tableScore.get(table) ?? 0) + score);
  }
  const focusedTables = new Set(
    [...tableScore.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, options.maxTables)
      .map(([name]) => name),
  );
  const chosen = new Set<number>();
  for (const [id] of ranked) {
    const doc = docs[id] as ColumnDoc;
    if (chosen.size >= options.maxColumns) break;
    if (focusedTables.has(doc.table)) chosen.add(id);
  }
  for (const doc of docs) {
    if (!focusedTables.has(doc.table)) continue;
    const kind = tables.find((t) => t.name === doc.table)?.columns.find((c) => c.name === doc.column)?.kind;
    const isKey = focusedTables.size > 1 && /(?:^|_|\s)id$|^id(?:_|$)/i.test(doc.column);
    const isTime = (kind === "date" || kind === "timestamp") && timeWords.test(question);
    if (isKey || isTime) chosen.add(doc.id);
  }
  return {
    applied: true,
    tables: tables.map((t) => {
      const columns = docs.filter((d) => d.table === t.name && chosen.has(d.id)).map((d) => d.column);
      return {
        name: t.name,
        rowCount: t.rowCount,
        focused: focusedTables.has(t.name),
        columns,
        allColumns: t.columns.map((c) => c.name),
      };
    }),
  };
}

/** Whether a SQL expression names a column (quoted or bare, case-insensitively). */
function mentions(sql: string, column: string): boolean {
  const escaped = column.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return new RegExp(`(?:^|[^\\w"])"?${escaped}"?(?:$|[^\\w"])`, "i").test(sql);
}

/** The text of a profile that may carry question words: its values and description. */
function profileText(profile: ColumnProfile): string {
  const values = [...(profile.topValues ?? []).map((v) => v.value), ...(profile.sampleValues ?? [])];
  return [...values.filter((v) => typeof v === "string"), profile.description ?? ""].join(" ");
}
