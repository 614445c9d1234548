import { PGlite } from "@electric-sql/pglite";
import { vector } from "@electric-sql/pglite-pgvector";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPGliteStore } from "../pglite.js";
import { createPostgresStore } from "../store/postgres/postgres-store.js";
import { dropPrefixedTables, randomPrefix, testServerUrl } from "../store/postgres/test-databases.js";
import type { Store } from "../store/store.js";
import { runStoreConformance } from "../testing/store/run-store-conformance.js";
import { createPostgresRetriever } from "./postgres-retriever.js";
import { conceptEmbedder } from "./retriever-test-embedder.js";
import { runRetrieverTests } from "./retriever-tests.js";

/** The shared suite on a fresh PGlite, with or without pgvector. */
function pgliteSuite(name: string, withVector: boolean): void {
  let db: PGlite | undefined;
  runRetrieverTests({
    name,
    createStore: async (options) => {
      db = withVector ? new PGlite({ extensions: { vector } }) : new PGlite();
      return createPostgresStore(db, options);
    },
    createRetriever: (_store, options) => createPostgresRetriever({ db: db!, ...options }),
    destroy: async () => db?.close(),
  });
}

pgliteSuite("Postgres (PGlite, no pgvector)", false);
pgliteSuite("Postgres (PGlite + pgvector)", true);

if (testServerUrl) {
  const url = testServerUrl;
  const tablePrefix = randomPrefix("retr");
  let pool: pg.Pool | undefined;
  runRetrieverTests({
    name: "Postgres (server, pg.Pool)",
    createStore: async (options) => {
      pool = new pg.Pool({ connectionString: url, max: 5 });
      return createPostgresStore(pool, { ...options, tablePrefix });
    },
    createRetriever: (_store, options) => createPostgresRetriever({ db: pool!, tablePrefix, ...options }),
    destroy: async () => {
      if (!pool) return;
      await dropPrefixedTables(pool, tablePrefix);
      await pool.end();
    },
  });
}

describe("createPostgresRetriever's vector search", () => {
  const alice = { userId: "alice", tenantId: "acme" };
  const embedder = conceptEmbedder();
  let withVector: PGlite;
  let without: PGlite;
  beforeAll(() => {
    withVector = new PGlite({ extensions: { vector } });
    without = new PGlite();
  });
  afterAll(async () => {
    await withVector.close();
    await without.close();
  });

  async function seed(store: Store, embedding: number[]) {
    const doc = await store.documents.create(alice, {
      fileName: "a.txt",
      mediaType: "text/plain",
      sizeBytes: 1,
      metadata: { embedder: embedder.id },
    });
    await store.chunks.replace(alice, doc.id, [{ index: 0, page: 1, text: "Staff journeys.", embedding }]);
    await store.documents.update(alice, doc.id, { status: "processed" });
    return doc.id;
  }

  it("uses pgvector where the server has it, recording its migration once however many start", async () => {
    const tablePrefix = randomPrefix("v");
    const store = await createPostgresStore(withVector, { tablePrefix });
    const id = await seed(store, [0, 1, 1, 0, 0]);
    const retrievers = Array.from({ length: 3 }, () =>
      createPostgresRetriever({ db: withVector, tablePrefix, embedder }),
    );
    expect(retrievers[0]!.vectorSearch).toBeNull();
    const results = await Promise.all(retrievers.map((r) => r.search(alice, [id], "refund for a trip")));
    expect(results.map((hits) => hits.map((h) => h.vectorRank))).toEqual([[1], [1], [1]]);
    expect(retrievers.map((r) => r.vectorSearch)).toEqual(["pgvector", "pgvector", "pgvector"]);
    const { rows } = await withVector.query(
      `SELECT scope, version FROM "${tablePrefix}migrations" ORDER BY 1, 2`,
    );
    expect(rows).toEqual([
      { scope: "store", version: 1 },
      { scope: "store", version: 2 },
      { scope: "vector", version: 1 },
    ]);
  });

  it("keeps the vector column in step with the JSON, and NULL for what pgvector cannot hold", async () => {
    const tablePrefix = randomPrefix("v");
    const store = await createPostgresStore(withVector, { tablePrefix });
    expect(await createPostgresRetriever({ db: withVector, tablePrefix }).prepare()).toBe("pgvector");
    await seed(store, [0, 1, 1, 0, 0]);
    const doc = await seed(store, [0.5, 1e300]);
    await store.chunks.replace(alice, doc, [
      { index: 0, page: 1, text: "big", embedding: [1e300] },
      { index: 1, page: 1, text: "empty", embedding: [] },
      { index: 2, page: 1, text: "none" },
      { index: 3, page: 1, text: "fine", embedding: [0.25, -2] },
    ]);
    const { rows } = await withVector.query(
      `SELECT text, embedding_vector::text AS v FROM "${tablePrefix}chunks" ORDER BY text`,
    );
    expect(rows).toEqual([
      { text: "Staff journeys.", v: "[0,1,1,0,0]" },
      { text: "big", v: null },
      { text: "empty", v: null },
      { text: "fine", v: "[0.25,-2]" },
      { text: "none", v: null },
    ]);
  });

  it("compares in the process where pgvector is missing, or when told not to migrate", async () => {
    const tablePrefix = randomPrefix("n");
    const store = await createPostgresStore(without, { tablePrefix });
    const id = await seed(store, [0, 1, 1, 0, 0]);
    const retriever = createPostgresRetriever({ db: without, tablePrefix, embedder });
    expect((await retriever.search(alice, [id], "refund for a trip")).map((h) => h.vectorRank)).toEqual([1]);
    expect(retriever.vectorSearch).toBe("in-process");

    const otherPrefix = randomPrefix("n");
    const withTables = await createPostgresStore(withVector, { tablePrefix: otherPrefix });
    const other = await seed(withTables, [0, 1, 1, 0, 0]);
    const unmigrated = createPostgresRetriever({
      db: withVector,
      tablePrefix: otherPrefix,
      embedder,
      migrate: false,
    });
    expect((await unmigrated.search(alice, [other], "refund for a trip")).map((h) => h.vectorRank)).toEqual([
      1,
    ]);
    expect(unmigrated.vectorSearch).toBe("in-process");
  });

  it("works on createPGliteStore given the pgvector extension", async () => {
    const store = await createPGliteStore({ extensions: { vector } });
    try {
      const id = await seed(store, [0, 1, 1, 0, 0]);
      const retriever = createPostgresRetriever({ db: store.pglite, embedder });
      expect(await retriever.prepare()).toBe("pgvector");
      expect((await retriever.search(alice, [id], "refund for a trip")).map((h) => h.vectorRank)).toEqual([
        1,
      ]);
    } finally {
      await store.close();
    }
  });

  it("rejects a bad table prefix with INVALID_INPUT before touching the database", () => {
    expect(() => createPostgresRetriever({ db: without, tablePrefix: "Bad-Prefix" })).toThrow(
      expect.objectContaining({ code: "INVALID_INPUT" }),
    );
  });
});

// The vector column is computed on every chunk write: the Store must behave exactly as before with it.
let conformanceDb: PGlite | undefined;
runStoreConformance({
  name: "postgres (PGlite + pgvector column)",
  createStore: async (options) => {
    conformanceDb = new PGlite({ extensions: { vector } });
    const store = await createPostgresStore(conformanceDb, options);
    if ((await createPostgresRetriever({ db: conformanceDb }).prepare()) !== "pgvector") {
      throw new Error("the vector column was not created");
    }
    return store;
  },
  destroy: () => conformanceDb?.close(),
});
