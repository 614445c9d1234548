import { fileURLToPath } from "node:url";
import { createMockLlmServer, type MockLlmServer, type MockScript } from "@quarry/core/testing";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runCli } from "./run-cli.js";

const data = (file: string) =>
  fileURLToPath(new URL(`../../../../../shared/eval/data/${file}`, import.meta.url));

const yearlySql =
  "SELECT year(date) AS year, round(sum(precipitation), 1) AS total FROM weather GROUP BY 1 ORDER BY 1";

/** A two-step turn: the model runs the SQL, then answers in text. */
function toolLoop(answer: string): MockScript {
  return [
    { toolCalls: [{ name: "run_sql", arguments: { sql: yearlySql } }] },
    { text: answer, chunkSize: 4 },
  ];
}

const envNames = [
  "QUARRY_MODEL",
  "OPENAI_API_KEY",
  "OPENAI_BASE_URL",
  "ANTHROPIC_API_KEY",
  "ANTHROPIC_BASE_URL",
] as const;
let savedEnv: Partial<Record<(typeof envNames)[number], string>>;
let server: MockLlmServer | undefined;

beforeEach(() => {
  savedEnv = {};
  for (const name of envNames) {
    if (process.env[name] !== undefined) savedEnv[name] = process.env[name];
    delete process.env[name];
  }
});

afterEach(async () => {
  for (const name of envNames) {
    if (savedEnv[name] === undefined) delete process.env[name];
    else process.env[name] = savedEnv[name];
  }
  await server?.close();
  server = undefined;
});

/** Starts the mock LLM server and points both adapters at it through their environment variables. */
async function mockLlm(script: MockScript): Promise<MockLlmServer> {
  server = await createMockLlmServer({ script });
  process.env.OPENAI_BASE_URL = server.url;
  process.env.OPENAI_API_KEY = server.apiKey;
  process.env.ANTHROPIC_BASE_URL = server.anthropicUrl;
  process.env.ANTHROPIC_API_KEY = server.apiKey;
  return server;
}

async function run(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, {
    stdout: (t) => out.push(`${t}\n`),
    stderr: (t) => err.push(t),
    write: (t) => out.push(t),
  });
  return { code, out: out.join(""), err: err.join("\n") };
}

/** `quarry ask` over the weather file with the yearly-rain question, through the mock OpenAI model. */
function askYearlyRain(): string[] {
  return ["ask", `weather=${data("seattle-weather.csv")}`, "Yearly rain?", "--model", "openai:gpt-test"];
}

