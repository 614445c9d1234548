import type { AddressInfo } from "node:net";
import { Worker } from "node:worker_threads";
import { serve } from "@hono/node-server";
import { type ChatEvent, createQuarry, type Principal } from "@quarry/core";
import { createDuckDbEngineProvider } from "@quarry/core/duckdb";
import { ingestDataset } from "@quarry/core/ingest";
import { createMemoryBlobStore, createMemoryStore } from "@quarry/core/memory";
import { createQuarryHandler } from "@quarry/server-adapters";
// The module itself rather than `@quarry/core/testing`, whose conformance suites import vitest.
import { createScriptedModel } from "../../packages/core/src/testing/model/scripted-model.js";
import { seattleWeatherCsv } from "./bench-data.js";
import { type BenchSection, ms, percentile, printSection, rssMiB } from "./bench-kit.js";

/** One turn as its client saw it; times in ms from the start of the call. */
interface TurnResult {
  firstMs: number;
  doneMs: number;
  error: string | null;
}

/** One batch of concurrent turns. */
interface Batch {
  turns: TurnResult[];
  wallMs: number;
  peakRssMiB: number;
}

const sql = "SELECT weather, count(*) AS days FROM seattle_weather GROUP BY 1 ORDER BY 2 DESC";
const question = "How many days of each weather?";
const targetOverheadMs = 250;

/**
 * What HTTP adds to a turn under load: `turns` concurrent SSE turns (default 500), each in its own session,
 * through `createQuarryHandler` on `@hono/node-server` over loopback, against the same turns run
 * concurrently in-process through `quarry.chat` (the baseline of the same run). A two-step turn (the model
 * calls `run_sql`, then answers) with a zero-latency scripted model, the memory store and DuckDB over
 * `vega-datasets`' seattle-weather.csv. The HTTP client runs in a worker thread, so its parsing does not
 * queue behind the server's event loop as no real client's would.
 */
export async function httpBench(
  options: { turns?: number; rounds?: number; warmup?: number } = {},
): Promise<BenchSection> {
  const turns = options.turns ?? 500;
  const rounds = options.rounds ?? 3;
  const warmup = options.warmup ?? 20;
  const principal: Principal = { tenantId: "bench", userId: "bench" };
  const store = createMemoryStore();
  const blobs = createMemoryBlobStore();
  const { datasets } = await ingestDataset({
    store,
    blobs,
    principal,
    source: { path: seattleWeatherCsv() },
  });
  const datasetIds = datasets.map((d) => d.dataset.id);
  const model = createScriptedModel({
    // Step 1 runs the query; once the tool's result is in the conversation, step 2 answers.
    script: ({ options: call }) =>
      call.messages.at(-1)?.role === "tool"
        ? { text: "Rain fell on 641 days and sun shone on 640, so the two are about even." }
        : { toolCalls: [{ name: "run_sql", arguments: { sql } }] },
  });
  const quarry = createQuarry({
    store,
    blobs,
    model,
    principal,
    engine: createDuckDbEngineProvider({ blobs }),
    // Every turn asks the same question of the same data: the answer cache would answer all but the first.
    quality: { cache: false },
  });
  const handler = createQuarryHandler(quarry, { auth: () => principal, limits: { rateLimit: false } });
  const server = serve({ fetch: handler, port: 0, hostname: "127.0.0.1" });
  await new Promise<void>((resolve) => (server.listening ? resolve() : server.once("listening", resolve)));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const client = new Worker(clientSource, { eval: true, workerData: { question } });
  const sessions = async (count: number) =>
    Promise.all(
      Array.from({ length: count }, async () => (await store.sessions.create(principal, { datasetIds })).id),
    );
  const inProcess = async (ids: string[]) =>
    Promise.all(ids.map((id) => turnInProcess(() => quarry.chat(id, question))));
  const overHttp = (ids: string[]) =>
    batchOverHttp(
      client,
      ids.map((id) => `${base}/sessions/${id}/messages`),
    );
  try {
    await inProcess(await sessions(warmup));
    await overHttp(await sessions(warmup));
    // Rounds alternate, so a burst of load from elsewhere on a shared machine hits both columns alike.
    const baseline: Batch[] = [];
    const http: Batch[] = [];
    for (let round = 0; round < rounds; round++) {
      baseline.push(await measured(async () => inProcess(await sessions(turns))));
      http.push(await measured(async () => overHttp(await sessions(turns))));
    }
    const failed = baseline.flatMap((b) => b.turns).find((t) => t.error !== null);
    if (failed) throw new Error(`An in-process benchmark turn failed: ${failed.error}`);
    return report(baseline, http, turns);
  } finally {
    await client.terminate();
    await new Promise<void>((resolve) => {
      (server as unknown as { closeAllConnections(): void }).closeAllConnections();
      server.close(() => resolve());
    });
    await quarry.close();
    await store.close();
  }
}

