import { setTimeout as sleep } from "node:timers/promises";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { BlobStore } from "../../blob/blob-store.js";
import { createMemoryBlobStore } from "../../blob/memory-blob-store.js";
import type { EngineContext, EngineLease, EngineProvider } from "../../chat/engine-provider.js";
import type { Dataset } from "../../model/dataset.js";
import type { Principal } from "../../model/principal.js";
import type { Session } from "../../model/session.js";
import { expectCode } from "../../testing/store/harness.js";
import type { SqlEngine } from "../sql-engine.js";
import { createDuckDbEngineProvider, type DuckDbEngineProviderOptions } from "./duckdb-engine-provider.js";
import { fixtureParquetBytes } from "./fixture-parquet.js";

const alice: Principal = { tenantId: "t1", userId: "alice" };
const bob: Principal = { tenantId: "t1", userId: "bob" };
const timestamp = "2026-01-01T00:00:00.000Z";

function dataset(
  id: string,
  version: number,
  tableName: string,
  blobKey: string | null = keyOf(id, version),
) {
  const value: Dataset = {
    id,
    ownerId: "alice",
    tenantId: "t1",
    name: `${tableName} data`,
    tableName,
    format: "csv",
    rowCount: 0,
    sizeBytes: 0,
    columns: [],
    glossary: [],
    suggestions: [],
    blobKey,
    sourceFileName: null,
    metadata: {},
    version,
    deletedAt: null,
    createdAt: timestamp,
    updatedAt: timestamp,
  };
  return value;
}

function keyOf(id: string, version: number): string {
  return `tenants/t1/datasets/${id}/v${version}.parquet`;
}

function context(principal: Principal, datasets: Dataset[], signal?: AbortSignal): EngineContext {
  const session: Session = {
    id: "s1",
    ownerId: principal.userId,
    tenantId: principal.tenantId,
    title: "",
    datasetIds: datasets.map((d) => d.id),
    documentIds: [],
    pinned: false,
    archived: false,
    status: "idle",
    metadata: {},
    createdAt: timestamp,
    updatedAt: timestamp,
  };
  return { principal, session, datasets, signal };
}

/** Stores a one-column table `n` holding `values` as the dataset version's Parquet copy. */
async function putTable(blobs: BlobStore, id: string, version: number, values: number[]): Promise<void> {
  const [table] = await fixtureParquetBytes([
    { name: "ignored", columns: [{ name: "n", type: "integer" }], rows: values.map((n) => [n]) },
  ]);
  await blobs.put(keyOf(id, version), table!.parquet);
}

async function values(engine: SqlEngine, table: string): Promise<unknown[]> {
  return (await engine.query(`SELECT n FROM ${table} ORDER BY n`)).rows.map((row) => row[0]);
}

/** The engine is closed when even a trivial query fails with the engine's closed error. */
async function expectClosed(engine: SqlEngine): Promise<void> {
  await expect(engine.query("SELECT 1")).rejects.toThrow(/closed/);
}

