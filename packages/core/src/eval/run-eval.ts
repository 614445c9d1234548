import type { BlobStore } from "../blob/blob-store.js";
import { createMemoryBlobStore } from "../blob/memory-blob-store.js";
import { createQuarry } from "../chat/create-quarry.js";
import type { EngineProvider } from "../chat/engine-provider.js";
import type { Quarry, TurnLimits } from "../chat/quarry-types.js";
import { createDuckDbEngineProvider } from "../engine/duckdb/duckdb-engine-provider.js";
import type { QueryResult } from "../engine/sql-engine.js";
import { QuarryError } from "../errors/quarry-error.js";
import { ingestDataset } from "../ingest/ingest-dataset.js";
import type { Json } from "../model/common.js";
import type { Dataset } from "../model/dataset.js";
import type { MessagePart, ResultColumn, TablePart } from "../model/message-part.js";
import type { Principal } from "../model/principal.js";
import type { Session } from "../model/session.js";
import type { LanguageModel } from "../model-provider/language-model.js";
import { createMemoryStore } from "../store/memory-store.js";
import type { Store } from "../store/store.js";
import { compareResults } from "./compare-results.js";
import type { EvalCase, EvalSuite } from "./eval-suite.js";
import { goldIsOrdered } from "./gold-order.js";

/** The one user of an eval run. */
const principal: Principal = { tenantId: "local", userId: "eval" };
/** Rows of the answer's table kept in a case's result. */
const keptRows = 20;
/** The answer's table keeps this many rows by default, so the comparison sees the whole result. */
const defaultTableRows = 10_000;
const defaultQueryTimeoutMs = 30_000;

/** Options of {@link runEval}. */
export interface RunEvalOptions {
  /** The suite, with absolute dataset paths (as `loadEvalSuite` gives it). */
  suite: EvalSuite;
  model: LanguageModel;
  /** Called after each case, for progress: the case's result, its 0-based index and the number of cases. */
  onCase?: (result: EvalCaseResult, index: number, total: number) => void;
  /** Aborting stops the run; it rejects with `ABORTED`. */
  signal?: AbortSignal;
  /** Limits of each turn; `tableRows` defaults to 10,000 here, so the whole result is compared. */
  limits?: TurnLimits;
}

/** How one golden question went. */
export interface EvalCaseResult {
  id: string;
  question: string;
  pass: boolean;
  /** The answer's final SQL, or null when none ran. */
  sql: string | null;
  /** The answer's table columns (empty without a table). */
  columns: ResultColumn[];
  /** The answer's first 20 rows. */
  rows: Json[][];
  /** The turn's error (`message (CODE)`), or the gold SQL's failure; null when neither failed. */
  error: string | null;
  /** Why the case failed, or null when it passed. */
  reason: string | null;
  /** How long the turn took, in ms. */
  ms: number;
}

/** The outcome of {@link runEval}. */
export interface EvalReport {
  /** Passed cases over all cases, from 0 to 1. */
  accuracy: number;
  passed: number;
  total: number;
  cases: EvalCaseResult[];
}

/**
 * Scores a model on a suite of golden questions through the whole chat pipeline. Each dataset the cases use
 * is ingested once (into an in-memory store, under its key as the table name); each case then asks its
 * question in a fresh session holding exactly its tables, and the answer's table is compared with the gold
 * SQL's result on the same engine (see {@link compareResults}; rows must keep the gold order when the gold
 * SQL has an outer ORDER BY). Cases run one after another. A gold SQL that fails is a mistake in the suite:
 * its case fails with that error, without asking the model.
 *
 * @example
 * ```ts
 * const report = await runEval({
 *   suite: await loadEvalSuite("eval/dev.json"),
 *   model: createOpenAIModel({ model: "gpt-4.1-mini" }),
 *   onCase: (result, i, total) => console.log(`${i + 1}/${total} ${result.pass ? "PASS" : "FAIL"} ${result.id}`),
 * });
 * console.log(`accuracy ${(report.accuracy * 100).toFixed(1)}%`);
 * ```
 */
export async function runEval(options: RunEvalOptions): Promise<EvalReport> {
  const { suite, model, onCase, signal } = options;
  const limits: TurnLimits = { tableRows: defaultTableRows, ...options.limits };
  const store = createMemoryStore();
  const blobs = createMemoryBlobStore();
  const engines = createDuckDbEngineProvider({ blobs });
  const quarry = createQuarry({ store, blobs, model, engine: engines, principal, limits });
  try {
    const datasets = await ingestTables(store, blobs, suite, signal);
    const run: CaseRun = { store, quarry, engines, datasets, limits, signal };
    const cases: EvalCaseResult[] = [];
    for (const [index, evalCase] of suite.cases.entries()) {
      throwIfAborted(signal);
      const result = await runCase(run, evalCase);
      throwIfAborted(signal);
      cases.push(result);
      onCase?.(result, index, suite.cases.length);
    }
    const passed = cases.filter((c) => c.pass).length;
    return { accuracy: cases.length === 0 ? 0 : passed / cases.length, passed, total: cases.length, cases };
  } finally {
    await quarry.close().catch(() => {});
    await store.close().catch(() => {});
    await blobs.close?.().catch(() => {});
  }
}