/** Runs a batch, timing it and sampling the peak resident set size while it runs. */
async function measured(run: () => Promise<TurnResult[]>): Promise<Batch> {
  let peakRssMiB = rssMiB();
  const sampler = setInterval(() => {
    peakRssMiB = Math.max(peakRssMiB, rssMiB());
  }, 10);
  const start = performance.now();
  try {
    const turns = await run();
    return { turns, wallMs: performance.now() - start, peakRssMiB: Math.max(peakRssMiB, rssMiB()) };
  } finally {
    clearInterval(sampler);
  }
}

/** Rounds as one batch: every turn, the median wall time, the highest peak. */
function pooled(batches: Batch[]): Batch {
  const walls = batches.map((b) => b.wallMs);
  return {
    turns: batches.flatMap((b) => b.turns),
    wallMs: percentile(walls, 50),
    peakRssMiB: Math.max(...batches.map((b) => b.peakRssMiB)),
  };
}

/** One turn through `quarry.chat`, read to its end; an answer without a table counts as an error. */
async function turnInProcess(chat: () => AsyncIterable<ChatEvent>): Promise<TurnResult> {
  const start = performance.now();
  let firstMs = Number.NaN;
  let doneMs = Number.NaN;
  let error: string | null = null;
  try {
    for await (const event of chat()) {
      if (Number.isNaN(firstMs)) firstMs = performance.now() - start;
      if (event.type === "error") error = `${event.error.code}: ${event.error.message}`;
      if (event.type === "done") {
        doneMs = performance.now() - start;
        error ??= answerProblem(event.message.parts);
      }
    }
  } catch (caught) {
    error = String(caught);
  }
  return { firstMs, doneMs, error: error ?? (Number.isNaN(doneMs) ? "no done event" : null) };
}

function answerProblem(parts: readonly { type: string }[]): string | null {
  if (parts.some((p) => p.type === "error"))
    return `the answer ends in an error: ${JSON.stringify(parts.at(-1))}`;
  return parts.some((p) => p.type === "table") ? null : "the answer has no table";
}

/** Sends a batch of URLs to the client worker, which asks at each at once and reports every turn. */
function batchOverHttp(client: Worker, urls: string[]): Promise<TurnResult[]> {
  return new Promise((resolve, reject) => {
    client.once("message", resolve);
    client.once("error", reject);
    client.postMessage({ urls });
  });
}

/**
 * The load generator, run in a worker thread: posts every question at once with `Accept: text/event-stream`
 * and times the first SSE event and the `done` event of each. Plain JavaScript, so the worker needs no
 * TypeScript loader.
 */
const clientSource = `
const { parentPort, workerData } = require("node:worker_threads");
const body = JSON.stringify({ content: workerData.question });
async function turn(url) {
  const start = performance.now();
  let firstMs = NaN, doneMs = NaN, error = null;
  try {
    const response = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "text/event-stream" },
      body,
    });
    if (response.status !== 200) return { firstMs, doneMs, error: "HTTP " + response.status + ": " + (await response.text()).slice(0, 300) };
    const decoder = new TextDecoder();
    let buffer = "";
    for await (const chunk of response.body) {
      buffer += decoder.decode(chunk, { stream: true });
      for (let cut = buffer.indexOf("\\n\\n"); cut !== -1; cut = buffer.indexOf("\\n\\n")) {
        const frame = buffer.slice(0, cut);
        buffer = buffer.slice(cut + 2);
        const type = /^event: (.+)$/m.exec(frame)?.[1];
        if (!type) continue;
        if (Number.isNaN(firstMs)) firstMs = performance.now() - start;
        const data = JSON.parse(/^data: (.*)$/m.exec(frame)[1]);
        if (type === "error") error = data.error.code + ": " + data.error.message;
        if (type === "done") {
          doneMs = performance.now() - start;
          const parts = data.message.parts;
          if (parts.some((p) => p.type === "error")) error ??= "the answer ends in an error: " + JSON.stringify(parts.at(-1));
          else if (!parts.some((p) => p.type === "table")) error ??= "the answer has no table";
        }
      }
    }
    if (Number.isNaN(doneMs)) error ??= "the stream ended without a done event";
  } catch (caught) {
    error = String(caught);
  }
  return { firstMs, doneMs, error };
}
parentPort.on("message", async ({ urls }) => parentPort.postMessage(await Promise.all(urls.map(turn))));
`;