describe("createDuckDbEngineProvider", () => {
  let blobs: BlobStore;
  let gets: string[];
  let providers: EngineProvider[];
  const sales = dataset("ds-sales", 1, "sales");
  const costs = dataset("ds-costs", 1, "costs");

  const provider = (options: Partial<DuckDbEngineProviderOptions> = {}) => {
    const made = createDuckDbEngineProvider({
      blobs,
      engine: { threads: 1, memoryLimit: "256MB" },
      ...options,
    });
    providers.push(made);
    return made;
  };

  beforeEach(async () => {
    const memory = createMemoryBlobStore();
    gets = [];
    // Counts reads, to tell how many times an engine was built.
    blobs = {
      ...memory,
      get: (key) => {
        gets.push(key);
        return memory.get(key);
      },
    };
    providers = [];
    await putTable(blobs, "ds-sales", 1, [3, 1, 2]);
    await putTable(blobs, "ds-sales", 2, [10, 20]);
    await putTable(blobs, "ds-costs", 1, [7]);
  });

  afterEach(async () => {
    await Promise.all(providers.map((p) => p.close()));
  });

  it("leases an engine over exactly the context's datasets, under their table names", async () => {
    const lease = await provider().acquire(context(alice, [sales, costs]));
    expect((await lease.engine.listTables()).map((t) => t.name).sort()).toEqual(["costs", "sales"]);
    expect(await values(lease.engine, "sales")).toEqual([1, 2, 3]);
    expect(await values(lease.engine, "costs")).toEqual([7]);
    await lease.release();
  });

  it("reuses the engine for the same principal and dataset versions, in any order", async () => {
    const engines = provider();
    const first = await engines.acquire(context(alice, [sales, costs]));
    await first.release();
    const second = await engines.acquire(context(alice, [costs, sales]));
    const third = await engines.acquire(context(alice, [sales, costs]));
    expect(second.engine).toBe(first.engine);
    expect(third.engine).toBe(first.engine);
    expect(await values(second.engine, "sales")).toEqual([1, 2, 3]);
    expect(gets).toHaveLength(2);
  });

  it("opens another engine for other datasets, a new version or another principal", async () => {
    const engines = provider();
    const base = await engines.acquire(context(alice, [sales]));
    const others = [
      await engines.acquire(context(alice, [sales, costs])),
      await engines.acquire(context(alice, [dataset("ds-sales", 2, "sales")])),
      await engines.acquire(context(bob, [sales])),
      await engines.acquire(context({ tenantId: "t2", userId: "alice" }, [sales])),
      await engines.acquire(context(alice, [dataset("ds-sales", 1, "renamed")])),
    ];
    for (const other of others) expect(other.engine).not.toBe(base.engine);
    expect(new Set(others.map((o) => o.engine)).size).toBe(others.length);
    expect(await values(others[1]!.engine, "sales")).toEqual([10, 20]);
    expect(await values(others[4]!.engine, "renamed")).toEqual([1, 2, 3]);
  });

  it("builds the engine once for concurrent acquires of the same key", async () => {
    const engines = provider();
    const leases = await Promise.all([1, 2, 3].map(() => engines.acquire(context(alice, [sales, costs]))));
    expect(new Set(leases.map((l) => l.engine)).size).toBe(1);
    expect(gets.filter((key) => key === keyOf("ds-sales", 1))).toHaveLength(1);
  });

  it("keeps a leased engine open until its last lease is released, and release is idempotent", async () => {
    const engines = provider({ maxOpen: 1 });
    const a = await engines.acquire(context(alice, [sales]));
    const again = await engines.acquire(context(alice, [sales]));
    await a.release();
    await a.release();
    // Still leased by `again`, so the next engine may not close it even though the cap is 1.
    const b = await engines.acquire(context(alice, [costs]));
    expect(await values(a.engine, "sales")).toEqual([1, 2, 3]);
    expect(await values(b.engine, "costs")).toEqual([7]);
    await again.release();
    await expectClosed(a.engine);
    expect(await values(b.engine, "costs")).toEqual([7]);
  });

  it("closes the least recently used idle engine beyond maxOpen", async () => {
    const engines = provider({ maxOpen: 2 });
    const use = async (datasets: Dataset[]) => {
      const lease = await engines.acquire(context(alice, datasets));
      await lease.release();
      return lease.engine;
    };
    const a = await use([sales]);
    const b = await use([costs]);
    await use([sales]);
    const c = await use([sales, costs]);
    await expectClosed(b);
    expect(await values(a, "sales")).toEqual([1, 2, 3]);
    expect(await values(c, "costs")).toEqual([7]);
    // Closed engines leave the cache: the next acquire opens a fresh one.
    const reopened = await use([costs]);
    expect(reopened).not.toBe(b);
    expect(await values(reopened, "costs")).toEqual([7]);
  });

  it("closes an engine left idle for idleTimeoutMs, but never a leased one", async () => {
    const engines = provider({ idleTimeoutMs: 50 });
    const idle = await engines.acquire(context(alice, [sales]));
    await idle.release();
    const held = await engines.acquire(context(alice, [costs]));
    await sleep(200);
    await expectClosed(idle.engine);
    expect(await values(held.engine, "costs")).toEqual([7]);
    const fresh = await engines.acquire(context(alice, [sales]));
    expect(fresh.engine).not.toBe(idle.engine);
  });

  it("counts the idle timeout from the last release, not the first", async () => {
    const engines = provider({ idleTimeoutMs: 400 });
    const first = await engines.acquire(context(alice, [sales]));
    await first.release();
    await sleep(200);
    const second = await engines.acquire(context(alice, [sales]));
    await second.release();
    // Past the first release's timeout, within the second's.
    await sleep(300);
    expect(second.engine).toBe(first.engine);
    expect(await values(second.engine, "sales")).toEqual([1, 2, 3]);
  });

  it("answers NOT_FOUND naming the dataset when its Parquet copy is missing, and does not cache that", async () => {
    const engines = provider();
    const missing = dataset("ds-new", 1, "fresh");
    const error = await expectCode(engines.acquire(context(alice, [sales, missing])), "NOT_FOUND");
    expect(error.message).toContain('"fresh data"');
    expect(error.message).toContain("ds-new");

    await putTable(blobs, "ds-new", 1, [5]);
    const lease = await engines.acquire(context(alice, [sales, missing]));
    expect(await values(lease.engine, "fresh")).toEqual([5]);
  });

  it("answers NOT_FOUND for a dataset without a Parquet copy", async () => {
    const error = await expectCode(
      provider().acquire(context(alice, [dataset("ds-pg", 1, "remote", null)])),
      "NOT_FOUND",
    );
    expect(error.message).toContain("ds-pg");
  });

  it("answers ABORTED for an aborted signal, before and while the engine opens", async () => {
    const engines = provider();
    await expectCode(engines.acquire(context(alice, [sales], AbortSignal.abort())), "ABORTED");
    expect(gets).toHaveLength(0);

    const controller = new AbortController();
    const aborted = expectCode(engines.acquire(context(alice, [sales], controller.signal)), "ABORTED");
    const other = engines.acquire(context(alice, [sales]));
    controller.abort();
    await aborted;
    // The shared opening goes on for the waiter that was not aborted.
    const lease = await other;
    expect(await values(lease.engine, "sales")).toEqual([1, 2, 3]);
  });

  it("closes every engine on close, leased or not, and refuses to acquire afterwards", async () => {
    const engines = provider();
    const idle = await engines.acquire(context(alice, [sales]));
    await idle.release();
    const held: EngineLease = await engines.acquire(context(alice, [costs]));
    // Handled from the start: it fails while close runs, before the assertion below.
    const opening = expectCode(engines.acquire(context(bob, [sales])), "CONFLICT");
    await engines.close();
    await expectClosed(idle.engine);
    await expectClosed(held.engine);
    await opening;
    await held.release();
    await expectCode(engines.acquire(context(alice, [sales])), "CONFLICT");
  });

  it("rejects a maxOpen below 1", () => {
    expect(() => createDuckDbEngineProvider({ blobs, maxOpen: 0 })).toThrow(/maxOpen/);
  });
});
