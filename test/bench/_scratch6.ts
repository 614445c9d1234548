import { DuckDBInstance } from "@duckdb/node-api";
const p = "read_parquet('/tmp/qb/x.parquet')";
const inst = await DuckDBInstance.create(":memory:"); const c = await inst.connect();
await c.run(`CREATE TABLE t AS FROM ${p}`);
const H = "hash(date, delay, distance, origin, destination)";
const num = (x: string) => `min(${x}), max(${x}), avg(${x}::DOUBLE), stddev_samp(${x}::DOUBLE)`;
await c.run(`CREATE VIEW v AS SELECT * FROM ${p}`);
const q: Record<string, string> = {
  cd_date: `SELECT count(DISTINCT date) FROM v`,
  hll_date: `SELECT approx_count_distinct(date) FROM v`,
  cd_nums: `SELECT count(DISTINCT delay), count(DISTINCT distance) FROM v`,
  hll_nums: `SELECT approx_count_distinct(delay), approx_count_distinct(distance) FROM v`,
  cd_strs: `SELECT count(DISTINCT origin), count(DISTINCT destination) FROM v`,
  full_pass_plain: `SELECT count(date), min(date), max(date), count(delay), min(delay), max(delay), avg(delay::DOUBLE), stddev_samp(delay::DOUBLE), count(distance), min(distance), max(distance), avg(distance::DOUBLE), stddev_samp(distance::DOUBLE), count(origin), count(destination) FROM v`,
  full_pass_cd: `SELECT count(date), min(date), max(date), count(DISTINCT date), count(delay), min(delay), max(delay), avg(delay::DOUBLE), stddev_samp(delay::DOUBLE), count(DISTINCT delay), count(distance), min(distance), max(distance), avg(distance::DOUBLE), stddev_samp(distance::DOUBLE), count(DISTINCT distance), count(origin), count(destination) FROM v`,
  grp_date: `SELECT count(*) FROM (SELECT date, count(*) FROM v GROUP BY 1)`,
};
const res: Record<string, number[][]> = {}; const out: Record<string, string> = {};
for (let rep = 0; rep < 5; rep++) for (const [n, s] of Object.entries(q)) {
  const t = performance.now(); const u0 = process.cpuUsage();
  const r = await c.runAndReadAll(s);
  const u = process.cpuUsage(u0);
  out[n] = JSON.stringify(r.getRowsJson()).slice(0, 300);
  (res[n] ??= []).push([performance.now() - t, (u.user + u.system) / 1000]);
}
const m = (a: number[]) => Math.round([...a].sort((x, y) => x - y)[Math.floor(a.length / 2)]!);
for (const [n, v] of Object.entries(res)) console.log(n.padEnd(24), "wall", m(v.map(x => x[0]!)), "cpu", m(v.map(x => x[1]!)), out[n]);