/** What every case of a run shares. */
interface CaseRun {
  store: Store;
  quarry: Quarry;
  engines: EngineProvider;
  /** The ingested dataset of each table the cases use. */
  datasets: Map<string, Dataset>;
  limits: TurnLimits;
  signal: AbortSignal | undefined;
}

/** Ingests each dataset the cases use, once, in order of first use. */
async function ingestTables(
  store: Store,
  blobs: BlobStore,
  suite: EvalSuite,
  signal: AbortSignal | undefined,
): Promise<Map<string, Dataset>> {
  const datasets = new Map<string, Dataset>();
  for (const table of new Set(suite.cases.flatMap((c) => c.tables))) {
    const path = suite.datasets[table];
    if (path === undefined) {
      throw new QuarryError("INVALID_INPUT", `No dataset is named ${JSON.stringify(table)} in the suite.`);
    }
    throwIfAborted(signal);
    const ingested = await ingestDataset({
      store,
      blobs,
      principal,
      source: { path },
      name: table,
      ...(signal ? { signal } : {}),
    }).catch((error: unknown) => {
      const cause = QuarryError.from(error);
      throw new QuarryError(cause.code, `The dataset ${JSON.stringify(table)}: ${cause.message}`, { cause });
    });
    const [first, ...more] = ingested.datasets;
    if (!first || more.length > 0 || first.dataset.tableName !== table) {
      throw new QuarryError(
        "INVALID_INPUT",
        `The dataset ${JSON.stringify(table)} must be one table named ${JSON.stringify(table)}; ${path} gave ${ingested.datasets.map((d) => JSON.stringify(d.dataset.tableName)).join(", ")}.`,
      );
    }
    datasets.set(table, first.dataset);
  }
  return datasets;
}

async function runCase(run: CaseRun, evalCase: EvalCase): Promise<EvalCaseResult> {
  const { id, question } = evalCase;
  const datasets = [...new Set(evalCase.tables)].map((table) => run.datasets.get(table)!);
  const session = await run.store.sessions.create(principal, { datasetIds: datasets.map((d) => d.id) });
  const base = { id, question, sql: null, columns: [], rows: [], ms: 0 };

  let gold: QueryResult;
  try {
    gold = await runGold(run, session, datasets, evalCase.sql);
  } catch (error) {
    if (run.signal?.aborted) throw abortedError();
    const message = `The gold SQL failed: ${QuarryError.from(error, "QUERY_FAILED").message}`;
    return { ...base, pass: false, error: message, reason: message };
  }

  const started = performance.now();
  const answer = await ask(run, session.id, question);
  const ms = Math.round(performance.now() - started);
  const table = answer.table;
  const result = {
    ...base,
    sql: answer.sql,
    columns: table?.columns ?? [],
    rows: table?.rows.slice(0, keptRows) ?? [],
    ms,
  };
  if (answer.error) return { ...result, pass: false, error: answer.error, reason: answer.error };
  const verdict = !table
    ? { pass: false, reason: "the answer has no table (no SQL ran)" }
    : table.truncated
      ? {
          pass: false,
          reason: `the answer's table was cut at ${table.rows.length} of ${table.rowCount} rows`,
        }
      : compareResults(gold, table, { ordered: goldIsOrdered(evalCase.sql) });
  return {
    ...result,
    pass: verdict.pass,
    error: null,
    reason: verdict.pass ? null : (verdict.reason ?? null),
  };
}

/** The gold SQL's whole result, on an engine over the same session's tables as the turn's. */
async function runGold(
  run: CaseRun,
  session: Session,
  datasets: Dataset[],
  sql: string,
): Promise<QueryResult> {
  const { signal } = run;
  const lease = await run.engines.acquire({ principal, session, datasets, ...(signal ? { signal } : {}) });
  try {
    const maxRows = run.limits.tableRows ?? defaultTableRows;
    const result = await lease.engine.query(sql, {
      maxRows,
      timeoutMs: run.limits.queryTimeoutMs ?? defaultQueryTimeoutMs,
      ...(signal ? { signal } : {}),
    });
    if (result.truncated) {
      throw new QuarryError(
        "INVALID_INPUT",
        `its result has ${result.rowCount} rows, more than the ${maxRows} an answer's table keeps.`,
      );
    }
    return result;
  } finally {
    await lease.release();
  }
}

/** What a turn answered: its final SQL and table, or its error. */
interface Answer {
  sql: string | null;
  table: TablePart | undefined;
  error: string | null;
}

async function ask(run: CaseRun, sessionId: string, question: string): Promise<Answer> {
  let parts: MessagePart[] = [];
  let failure: { code: string; message: string } | undefined;
  try {
    for await (const event of run.quarry.chat(
      sessionId,
      question,
      run.signal ? { signal: run.signal } : {},
    )) {
      if (event.type === "done") parts = event.message.parts;
      else if (event.type === "error") failure = event.error;
    }
  } catch (error) {
    if (run.signal?.aborted) throw abortedError();
    failure = QuarryError.from(error);
  }
  failure = parts.find((p) => p.type === "error") ?? failure;
  return {
    sql: parts.find((p) => p.type === "sql")?.sql ?? null,
    table: parts.find((p): p is TablePart => p.type === "table"),
    error: failure ? `${failure.message} (${failure.code})` : null,
  };
}

function abortedError(): QuarryError {
  return new QuarryError("ABORTED", "The eval was aborted.");
}

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw abortedError();
}
