import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMemoryBlobStore } from "../blob/memory-blob-store.js";
import { createQuarry } from "../chat/create-quarry.js";
import type { EngineProvider } from "../chat/engine-provider.js";
import type { Quarry } from "../chat/quarry-types.js";
import { makePdf } from "../documents/test-pdfs.js";
import { createDuckDbEngineProvider } from "../engine/duckdb/duckdb-engine-provider.js";
import { ingestDataset } from "../ingest/ingest-dataset.js";
import type { ChatEvent } from "../model/chat-event.js";
import type { Principal } from "../model/principal.js";
import { createMemoryStore } from "../store/memory-store.js";
import { createScriptedModel } from "../testing/model/scripted-model.js";
import { createChatClient } from "./chat-client.js";
import { type LocalIngest, localTransport } from "./local-transport.js";

const alice: Principal = { userId: "alice", tenantId: "acme" };
const bob: Principal = { userId: "bob", tenantId: "acme" };
const weatherCsv = fileURLToPath(
  new URL("../../../../../shared/eval/data/seattle-weather.csv", import.meta.url),
);
const yearly =
  "SELECT year(date) AS year, round(sum(precipitation), 1) AS total FROM seattle_weather GROUP BY 1 ORDER BY 1";

/** The Node ingest standing in for the browser's: each file's bytes through `ingestDataset`. */
const nodeIngest: LocalIngest = async (files, { principal, quarry }) => {
  const stored = [];
  for (const file of files) {
    const { datasets } = await ingestDataset({
      store: quarry.store,
      blobs: quarry.blobs,
      principal,
      source: { bytes: new Uint8Array(await file.arrayBuffer()), fileName: file.name },
    });
    for (const { dataset, preview } of datasets) {
      stored.push({
        ...dataset,
        preview: { columns: preview.columns, rows: preview.rows.slice(0, 20), rowCount: dataset.rowCount },
      });
    }
  }
  return stored;
};

let quarry: Quarry;
let engines: EngineProvider;
beforeAll(() => {
  const blobs = createMemoryBlobStore();
  engines = createDuckDbEngineProvider({ blobs });
  quarry = createQuarry({
    store: createMemoryStore(),
    blobs,
    engine: engines,
    model: createScriptedModel({
      // Every question gets the same two steps: run the yearly totals, then say what they show.
      script: ({ call }) =>
        call % 2 === 0
          ? { toolCalls: [{ name: "run_sql", arguments: { sql: yearly } }] }
          : { text: "2012 was the wettest year." },
    }),
  });
});
afterAll(async () => {
  await quarry.close();
  await engines.close();
});

async function collect(events: AsyncIterable<ChatEvent>): Promise<ChatEvent[]> {
  const all: ChatEvent[] = [];
  for await (const event of events) all.push(event);
  return all;
}

