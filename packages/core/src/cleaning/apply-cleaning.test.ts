import { describe, expect, test } from "vitest";
import { createMemoryBlobStore } from "../blob/memory-blob-store.js";
import { QuarryError } from "../errors/quarry-error.js";
import { ingestDataset } from "../ingest/ingest-dataset.js";
import { ingestFile } from "../ingest/ingest-file.js";
import { DatasetSchema } from "../model/dataset.js";
import { createMemoryStore } from "../store/memory-store.js";
import { applyCleaning } from "./apply-cleaning.js";
import { messyCitiesCsv } from "./cleaning-fixtures.js";

const principal = { userId: "u1", tenantId: "t1" };

const csv = messyCitiesCsv;

async function setup() {
  const store = createMemoryStore();
  const blobs = createMemoryBlobStore();
  const { datasets } = await ingestDataset({
    store,
    blobs,
    principal,
    source: { bytes: new TextEncoder().encode(csv), fileName: "cities.csv" },
  });
  return { store, blobs, dataset: datasets[0]!.dataset };
}

describe("applyCleaning", () => {
  test("applies the suggested operations as version 2; version 1 and its blob stay", async () => {
    const { store, blobs, dataset } = await setup();
    const ids = dataset.suggestions.map((s) => s.id);
    expect(ids).toEqual([
      "duplicate-rows",
      "whitespace:city",
      "inconsistent-case:city",
      "missing-values:amount",
      "outliers:amount",
      "mixed-types:count",
    ]);
    const operations = dataset.suggestions.flatMap((s) => s.operations);
    const result = await applyCleaning({ store, blobs, principal, datasetId: dataset.id, operations });

    const v2 = result.dataset;
    expect(DatasetSchema.parse(v2)).toEqual(v2);
    expect(v2).toMatchObject({
      id: dataset.id,
      version: 2,
      rowCount: 9,
      tableName: "cities",
      sizeBytes: dataset.sizeBytes,
    });
    expect(v2.blobKey).not.toBe(dataset.blobKey);
    expect(v2.blobKey).toMatch(/\/v2-[0-9a-f]{8}\.parquet$/);
    expect(v2.columns.map((c) => [c.name, c.type])).toEqual([
      ["id", "BIGINT"],
      ["city", "VARCHAR"],
      ["amount", "BIGINT"],
      ["count", "BIGINT"],
    ]);
    expect(v2.columns[1]?.topValues).toEqual([
      { value: "Nice", count: 5 },
      { value: "Lyon", count: 2 },
      { value: "Paris", count: 2 },
    ]);
    // 1000 is capped at the upper fence of the filled column: quartiles 11 and 13, so 13 + 1.5 × 2.
    expect(v2.columns[2]).toMatchObject({ nullCount: 0, max: 16 });
    expect(v2.suggestions.map((s) => s.id)).toEqual(["missing-values:count"]);
    expect(v2.metadata.cleaning).toEqual({ fromVersion: 1, operations });
    expect(result.sql).toContain(`FROM "cities"`);
    expect(result.preview.rows[0]).toEqual([1, "Paris", 10, 12]);

    expect(await store.datasets.get(principal, dataset.id, { version: 1 })).toEqual(dataset);
    expect(await blobs.head(dataset.blobKey!)).not.toBeNull();
    expect(await blobs.head(v2.blobKey!)).not.toBeNull();
    expect((await store.datasets.versions(principal, dataset.id)).map((d) => d.version)).toEqual([1, 2]);
  });

  test("the new version's blob reads back as the cleaned table", async () => {
    const { store, blobs, dataset } = await setup();
    const { dataset: v2 } = await applyCleaning({
      store,
      blobs,
      principal,
      datasetId: dataset.id,
      operations: [{ op: "drop-duplicates" }],
    });
    const blob = await blobs.get(v2.blobKey!);
    const { tables, dispose } = await ingestFile({ stream: blob!.body, fileName: "v2.parquet" });
    expect(tables[0]?.rowCount).toBe(9);
    await dispose();
  });

  test("failures are typed and leave the store and blobs as they were", async () => {
    const { store, blobs, dataset } = await setup();
    const before = {
      versions: await store.datasets.versions(principal, dataset.id),
      blobs: await blobs.list(""),
    };
    const attempt = async (options: Partial<Parameters<typeof applyCleaning>[0]>): Promise<QuarryError> => {
      const error = await applyCleaning({
        store,
        blobs,
        principal,
        datasetId: dataset.id,
        operations: [{ op: "drop-duplicates" }],
        ...options,
      }).then(
        () => null,
        (e: unknown) => e,
      );
      if (!QuarryError.is(error)) throw new Error(`expected a QuarryError, got ${String(error)}`);
      return error;
    };

    expect((await attempt({ operations: [{ op: "trim", column: "nope" }] })).code).toBe("INVALID_INPUT");
    expect((await attempt({ operations: [] })).code).toBe("INVALID_INPUT");
    expect((await attempt({ principal: { userId: "u2", tenantId: "t1" } })).code).toBe("NOT_FOUND");
    expect((await attempt({ datasetId: "missing" })).code).toBe("NOT_FOUND");
    // A value that cannot become the column's type fails when the SQL runs.
    const cast = await attempt({
      operations: [{ op: "fill-nulls", column: "amount", strategy: "value", value: "lots" }],
    });
    expect(cast.code).toBe("INVALID_INPUT");
    expect(cast.message).toMatch(/The cleaning failed: .*lots/);
    // The blob store refuses the new version's file.
    const failing = { ...blobs, put: async () => Promise.reject(new QuarryError("STORAGE_ERROR", "full")) };
    expect((await attempt({ blobs: failing })).code).toBe("STORAGE_ERROR");

    expect({
      versions: await store.datasets.versions(principal, dataset.id),
      blobs: await blobs.list(""),
    }).toEqual(before);
  });

  test("when the new version cannot be recorded, its blob is removed", async () => {
    const { store, blobs, dataset } = await setup();
    const failing = {
      ...store,
      datasets: {
        ...store.datasets,
        newVersion: async () => Promise.reject(new QuarryError("CONFLICT", "raced")),
      },
    };
    const error = await applyCleaning({
      store: failing,
      blobs,
      principal,
      datasetId: dataset.id,
      operations: [{ op: "drop-duplicates" }],
    }).catch((e: unknown) => e);
    expect(QuarryError.is(error, "CONFLICT")).toBe(true);
    expect(await blobs.list("")).toEqual([dataset.blobKey]);
  });
});
