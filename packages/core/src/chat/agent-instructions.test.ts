import { describe, expect, it } from "vitest";
import type { TableInfo } from "../engine/sql-engine.js";
import { agentInstructions, schemaOverview } from "./agent-instructions.js";

const table = (name: string, columns: number): TableInfo => ({
  name,
  rowCount: 10,
  columns: Array.from({ length: columns }, (_, i) => ({
    name: `col ${i}`,
    type: "INTEGER",
    kind: "integer",
  })),
});

describe("agentInstructions", () => {
  it("names the dialect, the date, the tables and the privacy rule", () => {
    const text = agentInstructions({
      dialect: "postgres",
      tables: [table("Orders", 2)],
      modelRows: 0,
      extra: "Amounts are in euros.",
      now: new Date("2026-11-21T12:00:00Z"),
    });
    expect(text).toContain("PostgreSQL");
    expect(text).toContain("2026-11-21");
    expect(text).toContain('"Orders" (10 rows): "col 0" INTEGER, "col 1" INTEGER');
    expect(text).toContain("cannot see row values");
    expect(text.endsWith("Amounts are in euros.")).toBe(true);
  });

  it("keeps a wide schema within budget and points at describe_table", () => {
    const overview = schemaOverview([
      table("wide", 500),
      ...Array.from({ length: 200 }, (_, i) => table(`t${i}`, 30)),
    ]);
    expect(overview.length).toBeLessThan(7_000);
    expect(overview).toContain("460 more columns");
    expect(overview).toMatch(/more tables \(list_tables/);
  });

  it("lists the documents and says how to search, cite and fall back", () => {
    const base = {
      dialect: "duckdb" as const,
      tables: [],
      modelRows: 20,
      now: new Date("2026-01-01T00:00:00Z"),
    };
    expect(agentInstructions(base)).not.toContain("search_documents");
    const text = agentInstructions({
      ...base,
      documents: {
        files: [
          { fileName: "policy.pdf", pageCount: 12 },
          { fileName: "notes.md", pageCount: null },
        ],
        fallback: "Sorry, not in the documents.",
      },
    });
    expect(text).toContain('Documents:\n- "policy.pdf" (12 pages)\n- "notes.md"');
    expect(text).toContain("run_sql result or a search_documents passage");
    expect(text).toContain("[file name, p. N]");
    expect(text).toContain('begin your answer with exactly this sentence: "Sorry, not in the documents."');
  });
});
