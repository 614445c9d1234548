/**
 * The offline planner over questions beyond the development set (fixtures/offline-extra.json): new questions
 * over the development datasets, and over synthetic tables with messy column names, dates kept as text in
 * several layouts, mixed-case values, yes/no text columns and join keys. Through the same harness as
 * `quarry eval`; it guards the planner's generality against regressions (it reached 99.5% when written).
 */
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { loadEvalSuite } from "../eval/eval-suite.js";
import { runEval } from "../eval/run-eval.js";
import { createOfflineModel } from "./offline-model.js";

const extraSet = fileURLToPath(new URL("./fixtures/offline-extra.json", import.meta.url));

describe("the offline planner beyond the development set", () => {
  it("answers at least 94% of the questions", async () => {
    const report = await runEval({ suite: await loadEvalSuite(extraSet), model: createOfflineModel() });
    const failures = report.cases.filter((c) => !c.pass).map((c) => `${c.id}: ${c.reason ?? c.error}`);
    console.info(
      `offline accuracy ${(report.accuracy * 100).toFixed(1)}% (${report.passed}/${report.total})`,
      failures,
    );
    expect(report.total).toBeGreaterThanOrEqual(200);
    expect(report.accuracy, failures.join("\n")).toBeGreaterThanOrEqual(0.945);
  }, 120_000);
});