describe("quarry ask", () => {
  it("runs a tool loop and prints the streamed answer, the SQL and the table", async () => {
    const llm = await mockLlm(toolLoop("Seattle got the most rain in 2012: 1226 mm."));
    const chunks: string[] = [];
    const lines: string[] = [];
    const err: string[] = [];
    const code = await runCli(
      [
        "ask",
        `weather=${data("seattle-weather.csv")}`,
        "How much did it rain each year?",
        "--model",
        "openai:gpt-test",
      ],
      { stdout: (t) => lines.push(t), stderr: (t) => err.push(t), write: (t) => chunks.push(t) },
    );
    expect(code, err.join("\n")).toBe(0);
    // The answer arrived in pieces, as it streamed.
    expect(chunks.length).toBeGreaterThan(3);
    expect(chunks.join("")).toBe("Seattle got the most rain in 2012: 1226 mm.\n");
    const out = lines.join("\n");
    expect(out).toContain(`SQL:\n  ${yearlySql}`);
    expect(out).toMatch(/year\s+total\n[─ ]+\n\s*2012\s+1226\n/);
    expect(out).toContain("Chart: ");
    expect(err.join("\n")).toContain("(4 rows)");
    expect(err.join("\n")).not.toContain("Warning");
    // The second call carried the tool's result back to the model.
    expect(llm.requests).toHaveLength(2);
    expect(JSON.stringify(llm.requests[1]?.body)).toContain("1226");
    expect(llm.requests[0]?.wire).toBe("openai");
    expect(llm.requests[0]?.body).toMatchObject({ model: "gpt-test" });
  });

  it("prints exactly {answer, sql, columns, rows, chart, ungrounded} with --json", async () => {
    await mockLlm(toolLoop("It rained most in 2012, 1226 mm."));
    const { code, out, err } = await run(
      "ask",
      `weather=${data("seattle-weather.csv")}`,
      "Yearly rain?",
      "--model",
      "openai:gpt-test",
      "--json",
    );
    expect(code, err).toBe(0);
    const result = JSON.parse(out);
    expect(Object.keys(result).sort()).toEqual(["answer", "chart", "columns", "rows", "sql", "ungrounded"]);
    expect(result).toMatchObject({
      answer: "It rained most in 2012, 1226 mm.",
      sql: yearlySql,
      columns: [{ name: "year" }, { name: "total" }],
      ungrounded: [],
    });
    expect(result.rows).toHaveLength(4);
    expect(result.rows[0]).toEqual([2012, 1226]);
    expect(result.chart).toMatchObject({ $schema: expect.stringContaining("vega-lite") });
  });

  it("reports numbers the results do not support, in JSON and as a warning", async () => {
    await mockLlm(toolLoop("It rained 9876 mm in 2012."));
    const args = askYearlyRain();
    const json = await run(...args, "--json");
    expect(json.code, json.err).toBe(0);
    expect(JSON.parse(json.out).ungrounded).toEqual(["9876"]);

    server?.setScript(toolLoop("It rained 9876 mm in 2012."));
    const plain = await run(...args);
    expect(plain.code, plain.err).toBe(0);
    expect(plain.err).toMatch(/Warning: .*not in the query results: 9876/);
  });

  it("works with anthropic: models, and answers without a table when no SQL ran", async () => {
    const llm = await mockLlm([{ text: "Ask me about the stocks." }]);
    const { code, out, err } = await run(
      "ask",
      data("stocks.csv"),
      "Hello?",
      "--model",
      "anthropic:claude-test",
      "--json",
    );
    expect(code, err).toBe(0);
    expect(JSON.parse(out)).toEqual({
      answer: "Ask me about the stocks.",
      sql: null,
      columns: [],
      rows: [],
      chart: null,
      ungrounded: [],
    });
    expect(llm.requests[0]?.wire).toBe("anthropic");
    expect(llm.requests[0]?.body).toMatchObject({ model: "claude-test" });
  });

  it("takes the model from QUARRY_MODEL, the flag winning over it", async () => {
    const llm = await mockLlm({ text: "Fine." });
    process.env.QUARRY_MODEL = "anthropic:from-env";
    expect((await run("ask", data("stocks.csv"), "Hi?", "--json")).code).toBe(0);
    expect((await run("ask", data("stocks.csv"), "Hi?", "--model", "openai:from-flag", "--json")).code).toBe(
      0,
    );
    expect(llm.requests.map((r) => [r.wire, (r.body as { model: string }).model])).toEqual([
      ["anthropic", "from-env"],
      ["openai", "from-flag"],
    ]);
  });

  it("exits 1 with the error and the partial answer when the turn fails", async () => {
    await mockLlm([
      { toolCalls: [{ name: "run_sql", arguments: { sql: yearlySql } }] },
      { status: 400, message: "context too long" },
    ]);
    const args = askYearlyRain();
    const json = await run(...args, "--json");
    expect(json.code).toBe(1);
    const result = JSON.parse(json.out);
    expect(result.error).toMatchObject({ code: "LLM_ERROR" });
    expect(result.error.message).toContain("context too long");
    expect(result.answer).toBeUndefined();

    server?.setScript([{ status: 400, message: "context too long" }]);
    const plain = await run(...args);
    expect(plain.code).toBe(1);
    expect(plain.err).toMatch(/quarry ask: .*context too long.*\(LLM_ERROR\)/);
  });

  it("answers with the offline planner for offline and when no model is given", async () => {
    const saved = process.env.QUARRY_MODEL;
    delete process.env.QUARRY_MODEL;
    try {
      for (const modelArgs of [["--model", "offline"], []]) {
        const json = await run(
          "ask",
          `weather=${data("seattle-weather.csv")}`,
          "How many rainy days were there?",
          ...modelArgs,
          "--json",
        );
        expect(json.code, json.err).toBe(0);
        const result = JSON.parse(json.out);
        expect(result.rows).toEqual([[641]]);
        expect(result.answer).toMatch(/641/);
        expect(result.sql).toMatch(/'rain'/);
        expect(result.ungrounded).toEqual([]);
      }
    } finally {
      if (saved === undefined) delete process.env.QUARRY_MODEL;
      else process.env.QUARRY_MODEL = saved;
    }
  });

  it("treats an empty or bad model and a missing question as usage errors", async () => {
    const empty = await run("ask", data("stocks.csv"), "Hi?", "--model", " ");
    expect(empty.code).toBe(2);
    expect(empty.err).toMatch(/--model is empty/);
    expect(empty.err).toContain("Usage: quarry ask");
    const bad = await run("ask", data("stocks.csv"), "Hi?", "--model", "gpt-4");
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/is not a model: use openai:MODEL/);
    const noQuestion = await run("ask", "Hi?", "--model", "openai:x");
    expect(noQuestion.code).toBe(2);
    expect(noQuestion.err).toMatch(/needs at least one data FILE/);
  });

  it("reports a missing API key and a missing file as rejected requests", async () => {
    const noKey = await run("ask", data("stocks.csv"), "Hi?", "--model", "openai:x", "--json");
    expect(noKey.code).toBe(2);
    expect(JSON.parse(noKey.out).error.message).toMatch(/OPENAI_API_KEY/);
    await mockLlm({ text: "Fine." });
    const noFile = await run("ask", "/no/such/file.csv", "Hi?", "--model", "openai:x", "--json");
    expect(noFile.code).toBe(2);
    expect(JSON.parse(noFile.out).error.code).toBe("INVALID_FILE");
  });
});
