import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { tableFromIPC } from "apache-arrow";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readAllBytes } from "../blob/blob-body.js";
import type { BlobStore } from "../blob/blob-store.js";
import { createMemoryBlobStore } from "../blob/memory-blob-store.js";
import { createQuarry } from "../chat/create-quarry.js";
import type { Quarry } from "../chat/quarry-types.js";
import type { ChatTransport, DatasetWithPreview } from "../client/chat-transport.js";
import { localTransport } from "../client/local-transport.js";
import { createNodeDuckDbWasm } from "../engine/duckdb-wasm/node-loader.js";
import { xlsxBytes } from "../ingest/fixtures/test-files.js";
import { ingestFile } from "../ingest/ingest-file.js";
import type { Principal } from "../model/principal.js";
import { createOfflineModel } from "../offline/offline-model.js";
import { createMemoryStore } from "../store/memory-store.js";
import type { Store } from "../store/store.js";
import { expectCode } from "../testing/store/harness.js";
import { type BrowserIngest, createBrowserIngest } from "./browser-ingest.js";
import { createDuckDbWasmEngineProvider } from "./duckdb-wasm-engine-provider.js";

const seattlePath = fileURLToPath(
  new URL("../../../../node_modules/vega-datasets/data/seattle-weather.csv", import.meta.url),
);
const principal: Principal = { userId: "u1", tenantId: "t1" };

let store: Store;
let blobs: BlobStore;
let ingest: BrowserIngest;
let quarry: Quarry;
let transport: ChatTransport;
const networkAttempts: string[] = [];
const wasm = () => createNodeDuckDbWasm({ onNetworkAttempt: (what) => networkAttempts.push(what) });

beforeAll(async () => {
  store = createMemoryStore();
  blobs = createMemoryBlobStore();
  ingest = createBrowserIngest({ store, blobs, duckdb: wasm, maxBytes: 1024 * 1024 });
  const engine = createDuckDbWasmEngineProvider({ blobs, duckdb: wasm });
  quarry = createQuarry({ store, blobs, model: createOfflineModel(), engine });
  transport = localTransport({ quarry, principal, ingest });
});

afterAll(async () => {
  await ingest.close();
  await quarry.engines.close();
  expect(networkAttempts).toEqual([]);
});

const file = (name: string, content: string | Uint8Array) =>
  new File([content as BlobPart], name, { type: "application/octet-stream" });

async function upload(...files: File[]): Promise<{ sessionId: string; datasets: DatasetWithPreview[] }> {
  const session = await transport.createSession();
  return { sessionId: session.id, datasets: await transport.uploadFiles(session.id, files) };
}

