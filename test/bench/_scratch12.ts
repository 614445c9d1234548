import { spawnSync } from "node:child_process";
const file = process.argv[1]!;
if (process.argv[2] === "child") {
  const [, , , variant, csv] = process.argv;
  const mod = variant === "orig" ? await import("./_orig/packages/core/src/ingest/ingest-file.js") : await import("../../packages/core/src/ingest/ingest-file.js");
  const t = performance.now(); const c0 = process.cpuUsage();
  const r = await mod.ingestFile({ path: csv }, variant === "exact" ? { profile: { exactRowLimit: 1e12 } } : {});
  const u = process.cpuUsage(c0);
  const out = { wall: performance.now() - t, cpu: (u.user + u.system) / 1000, rss: process.resourceUsage().maxRSS / 1024, dups: r.tables[0].duplicateRows };
  await r.dispose();
  console.log(JSON.stringify(out));
  process.exit(0);
}
const csv = process.argv[2] ?? "/tmp/qb/flights.csv";
const variants: [string, Record<string, string>][] = (process.argv[3] ?? "orig,table,dupdistinct,exact,current").split(",").map((v) => [v, v === "table" ? { QX_TABLE: "1" } : v === "dupdistinct" ? { QX_DUP: "1" } : {}]);
const res: Record<string, { wall: number; cpu: number; rss: number }[]> = {};
for (let rep = 0; rep < Number(process.env.REPS ?? 3); rep++) for (const [v, env] of variants) {
  const p = spawnSync(process.execPath, [...process.execArgv, file, "child", v, csv], { env: { ...process.env, ...env }, encoding: "utf8" });
  const line = p.stdout.trim().split("\n").at(-1)!;
  try { (res[v] ??= []).push(JSON.parse(line)); } catch { console.log(v, p.stdout, p.stderr.slice(-2000)); }
}
const m = (a: number[]) => Math.round([...a].sort((x, y) => x - y)[Math.floor(a.length / 2)]!);
for (const [v, rs] of Object.entries(res)) console.log(v.padEnd(12), "wall", m(rs.map(r => r.wall)), "cpu", m(rs.map(r => r.cpu)), "rss", m(rs.map(r => r.rss)), rs.map(r => Math.round(r.wall)).join(" "));
