import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMemoryBlobStore } from "../blob/memory-blob-store.js";
import type { EngineContext } from "../chat/engine-provider.js";
import { createNodeDuckDbWasm } from "../engine/duckdb-wasm/node-loader.js";
import { ingestDataset } from "../ingest/ingest-dataset.js";
import type { Dataset } from "../model/dataset.js";
import type { Principal } from "../model/principal.js";
import { createMemoryStore } from "../store/memory-store.js";
import { expectCode } from "../testing/store/harness.js";
import { createDuckDbWasmEngineProvider } from "./duckdb-wasm-engine-provider.js";

const principal: Principal = { userId: "u1", tenantId: "t1" };
const store = createMemoryStore();
const blobs = createMemoryBlobStore();
let opened = 0;
const duckdb = () => {
  opened += 1;
  return createNodeDuckDbWasm();
};
const provider = createDuckDbWasmEngineProvider({ blobs, duckdb, maxOpen: 1 });
let sales: Dataset;

async function context(datasets: readonly Dataset[], signal?: AbortSignal): Promise<EngineContext> {
  const session = await store.sessions.create(principal, { datasetIds: datasets.map((d) => d.id) });
  return { principal, session, datasets, ...(signal ? { signal } : {}) };
}

beforeAll(async () => {
  // A dataset ingested on a server: its canonical copy is Parquet, which the provider reads as well.
  const csv = new TextEncoder().encode("region,amount\nnorth,3\nsouth,4\nnorth,5\n");
  const { datasets } = await ingestDataset({
    store,
    blobs,
    principal,
    source: { bytes: csv, fileName: "sales.csv" },
  });
  sales = datasets[0]!.dataset;
});

afterAll(() => provider.close());

describe("createDuckDbWasmEngineProvider", () => {
  it("opens an engine over Parquet copies and reuses it for the same dataset versions", async () => {
    const first = await provider.acquire(await context([sales]));
    const result = await first.engine.query(
      "SELECT region, sum(amount) AS total FROM sales GROUP BY region ORDER BY region",
    );
    expect(result.rows).toEqual([
      ["north", 8],
      ["south", 4],
    ]);
    const second = await provider.acquire(await context([sales]));
    expect(second.engine).toBe(first.engine);
    expect(opened).toBe(1);
    await first.release();
    await second.release();
    await second.release();

    // A new version is other tables: a new engine, and past maxOpen the idle old one closes.
    const next = await store.datasets.newVersion(principal, sales.id, { tableName: "sales_v2" });
    const third = await provider.acquire(await context([next]));
    expect(third.engine).not.toBe(first.engine);
    expect((await third.engine.listTables()).map((t) => t.name)).toEqual(["sales_v2"]);
    await expectCode(first.engine.query("SELECT 1"), "QUERY_FAILED");
    await third.release();
  });

  it("says which dataset's copy is missing, and refuses aborted and closed calls", async () => {
    const gone = await store.datasets.create(principal, {
      name: "gone",
      tableName: "gone",
      format: "csv",
      rowCount: 0,
      sizeBytes: 0,
      columns: [],
      blobKey: "tenants/t1/users/u1/datasets/gone/v1.arrows",
    });
    await expectCode(provider.acquire(await context([gone])), "NOT_FOUND");
    const controller = new AbortController();
    controller.abort();
    await expectCode(provider.acquire(await context([sales], controller.signal)), "ABORTED");
    const closing = createDuckDbWasmEngineProvider({ blobs, duckdb });
    await closing.close();
    await expectCode(closing.acquire(await context([sales])), "CONFLICT");
  });
});
