import { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPostgresBlobStore } from "../../blob/postgres-blob-store.js";
import { expectCode } from "../../testing.js";
import type { Store } from "../store.js";
import { type PostgresClient, type PostgresQueryResult, transactionStyle } from "./postgres-client.js";
import { createPostgresStore } from "./postgres-store.js";
import { dropPrefixedTables, randomPrefix, testServerUrl } from "./test-databases.js";

const principal = () => ({ userId: "alice", tenantId: `t-${Math.random().toString(36).slice(2)}` });
const text = (value: string) => [{ type: "text" as const, text: value }];

/** Makes the next statement matching `pattern` fail, once, wherever in a transaction it runs. */
class Fault {
  pattern: RegExp | null = null;
  check(sql: string): void {
    if (this.pattern?.test(sql)) {
      this.pattern = null;
      throw Object.assign(new Error("injected failure"), { code: "08006" });
    }
  }
}

/** The client with every statement, also those inside transactions, passing the fault first. */
function faulty(client: PostgresClient, fault: Fault): PostgresClient {
  const wrap = (inner: PostgresClient): PostgresClient => ({
    query: async (sql, params) => {
      fault.check(sql);
      return inner.query(sql, params);
    },
  });
  const shape = client as PostgresClient & {
    transaction?: <T>(body: (tx: PostgresClient) => Promise<T>) => Promise<T>;
    connect?: () => Promise<PostgresClient & { release(error?: Error | boolean): void }>;
  };
  const style = transactionStyle(client);
  if (style === "native" && shape.transaction) {
    const transaction = shape.transaction.bind(shape);
    return {
      ...wrap(client),
      transaction: (body: (tx: PostgresClient) => Promise<unknown>) => transaction((tx) => body(wrap(tx))),
    } as PostgresClient;
  }
  if (style === "pool" && shape.connect) {
    const connect = shape.connect.bind(shape);
    return {
      ...wrap(client),
      connect: async () => {
        const connection = await connect();
        return { ...wrap(connection), release: (error?: Error | boolean) => connection.release(error) };
      },
    } as PostgresClient;
  }
  return wrap(client);
}

/** A PGlite seen only through `query`: a single connection without `transaction()`. */
function queryOnly(db: PGlite): PostgresClient {
  return { query: (sql, params): Promise<PostgresQueryResult> => db.query(sql, params) };
}

/** What every transaction style must guarantee; `make` gives a store over a faulty client. */
function transactionTests(make: (fault: Fault) => Promise<Store>) {
  let store: Store;
  const fault = new Fault();
  beforeAll(async () => {
    store = await make(fault);
  });

  it("50 concurrent appends get 50 distinct consecutive seq values", async () => {
    const p = principal();
    const s = await store.sessions.create(p);
    const appended = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        store.messages.append(p, s.id, { role: "user", parts: text(`n${i}`) }),
      ),
    );
    expect(appended.map((m) => m.seq).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 50 }, (_, i) => i + 1),
    );
    expect((await store.messages.list(p, s.id)).map((m) => m.seq)).toEqual(
      Array.from({ length: 50 }, (_, i) => i + 1),
    );
  });

  it("a failure after the first writes of an append rolls all of them back", async () => {
    const p = principal();
    const s = await store.sessions.create(p);
    const first = await store.messages.append(p, s.id, { role: "user", parts: text("one") });
    const before = await store.sessions.get(p, s.id);
    // The seq was taken and the message inserted when the session's updated_at is written.
    fault.pattern = /SET updated_at = \$2::timestamptz WHERE id = \$1$/;
    const error = await expectCode(
      store.messages.append(p, s.id, { id: "rolled-back", role: "user", parts: text("two") }),
      "STORAGE_ERROR",
    );
    expect(error.cause).toMatchObject({ message: "injected failure" });
    expect(fault.pattern).toBeNull();
    expect(await store.messages.list(p, s.id)).toEqual([first]);
    expect(await store.messages.get(p, "rolled-back")).toBeNull();
    expect(await store.sessions.get(p, s.id)).toEqual(before);
    expect((await store.messages.append(p, s.id, { role: "user", parts: text("two") })).seq).toBe(2);
  });

  it("a failure while replacing chunks keeps the old chunks and count", async () => {
    const p = principal();
    const doc = await store.documents.create(p, { fileName: "a.txt", mediaType: "text/plain", sizeBytes: 3 });
    const old = await store.chunks.replace(p, doc.id, [{ index: 0, page: null, text: "old" }]);
    fault.pattern = /SET chunk_count/;
    await expectCode(
      store.chunks.replace(p, doc.id, [
        { index: 0, page: null, text: "new 0" },
        { index: 1, page: null, text: "new 1" },
      ]),
      "STORAGE_ERROR",
    );
    expect(await store.chunks.list(p, [doc.id])).toEqual(old);
    expect((await store.documents.get(p, doc.id))!.chunkCount).toBe(1);
  });

  it("concurrent attaches all land and the store keeps working after failures", async () => {
    const p = principal();
    const s = await store.sessions.create(p);
    fault.pattern = /SELECT .* FOR UPDATE/;
    await expectCode(store.sessions.attach(p, s.id, { datasetIds: ["lost"] }), "STORAGE_ERROR");
    await Promise.all(
      ["a", "b", "c", "d", "e"].map((id) => store.sessions.attach(p, s.id, { datasetIds: [id] })),
    );
    expect((await store.sessions.get(p, s.id))!.datasetIds.sort()).toEqual(["a", "b", "c", "d", "e"]);
  });
}

