import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import {
  createMockLlmServer,
  type MockLlmRequest,
  type MockLlmServer,
  type MockResponse,
} from "@quarry/core/testing";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type CliIO, runCli } from "./run-cli.js";

const data = (file: string) =>
  fileURLToPath(new URL(`../../../../../shared/eval/data/${file}`, import.meta.url));

const cases = [
  {
    id: "weather-01",
    tables: ["weather"],
    question: "How many days are in the dataset?",
    sql: "SELECT count(*) FROM weather",
  },
  {
    id: "weather-05",
    tables: ["weather"],
    question: "Total precipitation by year",
    sql: "SELECT year(date) AS year, sum(precipitation) FROM weather GROUP BY 1 ORDER BY 1",
  },
  {
    id: "stocks-01",
    tables: ["stocks"],
    question: "What is the average price of each stock?",
    sql: "SELECT symbol, avg(price) FROM stocks GROUP BY symbol",
  },
];

let dir: string;
let suitePath: string;
let server: MockLlmServer;
const envNames = ["QUARRY_MODEL", "OPENAI_API_KEY", "OPENAI_BASE_URL", "CI"] as const;
let savedEnv: Partial<Record<(typeof envNames)[number], string>>;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "quarry-eval-cli-"));
  suitePath = join(dir, "cases.json");
  await writeFile(
    suitePath,
    JSON.stringify({ datasets: { weather: data("seattle-weather.csv"), stocks: data("stocks.csv") }, cases }),
  );
  server = await createMockLlmServer();
});
afterAll(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
});
beforeEach(() => {
  savedEnv = {};
  for (const name of envNames) {
    if (process.env[name] !== undefined) savedEnv[name] = process.env[name];
    delete process.env[name];
  }
  process.env.OPENAI_BASE_URL = server.url;
  process.env.OPENAI_API_KEY = server.apiKey;
});
afterEach(() => {
  for (const name of envNames) {
    if (savedEnv[name] === undefined) delete process.env[name];
    else process.env[name] = savedEnv[name];
  }
});

/** The mock model: runs `sqlFor(question)` on the first call of a turn, then answers in a sentence. */
function answering(sqlFor: (id: string, sql: string) => string) {
  return (request: MockLlmRequest): MockResponse => {
    const messages = (request.body as { messages: { role: string; content: unknown }[] }).messages;
    if (messages.at(-1)?.role === "tool") return { text: "Here is the answer." };
    const question = messages.findLast((m) => m.role === "user")?.content;
    const found = cases.find((c) => c.question === question);
    if (!found) return { status: 400, message: `unknown question ${JSON.stringify(question)}` };
    return { toolCalls: [{ name: "run_sql", arguments: { sql: sqlFor(found.id, found.sql) } }] };
  };
}

async function run(argv: string[], io: Partial<CliIO> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { stdout: (t) => out.push(t), stderr: (t) => err.push(t), ...io });
  return { code, out, err: err.join("\n") };
}

