import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import type { MockResponse } from "../testing/model/script.js";
import { createScriptedModel, type ScriptedModelRequest } from "../testing/model/scripted-model.js";
import { type EvalSuite, loadEvalSuite } from "./eval-suite.js";
import { type EvalCaseResult, runEval } from "./run-eval.js";

const devSuite = fileURLToPath(new URL("../../../../../shared/eval/dev.json", import.meta.url));

/** A few dev cases over the two smallest files: a count, an ordered series with dates, groups, and a join-free stock question. */
const picked = ["weather-01", "weather-05", "weather-10", "stocks-01"];
let suite: EvalSuite;

beforeAll(async () => {
  const dev = await loadEvalSuite(devSuite);
  suite = { ...dev, cases: dev.cases.filter((c) => picked.includes(c.id)) };
  expect(suite.cases.map((c) => c.id)).toEqual(picked);
});

/** The question of a model call: the last user message. */
function questionOf({ options }: ScriptedModelRequest): string {
  const user = options.messages.findLast((m) => m.role === "user");
  return user?.content ?? "";
}

/** A model that runs `sqlFor(question)`, then answers in a sentence once it has seen the result. */
function sqlModel(sqlFor: (question: string) => string) {
  return createScriptedModel({
    script: (request): MockResponse =>
      request.options.messages.at(-1)?.role === "tool"
        ? { text: "Here is what the data says." }
        : { toolCalls: [{ name: "run_sql", arguments: { sql: sqlFor(questionOf(request)) } }] },
  });
}

function goldSqlFor(question: string): string {
  const found = suite.cases.find((c) => c.question === question);
  if (!found) throw new Error(`no case asks ${JSON.stringify(question)}`);
  return found.sql;
}

describe("runEval", () => {
  it("passes every case when the model runs the gold SQL, calling onCase for each", async () => {
    const seen: [string, number, number][] = [];
    const report = await runEval({
      suite,
      model: sqlModel(goldSqlFor),
      onCase: (result, index, total) => seen.push([result.id, index, total]),
    });
    expect(report.cases.filter((c) => !c.pass).map((c) => [c.id, c.reason])).toEqual([]);
    expect(report).toMatchObject({ accuracy: 1, passed: 4, total: 4 });
    expect(seen).toEqual(picked.map((id, i) => [id, i, 4]));
    const [count, yearly, wettest, stocks] = report.cases as EvalCaseResult[];
    expect(count).toMatchObject({
      id: "weather-01",
      question: "How many days are in the dataset?",
      sql: "SELECT count(*) FROM weather",
      rows: [[1461]],
      error: null,
      reason: null,
    });
    expect(count?.columns).toHaveLength(1);
    expect(yearly?.rows.map((row) => row[0])).toEqual([2012, 2013, 2014, 2015]);
    expect(wettest?.rows).toHaveLength(5);
    expect(wettest?.rows[0]?.[0]).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(stocks?.rows).toHaveLength(5);
    for (const c of report.cases) expect(c.ms).toBeGreaterThanOrEqual(0);
  });

  it("fails wrong answers with a reason: a different result, the wrong order, no table", async () => {
    const wrong: Record<string, string> = {
      "weather-01": "SELECT count(*) FROM weather WHERE weather = 'rain'",
      "weather-05":
        "SELECT year(date) AS year, sum(precipitation) AS total FROM weather GROUP BY 1 ORDER BY 2",
      "weather-10": "SELECT date, precipitation, wind FROM weather ORDER BY precipitation DESC LIMIT 6",
      "stocks-01": "SELECT symbol, max(price) FROM stocks GROUP BY symbol",
    };
    const model = sqlModel((question) => wrong[suite.cases.find((c) => c.question === question)!.id]!);
    const report = await runEval({ suite, model });
    expect(report).toMatchObject({ accuracy: 0, passed: 0, total: 4 });
    expect(report.cases.map((c) => [c.id, c.pass, c.error, c.reason])).toEqual([
      ["weather-01", false, null, "gold column 1 (count_star()) not found among the answer's columns"],
      ["weather-05", false, null, "the rows match but come in a different order (the gold SQL has ORDER BY)"],
      ["weather-10", false, null, "row counts differ: gold 5 vs answer 6"],
      ["stocks-01", false, null, "gold column 2 (avg(price)) not found among the answer's columns"],
    ]);
    expect(report.cases[0]?.sql).toBe(wrong["weather-01"]);

    const chatty = await runEval({
      suite: { ...suite, cases: suite.cases.slice(0, 1) },
      model: createScriptedModel({ script: { text: "About four years of days." } }),
    });
    expect(chatty.cases[0]).toMatchObject({
      pass: false,
      sql: null,
      columns: [],
      rows: [],
      error: null,
      reason: "the answer has no table (no SQL ran)",
    });
  });

  it("fails every case with the model's error when the model fails", async () => {
    const report = await runEval({
      suite: { ...suite, cases: suite.cases.slice(0, 2) },
      model: createScriptedModel({ script: { status: 400, message: "context too long" } }),
    });
    expect(report).toMatchObject({ accuracy: 0, passed: 0, total: 2 });
    for (const c of report.cases) {
      expect(c.pass).toBe(false);
      expect(c.sql).toBeNull();
      expect(c.error).toMatch(/context too long.*\(LLM_ERROR\)$/);
      expect(c.reason).toBe(c.error);
    }
  });

  it("reports a gold SQL that fails in its case, without asking the model", async () => {
    const model = sqlModel(() => "SELECT 1");
    const broken = { ...suite.cases[0]!, sql: "SELECT no_such_column FROM weather" };
    const report = await runEval({ suite: { ...suite, cases: [broken] }, model });
    expect(report.cases[0]).toMatchObject({ pass: false, sql: null });
    expect(report.cases[0]?.error).toMatch(/^The gold SQL failed: .*no_such_column/);
    expect(report.cases[0]?.reason).toBe(report.cases[0]?.error);
    expect(model.calls).toHaveLength(0);
  });

  it("stops with ABORTED when its signal is aborted", async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(
      runEval({ suite, model: sqlModel(goldSqlFor), signal: controller.signal }),
    ).rejects.toMatchObject({ code: "ABORTED" });
  });
});