describe("transaction styles", () => {
  it("are told apart by the client's shape", () => {
    // PGlite's prototype has transaction(); an instance would start a database.
    expect(transactionStyle(Object.create(PGlite.prototype))).toBe("native");
    expect(transactionStyle(new pg.Pool())).toBe("pool");
    expect(transactionStyle(new pg.Client())).toBe("single");
    expect(transactionStyle({ query: async () => ({ rows: [] }) })).toBe("single");
    const checkedOut = Object.assign(new pg.Client(), { release: () => undefined });
    expect(transactionStyle(checkedOut)).toBe("single");
  });
});

// One PGlite for the file (starting one takes seconds); each group has tables of its own prefix.
let db: PGlite;
beforeAll(() => {
  db = new PGlite();
});
afterAll(() => db.close());

describe("PGlite with its own transaction()", () => {
  transactionTests((fault) => createPostgresStore(faulty(db, fault), { tablePrefix: "native_" }));
});

describe("a single connection (PGlite through query only): serialized BEGIN/COMMIT", () => {
  transactionTests((fault) => createPostgresStore(faulty(queryOnly(db), fault), { tablePrefix: "single_" }));

  it("shares its queue between a store and a blob store on the same connection", async () => {
    const client = queryOnly(db);
    const store = await createPostgresStore(client, { tablePrefix: "shared_" });
    const blobs = await createPostgresBlobStore(client, { tablePrefix: "shared_" });
    const p = principal();
    const s = await store.sessions.create(p);
    await Promise.all([
      ...Array.from({ length: 20 }, (_, i) =>
        store.messages.append(p, s.id, { role: "user", parts: text(`${i}`) }),
      ),
      ...Array.from({ length: 10 }, (_, i) => blobs.put(`k/${i}`, new Uint8Array(3000).fill(i))),
    ]);
    expect(await store.messages.list(p, s.id)).toHaveLength(20);
    expect(await blobs.list("k/")).toHaveLength(10);
  });
});

describe.skipIf(!testServerUrl)("a Postgres server", () => {
  const tablePrefix = randomPrefix("tx");
  const pool = new pg.Pool({ connectionString: testServerUrl, max: 8 });
  const client = new pg.Client({ connectionString: testServerUrl });
  beforeAll(() => client.connect());
  afterAll(async () => {
    await dropPrefixedTables(pool, tablePrefix);
    await Promise.all([pool.end(), client.end()]);
  });

  describe("through a pg.Pool", () => {
    transactionTests((fault) => createPostgresStore(faulty(pool, fault), { tablePrefix }));
  });

  describe("through a single pg.Client: serialized BEGIN/COMMIT", () => {
    transactionTests((fault) => createPostgresStore(faulty(client, fault), { tablePrefix }));

    it("works with the client itself (not wrapped)", async () => {
      const store = await createPostgresStore(client, { tablePrefix });
      const p = principal();
      const s = await store.sessions.create(p);
      await Promise.all(
        Array.from({ length: 50 }, (_, i) =>
          store.messages.append(p, s.id, { role: "user", parts: text(`${i}`) }),
        ),
      );
      expect((await store.messages.list(p, s.id)).map((m) => m.seq)).toEqual(
        Array.from({ length: 50 }, (_, i) => i + 1),
      );
      await store.close();
      expect((await client.query("SELECT 1 AS one")).rows).toEqual([{ one: 1 }]);
    });
  });
});

describe("database errors", () => {
  let store: Store;
  beforeAll(async () => {
    store = await createPostgresStore(db, { tablePrefix: "errors_" });
  });

  it("become STORAGE_ERROR with the driver's error as cause, without its text in the message", async () => {
    await db.query('ALTER TABLE "errors_sessions" ADD CONSTRAINT short_titles CHECK (length(title) < 5)');
    const error = await expectCode(
      store.sessions.create(principal(), { title: "too long" }),
      "STORAGE_ERROR",
    );
    expect(error.message).toBe("A database operation failed.");
    expect(error.details).toEqual({ sqlState: "23514" });
    expect((error.cause as Error).message).toMatch(/short_titles/);
    await db.query('ALTER TABLE "errors_sessions" DROP CONSTRAINT short_titles');
  });

  it("for characters Postgres cannot store (NUL) are INVALID_INPUT and write nothing", async () => {
    const p = principal();
    await expectCode(store.sessions.create(p, { title: "nul\u0000" }), "INVALID_INPUT");
    await expectCode(store.sessions.create(p, { metadata: { k: "nul\u0000" } }), "INVALID_INPUT");
    expect((await store.sessions.list(p)).items).toEqual([]);
  });
});
