import { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { createPostgresBlobStore } from "../../blob/postgres-blob-store.js";
import { expectCode } from "../../testing.js";
import { appliedVersions } from "./migrations.js";
import { createSqlDatabase, type PostgresClient } from "./postgres-client.js";
import { createPostgresStore } from "./postgres-store.js";
import { resolveTableNames } from "./table-names.js";
import { dropPrefixedTables, randomPrefix, testServerUrl } from "./test-databases.js";

const alice = { userId: "alice", tenantId: "acme" };

async function tablesOf(client: PostgresClient, schema: string, prefix: string): Promise<string[]> {
  const { rows } = await client.query(
    "SELECT tablename FROM pg_tables WHERE schemaname = $1 AND starts_with(tablename, $2) ORDER BY tablename",
    [schema, prefix],
  );
  return (rows as { tablename: string }[]).map((row) => row.tablename);
}

async function migrationRows(client: PostgresClient, table: string): Promise<string[]> {
  const { rows } = await client.query(`SELECT scope, version FROM ${table} ORDER BY scope, version`);
  return (rows as { scope: string; version: number }[]).map((row) => `${row.scope}@${row.version}`);
}

describe("table names", () => {
  it("accepts lower-case prefixes and schemas of up to 31 characters", () => {
    for (const ok of ["quarry_", "_x", "a", "app2_", "a".repeat(31)]) {
      expect(resolveTableNames({ tablePrefix: ok }).table("sessions")).toBe(`"${ok}sessions"`);
      expect(resolveTableNames({ schema: ok }).table("sessions")).toBe(`"${ok}"."quarry_sessions"`);
    }
  });

  it("rejects anything else with INVALID_INPUT, before touching the database", async () => {
    const client = { query: vi.fn() };
    for (const bad of [
      "",
      "Quarry_",
      "1abc",
      "a-b",
      "a b",
      'x"; DROP TABLE users; --',
      "a".repeat(32),
      "ü",
    ]) {
      expect(() => resolveTableNames({ tablePrefix: bad })).toThrow(/Invalid table prefix/);
      expect(() => resolveTableNames({ schema: bad })).toThrow(/Invalid schema name/);
      await expectCode(createPostgresStore(client, { tablePrefix: bad }), "INVALID_INPUT");
      await expectCode(createPostgresBlobStore(client, { schema: bad }), "INVALID_INPUT");
    }
    expect(client.query).not.toHaveBeenCalled();
  });

  it("gives different prefixes and schemas different migration locks", () => {
    const keys = [
      {},
      { tablePrefix: "other_" },
      { schema: "app" },
      { schema: "app", tablePrefix: "other_" },
    ].map((options) => resolveTableNames(options).lockKey.join(":"));
    expect(new Set(keys).size).toBe(4);
    expect(resolveTableNames().lockKey).toEqual(resolveTableNames({ tablePrefix: "quarry_" }).lockKey);
  });
});

describe("migrations on PGlite", () => {
  // One database for the group (starting PGlite takes seconds); each test uses tables of its own prefix.
  let db: PGlite;
  let prefix: string;
  beforeAll(() => {
    db = new PGlite();
  });
  afterAll(() => db.close());
  beforeEach(() => {
    prefix = randomPrefix("m");
  });

  it("are idempotent: a second start applies nothing and keeps the data", async () => {
    const first = await createPostgresStore(db, { tablePrefix: prefix });
    const session = await first.sessions.create(alice, { title: "kept" });
    const second = await createPostgresStore(db, { tablePrefix: prefix });
    expect(await second.sessions.get(alice, session.id)).toEqual(session);
    expect(await migrationRows(db, `"${prefix}migrations"`)).toEqual(["store@1", "store@2"]);
    await createPostgresBlobStore(db, { tablePrefix: prefix });
    await createPostgresBlobStore(db, { tablePrefix: prefix });
    expect(await migrationRows(db, `"${prefix}migrations"`)).toEqual(["blob@1", "store@1", "store@2"]);
    const names = resolveTableNames({ tablePrefix: prefix });
    expect(await appliedVersions(createSqlDatabase(db), names, "store")).toEqual([1, 2]);
  });

  it("take no lock and run no DDL when everything is applied already", async () => {
    await createPostgresStore(db, { tablePrefix: prefix });
    const sent: string[] = [];
    const recording: PostgresClient = {
      query: (sql, params) => {
        sent.push(sql);
        return db.query(sql, params);
      },
    };
    await createPostgresStore(recording, { tablePrefix: prefix });
    expect(sent).toHaveLength(2);
    expect(sent.join("\n")).not.toMatch(/CREATE|pg_advisory|BEGIN/);
  });

  it("are safe when several migrators start at once (the advisory lock works on PGlite)", async () => {
    const options = { tablePrefix: prefix };
    const stores = await Promise.all([
      createPostgresStore(db, options),
      createPostgresStore(db, options),
      createPostgresBlobStore(db, options),
      createPostgresStore(db, options),
      createPostgresBlobStore(db, options),
    ]);
    expect(stores).toHaveLength(5);
    expect(await migrationRows(db, `"${prefix}migrations"`)).toEqual(["blob@1", "store@1", "store@2"]);
  });

  it("use the default prefix quarry_ and keep stores of different prefixes apart", async () => {
    const byDefault = await createPostgresStore(db);
    const other = await createPostgresStore(db, { tablePrefix: prefix });
    const session = await byDefault.sessions.create(alice);
    expect(await other.sessions.get(alice, session.id)).toBeNull();
    expect(await tablesOf(db, "public", "quarry_")).toContain("quarry_sessions");
    expect(await tablesOf(db, "public", prefix)).toContain(`${prefix}sessions`);
  });

  it("create a custom schema and put every table in it", async () => {
    const options = { schema: "quarry_data", tablePrefix: prefix };
    const store = await createPostgresStore(db, options);
    await createPostgresBlobStore(db, options);
    const session = await store.sessions.create(alice, { title: "in a schema" });
    await store.messages.append(alice, session.id, { role: "user", parts: [{ type: "text", text: "hi" }] });
    const tables = [
      "audit",
      "blob_chunks",
      "blobs",
      "chunks",
      "datasets",
      "documents",
      "feedback",
      "messages",
      "migrations",
      "session_memory",
      "sessions",
    ];
    expect(await tablesOf(db, "quarry_data", prefix)).toEqual(tables.map((table) => `${prefix}${table}`));
    expect(await tablesOf(db, "public", prefix)).toEqual([]);
  });

  it("can be left to a deploy step: migrate: false neither creates nor needs to create tables", async () => {
    const unmigrated = await createPostgresStore(db, { tablePrefix: prefix, migrate: false });
    expect(await tablesOf(db, "public", prefix)).toEqual([]);
    const error = await expectCode(unmigrated.sessions.list(alice), "STORAGE_ERROR");
    expect(error.details).toEqual({ sqlState: "42P01" });
    expect(error.cause).toBeInstanceOf(Error);
    await createPostgresStore(db, { tablePrefix: prefix });
    expect((await unmigrated.sessions.list(alice)).items).toEqual([]);
  });
});

describe.skipIf(!testServerUrl)("migrations on a Postgres server", () => {
  const pools: pg.Pool[] = [];
  const prefix = randomPrefix("mig");
  const schema = `qt_schema_${Math.random().toString(36).slice(2, 10)}`;
  const pool = () => {
    const created = new pg.Pool({ connectionString: testServerUrl, max: 3 });
    pools.push(created);
    return created;
  };

  afterAll(async () => {
    const admin = pools[0] ?? pool();
    await dropPrefixedTables(admin, prefix);
    await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await Promise.all(pools.map((p) => p.end()));
  });

  it("run once when several processes start at once, and again finds nothing to do", async () => {
    // Separate pools stand for separate processes: each migrator has its own connections.
    const starts = Array.from({ length: 6 }, (_, i) =>
      i % 2 === 0
        ? createPostgresStore(pool(), { tablePrefix: prefix })
        : createPostgresBlobStore(pool(), { tablePrefix: prefix }),
    );
    await Promise.all(starts);
    const admin = pools[0]!;
    expect(await migrationRows(admin, `"${prefix}migrations"`)).toEqual(["blob@1", "store@1", "store@2"]);
    const store = await createPostgresStore(admin, { tablePrefix: prefix });
    const session = await store.sessions.create(alice);
    await createPostgresStore(admin, { tablePrefix: prefix });
    expect(await store.sessions.get(alice, session.id)).toEqual(session);
    expect(await migrationRows(admin, `"${prefix}migrations"`)).toEqual(["blob@1", "store@1", "store@2"]);
  });

  it("create the schema once even when migrators race to it", async () => {
    const stores = await Promise.all(
      Array.from({ length: 4 }, () => createPostgresStore(pool(), { schema, tablePrefix: prefix })),
    );
    const session = await stores[0]!.sessions.create(alice);
    expect(await stores[3]!.sessions.get(alice, session.id)).toEqual(session);
    expect(await tablesOf(pools[0]!, schema, prefix)).toContain(`${prefix}sessions`);
  });
});
