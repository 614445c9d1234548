/**
 * The offline planner over the development question set, through the whole pipeline: each dataset is
 * ingested once, each case gets a session with its tables, and the answer's table is compared with the gold
 * SQL's result on the same engine (every gold column present, same multiset of rows, same order when the
 * gold query sorts; numbers to 1e-6 relative).
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMemoryBlobStore } from "../blob/memory-blob-store.js";
import { createQuarry } from "../chat/create-quarry.js";
import { createDuckDbEngineProvider } from "../engine/duckdb/duckdb-engine-provider.js";
import { ingestDataset } from "../ingest/ingest-dataset.js";
import type { Json } from "../model/common.js";
import type { Dataset } from "../model/dataset.js";
import type { Principal } from "../model/principal.js";
import { createMemoryStore } from "../store/memory-store.js";
import { createOfflineModel } from "./offline-model.js";

interface DevCase {
  id: string;
  tables: string[];
  question: string;
  sql: string;
}

const evalDir = fileURLToPath(new URL("../../../../../shared/eval/", import.meta.url));
const dev = JSON.parse(readFileSync(`${evalDir}dev.json`, "utf8")) as {
  datasets: Record<string, string>;
  cases: DevCase[];
};
const alice: Principal = { userId: "alice", tenantId: "acme" };

function sameValue(a: Json | undefined, b: Json | undefined): boolean {
  const x = typeof a === "string" && /^-?\d+(?:\.\d+)?$/.test(a) ? Number(a) : a;
  const y = typeof b === "string" && /^-?\d+(?:\.\d+)?$/.test(b) ? Number(b) : b;
  if (typeof x === "number" && typeof y === "number") {
    return x === y || Math.abs(x - y) <= 1e-6 * Math.max(Math.abs(x), Math.abs(y));
  }
  return JSON.stringify(x ?? null) === JSON.stringify(y ?? null);
}

function sameRows(gold: Json[][], answer: Json[][], ordered: boolean): boolean {
  if (gold.length !== answer.length) return false;
  const rowEq = (g: Json[], a: Json[]) => g.every((v, i) => sameValue(v, a[i]));
  if (ordered) return gold.every((g, i) => rowEq(g, answer[i] as Json[]));
  const left = [...answer];
  return gold.every((g) => {
    const at = left.findIndex((a) => rowEq(g, a));
    if (at < 0) return false;
    left.splice(at, 1);
    return true;
  });
}

/** Whether some choice of answer columns, one per gold column, reproduces the gold rows. */
function answerMatches(
  gold: Json[][],
  goldWidth: number,
  answer: Json[][],
  width: number,
  ordered: boolean,
): boolean {
  const choose = (picked: number[]): boolean => {
    if (picked.length === goldWidth) {
      return sameRows(
        gold,
        answer.map((row) => picked.map((i) => row[i] as Json)),
        ordered,
      );
    }
    for (let i = 0; i < width; i++) if (!picked.includes(i) && choose([...picked, i])) return true;
    return false;
  };
  return choose([]);
}

describe("the offline planner on the dev question set", () => {
  const store = createMemoryStore();
  const blobs = createMemoryBlobStore();
  const engines = createDuckDbEngineProvider({ blobs });
  const datasets = new Map<string, Dataset>();

  beforeAll(async () => {
    for (const [name, file] of Object.entries(dev.datasets)) {
      const { datasets: ingested } = await ingestDataset({
        store,
        blobs,
        principal: alice,
        source: { path: `${evalDir}${file}` },
        name,
      });
      datasets.set(name, ingested[0]?.dataset as Dataset);
    }
  });
  afterAll(async () => {
    await engines.close();
  });

  it("answers at least 90% of the cases like the gold SQL", async () => {
    const quarry = createQuarry({
      store,
      blobs,
      principal: alice,
      engine: engines,
      model: createOfflineModel(),
    });
    const failures: string[] = [];
    for (const c of dev.cases) {
      const chosen = c.tables.map((t) => datasets.get(t) as Dataset);
      const session = await store.sessions.create(alice, { datasetIds: chosen.map((d) => d.id) });
      let answer: { rows: Json[][]; columns: unknown[] } | undefined;
      let text = "";
      let sql = "";
      for await (const event of quarry.chat(session.id, c.question)) {
        if (event.type !== "done") continue;
        for (const part of event.message.parts) {
          if (part.type === "table") answer = { rows: part.rows, columns: part.columns };
          if (part.type === "text") text += part.text;
          if (part.type === "sql") sql = part.sql;
        }
      }
      const lease = await engines.acquire({ principal: alice, session, datasets: chosen });
      const gold = await lease.engine.query(c.sql);
      await lease.release();
      const ordered = /\border\s+by\b/i.test(c.sql);
      const ok =
        answer !== undefined &&
        answerMatches(gold.rows, gold.columns.length, answer.rows, answer.columns.length, ordered);
      if (!ok) failures.push(`${c.id} "${c.question}"\n    sql: ${sql || "(none)"}\n    said: ${text}`);
    }
    await quarry.close();
    const accuracy = (dev.cases.length - failures.length) / dev.cases.length;
    console.log(
      `offline planner dev accuracy: ${(accuracy * 100).toFixed(1)}% (${dev.cases.length - failures.length}/${dev.cases.length})`,
    );
    if (failures.length > 0) console.log(`failing cases:\n  ${failures.join("\n  ")}`);
    expect(accuracy).toBeGreaterThanOrEqual(0.9);
  });
});
