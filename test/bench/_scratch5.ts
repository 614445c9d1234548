import { DuckDBInstance } from "@duckdb/node-api";
import { statSync } from "node:fs";
const csv = "/tmp/qb/flights.csv";
const inst = await DuckDBInstance.create(":memory:"); const c = await inst.connect();
await c.run(`CREATE TABLE t AS SELECT * FROM read_csv('${csv}')`);
const opts: Record<string, string> = {
  str_default: "COMPRESSION zstd",
  str_nodict: "COMPRESSION zstd, DICTIONARY_SIZE_LIMIT 1",
  str_ratio: "COMPRESSION zstd, DICTIONARY_COMPRESSION_RATIO_THRESHOLD 1000",
  str_v2: "COMPRESSION zstd, PARQUET_VERSION V2",
  str_nobloom: "COMPRESSION zstd, WRITE_BLOOM_FILTER false",
  str_unc: "COMPRESSION uncompressed",
};
const res: Record<string, number[][]> = {};
for (let rep = 0; rep < 7; rep++) for (const [n, o] of Object.entries(opts)) {
  const t = performance.now(); const u0 = process.cpuUsage();
  await c.run(`COPY (SELECT origin, destination FROM t) TO '/tmp/qb/y.parquet' (FORMAT parquet, ${o})`);
  const u = process.cpuUsage(u0);
  (res[n] ??= []).push([performance.now() - t, (u.user + u.system) / 1000, statSync('/tmp/qb/y.parquet').size / 1e6]);
}
const m = (a: number[]) => Math.round([...a].sort((x, y) => x - y)[Math.floor(a.length / 2)]!);
for (const [n, v] of Object.entries(res)) console.log(n.padEnd(14), "wall", m(v.map(x => x[0]!)), "cpu", m(v.map(x => x[1]!)), "MB", v[0]![2]!.toFixed(1));
