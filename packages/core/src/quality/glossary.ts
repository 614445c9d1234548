import { z } from "zod";
import { QuarryError } from "../errors/quarry-error.js";
import { type GlossaryEntry, GlossaryEntrySchema } from "../model/dataset.js";
import { parseInput } from "./parse-input.js";

/**
 * A dataset's glossary as a user sends it (GET/PUT /datasets/:id/glossary): business terms with their
 * meaning and, for metrics, the SQL expression that computes them. The expressions are later written into
 * the model's prompt and into the offline planner's queries, so each must be one expression the guard
 * accepts and the engine can bind over the dataset's table: it is run as `SELECT <expression> FROM <table>
 * LIMIT 0`, through the guard, reading no rows.
 */

/** At most this many terms per dataset (the store's limit). */
export const maxGlossaryEntries = 1_000;

const GlossaryListSchema = z.array(GlossaryEntrySchema).max(maxGlossaryEntries);

/** Both dialects quote identifiers alike. */
function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/**
 * Checks a glossary: its shape, one entry per term (case-insensitively), and each SQL expression through
 * `run` (give it the engine's guarded `query`) over the table. Returns the entries trimmed.
 *
 * @throws QuarryError `INVALID_INPUT` saying which term is wrong and why (`details.term`).
 * @example
 * ```ts
 * const glossary = await checkGlossary(body, { table: dataset.tableName, run: (sql) => engine.query(sql) });
 * await store.datasets.setGlossary(principal, dataset.id, glossary);
 * ```
 */
export async function checkGlossary(
  input: unknown,
  options: { table: string; run: (sql: string) => Promise<unknown> },
): Promise<GlossaryEntry[]> {
  const list = parseInput(GlossaryListSchema, input, "glossary");
  const seen = new Set<string>();
  const entries: GlossaryEntry[] = [];
  for (const raw of list) {
    const term = raw.term.trim();
    const sql = raw.sql?.trim();
    const fail = (reason: string) =>
      new QuarryError("INVALID_INPUT", `Glossary term ${JSON.stringify(term)}: ${reason}`, {
        details: { term },
      });
    if (term === "") throw fail("the term is empty.");
    if (seen.has(term.toLowerCase())) throw fail("the term appears twice.");
    seen.add(term.toLowerCase());
    if (sql) {
      // A comment or a second statement would swallow or extend the query the expression is written into.
      if (/;|--|\/\*/.test(sql)) throw fail("the SQL must be one expression, without `;` or comments.");
      try {
        await options.run(`SELECT ${sql} FROM ${quoteIdentifier(options.table)} LIMIT 0`);
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        throw fail(`the SQL is not an expression the dataset can use (${reason.slice(0, 300)}).`);
      }
    }
    entries.push({ term, meaning: raw.meaning.trim(), ...(sql ? { sql } : {}) });
  }
  return entries;
}
