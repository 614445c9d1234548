import { expect } from "vitest";
import type { DatasetCreate } from "../../model/dataset.js";
import { expectCode, type StoreTestContext } from "./harness.js";

type Define = (name: string, body: () => Promise<void>) => void;

/** A dataset as an ingest would record it. */
export const sampleDataset: DatasetCreate = {
  name: "Seattle weather",
  tableName: "weather",
  format: "csv",
  rowCount: 1461,
  sizeBytes: 48_219,
  sourceFileName: "seattle-weather.csv",
  blobKey: "datasets/weather/v1.parquet",
  columns: [
    {
      name: "date",
      type: "DATE",
      kind: "date",
      nullCount: 0,
      nullRate: 0,
      distinctCount: 1461,
      min: "2012-01-01",
      max: "2015-12-31",
    },
    {
      name: "Cost Total $",
      type: "DOUBLE",
      kind: "number",
      nullCount: 3,
      nullRate: 0.002,
      distinctCount: 111,
      min: 0,
      max: 55.9,
      mean: 3.03,
      std: 6.68,
      quantiles: { p25: 0, p50: 0, p75: 2.8 },
      outlierCount: 206,
      topValues: [{ value: 0, count: 838 }],
      sampleValues: [0, 10.9, 0.8],
    },
  ],
  glossary: [{ term: "wet day", meaning: "a day with precipitation", sql: "precipitation > 0" }],
  suggestions: [
    {
      id: "missing-values:Cost Total $",
      kind: "missing-values",
      column: "Cost Total $",
      count: 3,
      message: "3 rows have no Cost Total $.",
      operations: [{ op: "fill-nulls", column: "Cost Total $", strategy: "median" }],
    },
  ],
};

/** Datasets: create, versions, glossary, soft delete. */
export function datasetTests(test: Define, { store, principal }: StoreTestContext): void {
  test("datasets.create stores version 1 with its column profile", async () => {
    const p = principal();
    const d = await store().datasets.create(p, sampleDataset);
    expect(d).toMatchObject({
      ...sampleDataset,
      ownerId: p.userId,
      tenantId: p.tenantId,
      version: 1,
      deletedAt: null,
    });
    expect(await store().datasets.get(p, d.id)).toEqual(d);
    expect(await store().datasets.get({ ...p, userId: "mallory" }, d.id)).toBeNull();
  });

  test("datasets.create rejects invalid datasets", async () => {
    const p = principal();
    await expectCode(store().datasets.create(p, { ...sampleDataset, rowCount: -1 }), "INVALID_INPUT");
    await expectCode(
      store().datasets.create(p, { ...sampleDataset, format: "docx" } as never),
      "INVALID_INPUT",
    );
    await expectCode(
      store().datasets.create(p, { ...sampleDataset, columns: [{ name: "x" }] } as never),
      "INVALID_INPUT",
    );
    expect(await store().datasets.list(p)).toEqual([]);
  });

  test("datasets.newVersion makes version n+1 and keeps earlier versions readable", async () => {
    const p = principal();
    const v1 = await store().datasets.create(p, sampleDataset);
    const v2 = await store().datasets.newVersion(p, v1.id, {
      rowCount: 1400,
      blobKey: "datasets/weather/v2.parquet",
    });
    expect(v2).toMatchObject({
      id: v1.id,
      version: 2,
      rowCount: 1400,
      tableName: "weather",
      columns: v1.columns,
    });
    const v3 = await store().datasets.newVersion(p, v1.id, { tableName: "weather_clean" });
    expect(v3).toMatchObject({ version: 3, rowCount: 1400, tableName: "weather_clean" });
    expect(await store().datasets.get(p, v1.id)).toEqual(v3);
    expect(await store().datasets.get(p, v1.id, { version: 1 })).toEqual(v1);
    expect(await store().datasets.get(p, v1.id, { version: 9 })).toBeNull();
    expect((await store().datasets.versions(p, v1.id)).map((d) => d.version)).toEqual([1, 2, 3]);
    expect(await store().datasets.list(p)).toEqual([v3]);
    await expectCode(
      store().datasets.newVersion({ ...p, userId: "mallory" }, v1.id, { rowCount: 1 }),
      "NOT_FOUND",
    );
    await expectCode(store().datasets.newVersion(p, v1.id, { rowCount: "many" } as never), "INVALID_INPUT");
    expect(await store().datasets.versions({ ...p, userId: "mallory" }, v1.id)).toEqual([]);
  });

  test("datasets.list gives the latest version of each, optionally only the ids asked for", async () => {
    const p = principal();
    const a = await store().datasets.create(p, { ...sampleDataset, name: "a" });
    const b = await store().datasets.create(p, { ...sampleDataset, name: "b" });
    const b2 = await store().datasets.newVersion(p, b.id, { rowCount: 1 });
    const names = (await store().datasets.list(p)).map((d) => `${d.name}@${d.version}`).sort();
    expect(names).toEqual(["a@1", "b@2"]);
    expect(await store().datasets.list(p, { ids: [b.id, "missing"] })).toEqual([b2]);
    expect(await store().datasets.list(p, { ids: [] })).toEqual([]);
    expect(await store().datasets.list({ ...p, userId: "mallory" }, { ids: [a.id] })).toEqual([]);
  });

  test("datasets.setGlossary replaces the glossary of the latest version", async () => {
    const p = principal();
    const d = await store().datasets.create(p, sampleDataset);
    const glossary = [{ term: "hot day", meaning: "max temperature above 30", sql: "temp_max > 30" }];
    const updated = await store().datasets.setGlossary(p, d.id, glossary);
    expect(updated).toMatchObject({ version: 1, glossary });
    expect((await store().datasets.get(p, d.id))!.glossary).toEqual(glossary);
    await expectCode(store().datasets.setGlossary(p, d.id, [{ term: "" } as never]), "INVALID_INPUT");
    await expectCode(store().datasets.setGlossary({ ...p, userId: "mallory" }, d.id, []), "NOT_FOUND");
    expect((await store().datasets.get(p, d.id))!.glossary).toEqual(glossary);
  });

  test("datasets.softDelete hides every version from its owner and is NOT_FOUND for others", async () => {
    const p = principal();
    const d = await store().datasets.create(p, sampleDataset);
    await store().datasets.newVersion(p, d.id, { rowCount: 2 });
    await expectCode(store().datasets.softDelete({ ...p, userId: "mallory" }, d.id), "NOT_FOUND");
    expect(await store().datasets.get(p, d.id)).not.toBeNull();
    await store().datasets.softDelete(p, d.id);
    expect(await store().datasets.get(p, d.id)).toBeNull();
    expect(await store().datasets.get(p, d.id, { version: 1 })).toBeNull();
    expect(await store().datasets.list(p)).toEqual([]);
    expect(await store().datasets.versions(p, d.id)).toEqual([]);
    await expectCode(store().datasets.softDelete(p, d.id), "NOT_FOUND");
    await expectCode(store().datasets.newVersion(p, d.id, { rowCount: 3 }), "NOT_FOUND");
  });
}
