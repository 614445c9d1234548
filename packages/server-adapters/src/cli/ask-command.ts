import { parseArgs } from "node:util";
import {
  type ChartPart,
  type ChatEvent,
  createQuarry,
  type Json,
  type Message,
  type Principal,
  type ResultColumn,
  type TablePart,
} from "@quarry/core";
import { createDuckDbEngineProvider } from "@quarry/core/duckdb";
import { ingestDataset } from "@quarry/core/ingest";
import { createMemoryBlobStore, createMemoryStore } from "@quarry/core/memory";
import { parseFileArg } from "./file-args.js";
import { createModel, modelKeysFromEnv, parseModelSpec } from "./model-spec.js";
import { createProgressBar, showIngestProgress } from "./progress-bar.js";
import type { CliIO } from "./run-cli.js";
import { textTable } from "./text-table.js";
import { usageError } from "./usage-error.js";

/** The one user of a CLI run. */
const principal: Principal = { tenantId: "local", userId: "cli" };

/** Rows the plain-text answer shows; `--json` has them all (up to the answer's table cap). */
const shownRows = 50;

/** What `--json` prints. */
export interface AskJson {
  answer: string;
  sql: string | null;
  columns: ResultColumn[];
  rows: Json[][];
  /** The Vega-Lite spec, or `null` when the answer has no chart. */
  chart: Record<string, Json> | null;
  /** Numbers in the answer that no result supports; `[]` when it is grounded. */
  ungrounded: string[];
}

/**
 * `quarry ask [NAME=]FILE... "QUESTION" [--model M] [--json]`: ingests the files into an in-memory store,
 * asks the question in a new session and prints the answer as it streams, then its SQL and table. With
 * `--json`, prints `{answer, sql, columns, rows, chart, ungrounded}` once the turn is done. A turn that
 * ended with an error exits 1 (with `--json`: the error and whatever the answer had so far). The model is
 * `--model`, else `QUARRY_MODEL`, else the offline planner. On a terminal, without `--json`, a progress bar
 * shows the files loading.
 */
export async function askCommand(args: readonly string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...args],
    allowPositionals: true,
    options: { model: { type: "string" }, json: { type: "boolean" } },
  });
  if (positionals.length < 2) {
    throw usageError('quarry ask needs at least one data FILE and then the "QUESTION".');
  }
  const files = positionals.slice(0, -1).map(parseFileArg);
  const question = positionals.at(-1)!;
  if (question.trim() === "") throw usageError("The question is empty.");
  const model = await createModel(parseModelSpec(values.model, process.env.QUARRY_MODEL, modelKeysFromEnv()));

  const store = createMemoryStore();
  const blobs = createMemoryBlobStore();
  const quarry = createQuarry({
    store,
    blobs,
    model,
    principal,
    engine: createDuckDbEngineProvider({ blobs }),
  });
  const controller = new AbortController();
  const stop = () => controller.abort();
  process.once("SIGINT", stop);
  const bar = createProgressBar(io, { enabled: values.json !== true });
  try {
    const datasetIds: string[] = [];
    for (const [index, { name, path }] of files.entries()) {
      const { datasets } = await ingestDataset({
        store,
        blobs,
        principal,
        source: { path },
        ...(name ? { name } : {}),
        onProgress: showIngestProgress(bar, path, { index, count: files.length }),
      });
      datasetIds.push(...datasets.map((d) => d.dataset.id));
    }
    bar.clear();
    const session = await store.sessions.create(principal, { datasetIds });
    return await runTurn(quarry.chat(session.id, question, { signal: controller.signal }), values.json, io);
  } finally {
    bar.clear();
    process.off("SIGINT", stop);
    await quarry.close();
    await store.close();
    await blobs.close?.();
  }
}

/** Reads the turn's events, streaming the text in plain mode, and prints the answer; resolves to the exit code. */
async function runTurn(
  events: AsyncIterable<ChatEvent>,
  json: boolean | undefined,
  io: CliIO,
): Promise<number> {
  let streamed = "";
  let answer: Message | undefined;
  let failure: { code: string; message: string } | undefined;
  for await (const event of events) {
    if (event.type === "text-delta") {
      if (!json && io.write) io.write(event.delta);
      streamed += event.delta;
    } else if (event.type === "done") {
      answer = event.message;
    } else if (event.type === "error") {
      failure = event.error;
    }
  }
  const parts = answer?.parts ?? [];
  const text = parts.find((p) => p.type === "text")?.text ?? streamed;
  const sql = parts.find((p) => p.type === "sql")?.sql ?? null;
  const table = parts.find((p): p is TablePart => p.type === "table");
  const chart = parts.find((p): p is ChartPart => p.type === "chart");
  const errorPart = parts.find((p) => p.type === "error");
  if (errorPart) failure = { code: errorPart.code, message: errorPart.message };
  const ungrounded = ungroundedOf(answer);

  if (json) {
    if (failure) {
      io.stdout(
        JSON.stringify({
          error: failure,
          ...(text ? { answer: text } : {}),
          ...(sql === null ? {} : { sql }),
          ...(table ? { columns: table.columns, rows: table.rows } : {}),
          ...(chart ? { chart: chart.spec } : {}),
          ...(ungrounded.length > 0 ? { ungrounded } : {}),
        }),
      );
      return 1;
    }
    const result: AskJson = {
      answer: text,
      sql,
      columns: table?.columns ?? [],
      rows: table?.rows ?? [],
      chart: chart?.spec ?? null,
      ungrounded,
    };
    io.stdout(JSON.stringify(result));
    return 0;
  }

  if (io.write) {
    if (streamed !== "" && !streamed.endsWith("\n")) io.write("\n");
  } else if (text !== "") {
    io.stdout(text);
  }
  if (sql !== null) io.stdout(["", "SQL:", ...sql.split("\n").map((line) => `  ${line}`)].join("\n"));
  if (table) {
    const rows = table.rows.slice(0, shownRows);
    io.stdout(
      `\n${textTable(
        table.columns.map((c) => c.name),
        rows,
      )}`,
    );
    const more =
      table.rowCount > rows.length ? ` (${rows.length} shown; --json has up to ${table.rows.length})` : "";
    io.stderr(`(${table.rowCount} rows${more})`);
  }
  if (chart) io.stdout(`\nChart: ${chartKind(chart)} (--json prints its Vega-Lite spec)`);
  if (ungrounded.length > 0) {
    io.stderr(`Warning: these numbers in the answer are not in the query results: ${ungrounded.join(", ")}`);
  }
  if (failure) {
    io.stderr(`quarry ask: ${failure.message} (${failure.code})`);
    return 1;
  }
  return 0;
}

/** The answer's unsupported numbers, kept by the pipeline in `metadata.ungrounded`. */
function ungroundedOf(answer: Message | undefined): string[] {
  const value = answer?.metadata.ungrounded;
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];
}

/** The chart's mark and title, e.g. `bar chart "Total by year"`. */
function chartKind(chart: ChartPart): string {
  const mark = chart.spec.mark;
  const type =
    typeof mark === "string"
      ? mark
      : mark && typeof mark === "object" && !Array.isArray(mark) && typeof mark.type === "string"
        ? mark.type
        : "a";
  return `${type} chart${chart.title ? ` "${chart.title}"` : ""}`;
}