describe("createBrowserIngest", () => {
  it("ingests a CSV with the Node ingest's profile, as an Arrow copy, and answers over it", async () => {
    const bytes = await readFile(seattlePath);
    const { sessionId, datasets } = await upload(file("seattle-weather.csv", bytes));
    const [dataset] = datasets;
    expect(dataset).toMatchObject({
      name: "seattle-weather",
      tableName: "seattle_weather",
      format: "csv",
      rowCount: 1461,
      sizeBytes: bytes.byteLength,
      sourceFileName: "seattle-weather.csv",
      version: 1,
    });
    expect(dataset?.preview.rows).toHaveLength(20);
    expect(dataset?.preview.rows[0]).toEqual(["2012-01-01", 0, 12.8, 5, 4.7, "drizzle"]);

    // The same statistics as the server's ingest (DuckDB native) computes for the same file.
    const native = await ingestFile({ path: seattlePath });
    try {
      expect(dataset?.columns).toEqual(native.tables[0]?.columns);
      expect(await store.datasets.get(principal, dataset!.id)).toMatchObject({
        suggestions: native.tables[0]?.suggestions,
      });
    } finally {
      await native.dispose();
    }

    const blob = await blobs.get(dataset!.blobKey!);
    expect(dataset?.blobKey).toBe(`tenants/t1/users/u1/datasets/${dataset?.id}/v1.arrows`);
    expect(blob?.contentType).toBe("application/vnd.apache.arrow.stream");
    const copy = tableFromIPC(await readAllBytes(blob!.body));
    expect(copy.numRows).toBe(1461);
    expect(copy.schema.fields.map((f) => f.name)).toEqual([
      "date",
      "precipitation",
      "temp_max",
      "temp_min",
      "wind",
      "weather",
    ]);

    const events = [];
    for await (const event of transport.ask(sessionId, "How many rainy days were there?")) events.push(event);
    const done = events.find((e) => e.type === "done");
    expect(done?.type === "done" && done.message.parts.find((p) => p.type === "table")).toMatchObject({
      rows: [[641]],
    });
  });

  it("names a second table of the same name apart, within the session", async () => {
    const csv = "city,sales\nOslo,3\nBergen,4\n";
    const session = await transport.createSession();
    const [first] = await transport.uploadFiles(session.id, [file("sales.csv", csv)]);
    const [second] = await transport.uploadFiles(session.id, [file("Sales.csv", csv)]);
    expect([first?.tableName, second?.tableName]).toEqual(["sales", "sales_2"]);
    const events = [];
    for await (const event of transport.ask(session.id, "Total sales")) events.push(event);
    expect(events.some((e) => e.type === "done")).toBe(true);
  });

  it("reads JSON arrays and NDJSON through JSON.parse, typing columns as the Node ingest does", async () => {
    const json = JSON.stringify([
      { id: 1, name: "a", price: 1.5, day: "2024-01-02", at: "2024-01-02T10:00:00", ok: true, tags: ["x"] },
      { id: 2, name: "b", price: 2, day: "2024-02-03", at: "2024-02-03 11:30:00", ok: false, mixed: 1 },
      { id: 3, Name: "dup", mixed: "text", nested: { a: 1 } },
    ]);
    const ndjson = '{"k": 1}\n\n{"k": 2, "note": null}\n';
    const { datasets } = await upload(file("items.json", json), file("lines.ndjson", ndjson));
    const [items, lines] = datasets;
    expect(items?.columns.map((c) => [c.name, c.type])).toEqual([
      ["id", "BIGINT"],
      ["name", "VARCHAR"],
      ["price", "DOUBLE"],
      ["day", "DATE"],
      ["at", "TIMESTAMP"],
      ["ok", "BOOLEAN"],
      ["tags", "VARCHAR"],
      ["mixed", "VARCHAR"],
      ["Name_2", "VARCHAR"],
      ["nested", "VARCHAR"],
    ]);
    expect(items?.metadata).toEqual({
      renamedColumns: [{ name: "Name_2", sourceName: "Name", reason: "duplicate" }],
    });
    expect(items?.preview.rows[2]).toEqual([3, null, null, null, null, null, null, "text", "dup", '{"a":1}']);
    expect(items?.preview.rows[1]?.[7]).toBe("1");
    expect(items?.preview.rows[0]?.[6]).toBe('["x"]');
    expect(lines).toMatchObject({ format: "ndjson", tableName: "lines", rowCount: 2 });
  });

  it("reads Parquet with hyparquet and workbooks with SheetJS", async () => {
    const native = await ingestFile({
      bytes: new TextEncoder().encode("a,b\n1,x\n2,y\n"),
      fileName: "t.csv",
    });
    const parquet = await readFile(native.tables[0]!.parquetPath);
    await native.dispose();
    const xlsx = xlsxBytes({
      One: [
        ["n", "when"],
        [1, new Date(Date.UTC(2024, 0, 2))],
      ],
      Two: [["label"], ["z"]],
    });
    const { datasets } = await upload(file("data.parquet", parquet), file("book.xlsx", xlsx));
    expect(datasets.map((d) => [d.tableName, d.name, d.format, d.rowCount, d.metadata])).toEqual([
      ["data", "data", "parquet", 2, {}],
      ["book_one", "book / One", "xlsx", 1, { sheet: "One" }],
      ["book_two", "book / Two", "xlsx", 1, { sheet: "Two" }],
    ]);
    expect(datasets[0]?.columns.map((c) => c.type)).toEqual(["BIGINT", "VARCHAR"]);
    expect(datasets[1]?.preview.rows).toEqual([[1, "2024-01-02"]]);
    expect(datasets[1]?.columns.map((c) => c.type)).toEqual(["BIGINT", "DATE"]);
  });

  it("refuses bad files with clear errors and stores nothing of a failed batch", async () => {
    const session = await transport.createSession();
    const send = (...files: File[]) => transport.uploadFiles(session.id, files);
    await expectCode(send(file("big.csv", "x\n".repeat(600_000))), "PAYLOAD_TOO_LARGE");
    await expectCode(send(file("paper.pdf", "%PDF-1.7\n\u0000\u0001binary")), "UNSUPPORTED_MEDIA_TYPE");
    await expectCode(send(file("notes.docx", "plain text")), "UNSUPPORTED_MEDIA_TYPE");
    await expectCode(send(file("empty.csv", "")), "INVALID_FILE");
    await expectCode(send(file("empty.json", "[]")), "INVALID_FILE");
    const broken = await send(file("good.csv", "a\n1\n"), file("broken.json", '[{"a": 1},')).catch((e) => e);
    expect(broken).toMatchObject({ code: "INVALID_FILE" });
    expect(broken.message).toMatch(/^"broken\.json": Could not read broken\.json as JSON/);
    const corrupt = xlsxBytes({ A: [["x"], [1]] });
    await expectCode(send(file("book.xlsx", corrupt.subarray(0, corrupt.length - 100))), "INVALID_FILE");
    await expectCode(send(file("data.parquet", "PAR1 not really parquet")), "INVALID_FILE");
    await expectCode(send(file("data.ndjson", '{"a": 1}\n{"a": \n')), "INVALID_FILE");
    expect(await transport.listDatasets(session.id)).toEqual([]);
    const all = await store.datasets.list(principal, {});
    expect(all.filter((d) => d.tableName === "good" && d.deletedAt === null)).toEqual([]);
    const keys = await blobs.list("tenants/t1/users/u1/datasets/");
    const live = new Set(all.filter((d) => d.deletedAt === null).map((d) => d.blobKey));
    expect(keys.filter((key) => !live.has(key))).toEqual([]);
  });

  it("stops with ABORTED when the upload is aborted", async () => {
    const session = await transport.createSession();
    const controller = new AbortController();
    controller.abort();
    const result = ingest([file("a.csv", "a\n1\n")], {
      sessionId: session.id,
      principal,
      quarry,
      signal: controller.signal,
    });
    await expectCode(result, "ABORTED");
  });
});
