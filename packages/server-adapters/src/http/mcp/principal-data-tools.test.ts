import type { Dataset } from "@quarry/core";
import { describe, expect, it } from "vitest";
import { queryableDatasets } from "./principal-data-tools.js";

function dataset(id: string, tableName: string, updatedAt: string, deletedAt: string | null = null): Dataset {
  return { id, tableName, updatedAt, deletedAt } as Dataset;
}

describe("queryableDatasets", () => {
  it("keeps live datasets, the most recently updated one per table name (case-insensitively)", () => {
    const kept = queryableDatasets([
      dataset("old", "sales", "2024-01-01T00:00:00.000Z"),
      dataset("new", "Sales", "2024-02-01T00:00:00.000Z"),
      dataset("gone", "stock", "2024-03-01T00:00:00.000Z", "2024-03-02T00:00:00.000Z"),
      dataset("other", "orders", "2024-01-01T00:00:00.000Z"),
    ]);
    expect(kept.map((d) => d.id)).toEqual(["other", "new"]);
  });
});
