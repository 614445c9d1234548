import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDuckDbEngine } from "../duckdb/duckdb-engine.js";
import type { SqlEngine } from "../sql-engine.js";
import { createDuckDbWasmEngine } from "./duckdb-wasm-engine.js";
import { createNativeTestParser } from "./native-test-parser.js";
import { createNodeDuckDbWasm } from "./node-loader.js";
import { parquetToArrowIpc } from "./parquet-to-arrow.js";

/** Every flat type an ingested table can hold, with nulls, extremes and sub-millisecond timestamps. */
const typedSelect = `SELECT
  i::INTEGER AS int, (i % 100)::TINYINT AS tiny, (i * 10)::SMALLINT AS small, i::UBIGINT AS ubig,
  CASE WHEN i = 0 THEN 9007199254740993 ELSE i * 1000000000000 END::BIGINT AS big,
  i / 3 AS dbl, (i / 7)::FLOAT AS flt, (i * 1.25)::DECIMAL(10,2) AS dec,
  (12345678901234567.891 + i)::DECIMAL(38,3) AS wide_dec, (i % 600 * -1.5)::DECIMAL(4,1) AS small_dec,
  CASE WHEN i % 3 = 0 THEN NULL ELSE 'row ' || i END AS text, i % 2 = 0 AS flag,
  DATE '1969-12-30' + i::INTEGER * 400 AS day,
  TIMESTAMP '2024-01-06 10:30:00.123456' + i * INTERVAL 1 HOUR AS ts,
  TIMESTAMPTZ '2024-01-06 10:30:00.5+00' + i * INTERVAL 1 DAY AS tstz,
  TIMESTAMP_MS '2024-01-01 00:00:00.5' AS ts_ms, TIMESTAMP_NS '2024-01-01 00:00:00.000001' AS ts_ns,
  TIME '10:30:00.25' AS t, 'a'::ENUM('a', 'b') AS e, 'bytes'::BLOB AS blob, NULL::VARCHAR AS nothing,
  'ünïcødé ' || i AS utf8
FROM range(2500) t(i)`;

describe("Parquet written by native DuckDB, read through hyparquet", () => {
  let directory: string;
  let parquet: Uint8Array;
  let native: SqlEngine;
  let wasm: SqlEngine;
  let parser: Awaited<ReturnType<typeof createNativeTestParser>>;

  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), "quarry-wasm-parquet-"));
    const path = join(directory, "typed.parquet");
    const instance = await DuckDBInstance.create(":memory:");
    const connection = await instance.connect();
    // As ingest writes the canonical copy (zstd), with small row groups so several are read.
    await connection.run(
      `COPY (${typedSelect}) TO '${path}' (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE 1000)`,
    );
    connection.closeSync();
    instance.closeSync();
    parquet = new Uint8Array(await readFile(path));
    parser = await createNativeTestParser();
    native = await createDuckDbEngine({ tables: [{ name: "typed", parquet }] });
    wasm = await createDuckDbWasmEngine({
      db: await createNodeDuckDbWasm(),
      tables: [{ name: "typed", parquet }],
      parser: parser.parser,
    });
  });
  afterAll(async () => {
    await wasm?.close();
    await native?.close();
    parser?.close();
    await rm(directory, { recursive: true, force: true });
  });

  it("is read one row group at a time", async () => {
    let streams = 0;
    for await (const _ of parquetToArrowIpc("typed", parquet)) streams++;
    expect(streams).toBe(2); // DuckDB rounds row groups up to 2048 rows: 2048 + 452.
  });

  it("keeps the column types DuckDB's own Parquet reader gives, and the row count", async () => {
    const [a, b] = await Promise.all([native.describeTable("typed"), wasm.describeTable("typed")]);
    expect(b.rowCount).toBe(2500);
    expect(b.columns).toEqual(a.columns);
  });

  it("gives every value exactly as the native engine reading the same file", async () => {
    const sql = "SELECT * FROM typed ORDER BY int";
    const [a, b] = await Promise.all([
      native.query(sql, { maxRows: 2500 }),
      wasm.query(sql, { maxRows: 2500 }),
    ]);
    expect(b.columns).toEqual(a.columns);
    const differing = b.rows.flatMap((row, r) =>
      row.flatMap((cell, c) =>
        JSON.stringify(cell) === JSON.stringify(a.rows[r]?.[c])
          ? []
          : [`${a.columns[c]?.name}[${r}]: ${JSON.stringify(a.rows[r]?.[c])} vs ${JSON.stringify(cell)}`],
      ),
    );
    expect(differing.slice(0, 10)).toEqual([]);
    expect(b.rows[0]?.slice(0, 5)).toEqual([0, 0, 0, 0, "9007199254740993"]);
  });
});

describe("Parquet the WASM engine refuses", () => {
  it("refuses nested columns, which the canonical copy stores as JSON text", async () => {
    const directory = await mkdtemp(join(tmpdir(), "quarry-wasm-nested-"));
    try {
      const path = join(directory, "nested.parquet");
      const instance = await DuckDBInstance.create(":memory:");
      const connection = await instance.connect();
      await connection.run(`COPY (SELECT [1, 2] AS list, {'a': 1} AS s) TO '${path}' (FORMAT parquet)`);
      connection.closeSync();
      instance.closeSync();
      const bytes = new Uint8Array(await readFile(path));
      await expect(async () => {
        for await (const _ of parquetToArrowIpc("nested", bytes)) {
          // Reading is enough to fail.
        }
      }).rejects.toThrow(/nested columns/);
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  });
});
