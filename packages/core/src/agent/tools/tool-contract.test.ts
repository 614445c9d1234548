import { describe, expect, it } from "vitest";
import {
  dataToolDefinitions,
  dataToolDefinitionsFor,
  dataToolNames,
  SampleRowsInputSchema,
} from "./tool-contract.js";

describe("data tool contract", () => {
  it("defines the four documented tools in order", () => {
    expect(dataToolNames).toEqual(["list_tables", "describe_table", "sample_rows", "run_sql"]);
    expect(dataToolDefinitions.map((t) => t.name)).toEqual(dataToolNames);
  });

  it("derives an object JSON Schema with the required fields for every tool", () => {
    const byName = Object.fromEntries(dataToolDefinitions.map((t) => [t.name, t.inputSchema]));
    for (const schema of Object.values(byName)) {
      expect(schema).toMatchObject({ type: "object", additionalProperties: false });
      expect(schema).not.toHaveProperty("$schema");
    }
    expect(byName.list_tables?.properties).toEqual({});
    expect(byName.describe_table?.required).toEqual(["table"]);
    expect(byName.sample_rows?.required).toEqual(["table"]);
    expect(byName.sample_rows?.properties).toMatchObject({
      limit: { type: "integer", minimum: 1, maximum: 50, default: 5 },
    });
    expect(byName.run_sql?.required).toEqual(["sql"]);
  });

  it("names the dialect in run_sql when it is known", () => {
    const runSql = (dialect: "duckdb" | "postgres") =>
      dataToolDefinitionsFor(dialect).find((t) => t.name === "run_sql")?.description;
    expect(runSql("duckdb")).toContain("DuckDB SQL");
    expect(runSql("postgres")).toContain("PostgreSQL SQL");
    for (const tool of dataToolDefinitions) expect(tool.description.length).toBeGreaterThan(40);
  });

  it("defaults sample_rows' limit to 5", () => {
    expect(SampleRowsInputSchema.parse({ table: "t" })).toEqual({ table: "t", limit: 5 });
  });
});
