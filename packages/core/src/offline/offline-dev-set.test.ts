/**
 * The offline planner over the development question set, through the whole pipeline and the same harness
 * as `quarry eval`: each dataset ingested once, a session per case with its tables, the answer's table
 * compared with the gold SQL's result on the same engine. CI keeps the accuracy from slipping below 90%.
 */
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { loadEvalSuite } from "../eval/eval-suite.js";
import { runEval } from "../eval/run-eval.js";
import { createOfflineModel } from "./offline-model.js";

const devSet = fileURLToPath(new URL("../../../../../shared/eval/dev.json", import.meta.url));

describe("the offline planner on the development set", () => {
  it("answers at least 90% of the questions", async () => {
    const report = await runEval({ suite: await loadEvalSuite(devSet), model: createOfflineModel() });
    const failures = report.cases.filter((c) => !c.pass).map((c) => `${c.id}: ${c.reason ?? c.error}`);
    console.info(
      `offline accuracy ${(report.accuracy * 100).toFixed(1)}% (${report.passed}/${report.total})`,
      failures,
    );
    expect(report.total).toBeGreaterThanOrEqual(37);
    expect(report.accuracy, failures.join("\n")).toBeGreaterThanOrEqual(0.9);
  }, 120_000);
});
