import { stopwords } from "./lexicon.js";
import { usStates, valueAliases } from "./name-lists.js";
import { stem, type Term } from "./question-terms.js";
import type { ColumnInfo, TableSchema } from "./table-schema.js";

/** A value of a text column named in the question ("rainy" → `weather = 'rain'`). */
export interface ValueMention {
  start: number;
  end: number;
  /**
   * The columns holding it and the value as stored, best first; `variants` are every stored spelling of it
   * that differs only in case or spaces (`Cancelled`, `cancelled`), which all mean the one value.
   */
  options: { column: ColumnInfo; value: string; variants: string[] }[];
}

/** Endings that turn a value into the word people use: rain → rainy, Japan → Japanese, Europe → European. */
const suffixes = ["y", "s", "es", "ese", "ian", "an", "n", "ish", "ern", "ic", "i", "ans", "ians"];

const stateCodes = new Map(Object.entries(usStates).map(([name, code]) => [code.toLowerCase(), name]));

/** What a phrase of the question may stand for as a stored value: itself, and its aliases. */
export function phraseAliases(phrase: string): string[] {
  const out = [phrase, ...(valueAliases[phrase] ?? [])];
  const code = usStates[phrase];
  if (code) out.push(code.toLowerCase());
  const state = stateCodes.get(phrase);
  if (state) out.push(state);
  return out;
}

/** Whether a question word is a derived form of a value (`snowy` of `snow`, `european` of `europe`). */
export function derivedForm(word: string, value: string): boolean {
  if (value.length < 3 || word.length <= value.length || /\s/.test(value)) return false;
  if (stem(word) === stem(value)) return true;
  const rests = [word.startsWith(value) ? word.slice(value.length) : undefined];
  // A doubled consonant (fog → foggy) or a dropped final vowel (China → Chinese, Italy → Italian).
  if (word.startsWith(value + value.at(-1))) rests.push(word.slice(value.length + 1));
  if (/[aeoy]$/.test(value) && word.startsWith(value.slice(0, -1))) rests.push(word.slice(value.length - 1));
  return rests.some((rest) => rest !== undefined && suffixes.includes(rest));
}

/** The base forms a derived word may come from, for asking the engine ("japanese" → japan, japana, …). */
export function baseForms(word: string): string[] {
  const forms = new Set<string>([word]);
  for (const suffix of suffixes) {
    if (!word.endsWith(suffix) || word.length - suffix.length < 3) continue;
    const base = word.slice(0, -suffix.length);
    forms.add(base);
    if (/([b-df-hj-np-tv-z])\1$/.test(base)) forms.add(base.slice(0, -1));
    for (const vowel of ["a", "e", "o", "y"]) forms.add(base + vowel);
  }
  return [...forms];
}

/** Whether the question's words `raw` (as written) name `value`. Short codes must be written in capitals. */
function names(rawWords: readonly string[], value: string): boolean {
  const stored = value.trim().toLowerCase();
  if (stored.length === 0 || !/[\p{L}\p{N}]/u.test(stored)) return false;
  const written = rawWords.join(" ");
  const phrase = written.toLowerCase();
  const asCode = written === written.toUpperCase();
  if ((phrase.length > 2 || asCode) && phraseAliases(phrase).includes(stored)) return true;
  // `CA`, `US`: only when written as a code, so the word "in" never means Indiana.
  if (stored.length <= 2) return asCode && written === value.trim();
  if (rawWords.length === 1) return derivedForm(phrase, stored) || stem(phrase) === stem(stored);
  return false;
}

/**
 * Finds values of text columns in the question, longest phrases first, matched case-insensitively, by
 * derived forms and by a few aliases (state names ↔ codes, demonyms). `known` adds values found by probing.
 * Marks the terms it uses in `claimed`.
 */
export function findValueMentions(
  terms: readonly Term[],
  tables: readonly TableSchema[],
  claimed: boolean[],
  known: ReadonlyMap<ColumnInfo, readonly string[]> = new Map(),
): ValueMention[] {
  const columns = tables.flatMap((t) => t.columns.filter((c) => c.kind === "string" && !c.dateFormat));
  const mentions: ValueMention[] = [];
  for (let size = 4; size >= 1; size--) {
    for (let i = 0; i + size <= terms.length; i++) {
      const span = terms.slice(i, i + size);
      if (span.some((t, k) => claimed[i + k] || t.number !== undefined || t.isoDate)) continue;
      if (size === 1 && stopwords.has(span[0]?.word ?? "") && !/^\p{Lu}{2,}$/u.test(span[0]?.raw ?? ""))
        continue;
      const raw = span.map((t) => t.raw);
      const options: ValueMention["options"] = [];
      for (const column of columns) {
        const values = [...column.values, ...(known.get(column) ?? [])];
        const exact = values.find((v) => v.trim().toLowerCase() === raw.join(" ").toLowerCase());
        const value = exact ?? values.find((v) => names(raw, v));
        if (value === undefined) continue;
        const key = value.trim().toLowerCase();
        const variants = [...new Set(values.filter((v) => v.trim().toLowerCase() === key))];
        options.push({ column, value, variants });
      }
      if (options.length === 0) continue;
      for (let k = i; k < i + size; k++) claimed[k] = true;
      mentions.push({ start: i, end: i + size, options });
    }
  }
  return mentions.sort((a, b) => a.start - b.start);
}

function quote(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

function ident(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** Marks that tell a probe's result from the final query's. */
export const valueProbeColumns = ["probe_table", "probe_column", "probe_value"] as const;

/**
 * One statement asking the engine which of the candidate words occur in the text columns the profile does
 * not list in full. Returns undefined when there is nothing to ask.
 */
export function valueProbeSql(columns: readonly ColumnInfo[], words: readonly string[]): string | undefined {
  if (columns.length === 0 || words.length === 0) return undefined;
  const list = [...new Set(words)].map(quote).join(", ");
  const text = (c: ColumnInfo) => `CAST(${ident(c.name)} AS VARCHAR)`;
  const parts = columns.map(
    (c) =>
      `SELECT DISTINCT ${quote(c.table)} AS probe_table, ${quote(c.name)} AS probe_column, ${text(c)} AS probe_value FROM ${ident(c.table)} WHERE lower(trim(${text(c)})) IN (${list})`,
  );
  // Postgres wants the derived table named; DuckDB accepts the name too.
  return `SELECT * FROM (${parts.join(" UNION ALL ")}) AS found LIMIT 200`;
}

/** Values a probe found, per column. */
export function probedValues(
  tables: readonly TableSchema[],
  rows: readonly unknown[][],
): Map<ColumnInfo, string[]> {
  const found = new Map<ColumnInfo, string[]>();
  for (const [table, column, value] of rows) {
    const info = tables.find((t) => t.name === table)?.columns.find((c) => c.name === column);
    if (!info || typeof value !== "string") continue;
    found.set(info, [...(found.get(info) ?? []), value]);
  }
  return found;
}
