import { openWorkspace } from "../../packages/core/src/ingest/duckdb-workspace.js";
import { readCsv } from "../../packages/core/src/ingest/read-csv.js";
import { profileTable } from "../../packages/core/src/profile/profile-table.js";
import { writeFileSync } from "node:fs";
const width = Number(process.argv[3] ?? 10000); const nrows = Number(process.argv[4] ?? 3);
const header = Array.from({ length: width }, (_, i) => (i === 5 ? "" : i === 7 ? "c6" : `c${i}`)).join(",");
const row = (r: number) => Array.from({ length: width }, (_, i) => (i % 2 ? String((i * r) % 97) : `t${r % 2}`)).join(",");
const csv = "/tmp/qb/wide.csv";
writeFileSync(csv, `${header}\n${Array.from({length: nrows}, (_, r) => row(r + 1)).join('\n')}\n`);
const ws = await openWorkspace({ workDir: "/tmp/qb", readableFiles: [csv] });
const orig = ws.connection.runAndReadAll.bind(ws.connection);
(ws.connection as any).runAndReadAll = async (sql: string) => { const t = performance.now(); const r = await orig(sql); const d = performance.now() - t; if (d > 100000) console.log(Math.round(d), "ms:", sql.replace(/\s+/g, " ").slice(0, 120)); return r; };
const origRun = ws.connection.run.bind(ws.connection);
(ws.connection as any).run = async (sql: string) => { const t = performance.now(); const r = await origRun(sql); const d = performance.now() - t; if (d > 100000) console.log(Math.round(d), "ms run:", sql.replace(/\s+/g, " ").slice(0, 120)); return r; };
let t = performance.now();
const lap = (l: string) => { console.log("==", l, Math.round(performance.now() - t)); t = performance.now(); };
const src = await readCsv(ws, csv, "wide.csv", "utf-8"); lap("plan");
if (process.argv[2] === "pq") {
  await src.writeParquet!(ws, "/tmp/qb/wide.parquet"); lap("write");
  await ws.run(`CREATE VIEW w AS SELECT * FROM read_parquet('/tmp/qb/wide.parquet')`); lap("view");
} else { await src.load(ws, "w"); lap("load"); }
await profileTable(ws.connection, "w"); lap("profile");
