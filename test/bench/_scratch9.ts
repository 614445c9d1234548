import { DuckDBInstance } from "@duckdb/node-api";
const inst = await DuckDBInstance.create(":memory:"); const c = await inst.connect();
await c.run(`COPY (FROM read_csv('/tmp/qb/flights.csv')) TO '/tmp/qb/f.parquet' (FORMAT parquet, COMPRESSION zstd)`);
await c.run(`CREATE VIEW v AS FROM read_parquet('/tmp/qb/f.parquet')`);
const csv = "/tmp/qb/flights.csv";
const H = `hash("date", "delay", "distance", "origin", "destination")`;
const q: Record<string, string> = {
  lag: `SELECT count(*) FILTER (WHERE h = p) FROM (SELECT h, lag(h) OVER (ORDER BY h) AS p FROM (SELECT ${H} AS h FROM v))`,
  distinct: `SELECT count(*) - count(DISTINCT ${H}) FROM v`,
  groupby: `SELECT sum(n) - count(*) FROM (SELECT count(*) n FROM v GROUP BY ${H})`,
  selectdistinct: `SELECT count(*) FROM (SELECT DISTINCT ${H} FROM v)`,
  hashonly: `SELECT bit_xor(${H}) FROM v`,
};
const res: Record<string, number[][]> = {};
for (let rep = 0; rep < 7; rep++) for (const [n, s] of Object.entries(q)) {
  const t = performance.now(); const u0 = process.cpuUsage();
  await c.run(s);
  const u = process.cpuUsage(u0);
  (res[n] ??= []).push([performance.now() - t, (u.user + u.system) / 1000]);
}
const m = (a: number[]) => Math.round([...a].sort((x, y) => x - y)[Math.floor(a.length / 2)]!);
for (const [n, v] of Object.entries(res)) console.log(n.padEnd(12), "wall", m(v.map(x => x[0]!)), "cpu", m(v.map(x => x[1]!)));
