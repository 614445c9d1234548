import { constants } from "node:fs";
import { access, writeFile } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { parseArgs } from "node:util";
import { type Json, QuarryError, type ResultColumn } from "@quarry/core";
import { type EvalCaseResult, loadEvalSuite, runEval } from "@quarry/core/eval";
import { createModel, modelKeysFromEnv, parseModelSpec } from "./model-spec.js";
import type { CliIO } from "./run-cli.js";
import { usageError } from "./usage-error.js";

/** What `--json OUT` writes. */
export interface EvalJson {
  /** Passed cases over all cases, from 0 to 1. */
  accuracy: number;
  cases: {
    id: string;
    pass: boolean;
    sql: string | null;
    columns: ResultColumn[];
    /** The answer's first 20 rows. */
    rows: Json[][];
    error: string | null;
    ms: number;
    /** Why a case failed when it was not an error: e.g. which gold column was missing. */
    reason: string | null;
  }[];
}

/** Questions longer than this are cut in the per-case lines. */
const questionWidth = 70;
const barWidth = 24;

/**
 * `quarry eval CASES.json [--model M] [--json OUT]`: runs a suite of golden questions through the chat
 * pipeline (see `runEval` in `@quarry/core/eval`) and prints a `PASS`/`FAIL` line per case, with the reason
 * under each failure, then the accuracy. On a terminal (and not in CI) a progress bar is drawn on stderr and
 * cleared at the end. `--json OUT` also writes `{accuracy, cases}` to OUT. Exits 0 once the suite ran,
 * whatever the accuracy; 2 for bad usage or a bad suite file.
 */
export async function evalCommand(args: readonly string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...args],
    allowPositionals: true,
    options: { model: { type: "string" }, json: { type: "string" } },
  });
  if (positionals.length !== 1) throw usageError("quarry eval needs exactly one CASES.json file.");
  const out = values.json;
  if (out !== undefined) await checkWritable(out);
  const suite = await loadEvalSuite(positionals[0]!);
  const model = await createModel(parseModelSpec(values.model, process.env.QUARRY_MODEL, modelKeysFromEnv()));

  const ids = suite.cases.map((c) => c.id);
  const idWidth = Math.max(...ids.map((id) => id.length));
  const bar = progressBar(io);
  const controller = new AbortController();
  const stop = () => controller.abort();
  process.once("SIGINT", stop);
  try {
    bar.draw(0, ids.length, "loading the data");
    const report = await runEval({
      suite,
      model,
      signal: controller.signal,
      onCase(result, index, total) {
        bar.clear();
        io.stdout(caseLine(result, idWidth));
        if (result.reason !== null) io.stdout(`${" ".repeat(5)}${result.reason}`);
        if (index + 1 < total) bar.draw(index + 1, total, ids[index + 1]!);
      },
    });
    bar.clear();
    io.stdout("");
    io.stdout(
      `Accuracy: ${(report.accuracy * 100).toFixed(1)}% (${report.passed} of ${report.total} passed)`,
    );
    if (out !== undefined) await writeReport(out, report.accuracy, report.cases);
    return 0;
  } finally {
    bar.clear();
    process.off("SIGINT", stop);
  }
}

/** `PASS weather-01  How many days are in the dataset?  (412 ms)`. */
function caseLine(result: EvalCaseResult, idWidth: number): string {
  const question =
    result.question.length > questionWidth
      ? `${result.question.slice(0, questionWidth - 1)}…`
      : result.question;
  return `${result.pass ? "PASS" : "FAIL"} ${result.id.padEnd(idWidth)}  ${question.replace(/\s+/g, " ")}  (${result.ms} ms)`;
}

/** A progress line on stderr, redrawn in place; a no-op off a terminal and in CI, where it would only be noise. */
function progressBar(io: CliIO): { draw(done: number, total: number, label: string): void; clear(): void } {
  const write = io.progress;
  if (!write || isCi()) return { draw() {}, clear() {} };
  let shown = false;
  return {
    draw(done, total, label) {
      const filled = total === 0 ? barWidth : Math.round((done / total) * barWidth);
      const text = label.length > 40 ? `${label.slice(0, 39)}…` : label;
      write(`\r\x1b[2K[${"█".repeat(filled)}${"░".repeat(barWidth - filled)}] ${done}/${total} ${text}`);
      shown = true;
    },
    clear() {
      if (shown) write("\r\x1b[2K");
      shown = false;
    },
  };
}

function isCi(): boolean {
  const ci = process.env.CI?.trim().toLowerCase();
  return ci !== undefined && ci !== "" && ci !== "false" && ci !== "0";
}

/** Refuses an OUT whose folder is missing before the run, not after it. */
async function checkWritable(out: string): Promise<void> {
  const folder = dirname(resolve(out));
  await access(folder, constants.W_OK).catch(() => {
    throw usageError(
      `--json ${JSON.stringify(out)}: the folder ${folder} does not exist or is not writable.`,
    );
  });
}

async function writeReport(out: string, accuracy: number, cases: readonly EvalCaseResult[]): Promise<void> {
  const json: EvalJson = {
    accuracy,
    cases: cases.map(({ id, pass, sql, columns, rows, error, ms, reason }) => ({
      id,
      pass,
      sql,
      columns,
      rows,
      error,
      ms,
      reason: reason ?? null,
    })),
  };
  await writeFile(out, `${JSON.stringify(json, null, 2)}\n`).catch((cause: unknown) => {
    throw new QuarryError("INVALID_INPUT", `Cannot write the report to ${JSON.stringify(out)}.`, { cause });
  });
}
