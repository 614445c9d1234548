/**
 * The Postgres example: chat over an existing database through a read-only role. Quarry's own records
 * (sessions, messages, uploads) live in the same database under a schema of their own, written through the
 * owner's connection, so any number of app servers can share them. From the repository root, see README.md:
 *
 *   psql "$DATABASE_URL" -f examples/postgres/setup.sql
 *   node examples/postgres/build.mjs
 *   DATABASE_URL=… READER_URL=… npx tsx examples/postgres/server.ts
 */
import type { Server } from "node:http";
import { fileURLToPath } from "node:url";
import { createAdaptorServer } from "@hono/node-server";
import { createQuarry, type LanguageModel, sharedEngine } from "@quarry/core";
import {
  createPostgresBlobStore,
  createPostgresEngine,
  createPostgresStore,
  type PostgresClient,
  type PostgresEngine,
} from "@quarry/core/postgres";
import type { Hono } from "hono";
import pg from "pg";
import { createHostApp } from "../hono-server/host-app.js";
import { type ExampleApp, type HostOptions, hostOptionsFromEnv, hostParts } from "../shared/example-parts.js";
import { modelFromEnv } from "../shared/model-from-env.js";
import { exitWithError, isMain, serveUntilSignal } from "../shared/node-server.js";

/** Options of {@link createPostgresExampleApp}. */
export interface PostgresExampleOptions extends HostOptions {
  /** The read-only role's connection: every query of the chat runs through it. */
  reader: PostgresClient;
  /** The owner's (or an admin's) connection: Quarry's records and files are written through it. */
  owner: PostgresClient;
  /** The schema of the tables to chat over. Default `shop`. */
  schema?: string;
  /** The schema of Quarry's own tables (created when missing). Default `quarry`. */
  storeSchema?: string;
  model: LanguageModel;
  /**
   * Start even when the reader can write, with a loud warning. Default false: refuse, since only a
   * read-only role stops what no SQL guard can (a superuser may `COPY … TO PROGRAM` in a read-only
   * transaction).
   */
  allowWritableRole?: boolean;
}

/** The assembled app, not yet listening; `close()` leaves the connections open (they are the caller's). */
export interface PostgresExampleApp extends ExampleApp<Hono> {
  /** The engine over the shop, connected as the reader. */
  readonly engine: PostgresEngine;
}

/**
 * The engine over `schema` as the reader, checked to be read-only; the store and blobs in `storeSchema`
 * through the owner; and the Hono example's host app around them.
 */
export async function createPostgresExampleApp(options: PostgresExampleOptions): Promise<PostgresExampleApp> {
  const host = await hostParts(options, "node examples/postgres/build.mjs");
  const engine = await createPostgresEngine(options.reader, { schema: options.schema ?? "shop" });
  if (!engine.readOnlyRole) {
    const problem = `The role of READER_URL can change the schema ${engine.schema} (it is a superuser, may CREATE in it, or may write to one of its tables).`;
    if (!options.allowWritableRole) {
      await engine.close();
      throw new Error(
        `${problem} Connect as a role with SELECT only (setup.sql makes one), or set ALLOW_WRITABLE_ROLE=1.`,
      );
    }
    console.warn(
      `\n!!! WARNING: ${problem}\n!!! Quarry runs every query read-only, but only a read-only role is a real boundary.\n`,
    );
  }
  const storeSchema = options.storeSchema ?? "quarry";
  const store = await createPostgresStore(options.owner, { schema: storeSchema });
  const blobs = await createPostgresBlobStore(options.owner, { schema: storeSchema });
  const quarry = createQuarry({ store, blobs, model: options.model, engine: sharedEngine(engine) });
  return {
    app: createHostApp({ ...host, quarry }),
    quarry,
    engine,
    async close() {
      await quarry.close();
      await engine.close();
      await store.close();
      await blobs.close?.();
    },
  };
}

/** From the command line: the connections from the environment, until SIGINT or SIGTERM. */
async function main(): Promise<void> {
  const { DATABASE_URL, READER_URL } = process.env;
  if (!DATABASE_URL || !READER_URL) {
    throw new Error(
      "Set DATABASE_URL (the owner, for Quarry's own tables) and READER_URL (the read-only role, for the chat).",
    );
  }
  const owner = new pg.Pool({ connectionString: DATABASE_URL, max: 5 });
  const reader = new pg.Pool({ connectionString: READER_URL, max: 5 });
  const endPools = () => Promise.all([owner.end(), reader.end()]);
  const example = await createPostgresExampleApp({
    ...hostOptionsFromEnv(fileURLToPath(new URL(".", import.meta.url))),
    owner,
    reader,
    model: await modelFromEnv(),
    ...(process.env.SHOP_SCHEMA ? { schema: process.env.SHOP_SCHEMA } : {}),
    ...(process.env.QUARRY_STORE_SCHEMA ? { storeSchema: process.env.QUARRY_STORE_SCHEMA } : {}),
    allowWritableRole: process.env.ALLOW_WRITABLE_ROLE === "1",
  }).catch(async (error: unknown) => {
    await endPools();
    throw error;
  });
  const tables = (await example.engine.listTables()).map((t) => `${t.name} (${t.rowCount} rows)`);
  await serveUntilSignal(createAdaptorServer({ fetch: example.app.fetch }) as Server, {
    defaultPort: 3003,
    async onClose() {
      await example.close();
      await endPools();
    },
    banner: (url) =>
      `Quarry's Postgres example at ${url}/, chatting over ${example.engine.schema}: ${tables.join(", ")}`,
  });
}

if (isMain(import.meta.url)) main().catch(exitWithError);
