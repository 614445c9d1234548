import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { QuarryError } from "../errors/quarry-error.js";
import { tempFolder } from "./fixtures/test-files.js";
import { ingestFile } from "./ingest-file.js";

let folder: Awaited<ReturnType<typeof tempFolder>>;
beforeAll(async () => {
  folder = await tempFolder();
});
afterAll(() => folder.cleanup());

/** Ingests bytes named `fileName` and returns the single table (files removed right after). */
async function ingestText(fileName: string, content: string | Uint8Array) {
  const bytes = typeof content === "string" ? new TextEncoder().encode(content) : content;
  const { tables, dispose } = await ingestFile({ bytes, fileName });
  await dispose();
  expect(tables).toHaveLength(1);
  return tables[0]!;
}

const names = (t: { columns: { name: string }[] }) => t.columns.map((c) => c.name);

describe("CSV ingest", () => {
  test("odd and duplicate header names are kept or made unique, never renamed by DuckDB", async () => {
    const t = await ingestText("odd.csv", 'a,a,,"Cost Total $",select,X,x\n1,2,3,4,5,6,7\n');
    expect(names(t)).toEqual(["a", "a_2", "column_3", "Cost Total $", "select", "X", "x_2"]);
    expect(t.renamedColumns.map((r) => r.name)).toEqual(["a_2", "column_3", "x_2"]);
    expect(t.preview.rows).toEqual([[1, 2, 3, 4, 5, 6, 7]]);
  });

  test("header cells keep their spaces", async () => {
    const t = await ingestText("spaces.csv", " padded ,b\n1,2\n");
    expect(names(t)).toEqual([" padded ", "b"]);
  });

  test("a header-only file is a table with those columns and no rows", async () => {
    const t = await ingestText("header.csv", "x,y,z\n");
    expect(names(t)).toEqual(["x", "y", "z"]);
    expect(t.rowCount).toBe(0);
    expect(t.columns.every((c) => c.nullCount === 0 && c.nullRate === 0)).toBe(true);
    expect(t.suggestions).toEqual([]);
    expect(t.preview).toMatchObject({ rows: [], rowCount: 0, truncated: false });
  });

  test("ragged rows: short rows are padded with nulls, a longer row adds a column", async () => {
    const t = await ingestText("ragged.csv", "a,b,c\n1,2,3\n4,5\n6,7,8,9\n");
    expect(names(t)).toEqual(["a", "b", "c", "column_4"]);
    expect(t.preview.rows).toEqual([
      [1, 2, 3, null],
      [4, 5, null, null],
      [6, 7, 8, 9],
    ]);
  });

  test("a row with more fields than the sniffer saw is a clear INVALID_FILE", async () => {
    const lines = ["a,b", ...Array.from({ length: 30_000 }, (_, i) => `${i},${i}`), "1,2,3,4"];
    const error = await ingestText("long-row.csv", `${lines.join("\n")}\n`).catch((e: unknown) => e);
    expect(QuarryError.is(error, "INVALID_FILE")).toBe(true);
    expect((error as Error).message).toMatch(/long-row\.csv.*(Expected Number of Columns|columns)/i);
    expect((error as Error).message).not.toMatch(/quarry-|\/tmp\//);
  });

  test("a file without a header row gets column_1, column_2, …", async () => {
    const t = await ingestText("numbers.csv", "1,2.5,x\n3,4.5,y\n");
    expect(names(t)).toEqual(["column_1", "column_2", "column_3"]);
    expect(t.rowCount).toBe(2);
  });

  test("UTF-16 with a BOM", async () => {
    const bytes = new Uint8Array([0xff, 0xfe, ...Buffer.from("name,n\nZoë,1\n", "utf16le")]);
    const t = await ingestText("utf16.csv", bytes);
    expect(t.preview.rows).toEqual([["Zoë", 1]]);
  });

  test("Latin-1 text is read as Latin-1", async () => {
    const bytes = new Uint8Array([
      ...Buffer.from("name,city\n"),
      ...Buffer.from("José,München\nAnn,Zürich\n", "latin1"),
    ]);
    const t = await ingestText("latin1.csv", bytes);
    expect(t.preview.rows).toEqual([
      ["José", "München"],
      ["Ann", "Zürich"],
    ]);
  });

  test("Latin-1 bytes that first appear past the sniffed sample switch the whole file to Latin-1", async () => {
    const head = Buffer.from(`name,n\n${"plain,1\n".repeat(12_000)}`);
    const bytes = new Uint8Array([...head, ...Buffer.from("Müller,2\n", "latin1")]);
    const t = await ingestText("late-latin1.csv", bytes);
    expect(t.rowCount).toBe(12_001);
    expect(t.columns.find((c) => c.name === "name")?.topValues).toContainEqual({ value: "Müller", count: 1 });
  });

  test("UTF-8 with a BOM: the BOM is not part of the first name", async () => {
    const t = await ingestText("bom.csv", "\uFEFFid,name\n1,Zoë\n");
    expect(names(t)).toEqual(["id", "name"]);
    expect(t.preview.rows).toEqual([[1, "Zoë"]]);
  });

  test("a value that contradicts the sniffed type further down makes that column text", async () => {
    const lines = [
      "id,v,w",
      ...Array.from({ length: 30_000 }, (_, i) => `${i},${i * 2},${i}`),
      "30000,oops,1",
    ];
    const t = await ingestText("late-type.csv", `${lines.join("\n")}\n`);
    expect(t.rowCount).toBe(30_001);
    expect(t.columns.map((c) => c.type)).toEqual(["BIGINT", "VARCHAR", "BIGINT"]);
    const mixed = t.suggestions.find((s) => s.id === "mixed-types:v");
    expect(mixed?.operations).toEqual([{ op: "cast", column: "v", to: "integer" }]);
  });

  test("quoted fields with delimiters, quotes and newlines; semicolons as delimiter", async () => {
    const t = await ingestText("quoted.csv", 'name;note\n"Smith; J.";"said ""hi""\nthen left"\nDoe;plain\n');
    expect(names(t)).toEqual(["name", "note"]);
    expect(t.preview.rows).toEqual([
      ["Smith; J.", 'said "hi"\nthen left'],
      ["Doe", "plain"],
    ]);
  });
});
