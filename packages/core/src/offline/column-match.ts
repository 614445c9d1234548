import { type Agg, aggregateWords, stopwords, unitWords } from "./lexicon.js";
import { nameTerms, type Term } from "./question-terms.js";
import type { ColumnInfo, TableSchema } from "./table-schema.js";

/** Where a question names a column: its terms `[start, end)` and the columns it may mean, best first. */
export interface ColumnMention {
  start: number;
  end: number;
  columns: ColumnInfo[];
  /** Every meaningful word of the column's name was found. */
  full: boolean;
  /** An aggregate word the match used up (`maximum temperature` for `temp_max`): it may still apply. */
  aggregate: Agg | undefined;
}

/** Where a question names a table ("flights", "cars"). */
export interface TableMention {
  start: number;
  end: number;
  table: string;
}

/** Words too vague to identify a column on their own (`total` in `Cost Total $`). */
const generic = new Set([
  "number",
  "average",
  "maximum",
  "minimum",
  "total",
  "amount",
  "id",
  "name",
  "value",
]);

/** The meaningful words of a name as synonym keys: stopwords and units drop out unless nothing else is left. */
export function nameConcepts(name: string): string[] {
  const terms = nameTerms(name);
  const kept = terms.filter(
    (t) => !stopwords.has(t.word) && !unitWords.has(t.word) && t.number === undefined,
  );
  const chosen = kept.length > 0 ? kept : terms;
  return [...new Set(chosen.map((t) => t.concept))];
}

/** The concepts a question term can stand for: its own, and any the host app mapped it to. */
export type TermConcepts = (term: Term) => string[];

interface Candidate {
  column: ColumnInfo;
  start: number;
  end: number;
  matched: number;
  size: number;
  aggregate: Agg | undefined;
  /** The column's concepts the window found. */
  concepts: string[];
  /** How many of the column's concepts the whole question names: breaks ties between partial matches. */
  support: number;
}

/** The best place a column is named in the question, if any: the window matching most of its words. */
function bestWindow(
  column: ColumnInfo,
  concepts: string[],
  terms: readonly Term[],
  claimed: readonly boolean[],
  conceptsOf: TermConcepts,
): Candidate | undefined {
  let best: Candidate | undefined;
  const reach = concepts.length + 1;
  const support = concepts.filter((c) =>
    terms.some((t, i) => !claimed[i] && !stopwords.has(t.word) && conceptsOf(t).includes(c)),
  ).length;
  for (let i = 0; i < terms.length; i++) {
    if (claimed[i]) continue;
    const found = new Map<string, number>();
    let end = i;
    for (let j = i; j < terms.length && j <= end + 1 && j < i + reach + 1; j++) {
      if (claimed[j]) break;
      const term = terms[j] as Term;
      // A stopword names a column only when it is the whole name (a column called `type`).
      const usable = !stopwords.has(term.word) || concepts.length === 1;
      const termConcepts = usable ? conceptsOf(term) : [];
      const hit = concepts.find((c) => !found.has(c) && termConcepts.includes(c));
      if (hit !== undefined) {
        found.set(hit, j);
        end = j;
      } else if (j === i) {
        break;
      }
    }
    if (found.size === 0) continue;
    const meaningful = [...found.keys()].some((c) => !generic.has(c));
    if (found.size < concepts.length && !meaningful) continue;
    const used = [...found.values()].map((j) => aggregateWords[terms[j]?.word ?? ""]).find(Boolean);
    const candidate: Candidate = {
      column,
      start: i,
      end: end + 1,
      matched: found.size,
      size: concepts.length,
      aggregate: used,
      concepts: [...found.keys()],
      support,
    };
    if (!best || candidate.matched > best.matched) best = candidate;
  }
  return best;
}

function rank(c: Candidate): number[] {
  const full = c.matched === c.size ? 1 : 0;
  // "sold the most units": `qty_sold` (units ↔ quantity, and "sold") over `Unit Price`.
  return [full, c.matched, c.matched / c.size, c.support, -(c.end - c.start)];
}

