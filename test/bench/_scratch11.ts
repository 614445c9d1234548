import { DuckDBInstance } from "@duckdb/node-api";
import { existsSync } from "node:fs";
import { ingestFile } from "../../packages/core/src/ingest/ingest-file.js";
const csv = "/tmp/qb/flights-id.csv";
if (!existsSync(csv)) {
  const inst = await DuckDBInstance.create(":memory:"); const c = await inst.connect();
  await c.run(`COPY (SELECT *, 'F' || (hash(date, delay, distance, origin, destination) % 1000000000)::VARCHAR AS flight_id, CASE WHEN delay % 7 = 0 THEN NULL ELSE delay * 1.5 END AS score FROM read_parquet('/tmp/qb/f.parquet')) TO '${csv}' (HEADER)`);
}
const res: Record<string, number[]> = {};
for (let rep = 0; rep < 3; rep++) for (const [name, opts] of [["sampled", {}], ["exact", { exactRowLimit: 1e9 }]] as const) {
  const t = performance.now(); const c0 = process.cpuUsage();
  const r = await ingestFile({ path: csv }, { profile: opts });
  const u = process.cpuUsage(c0);
  (res[name] ??= []).push(Math.round(performance.now() - t), Math.round((u.user + u.system) / 1000));
  if (rep === 0) { const tb = r.tables[0]!; console.log(name, tb.duplicateRows, JSON.stringify(tb.columns.slice(5).map(c => ({ ...c, sampleValues: undefined, topValues: c.topValues?.slice(0, 3) })))); }
  await r.dispose();
}
console.log(res);
