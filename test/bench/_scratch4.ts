import { DuckDBInstance } from "@duckdb/node-api";
const csv = "/tmp/qb/flights.csv";
const variants: Record<string, string[]> = {
  table: [`CREATE TABLE t AS SELECT * FROM read_csv('${csv}')`],
  pq_zstd: [`COPY (FROM read_csv('${csv}')) TO '/tmp/qb/x.parquet' (FORMAT parquet, COMPRESSION zstd)`],
  pq_zstd1: [`COPY (FROM read_csv('${csv}')) TO '/tmp/qb/x.parquet' (FORMAT parquet, COMPRESSION zstd, COMPRESSION_LEVEL 1)`],
  pq_snappy: [`COPY (FROM read_csv('${csv}')) TO '/tmp/qb/x.parquet' (FORMAT parquet, COMPRESSION snappy)`],
  pq_unc: [`COPY (FROM read_csv('${csv}')) TO '/tmp/qb/x.parquet' (FORMAT parquet, COMPRESSION uncompressed)`],
  pq_zstd_noorder: ["SET preserve_insertion_order=false", `COPY (FROM read_csv('${csv}')) TO '/tmp/qb/x.parquet' (FORMAT parquet, COMPRESSION zstd)`],
  pq_zstd1_v2: [`COPY (FROM read_csv('${csv}')) TO '/tmp/qb/x.parquet' (FORMAT parquet, COMPRESSION zstd, COMPRESSION_LEVEL 1, PARQUET_VERSION V2)`],
  table_then_zstd1: [`CREATE TABLE t AS SELECT * FROM read_csv('${csv}')`, `COPY t TO '/tmp/qb/x.parquet' (FORMAT parquet, COMPRESSION zstd, COMPRESSION_LEVEL 1)`],
};
const names = process.argv.slice(2).length ? process.argv.slice(2) : Object.keys(variants);
const res: Record<string, number[]> = {}; const cpu: Record<string, number[]> = {};
const reps = Number(process.env.REPS ?? 3);
for (let rep = 0; rep < reps; rep++) for (const n of names) {
  const inst = await DuckDBInstance.create(":memory:"); const c = await inst.connect();
  const t = performance.now(); const u0 = process.cpuUsage();
  for (const s of variants[n]!) await c.run(s);
  (res[n] ??= []).push(Math.round(performance.now() - t)); const u = process.cpuUsage(u0); (cpu[n] ??= []).push(Math.round((u.user+u.system)/1000));
  c.closeSync(); inst.closeSync();
}
for (const [n, v] of Object.entries(res)) {const m=(a:number[])=>[...a].sort((x,y)=>x-y)[Math.floor(a.length/2)]; console.log(n.padEnd(20), "wall", m(v), "cpu", m(cpu[n]!), v.join(" "));}