function report(baselineRounds: Batch[], httpRounds: Batch[], turns: number): BenchSection {
  const rounds = baselineRounds.length;
  const baseline = pooled(baselineRounds);
  const http = pooled(httpRounds);
  const ok = (batch: Batch) => batch.turns.filter((t) => t.error === null);
  const at = (batch: Batch, pick: (t: TurnResult) => number, p: number) => percentile(ok(batch).map(pick), p);
  const first = (t: TurnResult) => t.firstMs;
  const done = (t: TurnResult) => t.doneMs;
  const perRound = httpRounds.map((round, i) => ms(at(round, done, 99) - at(baselineRounds[i]!, done, 99)));
  const row = (label: string, pick: (t: TurnResult) => number, p: number) => {
    const inProcess = at(baseline, pick, p);
    const overHttp = at(http, pick, p);
    return [label, ms(inProcess), ms(overHttp), ms(overHttp - inProcess)];
  };
  const errors = http.turns.filter((t) => t.error !== null);
  const overheadP99 = at(http, done, 99) - at(baseline, done, 99);
  const met = overheadP99 <= targetOverheadMs && errors.length === 0;
  const firstErrors = [...new Set(errors.map((t) => t.error))].slice(0, 3);
  return {
    title: "HTTP API: concurrent streamed turns",
    command: "npm run bench:http",
    table: [
      ["measure", "in-process `quarry.chat` (baseline)", "over HTTP (SSE)", "HTTP overhead"],
      row("to first event, p50 ms", first, 50),
      row("to first event, p99 ms", first, 99),
      row("to `done`, p50 ms", done, 50),
      row("to `done`, p99 ms", done, 99),
      [
        "whole batch, wall ms (median round)",
        ms(baseline.wallMs),
        ms(http.wallMs),
        ms(http.wallMs - baseline.wallMs),
      ],
      ["errors", "0", String(errors.length), "—"],
      ["peak RSS MiB", baseline.peakRssMiB.toFixed(0), http.peakRssMiB.toFixed(0), "—"],
    ],
    notes: [
      `HTTP overhead at p99 (time to \`done\` over HTTP − in-process): ${met ? "**met**" : "**not met**"} (${ms(overheadP99)} ms, target ≤ ${targetOverheadMs} ms; ${errors.length} errors, target 0).`,
      `The same overhead round by round: ${perRound.join(", ")} ms. On a shared 2-core machine a round's p99 is close to its whole batch's wall time, which other work on the machine moves by seconds; read the overhead against that spread.`,
      ...(firstErrors.length > 0 ? [`First errors: ${firstErrors.join("; ")}`] : []),
      `${rounds} rounds of ${turns} turns at once (percentiles over all ${rounds * turns} turns of a column), each turn in its own new session, after a warm-up batch; each a two-step turn (the model calls \`run_sql\` with \`${sql}\`, then answers in text) with a zero-latency in-process scripted model, the memory store and a DuckDB engine provider over \`vega-datasets\`' seattle-weather.csv (1,461 rows). Every turn of one user over one dataset shares one cached engine, so the queries queue on it in both columns.`,
      "Over HTTP: `createQuarryHandler` served by `@hono/node-server` on 127.0.0.1, each turn a `POST /sessions/:id/messages` with `Accept: text/event-stream` read to its end by a client in a worker thread (Node's `fetch`); times run from the request to the first SSE event and to the `done` event. In-process: the same turns through `quarry.chat`, from the call to its first and its `done` event.",
      "Peak RSS is the whole process (the client worker included) sampled every 10 ms during the batch.",
      "Why first events come late over HTTP: the burst saturates the server's one JavaScript thread, and a request is parsed and routed only between the steps of turns already running, so requests reach the handler spread over the whole batch (measured while writing this benchmark: the last of 500 arrived 5–7 s in), whereas in-process all 500 turns start in the same tick. The pure HTTP path (Hono, SSE framing, socket writes) costs about 1.5–2 ms of that thread per 22-event turn, about 1 s per 500 turns, so a CPU-bound burst of this size cannot meet a 250 ms p99 overhead in one process on two cores; admission control (a cap on running turns) or more processes would be the levers.",
    ],
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  printSection(await httpBench());
}
