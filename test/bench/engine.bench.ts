import { spawn } from "node:child_process";
import { mkdtemp, rm, stat } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { type BenchSection, ms, percentile, printSection } from "./bench-kit.js";
import { type ContenderInput, type ContenderResult, runContender } from "./engine-contenders.js";

/**
 * The data engine against the tools it is built from: ingesting a 3-million-row CSV (made from
 * `vega-datasets`' flights-3m.parquet) through Quarry, through bare DuckDB and through PapaParse, and an
 * aggregate through Quarry's guarded engine and through bare DuckDB. Every run is a child process of its own,
 * so its peak RSS is its own, and the contenders take turns round by round, so a burst of load on the shared
 * machine hits them alike. Ratios are speeds (baseline time / contender time) against baselines measured in
 * the same run.
 */
export async function engineBench(
  options: { rounds?: number; queryRuns?: number } = {},
): Promise<BenchSection> {
  // Five rounds: with three, one burst of load from another job on the 2-core machine can move a median.
  const rounds = options.rounds ?? 5;
  const dir = await mkdtemp(join(tmpdir(), "quarry-bench-engine-"));
  try {
    const input: ContenderInput = {
      csv: join(dir, "flights-3m.csv"),
      parquet: join(dir, "flights-quarry.parquet"),
      dir,
      queryRuns: options.queryRuns ?? 10,
      keep: false,
    };
    const rows = await writeCsv(input.csv);
    const csvBytes = (await stat(input.csv)).size;

    const ingest = ["duckdb-table", "duckdb-parquet", "quarry-ingest", "papaparse"] as const;
    const results = new Map<string, ContenderResult[]>();
    const record = (name: string, result: ContenderResult) => {
      if (result.rows !== rows) throw new Error(`${name} read ${result.rows} rows, not ${rows}`);
      results.set(name, [...(results.get(name) ?? []), result]);
    };
    const idle = await child("idle", input);
    for (let round = 0; round < rounds; round++) {
      for (const name of ingest) {
        progress(`round ${round + 1}/${rounds}: ${name}`);
        // The first Quarry ingest leaves its canonical Parquet copy for the query contenders.
        record(name, await child(name, { ...input, keep: name === "quarry-ingest" && round === 0 }));
      }
    }
    for (let round = 0; round < rounds; round++) {
      for (const name of ["duckdb-query", "quarry-query"]) {
        progress(`round ${round + 1}/${rounds}: ${name}`);
        record(name, await child(name, input));
      }
    }
    return report({ results, rows, csvBytes, idle, rounds, queryRuns: input.queryRuns });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Writes the flights as CSV with DuckDB's COPY; returns the row count. */
async function writeCsv(path: string): Promise<number> {
  // The package exports only its JS index; the data files sit beside it.
  const entry = createRequire(import.meta.url).resolve("vega-datasets");
  const source = join(dirname(dirname(entry)), "data", "flights-3m.parquet");
  const { DuckDBInstance } = await import("@duckdb/node-api");
  const instance = await DuckDBInstance.create(":memory:");
  try {
    const connection = await instance.connect();
    const copied = await connection.runAndReadAll(
      `COPY (FROM read_parquet('${source.replaceAll("'", "''")}')) TO '${path.replaceAll("'", "''")}' (HEADER)`,
    );
    connection.closeSync();
    return Number(copied.getRows()[0]?.[0]);
  } finally {
    instance.closeSync();
  }
}

/** Runs one contender in a child process (this file, with the same Node and loader flags). */
function child(name: string, input: ContenderInput): Promise<ContenderResult> {
  const file = fileURLToPath(import.meta.url);
  const args = [...process.execArgv, file, "--contender", name, JSON.stringify(input)];
  return new Promise((done, fail) => {
    const proc = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "inherit"] });
    let out = "";
    proc.stdout.on("data", (chunk: Buffer) => {
      out += chunk.toString();
    });
    proc.on("error", fail);
    proc.on("close", (code) => {
      const last = out.trim().split("\n").at(-1) ?? "";
      if (code === 0 && last.startsWith("{")) done(JSON.parse(last) as ContenderResult);
      else fail(new Error(`contender ${name} exited with ${code}: ${out.slice(-500)}`));
    });
  });
}

interface Findings {
  results: Map<string, ContenderResult[]>;
  rows: number;
  csvBytes: number;
  idle: ContenderResult;
  rounds: number;
  queryRuns: number;
}

