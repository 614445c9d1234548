import { DuckDBInstance } from "@duckdb/node-api";
import { ingestFile } from "../../packages/core/src/ingest/ingest-file.js";
const csv = "/tmp/qb/flights.csv";
const which = process.argv[2];
const t = performance.now();
if (which === "table") {
  const inst = await DuckDBInstance.create(":memory:"); const c = await inst.connect();
  await c.run(`CREATE TABLE t AS SELECT * FROM read_csv('${csv}')`);
} else if (which === "parquet") {
  const inst = await DuckDBInstance.create(":memory:"); const c = await inst.connect();
  await c.run(`COPY (FROM read_csv('${csv}')) TO '/tmp/qb/x.parquet' (FORMAT parquet, COMPRESSION zstd)`);
} else if (which === "parquet-snappy") {
  const inst = await DuckDBInstance.create(":memory:"); const c = await inst.connect();
  await c.run(`COPY (FROM read_csv('${csv}')) TO '/tmp/qb/x.parquet' (FORMAT parquet, COMPRESSION snappy)`);
} else {
  const r = await ingestFile({ path: csv });
  console.log(JSON.stringify(r.tables[0]?.columns.map(c => [c.name, c.nullCount, c.distinctCount, c.min, c.max])));
  await r.dispose();
}
console.log(which, Math.round(performance.now() - t), "ms", "rss", Math.round(process.resourceUsage().maxRSS / 1024), "MB");
