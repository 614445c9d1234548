/**
 * Runs setup.sql without psql: `DATABASE_URL=postgres://… npx tsx examples/postgres/setup.ts`. The same file
 * psql runs, with its variables filled in the way psql fills them (`:"name"` as an identifier, `:'name'` as
 * a literal) and its psql-only lines (`\set`, `\if`) left out. The tests run it too, on a server or PGlite.
 */
import { readFile } from "node:fs/promises";
import pg from "pg";
import { exitWithError, isMain } from "../shared/node-server.js";

/** The psql variables of setup.sql. */
export interface DemoDatabaseNames {
  /** The schema of the shop's tables. Default `shop`. */
  schema?: string;
  /** The read-only role. Default `quarry_reader`. */
  reader?: string;
  /** The read-only role's password. Default `quarry_reader`. */
  readerPassword?: string;
}

const identifier = /^[a-z_][a-z0-9_]{0,62}$/;

/** setup.sql with its variables filled in, ready for a client that runs several statements in one call. */
export async function demoSetupSql(names: DemoDatabaseNames = {}): Promise<string> {
  const values: Record<string, string> = {
    schema: names.schema ?? "shop",
    reader: names.reader ?? "quarry_reader",
    reader_password: names.readerPassword ?? "quarry_reader",
  };
  for (const name of ["schema", "reader"]) {
    if (!identifier.test(values[name]!)) throw new Error(`Invalid ${name} ${JSON.stringify(values[name])}.`);
  }
  const text = await readFile(new URL("./setup.sql", import.meta.url), "utf8");
  return text
    .split("\n")
    .filter((line) => !line.trimStart().startsWith("\\"))
    .join("\n")
    .replace(/:(["'])([a-z_]+)\1/g, (_match, quote: string, name: string) => {
      const value = values[name];
      if (value === undefined) throw new Error(`setup.sql uses an unknown variable ${name}.`);
      return `${quote}${value.replaceAll(quote, quote + quote)}${quote}`;
    });
}

/** From the command line: runs setup.sql against `DATABASE_URL`. */
async function main(): Promise<void> {
  const url = process.env.DATABASE_URL;
  if (!url) {
    throw new Error(
      "Set DATABASE_URL to the database's owner or an admin, e.g. postgres://postgres@127.0.0.1/postgres",
    );
  }
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const schema = process.env.SHOP_SCHEMA || "shop";
    const readerPassword = process.env.READER_PASSWORD || undefined;
    await client.query(await demoSetupSql({ schema, ...(readerPassword ? { readerPassword } : {}) }));
    console.log(`Created the schema ${schema} and the read-only role quarry_reader.`);
  } finally {
    await client.end();
  }
}

if (isMain(import.meta.url)) main().catch(exitWithError);
