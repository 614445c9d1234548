/**
 * The Postgres example (examples/postgres) over real HTTP: setup.sql makes the shop and its read-only role,
 * the app chats over the shop as that role and keeps its own records in a schema of their own.
 *
 * On the Postgres server of `QUARRY_TEST_PG_URL` (e.g. `postgres://postgres@127.0.0.1:5432/test`) the schemas
 * and the role get names no other run uses and are dropped afterwards. Without it the same flow runs on
 * PGlite, a single connection as the owner, where the role checks do not apply.
 */
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import type { Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { createAdaptorServer } from "@hono/node-server";
import { createOfflineModel } from "@quarry/core/offline";
import type { PostgresClient } from "@quarry/core/postgres";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createPostgresExampleApp, type PostgresExampleApp } from "../../examples/postgres/server.js";
import { demoSetupSql } from "../../examples/postgres/setup.js";
import { buildExampleClient } from "../../examples/shared/build-client.mjs";
import { type RunningServer, startServer } from "../../examples/shared/node-server.js";
import { tableOf, Visitor } from "./example-kit.js";

const serverUrl = process.env.QUARRY_TEST_PG_URL || undefined;
const noRoles = "PGlite is one connection, as its owner: there is no read-only role to connect as";

describe(`the Postgres example on ${serverUrl ? "a Postgres server" : "PGlite"}`, () => {
  const suffix = randomBytes(4).toString("hex");
  const names = {
    schema: `qx_shop_${suffix}`,
    reader: `qx_reader_${suffix}`,
    readerPassword: `pw-${suffix}`,
  };
  const storeSchema = `qx_store_${suffix}`;
  const secret = randomBytes(32).toString("base64url");
  let dir: string;
  let clientDir: string;
  let owner: PostgresClient & { end?(): Promise<void>; close?(): Promise<void> };
  let reader: PostgresClient & { end?(): Promise<void> };
  let example: PostgresExampleApp;
  let server: RunningServer;
  /** What the app printed with `console.warn` as it started. */
  let warnings: string[] = [];
  /** A count the test runs itself, as the owner. */
  const countOf = async (sql: string) =>
    Number(((await owner.query(sql)).rows[0] as { n: number | string }).n);

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "quarry-pg-example-"));
    clientDir = (await buildExampleClient({ outDir: join(dir, "client") })).outDir;
    const sql = await demoSetupSql(names);
    if (serverUrl) {
      const admin = new pg.Pool({ connectionString: serverUrl, max: 3 });
      await admin.query(sql);
      const readerUrl = new URL(serverUrl);
      readerUrl.username = names.reader;
      readerUrl.password = names.readerPassword;
      owner = admin;
      reader = new pg.Pool({ connectionString: readerUrl.href, max: 3 });
    } else {
      const pglite = new PGlite();
      await pglite.exec(sql);
      owner = pglite;
      reader = pglite;
    }
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    example = await createPostgresExampleApp({
      owner,
      reader,
      schema: names.schema,
      storeSchema,
      model: createOfflineModel(),
      clientDir,
      secret,
      allowWritableRole: !serverUrl,
    }).finally(() => {
      warnings = warn.mock.calls.map((call) => call.join(" "));
      warn.mockRestore();
    });
    server = await startServer(createAdaptorServer({ fetch: example.app.fetch }) as Server, {
      port: 0,
      onClose: example.close,
    });
  });

  afterAll(async () => {
    await server?.close();
    if (serverUrl && owner) {
      await reader?.end?.();
      await owner.query(`DROP SCHEMA IF EXISTS "${names.schema}" CASCADE`);
      await owner.query(`DROP SCHEMA IF EXISTS "${storeSchema}" CASCADE`);
      await owner.query(`DROP ROLE IF EXISTS "${names.reader}"`);
      await owner.end?.();
    } else {
      await owner?.close?.();
    }
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it("makes a shop of a few thousand related rows", async () => {
    const s = names.schema;
    expect(await countOf(`SELECT count(*) AS n FROM "${s}".customers`)).toBe(240);
    expect(await countOf(`SELECT count(*) AS n FROM "${s}".orders`)).toBe(1200);
    expect(await countOf(`SELECT count(*) AS n FROM "${s}".order_items`)).toBe(2400);
    // Every line points at an order and a product that exist (the foreign keys hold).
    expect(
      await countOf(
        `SELECT count(*) AS n FROM "${s}".order_items i JOIN "${s}".orders o USING (order_id) JOIN "${s}".products p USING (product_id)`,
      ),
    ).toBe(2400);
    expect((await example.engine.listTables()).map((t) => t.name).sort()).toEqual([
      "customers",
      "order_items",
      "orders",
      "products",
    ]);
  });

  it.skipIf(!serverUrl)(
    `connects as a role that may read and nothing else (skipped: ${noRoles})`,
    async () => {
      expect(example.engine.readOnlyRole).toBe(true);
      const current = await reader.query("SELECT current_user AS name");
      expect((current.rows[0] as { name: string }).name).toBe(names.reader);
      const write = reader.query(
        `INSERT INTO "${names.schema}".orders (order_id, customer_id, ordered_at, status) VALUES (99999, 1, '2025-01-01', 'pending')`,
      );
      await expect(write).rejects.toThrow(/permission denied/);
      await expect(reader.query(`CREATE TABLE "${names.schema}".pwned (x int)`)).rejects.toThrow(
        /permission denied/,
      );
      // Quarry's own tables are out of the reader's reach too.
      await expect(reader.query(`SELECT * FROM "${storeSchema}".quarry_sessions`)).rejects.toThrow(
        /permission denied/,
      );
    },
  );

  it("refuses to start over a role that can write, or warns loudly when told to start anyway", async () => {
    // On the server the reader is read-only, so nothing to warn about; PGlite's only role is the owner.
    expect(warnings).toEqual(
      serverUrl ? [] : [expect.stringMatching(/WARNING: The role of READER_URL can change/)],
    );
    await expect(
      createPostgresExampleApp({
        owner,
        reader: owner,
        schema: names.schema,
        storeSchema,
        model: createOfflineModel(),
        clientDir,
        secret,
      }),
    ).rejects.toThrow(/can change the schema .*ALLOW_WRITABLE_ROLE/);
  });

  it("answers over the shop as the reader, matching the counts SQL gives, and keeps the chat in its own schema", async () => {
    const alice = new Visitor(server.url);
    expect((await alice.signIn("alice")).status).toBe(303);
    const sessionId = await alice.createSession();

    const cancelled = tableOf(await alice.ask(sessionId, "How many orders were cancelled?", "json"));
    const expected = await countOf(
      `SELECT count(*) AS n FROM "${names.schema}".orders WHERE status = 'cancelled'`,
    );
    expect(expected).toBeGreaterThan(0);
    expect(cancelled.rows.map((row) => row.map(Number))).toEqual([[expected]]);

    const byCountry = tableOf(await alice.ask(sessionId, "Number of customers by country", "sse"));
    const grouped = await owner.query(
      `SELECT country, count(*)::int AS n FROM "${names.schema}".customers GROUP BY 1 ORDER BY 1`,
    );
    expect(byCountry.rows.map(([country, n]) => [country, Number(n)])).toEqual(
      (grouped.rows as { country: string; n: number }[]).map((row) => [row.country, row.n]),
    );

    const stored = await countOf(`SELECT count(*) AS n FROM "${storeSchema}".quarry_messages`);
    expect(stored).toBe(4);
    // Bob, another user of the same app, cannot open alice's conversation.
    const bob = new Visitor(server.url);
    await bob.signIn("bob");
    expect((await bob.fetch(`/api/quarry/sessions/${sessionId}`)).status).toBe(404);
  });
});
