import { copyFile } from "node:fs/promises";

/**
 * The work of each contender of the engine benchmark, run inside a child process of its own (see
 * `engine.bench.ts`) so that its peak RSS is its own. Each contender imports what it needs lazily, so a
 * child holds no module another contender needs.
 */

/** What a contender needs to know. */
export interface ContenderInput {
  /** The generated CSV. */
  csv: string;
  /** The Parquet file the query contenders read, or where the Quarry ingest copies its Parquet output. */
  parquet: string;
  /** The temp folder for outputs. */
  dir: string;
  /** Query runs after the warm-up. */
  queryRuns: number;
  /** Quarry ingest: copy the canonical Parquet copy to `parquet` (outside the timing). */
  keep: boolean;
}

/** What a contender measured. Times in ms. */
export interface ContenderResult {
  /** Wall time of each timed run (one for an ingest, `queryRuns` for a query). */
  runs: number[];
  /** A query contender: from nothing to the first result of a fresh engine. */
  firstMs?: number;
  /** CPU time (user + system, all threads) of the timed work. */
  cpuMs: number;
  /** Rows the contender read, to check that every contender did the whole job. */
  rows: number;
  /** Peak resident set size of the child process, MiB. */
  maxRssMiB: number;
}

/** The aggregate both query contenders run. */
export const aggregateSql =
  "SELECT origin, count(*) AS flights, avg(delay) AS avg_delay, max(distance) AS max_distance FROM flights GROUP BY origin ORDER BY 2 DESC";

/** The Parquet codec Quarry writes, so that contender (b) produces the same artifact. */
const parquetOptions = "FORMAT parquet, COMPRESSION zstd";

type Contender = (input: ContenderInput) => Promise<Omit<ContenderResult, "maxRssMiB">>;

