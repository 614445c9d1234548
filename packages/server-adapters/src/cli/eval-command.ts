import { constants } from "node:fs";
import { access, writeFile } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { parseArgs } from "node:util";
import { type Json, QuarryError, type ResultColumn } from "@quarry/core";
import { type EvalCaseResult, loadEvalSuite, runEval } from "@quarry/core/eval";
import { createModel, modelKeysFromEnv, parseModelSpec } from "./model-spec.js";
import { createProgressBar } from "./progress-bar.js";
import type { CliIO } from "./run-cli.js";
import { usageError } from "./usage-error.js";

/** What `--json OUT` writes (`--json -`: prints). */
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

/**
 * `quarry eval CASES.json [--model M] [--json OUT]`: runs a suite of golden questions through the chat
 * pipeline (see `runEval` in `@quarry/core/eval`) and prints a `PASS`/`FAIL` line per case, with the reason
 * under each failure, then the accuracy. On a terminal (and not in CI) a progress bar is drawn on stderr and
 * cleared at the end. `--json OUT` also writes `{accuracy, cases}` to OUT; `--json -` prints it on stdout
 * instead, the case lines going to stderr and no bar drawn. Exits 0 once the suite ran, whatever the
 * accuracy; 2 for bad usage or a bad suite file.
 */
export async function evalCommand(args: readonly string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...args],
    allowPositionals: true,
    options: { model: { type: "string" }, json: { type: "string" } },
  });
  if (positionals.length !== 1) throw usageError("quarry eval needs exactly one CASES.json file.");
  const out = values.json;
  const toStdout = out === "-";
  if (out !== undefined && !toStdout) await checkWritable(out);
  // With the report on stdout, the lines meant for people move out of its way.
  const say = toStdout ? io.stderr : io.stdout;
  const suite = await loadEvalSuite(positionals[0]!);
  const model = await createModel(parseModelSpec(values.model, process.env.QUARRY_MODEL, modelKeysFromEnv()));

  const ids = suite.cases.map((c) => c.id);
  const idWidth = Math.max(...ids.map((id) => id.length));
  const bar = createProgressBar(io, { enabled: !toStdout });
  const controller = new AbortController();
  const stop = () => controller.abort();
  process.once("SIGINT", stop);
  try {
    bar.update({ label: "loading the data", done: 0, total: ids.length });
    const report = await runEval({
      suite,
      model,
      signal: controller.signal,
      onCase(result, index, total) {
        bar.clear();
        say(caseLine(result, idWidth));
        if (result.reason !== null) say(`${" ".repeat(5)}${result.reason}`);
        if (index + 1 < total) bar.update({ label: ids[index + 1]!, done: index + 1, total });
      },
    });
    bar.clear();
    say("");
    say(`Accuracy: ${(report.accuracy * 100).toFixed(1)}% (${report.passed} of ${report.total} passed)`);
    if (toStdout) io.stdout(reportText(report.accuracy, report.cases));
    else if (out !== undefined) await writeReport(out, report.accuracy, report.cases);
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

/** Refuses an OUT whose folder is missing before the run, not after it. */
async function checkWritable(out: string): Promise<void> {
  const folder = dirname(resolve(out));
  await access(folder, constants.W_OK).catch(() => {
    throw usageError(
      `--json ${JSON.stringify(out)}: the folder ${folder} does not exist or is not writable.`,
    );
  });
}

/** The report as `--json` writes or prints it. */
function reportText(accuracy: number, cases: readonly EvalCaseResult[]): string {
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
  return JSON.stringify(json, null, 2);
}

async function writeReport(out: string, accuracy: number, cases: readonly EvalCaseResult[]): Promise<void> {
  await writeFile(out, `${reportText(accuracy, cases)}\n`).catch((cause: unknown) => {
    throw new QuarryError("INVALID_INPUT", `Cannot write the report to ${JSON.stringify(out)}.`, { cause });
  });
}
