import { createReadStream } from "node:fs";
import { join } from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { QuarryError } from "../errors/quarry-error.js";
import { evalData, tempFolder, vegaData } from "./fixtures/test-files.js";
import { ingestFile } from "./ingest-file.js";
import { quoteLiteral } from "./sql-quote.js";

let folder: Awaited<ReturnType<typeof tempFolder>>;
beforeAll(async () => {
  folder = await tempFolder();
});
afterAll(() => folder.cleanup());

/** Reads a Parquet file back with a fresh DuckDB: column names and types, and the rows. */
async function readBack(path: string) {
  const instance = await DuckDBInstance.create(":memory:");
  const connection = await instance.connect();
  try {
    const reader = await connection.runAndReadAll(`SELECT * FROM read_parquet(${quoteLiteral(path)})`);
    return {
      columns: reader.columnNames(),
      types: reader.columnTypes().map(String),
      rows: reader.getRowsJson(),
    };
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

describe("ingestFile with real data", () => {
  test("la-riots.csv: table name from the stem, sniffed types, profile and preview", async () => {
    const { tables, dispose } = await ingestFile({ path: join(vegaData, "la-riots.csv") });
    try {
      expect(tables).toHaveLength(1);
      const table = tables[0]!;
      expect(table).toMatchObject({ tableName: "la_riots", name: "la-riots", format: "csv", rowCount: 63 });
      expect(table.columns.map((c) => [c.name, c.kind])).toEqual([
        ["first_name", "string"],
        ["last_name", "string"],
        ["age", "integer"],
        ["gender", "string"],
        ["race", "string"],
        ["death_date", "date"],
        ["address", "string"],
        ["neighborhood", "string"],
        ["type", "string"],
        ["longitude", "number"],
        ["latitude", "number"],
      ]);
      const age = table.columns.find((c) => c.name === "age")!;
      expect(age).toMatchObject({ nullCount: 1, min: 15, max: 87 });
      expect(age.quantiles?.p50).toBeTypeOf("number");
      const deathDate = table.columns.find((c) => c.name === "death_date")!;
      expect(deathDate).toMatchObject({ min: "1992-04-29", max: "1993-11-24" });
      expect(table.preview.columns[0]).toEqual({ name: "first_name", type: "VARCHAR" });
      expect(table.preview.rows).toHaveLength(20);
      expect(table.preview).toMatchObject({ rowCount: 63, truncated: true });
      expect(table.sizeBytes).toBeGreaterThan(0);
      const back = await readBack(table.parquetPath);
      expect(back.rows).toHaveLength(63);
    } finally {
      await dispose();
    }
  });

  test("seattle-weather.csv: dates, numbers and the weather categories", async () => {
    const { tables, dispose } = await ingestFile({ path: join(evalData, "seattle-weather.csv") });
    try {
      const t = tables[0]!;
      expect(t.rowCount).toBe(1461);
      const date = t.columns.find((c) => c.name === "date")!;
      expect(date).toMatchObject({
        type: "DATE",
        kind: "date",
        min: "2012-01-01",
        max: "2015-12-31",
        distinctCount: 1461,
      });
      const weather = t.columns.find((c) => c.name === "weather")!;
      expect(weather.distinctCount).toBe(5);
      expect(weather.topValues?.[0]).toEqual({ value: "rain", count: 641 });
      expect(weather.topValues?.reduce((sum, v) => sum + v.count, 0)).toBe(1461);
      const temp = t.columns.find((c) => c.name === "temp_max")!;
      expect(temp.mean).toBeCloseTo(16.439, 2);
      expect(temp.std).toBeGreaterThan(0);
    } finally {
      await dispose();
    }
  });

  test("penguins.json: column names kept exactly, nulls counted", async () => {
    const { tables, dispose } = await ingestFile({ path: join(evalData, "penguins.json") });
    try {
      const t = tables[0]!;
      expect(t.format).toBe("json");
      expect(t.columns.map((c) => c.name)).toEqual([
        "Species",
        "Island",
        "Beak Length (mm)",
        "Beak Depth (mm)",
        "Flipper Length (mm)",
        "Body Mass (g)",
        "Sex",
      ]);
      expect(t.renamedColumns).toEqual([]);
      expect(t.columns.find((c) => c.name === "Beak Length (mm)")).toMatchObject({
        kind: "number",
        nullCount: 2,
      });
      expect(t.suggestions.map((s) => s.id)).toContain("missing-values:Beak Length (mm)");
      const back = await readBack(t.parquetPath);
      expect(back.columns).toContain("Beak Length (mm)");
    } finally {
      await dispose();
    }
  });

  test("unemployment.tsv: tabs detected as TSV", async () => {
    const { tables, dispose } = await ingestFile({ path: join(vegaData, "unemployment.tsv") });
    try {
      expect(tables[0]).toMatchObject({ tableName: "unemployment", format: "tsv", rowCount: 3218 });
      expect(tables[0]!.columns.map((c) => c.type)).toEqual(["BIGINT", "DOUBLE"]);
    } finally {
      await dispose();
    }
  });

  test("a slice of flights-3m.parquet keeps its schema", async () => {
    const instance = await DuckDBInstance.create(":memory:");
    const connection = await instance.connect();
    const slice = join(folder.path, "flights-slice.parquet");
    await connection.run(
      `COPY (SELECT * FROM read_parquet(${quoteLiteral(join(vegaData, "flights-3m.parquet"))}) LIMIT 20000) TO ${quoteLiteral(slice)} (FORMAT parquet)`,
    );
    connection.closeSync();
    instance.closeSync();
    const { tables, dispose } = await ingestFile({ path: slice, fileName: "flights.parquet" });
    try {
      expect(tables[0]).toMatchObject({ tableName: "flights", format: "parquet", rowCount: 20000 });
      expect(tables[0]!.columns.map((c) => [c.name, c.type])).toEqual([
        ["date", "TIMESTAMP"],
        ["delay", "BIGINT"],
        ["distance", "BIGINT"],
        ["origin", "VARCHAR"],
        ["destination", "VARCHAR"],
      ]);
    } finally {
      await dispose();
    }
  });

  test("a stream is spooled to disk and a given name sets the table name", async () => {
    const { tables, dispose } = await ingestFile(
      { stream: createReadStream(join(vegaData, "la-riots.csv")), fileName: "upload.bin" },
      { name: "Riots 1992" },
    );
    try {
      expect(tables[0]).toMatchObject({
        tableName: "riots_1992",
        name: "Riots 1992",
        format: "csv",
        rowCount: 63,
      });
    } finally {
      await dispose();
    }
  });

  test("dispose removes the temporary files", async () => {
    const { tables, dispose } = await ingestFile(
      { bytes: new TextEncoder().encode("a,b\n1,2\n"), fileName: "x.csv" },
      { workDir: folder.path },
    );
    const path = tables[0]!.parquetPath;
    expect(path.startsWith(folder.path)).toBe(true);
    await dispose();
    await expect(readBack(path)).rejects.toThrow();
  });

  test("a CSV past the exact-row limit is written in one pass and profiled from its Parquet copy, partly sampled", async () => {
    const lines = [
      "id,city",
      ...Array.from({ length: 30_000 }, (_, i) => `${i},${["Paris", "Lyon", "Nice"][i % 3]}`),
    ];
    const { tables, dispose } = await ingestFile(
      { bytes: new TextEncoder().encode(`${lines.join("\n")}\n`), fileName: "many.csv" },
      { profile: { exactRowLimit: 1_000, sampleRows: 1 } },
    );
    try {
      const table = tables[0]!;
      expect(table.rowCount).toBe(30_000);
      expect(table.profileSampleRows).toBeGreaterThan(2_047);
      const [id, city] = table.columns;
      expect(id).toMatchObject({
        nullCount: 0,
        min: 0,
        max: 29_999,
        profileSampleRows: table.profileSampleRows,
      });
      expect(city).toMatchObject({
        distinctCount: 3,
        topValues: [
          { value: "Lyon", count: 10_000 },
          { value: "Nice", count: 10_000 },
          { value: "Paris", count: 10_000 },
        ],
      });
      expect(city?.profileSampleRows).toBeUndefined();
      expect((await readBack(table.parquetPath)).rows).toHaveLength(30_000);
    } finally {
      await dispose();
    }
  });

  test("an aborted ingest is ABORTED", async () => {
    const controller = new AbortController();
    controller.abort();
    const error = await ingestFile(
      { path: join(vegaData, "la-riots.csv") },
      { signal: controller.signal },
    ).catch((e: unknown) => e);
    expect(QuarryError.is(error, "ABORTED")).toBe(true);
  });
});
