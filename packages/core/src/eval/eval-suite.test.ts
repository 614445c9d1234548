import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { QuarryError } from "../errors/quarry-error.js";
import { loadEvalSuite, parseEvalSuite } from "./eval-suite.js";

const devSuite = fileURLToPath(new URL("../../../../../shared/eval/dev.json", import.meta.url));

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "quarry-eval-suite-"));
  await writeFile(join(dir, "t.csv"), "a,b\n1,2\n");
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const validCase = { id: "c1", tables: ["t"], question: "How many rows?", sql: "SELECT count(*) FROM t" };

/** Writes a suite file and loads it, resolving to the error it throws. */
async function loadError(content: unknown, name = "suite.json"): Promise<QuarryError> {
  const path = join(dir, name);
  await writeFile(path, typeof content === "string" ? content : JSON.stringify(content));
  try {
    await loadEvalSuite(path);
  } catch (error) {
    if (QuarryError.is(error)) return error;
    throw error;
  }
  throw new Error("expected loadEvalSuite to fail");
}

describe("loadEvalSuite", () => {
  it("loads the dev suite, with dataset paths resolved next to it", async () => {
    const suite = await loadEvalSuite(devSuite);
    expect(suite.name).toBe("dev");
    expect(suite.cases.length).toBeGreaterThan(30);
    expect(suite.datasets.weather).toBe(
      fileURLToPath(new URL("../../../../../shared/eval/data/seattle-weather.csv", import.meta.url)),
    );
    expect(suite.cases[0]).toEqual({
      id: "weather-01",
      tables: ["weather"],
      question: "How many days are in the dataset?",
      sql: "SELECT count(*) FROM weather",
    });
  });

  it("refuses a missing file and a file that is not JSON with INVALID_FILE", async () => {
    await expect(loadEvalSuite(join(dir, "nope.json"))).rejects.toMatchObject({
      code: "INVALID_FILE",
      message: expect.stringMatching(/cannot be read/),
    });
    const error = await loadError("{ not json");
    expect(error.code).toBe("INVALID_FILE");
    expect(error.message).toMatch(/is not valid JSON/);
  });

  it("refuses a suite of the wrong shape with INVALID_INPUT, saying where", async () => {
    const error = await loadError({ datasets: { t: "t.csv" }, cases: [{ ...validCase, sql: 42 }] });
    expect(error.code).toBe("INVALID_INPUT");
    expect(error.message).toMatch(/at cases\.0\.sql/);
    expect((await loadError({ datasets: { t: "t.csv" }, cases: [] })).message).toMatch(/at cases/);
  });

  it("refuses an unknown table, a duplicate id and a dataset key that is no table name", async () => {
    const unknown = await loadError({
      datasets: { t: "t.csv" },
      cases: [{ ...validCase, tables: ["t", "u"] }],
    });
    expect(unknown.code).toBe("INVALID_INPUT");
    expect(unknown.message).toBe('The case "c1" uses the table "u", which is not among the datasets.');
    const duplicate = await loadError({ datasets: { t: "t.csv" }, cases: [validCase, { ...validCase }] });
    expect(duplicate.message).toBe('The case id "c1" is used twice.');
    const badKey = await loadError({ datasets: { "My Table": "t.csv" }, cases: [validCase] });
    expect(badKey.message).toMatch(/"My Table" is not a table name .*"my_table"/);
  });

  it("refuses a missing data file with INVALID_FILE", async () => {
    const error = await loadError({ datasets: { t: "t.csv", u: "data/u.csv" }, cases: [validCase] });
    expect(error.code).toBe("INVALID_FILE");
    expect(error.message).toBe(`The data file of the table "u" is missing: ${join(dir, "data", "u.csv")}`);
  });

  it("parses a suite in memory against a base folder", () => {
    const suite = parseEvalSuite({ datasets: { t: "t.csv" }, cases: [validCase], extra: true }, dir);
    expect(suite).toEqual({ datasets: { t: join(dir, "t.csv") }, cases: [validCase] });
  });
});
