import { expect, test } from "vitest";
import { ingestFile } from "./ingest-file.js";

// 10,000 columns cost DuckDB seconds in the sniffer, the Parquet writer and any per-column aggregate; the
// profiler's long path keeps the rest linear. Its own file so it runs beside the other suites.
test("a CSV with 10,000 columns is ingested and profiled", async () => {
  const width = 10_000;
  const header = Array.from({ length: width }, (_, i) => (i === 5 ? "" : i === 7 ? "c6" : `c${i}`)).join(",");
  const row = (r: number) =>
    Array.from({ length: width }, (_, i) => (i % 2 ? String((i * r) % 97) : `t${r % 2}`)).join(",");
  const bytes = new TextEncoder().encode(`${header}\n${row(1)}\n${row(2)}\n${row(3)}\n`);
  const { tables, dispose } = await ingestFile({ bytes, fileName: "wide.csv" });
  try {
    const t = tables[0]!;
    expect(t.columns).toHaveLength(width);
    expect(t.rowCount).toBe(3);
    expect(t.columns.slice(4, 8).map((c) => c.name)).toEqual(["c4", "column_6", "c6", "c6_2"]);
    expect(t.columns[9_999]).toMatchObject({
      name: "c9999",
      kind: "integer",
      nullCount: 0,
      distinctCount: 3,
    });
    expect(t.columns[9_998]).toMatchObject({ name: "c9998", kind: "string", distinctCount: 2 });
    expect(t.columns[9_998]?.topValues).toEqual([
      { value: "t1", count: 2 },
      { value: "t0", count: 1 },
    ]);
    expect(t.preview.rows[0]).toHaveLength(width);
    expect(t.duplicateRows).toBe(0);
  } finally {
    await dispose();
  }
}, 60_000);
