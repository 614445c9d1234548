import { describe, expect, it, vi } from "vitest";
import { previewFile } from "./file-preview.js";

const csvOf = (rows: number) =>
  ["city,temp,note", ...Array.from({ length: rows }, (_, i) => `City ${i},${i}.5,"a, b"`)].join("\n");

describe("previewFile", () => {
  it("reads the first 50 rows of a CSV with PapaParse, as the file writes them", async () => {
    const preview = await previewFile(new File([csvOf(80)], "cities.csv"));
    expect(preview?.columns).toEqual([
      { name: "city", type: "VARCHAR" },
      { name: "temp", type: "DOUBLE" },
      { name: "note", type: "VARCHAR" },
    ]);
    expect(preview?.rows).toHaveLength(50);
    expect(preview?.rows[0]).toEqual(["City 0", "0.5", "a, b"]);
    expect(preview?.truncated).toBe(true);

    const short = await previewFile(new File([`${csvOf(3)}\n\n`], "cities.csv"), { rows: 10 });
    expect(short?.rows).toHaveLength(3);
    expect(short?.truncated).toBe(false);
  });

  it("reads TSV, and text files only when they look like a table", async () => {
    const tsv = await previewFile(new File(["a\tb\n1\t2\n"], "x.tsv"));
    expect(tsv).toMatchObject({ columns: [{ name: "a" }, { name: "b" }], rows: [["1", "2"]] });
    const semicolons = await previewFile(new File(["name;age\nAda;36\nAlan;41\n"], "people.txt"));
    expect(semicolons?.rows).toEqual([
      ["Ada", "36"],
      ["Alan", "41"],
    ]);
    const prose = "Dear team,\nthe numbers are in.\nSee you soon.\n";
    expect(await previewFile(new File([prose], "notes.txt"))).toBeNull();
    expect(await previewFile(new File(["a,b\n1,2\n"], "unnamed"))).toMatchObject({ rows: [["1", "2"]] });
  });

  it("names empty headers, keeps ragged rows and survives malformed CSV", async () => {
    const ragged = await previewFile(new File([",b\n1,2,3\n4\n"], "ragged.csv"));
    expect(ragged?.columns.map((c) => c.name)).toEqual(["column_1", "b", "column_3"]);
    expect(ragged?.rows).toEqual([
      ["1", "2", "3"],
      ["4", null, null],
    ]);
    // An opening quote that never closes swallows the rest: shown clipped, never thrown.
    const unclosed = `a,b\n1,"never closed\n${"x".repeat(5000)}\n3,4\n`;
    const broken = await previewFile(new File([unclosed], "broken.csv"));
    expect(broken?.rows[0]?.[0]).toBe("1");
    expect(String(broken?.rows[0]?.[1]).length).toBeLessThanOrEqual(500);
    for (const bytes of [
      new Uint8Array([0, 1, 2, 3, 0, 255]),
      new Uint8Array(0),
      new TextEncoder().encode("  \n"),
    ]) {
      expect(await previewFile(new File([bytes], "weird.csv"))).toBeNull();
    }
  });

  it("decodes Latin-1 and UTF-16 text", async () => {
    const latin1 = new Uint8Array([
      ...new TextEncoder().encode("city\n"),
      0x5a,
      0xfc,
      0x72,
      0x69,
      0x63,
      0x68,
      0x0a,
    ]);
    expect((await previewFile(new File([latin1], "swiss.csv")))?.rows).toEqual([["Zürich"]]);
    const text = "city,n\nZürich,1\n";
    const utf16 = new Uint8Array(2 + text.length * 2);
    utf16.set([0xff, 0xfe]);
    for (let i = 0; i < text.length; i++) utf16[2 + i * 2] = text.charCodeAt(i);
    expect((await previewFile(new File([utf16], "swiss.csv")))?.rows).toEqual([["Zürich", "1"]]);
  });

  it("reads JSON arrays and NDJSON without PapaParse, nested values as text", async () => {
    const records = Array.from({ length: 60 }, (_, i) => ({
      id: i,
      ok: i % 2 === 0,
      tags: ["x"],
      more: i === 1 ? 2 : undefined,
    }));
    const array = await previewFile(new File([JSON.stringify(records, null, 2)], "records.json"));
    expect(array?.columns).toEqual([
      { name: "id", type: "DOUBLE" },
      { name: "ok", type: "BOOLEAN" },
      { name: "tags", type: "VARCHAR" },
      { name: "more", type: "DOUBLE" },
    ]);
    expect(array?.rows.slice(0, 2)).toEqual([
      [0, true, '["x"]', null],
      [1, false, '["x"]', 2],
    ]);
    expect(array).toMatchObject({ truncated: true });
    expect(array?.rows).toHaveLength(50);

    const scalars = await previewFile(new File(['[1, "two", null]'], "values.json"));
    expect(scalars).toMatchObject({
      columns: [{ name: "value" }],
      rows: [[1], ["two"], [null]],
      truncated: false,
    });

    const ndjson = '{"a":1}\n{"a":2,"b":"x"}\n{broken\n{"a":4}\n';
    const lines = await previewFile(new File([ndjson], "events.ndjson"));
    expect(lines).toMatchObject({
      rows: [
        [1, null],
        [2, "x"],
      ],
      truncated: true,
    });
    expect(await previewFile(new File(["[{broken"], "bad.json"))).toBeNull();
  });

  it("has no instant preview for Excel and Parquet, and reads nothing of them", async () => {
    for (const name of ["book.xlsx", "table.parquet"]) {
      const file = new File([new Uint8Array([0x50, 0x4b, 3, 4])], name);
      const slice = vi.spyOn(file, "slice");
      expect(await previewFile(file)).toBeNull();
      expect(slice).not.toHaveBeenCalled();
    }
    // Known by its bytes too, whatever its name says.
    expect(await previewFile(new File([new TextEncoder().encode("PAR1....")], "data"))).toBeNull();
  });

  it("reads only a slice of a big file, leaving out the row the slice cuts", async () => {
    const big = csvOf(200_000);
    const file = new File([big], "big.csv");
    expect(file.size).toBeGreaterThan(4_000_000);
    const slice = vi.spyOn(file, "slice");
    const whole = vi.spyOn(file, "arrayBuffer");
    const text = vi.spyOn(file, "text");
    const preview = await previewFile(file, { rows: 1_000, maxBytes: 4_000 });
    expect(slice).toHaveBeenCalledWith(0, 4_000);
    expect(whole).not.toHaveBeenCalled();
    expect(text).not.toHaveBeenCalled();
    const expected = big.slice(0, 4_000).split("\n").length - 2;
    expect(preview?.rows).toHaveLength(expected);
    expect(preview?.rows.at(-1)).toEqual([`City ${expected - 1}`, `${expected - 1}.5`, "a, b"]);
    expect(preview?.truncated).toBe(true);

    // The same for JSON: the elements before the cut show.
    const json = JSON.stringify(Array.from({ length: 50_000 }, (_, i) => ({ i })));
    const partial = await previewFile(new File([json], "big.json"), { rows: 1_000, maxBytes: 1_000 });
    expect(partial?.rows.length).toBeGreaterThan(50);
    expect(partial?.rows.at(-1)).toEqual([partial!.rows.length - 1]);
    expect(partial?.truncated).toBe(true);
  });
});