describe("localTransport", () => {
  it("runs the chat client in the page: upload, ask, stream, answer, edit, rate, download", async () => {
    const transport = localTransport({ quarry, principal: alice, ingest: nodeIngest });
    const client = createChatClient({ transport, storage: null });
    await client.ready;
    expect(client.getState().models).toEqual([
      { id: "scripted:scripted-model", provider: "scripted", model: "scripted-model", default: true },
    ]);

    const file = new File([await readFile(weatherCsv)], "seattle-weather.csv");
    await client.upload([file]);
    expect(client.getState().uploads).toEqual([
      expect.objectContaining({ state: "done", loaded: file.size }),
    ]);
    expect(client.getState().datasets).toEqual([
      expect.objectContaining({ tableName: "seattle_weather", rowCount: 1461, preview: expect.any(Object) }),
    ]);

    const streamed: string[] = [];
    client.subscribe(() => {
      const status = client.getState().streaming?.status;
      if (status && streamed.at(-1) !== status) streamed.push(status);
    });
    await client.send("How much rain fell each year?");
    const { messages, sessions, currentSessionId, error } = client.getState();
    expect(error).toBeNull();
    expect(streamed).toEqual(expect.arrayContaining(["planning", "querying"]));
    expect(messages.map((m) => m.role)).toEqual(["user", "assistant"]);
    expect(messages[1]?.parts.find((p) => p.type === "table")).toMatchObject({
      rowCount: 4,
      rows: expect.arrayContaining([[2012, 1226]]),
    });
    // The title the pipeline gave the new session shows in the list after the turn.
    expect(sessions.find((s) => s.id === currentSessionId)?.title).toBe("How much rain fell each year");

    await client.edit(messages[0]!.id, "Rain per year?");
    const edited = client.getState().messages;
    expect(edited.map((m) => m.role)).toEqual(["user", "assistant"]);
    expect(edited[0]?.parts).toEqual([{ type: "text", text: "Rain per year?" }]);
    expect(edited[1]?.id).not.toBe(messages[1]?.id);

    await client.rate(edited[1]!.id, "up");
    expect(await quarry.store.feedback.get(alice, edited[1]!.id)).toMatchObject({ rating: "up" });
    const csv = await client.download(edited[1]!.id, "csv");
    expect(csv.name).toMatch(/\.csv$/);
    expect(await csv.text()).toContain("2012");
  });

  it("answers with the model the client chose", async () => {
    const store = createMemoryStore();
    const other = createScriptedModel({ provider: "scripted", modelId: "large", script: { text: "Large." } });
    const twoModels = createQuarry({
      store,
      blobs: quarry.blobs,
      engine: engines,
      model: createScriptedModel({ provider: "scripted", modelId: "mini", script: { text: "Mini." } }),
      models: { large: other },
    });
    const client = createChatClient({
      transport: localTransport({ quarry: twoModels, principal: alice }),
      storage: null,
    });
    await client.ready;
    expect(client.getState().models.map((m) => [m.id, m.default])).toEqual([
      ["scripted:mini", true],
      ["large", false],
    ]);
    await client.send("Who answers?");
    client.setModel("large");
    await client.send("And now?");
    await client.regenerate(client.getState().messages[1]!.id);
    const answers = client.getState().messages.filter((m) => m.role === "assistant");
    expect(answers.map((m) => [m.model, m.parts[0]])).toEqual([
      ["large", { type: "text", text: "Large." }],
      ["large", { type: "text", text: "Large." }],
    ]);
    expect(other.calls).toHaveLength(2);

    client.setModel("gone");
    await client.send("Nobody?");
    expect(client.getState().error).toMatchObject({ code: "INVALID_INPUT", action: "send", text: "Nobody?" });
    expect(client.getState().messages).toHaveLength(4);
    await store.close();
  });

  it("reads documents in the page: a PDF's pages, a failed file's reason, removal, and nobody else's", async () => {
    const mine = localTransport({ quarry, principal: alice });
    const theirs = localTransport({ quarry, principal: bob });
    const session = await mine.createSession({ title: "Documents" });
    const pdf = await makePdf([["Cover."], ["The archive opens at eight on Mondays."]]);
    const progress: [number, number][] = [];
    const added = await mine.uploadDocuments(
      session.id,
      [new File([pdf as Uint8Array<ArrayBuffer>], "archive.pdf"), new File([""], "blank.txt")],
      { onProgress: (loaded, total) => progress.push([loaded, total]) },
    );
    expect(added.ready).toBe(false);
    expect(added.files.map((f) => [f.fileName, f.status, f.pages])).toEqual([
      ["archive.pdf", "processed", 2],
      ["blank.txt", "failed", null],
    ]);
    expect(progress.at(-1)).toEqual([pdf.byteLength, pdf.byteLength]);
    expect(await mine.listDocuments(session.id)).toEqual(added);
    await expect(theirs.listDocuments(session.id)).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(theirs.removeDocument(session.id, added.files[0]!.documentId)).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    await mine.removeDocument(session.id, added.files[1]!.documentId);
    expect(await mine.listDocuments(session.id)).toEqual({ ready: true, files: [added.files[0]] });
  });

  it("runs insights, keeps the memory and a glossary in the page, for nobody else", async () => {
    const mine = localTransport({ quarry, principal: alice, ingest: nodeIngest });
    const theirs = localTransport({ quarry, principal: bob });
    const session = await mine.createSession({ title: "Insights" });
    const file = new File([await readFile(weatherCsv)], "seattle-weather.csv");
    const [dataset] = await mine.uploadFiles(session.id, [file]);
    const datasetId = dataset!.id;

    expect(await mine.latestInsights(datasetId)).toBeNull();
    const run = await mine.runInsights(datasetId);
    expect(run).toMatchObject({ datasetId, version: 1 });
    expect(run.cards.length).toBeGreaterThanOrEqual(3);
    expect(run.cards.find((c) => c.id === "trend:date:precipitation")?.table.rows).toHaveLength(4);
    expect(await mine.latestInsights(datasetId)).toEqual(run);
    await expect(theirs.runInsights(datasetId)).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(theirs.latestInsights(datasetId)).rejects.toMatchObject({ code: "NOT_FOUND" });

    const memory = await mine.putMemory(session.id, { summary: "Rain.", preferences: ["Use mm"] });
    expect(await mine.getMemory(session.id)).toEqual(memory);
    await expect(theirs.getMemory(session.id)).rejects.toMatchObject({ code: "NOT_FOUND" });

    const rainfall = { term: "rainfall", meaning: "Precipitation", sql: "sum(precipitation)" };
    expect(await mine.putGlossary(datasetId, [rainfall])).toEqual([rainfall]);
    await expect(
      mine.putGlossary(datasetId, [rainfall, { term: "Rainfall", meaning: "again" }]),
    ).rejects.toMatchObject({ code: "INVALID_INPUT" });
    expect(await mine.getGlossary(datasetId)).toEqual([rainfall]);
    await expect(theirs.getGlossary(datasetId)).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("scopes every call by its principal and says what is not there", async () => {
    const mine = localTransport({ quarry, principal: alice });
    const theirs = localTransport({ quarry, principal: bob });
    const session = await mine.createSession({ title: "Mine" });
    await expect(theirs.getSession(session.id)).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(collect(theirs.ask(session.id, "Peek?"))).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect((await theirs.listSessions()).items).toEqual([]);

    await expect(mine.uploadFiles(session.id, [new File(["a\n1\n"], "a.csv")])).rejects.toMatchObject({
      code: "NOT_IMPLEMENTED",
    });
    await expect(mine.cleanDataset("d1", [{ op: "drop-duplicates" }])).rejects.toMatchObject({
      code: "NOT_IMPLEMENTED",
    });
    await expect(collect(mine.edit("nope", "x"))).rejects.toMatchObject({ code: "NOT_FOUND" });

    const updated = await mine.updateSession(session.id, { pinned: true, archived: true });
    expect(updated).toMatchObject({ pinned: true, archived: true });
    expect((await mine.listSessions({ archived: "only" })).items.map((s) => s.id)).toContain(session.id);
    await mine.deleteSession(session.id);
    await expect(mine.getSession(session.id)).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});
