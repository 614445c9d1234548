import type { Principal, Store } from "@quarry/core";
import { createIndexedDbStore } from "@quarry/core/indexeddb";
import { createMemoryStore } from "@quarry/core/memory";
import { createPGliteStore } from "@quarry/core/pglite";
import { createPostgresStore } from "@quarry/core/postgres";
import "fake-indexeddb/auto";
import { IDBFactory } from "fake-indexeddb";
import pg from "pg";
import { type BenchSection, ms, percentile, printSection, ratio, timeRuns } from "./bench-kit.js";

/**
 * Store adapters under the work a chat does: append a message to a session (the hot path of every turn),
 * list recent sessions with a search, and 50 concurrent appends to one session. Ratios are against the
 * in-memory store measured in the same run.
 */
export async function storeBench(): Promise<BenchSection> {
  const adapters: [string, () => Promise<{ store: Store; done: () => Promise<void> }>][] = [
    ["memory (baseline)", async () => ({ store: createMemoryStore(), done: async () => {} })],
    [
      "IndexedDB (fake-indexeddb)",
      async () => ({
        store: await createIndexedDbStore({ name: `bench-${Date.now()}`, indexedDB: new IDBFactory() }),
        done: async () => {},
      }),
    ],
    ["PGlite (in memory)", async () => ({ store: await createPGliteStore({}), done: async () => {} })],
  ];
  const url = process.env.QUARRY_TEST_PG_URL;
  if (url) {
    adapters.push([
      "Postgres server (pg.Pool)",
      async () => {
        const pool = new pg.Pool({ connectionString: url, max: 10 });
        const prefix = `qbench_${Math.random().toString(36).slice(2, 8)}_`;
        const store = await createPostgresStore(pool, { tablePrefix: prefix });
        return {
          store,
          done: async () => {
            const { rows } = await pool.query<{ tablename: string }>(
              "SELECT tablename FROM pg_tables WHERE tablename LIKE $1",
              [`${prefix}%`],
            );
            for (const { tablename } of rows) await pool.query(`DROP TABLE IF EXISTS "${tablename}" CASCADE`);
            await pool.end();
          },
        };
      },
    ]);
  }

  const results: { name: string; append: number[]; list: number[]; burst: number[] }[] = [];
  for (const [name, open] of adapters) {
    const { store, done } = await open();
    const alice: Principal = { userId: "alice", tenantId: `bench-${name}` };
    for (let i = 0; i < 50; i++) {
      const s = await store.sessions.create(alice, {
        title: `Session ${i} about ${i % 2 ? "rain" : "cars"}`,
      });
      await store.messages.append(alice, s.id, {
        role: "user",
        parts: [{ type: "text", text: "average mpg?" }],
      });
    }
    const session = await store.sessions.create(alice, { title: "hot" });
    const append = await timeRuns(
      () =>
        store.messages.append(alice, session.id, {
          role: "assistant",
          parts: [{ type: "text", text: "42" }],
        }),
      200,
      10,
    );
    const list = await timeRuns(() => store.sessions.list(alice, { search: "rain", limit: 20 }), 50, 3);
    const burst = await timeRuns(async () => {
      const s = await store.sessions.create(alice, {});
      await Promise.all(
        Array.from({ length: 50 }, () => store.messages.append(alice, s.id, { role: "user", parts: [] })),
      );
    }, 5);
    results.push({ name, append, list, burst });
    await store.close();
    await done();
  }

  const base = results[0]!;
  const p50 = (values: number[]) => percentile(values, 50);
  return {
    title: "Store adapters",
    command: "npm run bench:store",
    table: [
      [
        "adapter",
        "append p50 ms",
        "vs memory",
        "search list p50 ms",
        "vs memory",
        "50 concurrent appends ms",
        "vs memory",
      ],
      ...results.map((r) => [
        r.name,
        ms(p50(r.append)),
        ratio(p50(r.append), p50(base.append)),
        ms(p50(r.list)),
        ratio(p50(r.list), p50(base.list)),
        ms(p50(r.burst)),
        ratio(p50(r.burst), p50(base.burst)),
      ]),
    ],
    notes: [
      "50 sessions with a message each; `append` is one message to a session; `search list` finds 25 of 50.",
    ],
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  printSection(await storeBench());
}