function compareRanks(a: number[], b: number[]): number {
  for (let i = 0; i < a.length; i++) if ((a[i] ?? 0) !== (b[i] ?? 0)) return (b[i] ?? 0) - (a[i] ?? 0);
  return 0;
}

/**
 * Finds the columns a question names, through the words of their names (split on case, underscores, spaces
 * and symbols; units dropped; synonyms folded), so `fuel economy` finds `Miles_per_Gallon` and `body mass`
 * finds `Body Mass (g)`. Full matches win over partial ones; each question term goes to one mention; columns
 * matched equally well by the same words share a mention (`temperature` → `temp_max`, `temp_min`).
 * Marks the terms it uses in `claimed`.
 */
export function findColumnMentions(
  terms: readonly Term[],
  tables: readonly TableSchema[],
  claimed: boolean[],
  conceptsOf: TermConcepts,
): ColumnMention[] {
  const candidates: Candidate[] = [];
  for (const table of tables) {
    const tableWords = nameConcepts(table.name);
    for (const column of table.columns) {
      const concepts = nameConcepts(column.name);
      const quoted = terms.findIndex(
        (t, i) => !claimed[i] && t.quoted && t.raw.toLowerCase() === column.name.toLowerCase(),
      );
      if (quoted >= 0) {
        candidates.push({
          column,
          start: quoted,
          end: quoted + 1,
          matched: 99,
          size: 99,
          aggregate: undefined,
          concepts,
          support: 99,
        });
        continue;
      }
      const window = bestWindow(column, concepts, terms, claimed, conceptsOf);
      // "orders" names the table `orders`, not its column `Order Date`.
      const ownTableWord =
        window &&
        window.matched < window.size &&
        concepts.filter((c) => tableWords.includes(c)).length >= window.matched;
      // With a `customers` table in the session, "customer" names it, not the key `Customer Id` of `orders`.
      const otherTableWord =
        window &&
        window.matched < window.size &&
        tables.some((t) => t !== table && window.concepts.every((c) => nameConcepts(t.name).includes(c)));
      if (window && !ownTableWord && !otherTableWord) candidates.push(window);
    }
  }
  candidates.sort((a, b) => compareRanks(rank(a), rank(b)));
  const mentions: ColumnMention[] = [];
  for (const c of candidates) {
    const same = mentions.find(
      (m) =>
        m.start === c.start &&
        m.end === c.end &&
        compareRanks(rank(c), rank(candidates.find((x) => x.column === m.columns[0]) as Candidate)) === 0,
    );
    if (same) {
      same.columns.push(c.column);
      continue;
    }
    let free = true;
    for (let i = c.start; i < c.end; i++) if (claimed[i]) free = false;
    if (!free) continue;
    for (let i = c.start; i < c.end; i++) claimed[i] = true;
    mentions.push({
      start: c.start,
      end: c.end,
      columns: [c.column],
      full: c.matched === c.size,
      aggregate: c.aggregate,
    });
  }
  return mentions.sort((a, b) => a.start - b.start);
}

/** Finds the tables a question names by their name's words ("flights" → `flights`). Marks the terms used. */
export function findTableMentions(
  terms: readonly Term[],
  tables: readonly TableSchema[],
  claimed: boolean[],
): TableMention[] {
  const mentions: TableMention[] = [];
  for (const [i, term] of terms.entries()) {
    if (claimed[i] || stopwords.has(term.word)) continue;
    const table = tables.find((t) => nameConcepts(t.name).some((c) => c === term.concept || c === term.stem));
    if (table) {
      claimed[i] = true;
      mentions.push({ start: i, end: i + 1, table: table.name });
    }
  }
  return mentions;
}

/** Columns whose names carry one of the concepts ("heaviest" → weight → `Weight_in_lbs`). */
export function columnsWithConcepts(
  tables: readonly TableSchema[],
  concepts: readonly string[],
): ColumnInfo[] {
  const found: ColumnInfo[] = [];
  for (const concept of concepts) {
    for (const table of tables) {
      for (const column of table.columns) {
        if (nameConcepts(column.name).includes(concept) && !found.includes(column)) found.push(column);
      }
    }
  }
  return found;
}
