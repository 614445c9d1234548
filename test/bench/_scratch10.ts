import { openWorkspace } from "../../packages/core/src/ingest/duckdb-workspace.js";
import { profileTable } from "../../packages/core/src/profile/profile-table.js";
import { suggestCleaning } from "../../packages/core/src/profile/suggestions.js";
const ws = await openWorkspace({ workDir: "/tmp/qb", readableFiles: [] });
await ws.run(`CREATE VIEW flights AS SELECT * FROM read_parquet('/tmp/qb/f.parquet')`);
// add a high-cardinality text column and nulls
await ws.run(`CREATE VIEW f2 AS SELECT *, CASE WHEN delay > 100 THEN NULL ELSE origin || '-' || destination || '-' || (distance % 1000) END AS route, ' ' || origin AS padded FROM flights`);
for (const opts of [{}, { exactRowLimit: 1e9 }]) {
  const t = performance.now();
  const p = await profileTable(ws.connection, "f2", opts);
  console.log("ms", Math.round(performance.now() - t), "sampleRows", p.sampleRows, "dups", p.duplicateRows);
  for (const c of p.columns) console.log(JSON.stringify({ ...c, sampleValues: undefined }));
  console.log(JSON.stringify(p.checks));
  console.log(suggestCleaning(p).map(s => s.message).join("\n"));
}
