import {
  type ChatEvent,
  createQuarry,
  type EngineProvider,
  type LanguageModel,
  type ModelStreamPart,
  type Principal,
  type SqlEngine,
} from "@quarry/core";
import { createDuckDbEngineProvider } from "@quarry/core/duckdb";
import { ingestDataset } from "@quarry/core/ingest";
import { createMemoryBlobStore, createMemoryStore } from "@quarry/core/memory";
// The module itself rather than `@quarry/core/testing`, whose conformance suites import vitest.
import { createScriptedModel } from "../../packages/core/src/testing/model/scripted-model.js";
import { seattleWeatherCsv } from "./bench-data.js";
import { type BenchSection, ms, percentile, printSection, timeRuns } from "./bench-kit.js";

/** Where time went in one turn. */
interface TurnTiming {
  /** From calling `chat()` to the whole stream's end. */
  wallMs: number;
  /** From calling `chat()` to its first event. */
  firstEventMs: number;
  /** Inside the model's `doStream` (creating the stream and every step of it). */
  modelMs: number;
  /** Inside the engine's methods (`query`, `listTables`, …). */
  engineMs: number;
}

const sql = "SELECT weather, count(*) AS days FROM seattle_weather GROUP BY 1 ORDER BY 2 DESC";

/**
 * What the chat pipeline adds to a turn: a two-step turn (the model calls `run_sql`, then answers in text)
 * with a zero-latency scripted model, a memory store and a DuckDB engine provider over `vega-datasets`'
 * seattle-weather.csv (1,461 rows). Overhead is a turn's wall time less the time spent inside the model's
 * `doStream` and inside engine calls; also time from `chat()` to its first event. The same query run
 * directly on the engine is the baseline of the same run.
 */
export async function turnBench(options: { turns?: number; warmup?: number } = {}): Promise<BenchSection> {
  const turns = options.turns ?? 200;
  const warmup = options.warmup ?? 10;
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

  const clock = { modelMs: 0, engineMs: 0 };
  const model = timedModel(
    createScriptedModel({
      // Step 1 runs the query; once the tool's result is in the conversation, step 2 answers.
      script: ({ options: call }) =>
        call.messages.at(-1)?.role === "tool"
          ? { text: "Rain fell on 641 days and sun shone on 640, so the two are about even." }
          : { toolCalls: [{ name: "run_sql", arguments: { sql } }] },
    }),
    clock,
  );
  const provider = createDuckDbEngineProvider({ blobs });
  // Every turn asks the same question of the same data: the answer cache would answer all but the first.
  const quarry = createQuarry({
    store,
    blobs,
    model,
    principal,
    engine: timedEngines(provider, clock),
    quality: { cache: false },
  });
  try {
    const timings: TurnTiming[] = [];
    for (let i = 0; i < warmup + turns; i++) {
      const session = await store.sessions.create(principal, { datasetIds });
      const timing = await timeTurn(() => quarry.chat(session.id, "How many days of each weather?"), clock);
      if (i >= warmup) timings.push(timing);
    }

    // The baseline: the engine work of a turn (the schema listing and the query), straight on the engine.
    const lease = await provider.acquire({
      principal,
      session: await store.sessions.create(principal, { datasetIds }),
      datasets: datasets.map((d) => d.dataset),
    });
    const direct = await timeRuns(
      async () => {
        await lease.engine.listTables();
        await lease.engine.query(sql, { maxRows: 10_000, timeoutMs: 30_000 });
      },
      turns,
      warmup,
    );
    await lease.release();
    return report(timings, direct, turns);
  } finally {
    await quarry.close();
    await store.close();
  }
}

/** Runs one turn to its end and checks it answered with a table. */
async function timeTurn(
  chat: () => AsyncIterable<ChatEvent>,
  clock: { modelMs: number; engineMs: number },
): Promise<TurnTiming> {
  clock.modelMs = 0;
  clock.engineMs = 0;
  const start = performance.now();
  const iterator = chat()[Symbol.asyncIterator]();
  let next = await iterator.next();
  const firstEventMs = performance.now() - start;
  let done: ChatEvent | undefined;
  while (!next.done) {
    if (next.value.type === "done" || next.value.type === "error") done = next.value;
    next = await iterator.next();
  }
  const wallMs = performance.now() - start;
  const parts = done?.type === "done" ? done.message.parts : [];
  if (!parts.some((p) => p.type === "table") || parts.some((p) => p.type === "error")) {
    throw new Error(`The benchmark turn did not answer with a table: ${JSON.stringify(done).slice(0, 500)}`);
  }
  return { wallMs, firstEventMs, modelMs: clock.modelMs, engineMs: clock.engineMs };
}

