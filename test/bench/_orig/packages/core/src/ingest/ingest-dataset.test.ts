import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { createMemoryBlobStore } from "../blob/memory-blob-store.js";
import { QuarryError } from "../errors/quarry-error.js";
import { DatasetSchema } from "../model/dataset.js";
import { createMemoryStore } from "../store/memory-store.js";
import type { Store } from "../store/store.js";
import { datasetBlobKey, keySegment } from "./blob-keys.js";
import { evalData, storedState, vegaData, xlsxBytes } from "./fixtures/test-files.js";
import { ingestDataset } from "./ingest-dataset.js";

const principal = { userId: "u1", tenantId: "t1" };
const text = (s: string) => new TextEncoder().encode(s);

function setup() {
  return { store: createMemoryStore(), blobs: createMemoryBlobStore() };
}

describe("ingestDataset", () => {
  test("stores the Parquet copy and a dataset record with profile and suggestions", async () => {
    const { store, blobs } = setup();
    const { datasets } = await ingestDataset({
      store,
      blobs,
      principal,
      source: { path: join(evalData, "penguins.json") },
    });
    expect(datasets).toHaveLength(1);
    const { dataset, preview } = datasets[0]!;
    expect(DatasetSchema.parse(dataset)).toEqual(dataset);
    expect(dataset).toMatchObject({
      name: "penguins",
      tableName: "penguins",
      format: "json",
      rowCount: 344,
      version: 1,
      ownerId: "u1",
      tenantId: "t1",
      sourceFileName: "penguins.json",
    });
    expect(dataset.columns.map((c) => c.name)).toContain("Beak Length (mm)");
    expect(dataset.suggestions.length).toBeGreaterThan(0);
    expect(dataset.blobKey).toBe(`tenants/t1/users/u1/datasets/${keySegment(dataset.id)}/v1.parquet`);
    const blob = await blobs.head(dataset.blobKey!);
    expect(blob).toMatchObject({ contentType: "application/vnd.apache.parquet" });
    expect(dataset.sizeBytes).toBeGreaterThan(blob!.size);
    expect(preview.rows.length).toBe(20);
    expect(await store.datasets.get(principal, dataset.id)).toEqual(dataset);
  });

  test("a workbook with several sheets gives several datasets", async () => {
    const { store, blobs } = setup();
    const bytes = xlsxBytes({ North: [["x"], [1]], South: [["y"], [2]] });
    const { datasets } = await ingestDataset({
      store,
      blobs,
      principal,
      source: { bytes, fileName: "Regions.xlsx" },
    });
    expect(datasets.map((d) => [d.dataset.name, d.dataset.tableName, d.dataset.metadata.sheet])).toEqual([
      ["Regions / North", "regions_north", "North"],
      ["Regions / South", "regions_south", "South"],
    ]);
    expect(await blobs.list("")).toHaveLength(2);
  });

  test("renamed columns are recorded in the metadata", async () => {
    const { store, blobs } = setup();
    const { datasets } = await ingestDataset({
      store,
      blobs,
      principal,
      source: { bytes: text("a,a,\n1,2,3\n"), fileName: "x.csv" },
    });
    expect(datasets[0]!.dataset.metadata.renamedColumns).toEqual([
      { name: "a_2", sourceName: "a", reason: "duplicate" },
      { name: "column_3", sourceName: null, reason: "empty" },
    ]);
  });

  test("ids with any characters become safe key segments", () => {
    expect(keySegment("acme.inc/../x")).toBe("acme_2Einc_2F_2E_2E_2Fx");
    expect(keySegment("ü")).toBe("_C3_BC");
    expect(keySegment("x".repeat(200))).toMatch(/^h-[0-9a-f]{40}$/);
    expect(datasetBlobKey({ tenantId: "a b", userId: "u_1" }, "d1", 3, "n1")).toBe(
      "tenants/a_20b/users/u_5F1/datasets/d1/v3-n1.parquet",
    );
  });

  test("when the record cannot be created, the blob written is deleted", async () => {
    const { store, blobs } = setup();
    const failing: Store = {
      ...store,
      datasets: {
        ...store.datasets,
        create: async () => {
          throw new QuarryError("STORAGE_ERROR", "disk full");
        },
      },
    };
    const error = await ingestDataset({
      store: failing,
      blobs,
      principal,
      source: { path: join(vegaData, "la-riots.csv") },
    }).catch((e: unknown) => e);
    expect(QuarryError.is(error, "STORAGE_ERROR")).toBe(true);
    expect(await storedState(store, blobs, principal)).toEqual({ datasets: [], blobs: [] });
  });

  test("when the second sheet's blob fails, the first blob is deleted and nothing is recorded", async () => {
    const { store, blobs } = setup();
    let puts = 0;
    const flaky = {
      ...blobs,
      put: async (...args: Parameters<typeof blobs.put>) => {
        if (++puts === 2) throw new QuarryError("STORAGE_ERROR", "network");
        return blobs.put(...args);
      },
    };
    const bytes = xlsxBytes({ A: [["x"], [1]], B: [["y"], [2]] });
    await expect(
      ingestDataset({ store, blobs: flaky, principal, source: { bytes, fileName: "ab.xlsx" } }),
    ).rejects.toThrow("network");
    expect(await storedState(store, blobs, principal)).toEqual({ datasets: [], blobs: [] });
  });

  test("an invalid principal is INVALID_INPUT before any work", async () => {
    const { store, blobs } = setup();
    const error = await ingestDataset({
      store,
      blobs,
      principal: { userId: "", tenantId: "t" },
      source: { bytes: text("a\n1\n"), fileName: "a.csv" },
    }).catch((e: unknown) => e);
    expect(QuarryError.is(error, "INVALID_INPUT")).toBe(true);
  });
});
