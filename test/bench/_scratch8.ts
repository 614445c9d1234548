import { ingestFile } from "../../packages/core/src/ingest/ingest-file.js";
import { DuckDBConnection } from "@duckdb/node-api";
const log = process.argv[2] === "log";
if (log) {
  const orig = DuckDBConnection.prototype.runAndReadAll;
  (DuckDBConnection.prototype as any).runAndReadAll = async function (sql: string) { const t = performance.now(); const c = process.cpuUsage(); const r = await orig.call(this, sql); const u = process.cpuUsage(c); console.log(Math.round(performance.now() - t), "ms", Math.round((u.user + u.system) / 1000), "cpu:", sql.replace(/\s+/g, " ").slice(0, 110)); return r; };
  const origRun = DuckDBConnection.prototype.run;
  (DuckDBConnection.prototype as any).run = async function (sql: string) { const t = performance.now(); const c = process.cpuUsage(); const r = await origRun.call(this, sql); const u = process.cpuUsage(c); console.log(Math.round(performance.now() - t), "ms", Math.round((u.user + u.system) / 1000), "cpu run:", sql.replace(/\s+/g, " ").slice(0, 110)); return r; };
}
const t = performance.now(); const c0 = process.cpuUsage();
const r = await ingestFile({ path: "/tmp/qb/flights.csv" });
const u = process.cpuUsage(c0);
console.log("total", Math.round(performance.now() - t), "cpu", Math.round((u.user + u.system) / 1000), "rss", Math.round(process.resourceUsage().maxRSS / 1024));
const tb = r.tables[0]!;
if (process.argv[3] === "json") console.log(JSON.stringify({ ...tb, preview: undefined }, null, 1));
else console.log(tb.rowCount, tb.duplicateRows, JSON.stringify(tb.columns.map(c => [c.name, c.nullCount, c.distinctCount, c.min, c.max, c.quantiles, c.outlierCount, c.topValues?.slice(0, 2), c.profileSampleRows])));
await r.dispose();