/** The model, adding the time spent inside `doStream` and each step of its stream to `clock.modelMs`. */
function timedModel(model: LanguageModel, clock: { modelMs: number }): LanguageModel {
  return {
    provider: model.provider,
    modelId: model.modelId,
    doStream(callOptions) {
      const start = performance.now();
      const stream = model.doStream(callOptions);
      clock.modelMs += performance.now() - start;
      return {
        [Symbol.asyncIterator](): AsyncIterator<ModelStreamPart> {
          const iterator = stream[Symbol.asyncIterator]();
          return {
            async next() {
              const step = performance.now();
              try {
                return await iterator.next();
              } finally {
                clock.modelMs += performance.now() - step;
              }
            },
            async return(value?: unknown) {
              return (await iterator.return?.(value)) ?? { done: true, value: undefined };
            },
          };
        },
      };
    },
  };
}

/** The provider, lending engines that add the time spent inside their methods to `clock.engineMs`. */
function timedEngines(provider: EngineProvider, clock: { engineMs: number }): EngineProvider {
  const timed =
    <A extends unknown[], R>(fn: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      const start = performance.now();
      try {
        return await fn(...args);
      } finally {
        clock.engineMs += performance.now() - start;
      }
    };
  return {
    async acquire(context) {
      const lease = await provider.acquire(context);
      const inner = lease.engine;
      const engine: SqlEngine = {
        dialect: inner.dialect,
        listTables: timed(() => inner.listTables()),
        describeTable: timed((name: string) => inner.describeTable(name)),
        check: timed((text: string) => inner.check(text)),
        query: timed((text: string, queryOptions?: Parameters<SqlEngine["query"]>[1]) =>
          inner.query(text, queryOptions),
        ),
        close: () => inner.close(),
      };
      return { engine, release: () => lease.release() };
    },
    close: () => provider.close(),
  };
}

function report(timings: TurnTiming[], direct: number[], turns: number): BenchSection {
  const of = (pick: (t: TurnTiming) => number) => timings.map(pick);
  const overhead = of((t) => t.wallMs - t.modelMs - t.engineMs);
  const first = of((t) => t.firstEventMs);
  const row = (label: string, values: number[], target: string) => [
    label,
    ms(percentile(values, 50)),
    ms(percentile(values, 95)),
    target,
  ];
  const overheadP50 = percentile(overhead, 50);
  const firstP50 = percentile(first, 50);
  const verdict = (what: string, value: number, target: number, p95: number) =>
    `${what}: ${value <= target ? "**met**" : "**not met**"} (p50 ${ms(value)} ms, target ≤ ${target} ms; p95 ${ms(p95)} ms ${p95 <= target ? "within" : "over"} it too).`;
  return {
    title: "Chat pipeline: overhead per turn",
    command: "npm run bench:turn",
    table: [
      ["measure", "p50 ms", "p95 ms", "target"],
      row("pipeline overhead (wall − model − engine)", overhead, "≤ 15 ms p50"),
      row("`chat()` to first event", first, "≤ 50 ms p50"),
      row(
        "whole turn, wall",
        of((t) => t.wallMs),
        "—",
      ),
      row(
        "inside the engine (schema listing + query)",
        of((t) => t.engineMs),
        "—",
      ),
      row(
        "inside the scripted model (2 calls)",
        of((t) => t.modelMs),
        "—",
      ),
      row("baseline: the same engine calls run directly", direct, "—"),
    ],
    notes: [
      verdict("Pipeline overhead per turn", overheadP50, 15, percentile(overhead, 95)),
      verdict("Time to first event", firstP50, 50, percentile(first, 95)),
      `Measured against the baseline instead (turn wall p50 − direct engine p50 − model p50): ${ms(
        percentile(
          of((t) => t.wallMs),
          50,
        ) -
          percentile(direct, 50) -
          percentile(
            of((t) => t.modelMs),
            50,
          ),
      )} ms. Engine calls take longer inside a turn than run back to back (why is not measured here); the first figure counts that difference as engine time, this one as overhead.`,
      `${turns} two-step turns (the model calls \`run_sql\` with \`${sql}\`, then answers in text), each the first of a new session, after warm-up turns; a zero-latency in-process scripted model, the memory store, and a DuckDB engine provider (engine cached between turns) over \`vega-datasets\`' seattle-weather.csv (1,461 rows).`,
      "Overhead is what the pipeline itself costs: storing the question and answer, the agent loop, tool handling and audit, the chart (chosen and compiled with Vega-Lite) and the grounding check. Time inside the model's stream and inside engine calls is left out; the baseline row is the same engine work done directly, for comparison.",
    ],
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  printSection(await turnBench());
}