function report({ results, rows, csvBytes, idle, rounds, queryRuns }: Findings): BenchSection {
  const of = (name: string) => results.get(name) ?? [];
  const median = (values: number[]) => percentile(values, 50);
  const wall = (name: string) => median(of(name).flatMap((r) => r.runs));
  const first = (name: string) => median(of(name).map((r) => r.firstMs ?? Number.NaN));
  const cpu = (name: string) => median(of(name).map((r) => r.cpuMs));
  const rss = (name: string) => Math.max(...of(name).map((r) => r.maxRssMiB));
  const speed = (time: number, baseline: number) => `${(baseline / time).toFixed(2)}×`;
  const rate = (time: number) =>
    `${((rows / time) * 1000).toLocaleString("en-US", { maximumFractionDigits: 0 })}`;
  const runs = (name: string) => of(name).map((r) => ms(r.runs[0] ?? Number.NaN));

  const base = wall("duckdb-table");
  const papa = wall("papaparse");
  const labels: [string, string][] = [
    ["duckdb-table", "(a) DuckDB `read_csv` → in-memory table (baseline)"],
    ["duckdb-parquet", "(b) DuckDB `read_csv` → zstd Parquet (same artifact as Quarry)"],
    ["quarry-ingest", "(c) Quarry `ingestFile` (sniff, profile, suggestions, Parquet)"],
    ["papaparse", "(d) PapaParse → JS objects (`header`, `dynamicTyping`)"],
  ];
  const table: string[][] = [
    [
      "step",
      "contender",
      "wall ms, median (runs)",
      "rows/s",
      "speed vs DuckDB",
      "speed vs PapaParse",
      "CPU ms",
      "peak RSS MiB",
    ],
    ...labels.map(([name, label]) => [
      "ingest",
      label,
      `${ms(wall(name))} (${runs(name).join(", ")})`,
      rate(wall(name)),
      speed(wall(name), base),
      speed(wall(name), papa),
      ms(cpu(name)),
      ms(rss(name)),
    ]),
  ];
  const rawQuery = wall("duckdb-query");
  const rawFirst = first("duckdb-query");
  for (const [name, label] of [
    ["duckdb-query", "DuckDB over the Parquet file (baseline)"],
    ["quarry-query", "Quarry `engine.query` (guard, locked engine, JSON rows)"],
  ] as const) {
    table.push([
      "query, warm",
      label,
      ms(wall(name)),
      rate(wall(name)),
      speed(wall(name), rawQuery),
      "—",
      "—",
      ms(rss(name)),
    ]);
  }
  for (const [name, label] of [
    ["duckdb-query", "DuckDB: new instance, view, first result (baseline)"],
    ["quarry-query", "Quarry: `createDuckDbEngine`, first result"],
  ] as const) {
    table.push(["query, cold", label, ms(first(name)), "—", speed(first(name), rawFirst), "—", "—", "—"]);
  }

  const quarry = wall("quarry-ingest");
  const byCpu = (name: string) => ` By CPU time: ${(cpu(name) / cpu("quarry-ingest")).toFixed(2)}×.`;
  const verdict = (what: string, value: number, target: number) =>
    `${what}: ${value >= target ? "**met**" : "**not met**"} (${value.toFixed(2)}×, target ≥ ${target}×).`;
  return {
    title: "Data engine: ingest and query",
    command: "npm run bench:engine",
    table,
    notes: [
      verdict("Ingest, Quarry vs DuckDB `read_csv` into a table (a)", base / quarry, 0.9) +
        byCpu("duckdb-table"),
      `Ingest, Quarry vs DuckDB \`read_csv\` → Parquet (b), the same artifact without the profile: ${(wall("duckdb-parquet") / quarry).toFixed(2)}× (reference, no target).${byCpu("duckdb-parquet")}`,
      verdict("Ingest, Quarry vs PapaParse", papa / quarry, 10) + byCpu("papaparse"),
      verdict("Query, Quarry `engine.query` vs DuckDB (warm)", rawQuery / wall("quarry-query"), 0.9),
      `${rows.toLocaleString("en-US")} rows, CSV ${(csvBytes / 1024 ** 2).toFixed(0)} MiB (date TIMESTAMP, delay BIGINT, distance BIGINT, origin VARCHAR, destination VARCHAR). Ingest: ${rounds} runs per contender, each a fresh child process, contenders taking turns. Query: \`${"SELECT origin, count(*), avg(delay), max(distance) … GROUP BY origin ORDER BY 2 DESC"}\`, ${queryRuns} warm runs after a warm-up in each of ${rounds} children (median of all); "cold" is a fresh engine up to its first result (median of ${rounds}); rows/s counts rows scanned.`,
      `CPU ms is user + system time of the timed work, all threads: steadier than wall time on a shared machine. Peak RSS is the child's maximum (an idle child peaks at ${ms(idle.maxRssMiB)} MiB).`,
    ],
  };
}

function progress(message: string): void {
  process.stderr.write(`bench:engine ${message}\n`);
}

const contenderFlag = process.argv.indexOf("--contender");
if (contenderFlag >= 0) {
  const name = process.argv[contenderFlag + 1] ?? "";
  const input = JSON.parse(process.argv[contenderFlag + 2] ?? "{}") as ContenderInput;
  process.stdout.write(`\n${JSON.stringify(await runContender(name, input))}\n`);
  process.exit(0);
} else if (import.meta.url === `file://${process.argv[1]}`) {
  printSection(await engineBench());
}