/** Every contender by the name the parent passes on the command line. */
export const contenders: Record<string, Contender> = {
  /** The child's own cost (Node, tsx, nothing else), to read the peak RSS of the others against. */
  idle: async () => ({ runs: [0], cpuMs: 0, rows: 0 }),

  /** (a) DuckDB reading the CSV into a table of a fresh in-memory instance: the baseline of the target. */
  "duckdb-table": async ({ csv }) => {
    const { DuckDBInstance } = await import("@duckdb/node-api");
    return timed(async () => {
      const instance = await DuckDBInstance.create(":memory:");
      const connection = await instance.connect();
      await connection.run(`CREATE TABLE t AS SELECT * FROM read_csv(${literal(csv)})`);
      const rows = Number((await connection.runAndReadAll("SELECT count(*) FROM t")).getRows()[0]?.[0]);
      connection.closeSync();
      instance.closeSync();
      return rows;
    });
  },

  /** (b) DuckDB streaming the CSV into zstd Parquet: the artifact Quarry must write, with nothing else. */
  "duckdb-parquet": async ({ csv, dir }) => {
    const { DuckDBInstance } = await import("@duckdb/node-api");
    const out = `${dir}/duckdb-copy.parquet`;
    return timed(async () => {
      const instance = await DuckDBInstance.create(":memory:");
      const connection = await instance.connect();
      const copied = await connection.runAndReadAll(
        `COPY (FROM read_csv(${literal(csv)})) TO ${literal(out)} (${parquetOptions})`,
      );
      const rows = Number(copied.getRows()[0]?.[0]);
      connection.closeSync();
      instance.closeSync();
      return rows;
    });
  },

  /** (c) Quarry's whole ingest: format detection, sniffing, profile, suggestions, canonical Parquet. */
  "quarry-ingest": async ({ csv, parquet, keep }) => {
    const { ingestFile } = await import("@quarry/core/ingest");
    let result: Awaited<ReturnType<typeof ingestFile>> | undefined;
    const measured = await timed(async () => {
      result = await ingestFile({ path: csv });
      return result.tables[0]?.rowCount ?? 0;
    });
    const table = result?.tables[0];
    if (keep && table) await copyFile(table.parquetPath, parquet);
    await result?.dispose();
    return measured;
  },

  /** (d) PapaParse streaming the file into an array of JS objects, numbers typed. */
  papaparse: async ({ csv }) => {
    const { createReadStream } = await import("node:fs");
    const { default: Papa } = await import("papaparse");
    const rows: unknown[] = [];
    const measured = await timed(
      () =>
        new Promise<number>((done, fail) => {
          Papa.parse<unknown>(createReadStream(csv), {
            header: true,
            dynamicTyping: true,
            skipEmptyLines: true,
            chunk: (results) => {
              for (const row of results.data) rows.push(row);
            },
            complete: () => done(rows.length),
            error: fail,
          });
        }),
    );
    // The rows stay reachable until here, so the peak RSS includes them.
    return { ...measured, rows: rows.length };
  },

  /** Raw DuckDB: a view over the Parquet file and the aggregate, values read as DuckDB returns them. */
  "duckdb-query": async ({ parquet, queryRuns }) => {
    const { DuckDBInstance } = await import("@duckdb/node-api");
    const cpu = process.cpuUsage();
    const started = performance.now();
    const instance = await DuckDBInstance.create(":memory:");
    const connection = await instance.connect();
    await connection.run(`CREATE VIEW flights AS SELECT * FROM read_parquet(${literal(parquet)})`);
    const query = async () => (await connection.runAndReadAll(aggregateSql)).getRows().length;
    const groups = await query();
    const firstMs = performance.now() - started;
    const runs = await repeat(query, queryRuns);
    const cpuMs = cpuSince(cpu);
    const scanned = Number(
      (await connection.runAndReadAll("SELECT count(*) FROM flights")).getRows()[0]?.[0] ?? 0,
    );
    connection.closeSync();
    instance.closeSync();
    return { runs, firstMs, cpuMs, rows: groups > 0 ? scanned : 0 };
  },

  /** Quarry: `createDuckDbEngine` (locked instance) and `engine.query` (guard, cap, JSON-safe rows). */
  "quarry-query": async ({ parquet, queryRuns }) => {
    const { createDuckDbEngine } = await import("@quarry/core/duckdb");
    const cpu = process.cpuUsage();
    const started = performance.now();
    const engine = await createDuckDbEngine({ tables: [{ name: "flights", parquetPath: parquet }] });
    const query = async () => (await engine.query(aggregateSql)).rows.length;
    const groups = await query();
    const firstMs = performance.now() - started;
    const runs = await repeat(query, queryRuns);
    const cpuMs = cpuSince(cpu);
    const [table] = await engine.listTables();
    await engine.close();
    return { runs, firstMs, cpuMs, rows: groups > 0 ? (table?.rowCount ?? 0) : 0 };
  },
};

/** Runs the contender in this process and returns its result with this process's peak RSS. */
export async function runContender(name: string, input: ContenderInput): Promise<ContenderResult> {
  const contender = contenders[name];
  if (!contender) throw new Error(`unknown contender ${name}`);
  const result = await contender(input);
  return { ...result, maxRssMiB: process.resourceUsage().maxRSS / 1024 };
}

async function timed(work: () => Promise<number>): Promise<Omit<ContenderResult, "maxRssMiB">> {
  const cpu = process.cpuUsage();
  const started = performance.now();
  const rows = await work();
  return { runs: [performance.now() - started], cpuMs: cpuSince(cpu), rows };
}

/** One warm-up, then `n` timed runs. */
async function repeat(work: () => Promise<number>, n: number): Promise<number[]> {
  await work();
  const runs: number[] = [];
  for (let i = 0; i < n; i++) {
    const started = performance.now();
    await work();
    runs.push(performance.now() - started);
  }
  return runs;
}

function cpuSince(start: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}

function literal(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}
