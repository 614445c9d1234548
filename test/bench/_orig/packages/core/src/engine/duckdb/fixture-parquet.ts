import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import type { FixtureColumnType, FixtureTable } from "../../testing/engine/fixture-tables.js";
import { identifier, stringLiteral } from "./duckdb-lockdown.js";

const duckDbTypes: Record<FixtureColumnType, string> = {
  integer: "INTEGER",
  bigint: "BIGINT",
  double: "DOUBLE",
  text: "VARCHAR",
  boolean: "BOOLEAN",
  date: "DATE",
  timestamp: "TIMESTAMP",
};

/**
 * Writes fixture tables as Parquet files in `directory` (one `<index>.parquet` each), typed as the fixture
 * says, for tests of anything that reads Parquet (the DuckDB engine, ingest).
 */
export async function writeFixtureParquet(
  tables: readonly FixtureTable[],
  directory: string,
): Promise<{ name: string; parquetPath: string }[]> {
  const instance = await DuckDBInstance.create(":memory:");
  const connection = await instance.connect();
  try {
    const written: { name: string; parquetPath: string }[] = [];
    for (const [index, table] of tables.entries()) {
      const columns = table.columns.map((c) => `${identifier(c.name)} ${duckDbTypes[c.type]}`).join(", ");
      await connection.run(`CREATE TABLE fixture (${columns})`);
      // Values go in as text or numbers and DuckDB casts them, so dates and big integers stay exact.
      const casts = table.columns.map((c, i) => `CAST($${i + 1} AS ${duckDbTypes[c.type]})`).join(", ");
      for (const row of table.rows) {
        await connection.run(
          `INSERT INTO fixture VALUES (${casts})`,
          row.map((value) => (typeof value === "number" && Number.isInteger(value) ? String(value) : value)),
        );
      }
      const parquetPath = join(directory, `${index}.parquet`);
      await connection.run(`COPY fixture TO ${stringLiteral(parquetPath)} (FORMAT parquet)`);
      await connection.run("DROP TABLE fixture");
      written.push({ name: table.name, parquetPath });
    }
    return written;
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

/** Fixture tables as Parquet bytes, ready for `createDuckDbEngine({ tables })`. */
export async function fixtureParquetBytes(
  tables: readonly FixtureTable[],
): Promise<{ name: string; parquet: Uint8Array }[]> {
  const directory = await mkdtemp(join(tmpdir(), "quarry-fixtures-"));
  try {
    const written = await writeFixtureParquet(tables, directory);
    return await Promise.all(
      written.map(async ({ name, parquetPath }) => ({
        name,
        parquet: new Uint8Array(await readFile(parquetPath)),
      })),
    );
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
}