describe("quarry eval", () => {
  it("prints a PASS line per case and the accuracy, and writes --json OUT", async () => {
    server.setScript(answering((_, sql) => sql));
    const outFile = join(dir, "report.json");
    const { code, out, err } = await run([
      "eval",
      suitePath,
      "--model",
      "openai:gpt-test",
      "--json",
      outFile,
    ]);
    expect(code, err).toBe(0);
    expect(out).toHaveLength(5);
    expect(out[0]).toMatch(/^PASS weather-01 {2}How many days are in the dataset\? {2}\(\d+ ms\)$/);
    expect(out[1]).toMatch(/^PASS weather-05 {2}Total precipitation by year {2}\(\d+ ms\)$/);
    expect(out[2]).toMatch(/^PASS stocks-01 {3}What is the average price of each stock\? {2}\(\d+ ms\)$/);
    expect(out[4]).toBe("Accuracy: 100.0% (3 of 3 passed)");

    const report = JSON.parse(await readFile(outFile, "utf8"));
    expect(Object.keys(report)).toEqual(["accuracy", "cases"]);
    expect(report.accuracy).toBe(1);
    expect(report.cases).toHaveLength(3);
    expect(Object.keys(report.cases[0])).toEqual([
      "id",
      "pass",
      "sql",
      "columns",
      "rows",
      "error",
      "ms",
      "reason",
    ]);
    expect(report.cases[0]).toMatchObject({
      id: "weather-01",
      pass: true,
      sql: "SELECT count(*) FROM weather",
      rows: [[1461]],
      error: null,
    });
    expect(report.cases[1].rows).toHaveLength(4);
  });

  it("prints FAIL lines with their reasons, and still exits 0", async () => {
    server.setScript(
      answering((id, sql) =>
        id === "weather-05"
          ? "SELECT year(date) AS year, sum(precipitation) AS total FROM weather GROUP BY 1 ORDER BY 1 DESC"
          : id === "stocks-01"
            ? "SELECT 'AAPL' AS symbol, 1.5 AS avg_price"
            : sql,
      ),
    );
    const outFile = join(dir, "failures.json");
    const { code, out, err } = await run([
      "eval",
      suitePath,
      "--model",
      "openai:gpt-test",
      "--json",
      outFile,
    ]);
    expect(code, err).toBe(0);
    expect(out[0]).toMatch(/^PASS weather-01 /);
    expect(out[1]).toMatch(/^FAIL weather-05 {2}Total precipitation by year {2}\(\d+ ms\)$/);
    expect(out[2]).toBe("     the rows match but come in a different order (the gold SQL has ORDER BY)");
    expect(out[3]).toMatch(/^FAIL stocks-01 /);
    expect(out[4]).toBe("     row counts differ: gold 5 vs answer 1");
    expect(out.at(-1)).toBe("Accuracy: 33.3% (1 of 3 passed)");
    const report = JSON.parse(await readFile(outFile, "utf8"));
    expect(report.accuracy).toBeCloseTo(1 / 3);
    expect(report.cases.map((c: { pass: boolean }) => c.pass)).toEqual([true, false, false]);
    expect(report.cases[2]).toMatchObject({
      sql: "SELECT 'AAPL' AS symbol, 1.5 AS avg_price",
      rows: [["AAPL", 1.5]],
      error: null,
    });
  });

  it("reports the model's error as each case's reason", async () => {
    server.setScript({ status: 400, message: "model is tired", headers: { "x-should-retry": "false" } });
    const { code, out } = await run(["eval", suitePath, "--model", "openai:gpt-test"]);
    expect(code).toBe(0);
    expect(out[0]).toMatch(/^FAIL weather-01 /);
    expect(out[1]).toMatch(/^ {5}.*model is tired.*\(LLM_ERROR\)$/);
    expect(out.at(-1)).toBe("Accuracy: 0.0% (0 of 3 passed)");
  });

  it("draws a progress bar on a terminal and clears it, but never in CI", async () => {
    server.setScript(answering((_, sql) => sql));
    const drawn: string[] = [];
    const tty = await run(["eval", suitePath, "--model", "openai:gpt-test"], {
      progress: (t) => drawn.push(t),
    });
    expect(tty.code, tty.err).toBe(0);
    const clearLine = "\r\x1b[2K";
    expect(drawn[0]?.startsWith(clearLine)).toBe(true);
    expect(drawn[0]?.slice(clearLine.length)).toMatch(/^\[░{24}\] {3}0% 0\/3 0:0\d loading the data$/);
    expect(drawn.some((t) => /\[█{8}░{16}\] {2}33% 1\/3 \d+:\d\d weather-05$/.test(t))).toBe(true);
    expect(drawn.at(-1)).toBe(clearLine);
    expect(tty.out.at(-1)).toBe("Accuracy: 100.0% (3 of 3 passed)");

    process.env.CI = "true";
    const ci: string[] = [];
    const inCi = await run(["eval", suitePath, "--model", "openai:gpt-test"], {
      progress: (t) => ci.push(t),
    });
    expect(inCi.code).toBe(0);
    expect(ci).toEqual([]);
  });

  it("prints the report on stdout with --json -, the case lines on stderr and no bar", async () => {
    server.setScript(answering((_, sql) => sql));
    const drawn: string[] = [];
    const { code, out, err } = await run(["eval", suitePath, "--model", "openai:gpt-test", "--json", "-"], {
      progress: (t) => drawn.push(t),
    });
    expect(code, err).toBe(0);
    expect(out).toHaveLength(1);
    const report = JSON.parse(out[0]!);
    expect(report.accuracy).toBe(1);
    expect(report.cases.map((c: { id: string }) => c.id)).toEqual(["weather-01", "weather-05", "stocks-01"]);
    expect(err).toMatch(/^PASS weather-01 /);
    expect(err).toContain("Accuracy: 100.0% (3 of 3 passed)");
    expect(drawn).toEqual([]);

    const missing = await run(["eval", join(dir, "missing.json"), "--json=-"]);
    expect(missing.code).toBe(2);
    expect(JSON.parse(missing.out[0]!).error).toMatchObject({ code: "INVALID_FILE" });
    expect(missing.err).toBe("");
  });

  it("exits 2 for bad usage and a bad suite file", async () => {
    const none = await run(["eval", "--model", "openai:x"]);
    expect(none.code).toBe(2);
    expect(none.err).toMatch(/needs exactly one CASES\.json file/);
    expect(none.err).toContain("Usage: quarry eval CASES.json");
    expect((await run(["eval", suitePath, suitePath, "--model", "openai:x"])).code).toBe(2);
    const noOut = await run(["eval", suitePath, "--json"]);
    expect(noOut.code).toBe(2);
    expect(noOut.err).toMatch(/--json/);
    const badFolder = await run(["eval", suitePath, "--json", join(dir, "no", "such", "out.json")]);
    expect(badFolder.code).toBe(2);
    expect(badFolder.err).toMatch(/does not exist or is not writable/);
    expect(badFolder.out).toEqual([]);
    const badModel = await run(["eval", suitePath, "--model", "gpt-4"]);
    expect(badModel.code).toBe(2);
    expect(badModel.err).toMatch(/is not a model/);

    const missing = await run(["eval", join(dir, "missing.json"), "--model", "openai:x"]);
    expect(missing.code).toBe(2);
    expect(missing.err).toMatch(/quarry eval: The suite file .* cannot be read/);
    const duplicate = join(dir, "duplicate.json");
    await writeFile(
      duplicate,
      JSON.stringify({ datasets: { weather: data("seattle-weather.csv") }, cases: [cases[0], cases[0]] }),
    );
    const dup = await run(["eval", duplicate, "--model", "openai:x", "--json", join(dir, "x.json")]);
    expect(dup.code).toBe(2);
    expect(dup.err).toBe('quarry eval: The case id "weather-01" is used twice.');
  });
});
