import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BlobStore } from "../blob/blob-store.js";
import { createMemoryBlobStore } from "../blob/memory-blob-store.js";
import { createQuarry } from "../chat/create-quarry.js";
import type { Quarry } from "../chat/quarry-types.js";
import { applyCleaning } from "../cleaning/apply-cleaning.js";
import { messyCitiesCsv } from "../cleaning/cleaning-fixtures.js";
import type { ChatTransport } from "../client/chat-transport.js";
import { localTransport } from "../client/local-transport.js";
import { createNodeDuckDbWasm } from "../engine/duckdb-wasm/node-loader.js";
import { ingestDataset } from "../ingest/ingest-dataset.js";
import type { Principal } from "../model/principal.js";
import { createOfflineModel } from "../offline/offline-model.js";
import { createMemoryStore } from "../store/memory-store.js";
import type { Store } from "../store/store.js";
import { expectCode } from "../testing/store/harness.js";
import { type BrowserIngest, createBrowserIngest } from "./browser-ingest.js";
import { createDuckDbWasmEngineProvider } from "./duckdb-wasm-engine-provider.js";

const principal: Principal = { userId: "u1", tenantId: "t1" };
const intruder: Principal = { userId: "u2", tenantId: "t1" };

const csv = messyCitiesCsv;

let store: Store;
let blobs: BlobStore;
let ingest: BrowserIngest;
let quarry: Quarry;
let transport: ChatTransport;
const networkAttempts: string[] = [];
const wasm = () => createNodeDuckDbWasm({ onNetworkAttempt: (what) => networkAttempts.push(what) });

beforeAll(() => {
  store = createMemoryStore();
  blobs = createMemoryBlobStore();
  ingest = createBrowserIngest({ store, blobs, duckdb: wasm });
  const engine = createDuckDbWasmEngineProvider({ blobs, duckdb: wasm });
  quarry = createQuarry({ store, blobs, model: createOfflineModel(), engine, principal });
  transport = localTransport({ quarry, principal, ingest, clean: ingest.clean });
});

afterAll(async () => {
  await ingest.close();
  await quarry.engines.close();
  expect(networkAttempts).toEqual([]);
});

async function uploadCities() {
  const session = await transport.createSession();
  const [dataset] = await transport.uploadFiles(session.id, [new File([csv], "cities.csv")]);
  return { sessionId: session.id, dataset: dataset! };
}

async function answerTable(sessionId: string, question: string) {
  for await (const event of quarry.chat(sessionId, question)) {
    if (event.type === "done") return event.message.parts.find((p) => p.type === "table");
  }
  return undefined;
}

describe("cleaning in the browser", () => {
  it("applies the suggestions as version 2, with the same profile as the server's cleaning", async () => {
    const { sessionId, dataset } = await uploadCities();
    const operations = dataset.suggestions.flatMap((s) => s.operations);
    expect(operations.length).toBeGreaterThanOrEqual(5);
    const v1Key = dataset.blobKey!;

    const v2 = await transport.cleanDataset(dataset.id, operations);
    expect(v2).toMatchObject({ id: dataset.id, version: 2, rowCount: 9, tableName: "cities" });
    expect(v2.blobKey).not.toBe(v1Key);
    expect(v2.metadata).toMatchObject({ cleaning: { fromVersion: 1 } });
    // The earlier version's copy stays, so answers that cite it can still be re-run.
    expect(await blobs.get(v1Key)).not.toBeNull();

    // The server cleans the same file with the same operations into the same columns and statistics.
    const serverStore = createMemoryStore();
    const serverBlobs = createMemoryBlobStore();
    const { datasets } = await ingestDataset({
      store: serverStore,
      blobs: serverBlobs,
      principal,
      source: { bytes: new TextEncoder().encode(csv), fileName: "cities.csv" },
    });
    const server = await applyCleaning({
      store: serverStore,
      blobs: serverBlobs,
      principal,
      datasetId: datasets[0]!.dataset.id,
      operations,
    });
    expect(v2.columns).toEqual(server.dataset.columns);
    expect(v2.suggestions.map((s) => s.id)).toEqual(server.dataset.suggestions.map((s) => s.id));

    // Turns now query the cleaned version: one Paris, no padded name.
    const table = await answerTable(sessionId, "How many rows per city?");
    expect(table?.type === "table" && table.rows).toEqual(
      expect.arrayContaining([
        ["Nice", 5],
        ["Paris", 2],
        ["Lyon", 2],
      ]),
    );
  });

  it("refuses bad operations and other users' datasets, storing nothing", async () => {
    const { dataset } = await uploadCities();
    const before = await blobs.list("");
    await expectCode(
      transport.cleanDataset(dataset.id, [{ op: "trim", column: "no_such_column" }]),
      "INVALID_INPUT",
    );
    const other = localTransport({ quarry, principal: intruder, ingest, clean: ingest.clean });
    await expectCode(
      other.cleanDataset(
        dataset.id,
        dataset.suggestions.flatMap((s) => s.operations),
      ),
      "NOT_FOUND",
    );
    expect(await store.datasets.get(principal, dataset.id)).toMatchObject({ version: 1 });
    expect(await blobs.list("")).toEqual(before);
  });
});
