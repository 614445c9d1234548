import { DuckDBInstance } from "@duckdb/node-api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { duckDbValueToJson } from "./duckdb-values.js";

describe("duckDbValueToJson", () => {
  let instance: DuckDBInstance;
  beforeAll(async () => {
    instance = await DuckDBInstance.create(":memory:");
  });
  afterAll(() => instance.closeSync());

  it("turns every common DuckDB type into the documented JSON form", async () => {
    const connection = await instance.connect();
    const reader = await connection.runAndReadAll(`SELECT
      42::BIGINT, 9007199254740993::BIGINT, 12345678901234567890::HUGEINT, 1.50::DECIMAL(10,2),
      DATE '2024-01-02', TIMESTAMP '2024-01-02 03:04:05.123', TIMESTAMPTZ '2024-01-02 03:04:05+02',
      TIMESTAMP '1969-12-31 23:59:59.999', TIMESTAMP '2024-01-02 03:04:05.123456',
      [1, 2], {'x': 1, 'y': 'b'}, 'ab'::BLOB, TIME '10:00:01.5', true, 'nan'::DOUBLE, '-inf'::DOUBLE, NULL::INT,
      MAP {'k': 1}, 2.25::FLOAT, 'héllo'`);
    const row = reader.getRows()[0]!.map(duckDbValueToJson);
    expect(row).toEqual([
      42,
      "9007199254740993",
      "12345678901234567890",
      1.5,
      "2024-01-02",
      "2024-01-02T03:04:05.123",
      "2024-01-02T01:04:05.000Z",
      "1969-12-31T23:59:59.999",
      "2024-01-02T03:04:05.123456",
      [1, 2],
      { x: 1, y: "b" },
      "YWI=",
      "10:00:01.5",
      true,
      "NaN",
      "-Infinity",
      null,
      { k: 1 },
      2.25,
      "héllo",
    ]);
    connection.closeSync();
  });
});
