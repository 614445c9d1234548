/**
 * The browser chat client's HTTP transport against the real API over loopback HTTP, with Node's own
 * `fetch`, `FormData` and `File`: what `@quarry/react` talks to in production.
 */
import { type ChatEvent, QuarryError } from "@quarry/core";
import { createChatClient, httpTransport } from "@quarry/core/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makePdf } from "../../../core/src/documents/test-pdfs.js";
import { startTestApi, type TestApi, type TestUser } from "./http-test-kit.js";
import { dataFile } from "./upload-test-files.js";

const yearly =
  "SELECT year(date) AS year, round(sum(precipitation), 1) AS total FROM seattle_weather GROUP BY 1 ORDER BY 1";

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(async () => {
  await api.close();
});

function transportOf(user: TestUser | null) {
  return httpTransport({ baseUrl: api.url, headers: user ? { authorization: `Bearer ${user}` } : {} });
}

async function collect(events: AsyncIterable<ChatEvent>): Promise<ChatEvent[]> {
  const all: ChatEvent[] = [];
  for await (const event of events) all.push(event);
  return all;
}

describe("httpTransport against the API", () => {
  it("creates a session, uploads a CSV, asks over SSE, edits, rates and downloads", async () => {
    const alice = transportOf("alice");
    const session = await alice.createSession({ title: "Seattle rain" });
    expect(session).toMatchObject({ title: "Seattle rain", ownerId: "alice" });

    const progress: [number, number][] = [];
    const [dataset] = await alice.uploadFiles(session.id, [await dataFile("seattle-weather.csv")], {
      onProgress: (loaded, total) => progress.push([loaded, total]),
    });
    expect(dataset).toMatchObject({ tableName: "seattle_weather", rowCount: 1461 });
    expect(dataset?.preview.rows.length).toBeGreaterThan(0);
    expect(progress.at(-1)?.[0]).toBe(progress.at(-1)?.[1]);
    expect((await alice.listDatasets(session.id)).map((d) => d.id)).toEqual([dataset?.id]);

    api.llm.setScript([
      { toolCalls: [{ name: "run_sql", arguments: { sql: yearly } }] },
      { text: "2012 was the wettest year." },
    ]);
    const events = await collect(alice.ask(session.id, "How much rain fell each year?"));
    expect(events[0]?.type).toBe("message");
    expect(events.at(-1)?.type).toBe("done");
    expect(events.some((e) => e.type === "text-delta")).toBe(true);
    const table = events.find((e) => e.type === "part" && e.part.type === "table");
    expect(table).toMatchObject({ part: { rowCount: 4, rows: expect.arrayContaining([[2012, 1226]]) } });
    const question = events[0]?.type === "message" ? events[0].message : undefined;
    const answer =
      events.at(-1)?.type === "done" ? (events.at(-1) as { message: { id: string } }).message : undefined;

    api.llm.setScript([
      { toolCalls: [{ name: "run_sql", arguments: { sql: yearly } }] },
      { text: "Per year, as asked." },
    ]);
    const edited = await collect(alice.edit(question!.id, "Rain per year?"));
    const newAnswer = edited.at(-1);
    expect(newAnswer?.type).toBe("done");
    const thread = await alice.getSession(session.id);
    expect(thread.messages.map((m) => m.role)).toEqual(["user", "assistant"]);
    expect(thread.messages[0]?.parts).toEqual([{ type: "text", text: "Rain per year?" }]);
    expect(thread.messages[1]?.id).not.toBe(answer?.id);
    const answerId = thread.messages[1]!.id;

    expect(await alice.feedback(answerId, { rating: "up", comment: "right" })).toMatchObject({
      rating: "up",
      comment: "right",
    });
    // A reopened conversation shows which answers the caller rated.
    expect((await alice.getSession(session.id)).feedback).toEqual({ [answerId]: "up" });
    const reopened = createChatClient({ transport: alice, storage: null, autoLoad: false });
    await reopened.openSession(session.id);
    expect(reopened.getState().feedback).toEqual({ [answerId]: "up" });
    reopened.dispose();
    const xlsx = await alice.download(answerId, "xlsx");
    expect(xlsx.name).toMatch(/\.xlsx$/);
    expect(xlsx.type).toContain("spreadsheetml");
    // An xlsx file is a zip: it starts with "PK".
    expect(new TextDecoder().decode(new Uint8Array(await xlsx.arrayBuffer()).slice(0, 2))).toBe("PK");

    const listed = await alice.listSessions({ search: "seattle" });
    expect(listed.items.map((s) => s.id)).toContain(session.id);
    expect(await alice.updateSession(session.id, { pinned: true })).toMatchObject({ pinned: true });
    const models = await alice.models();
    expect(models).toEqual([{ id: "openai:gpt-test", provider: "openai", model: "gpt-test", default: true }]);

    // A turn may name the model by its id; one the server does not offer is refused before anything is stored.
    api.llm.setScript({ text: "Named." });
    const named = await collect(alice.ask(session.id, "Again?", undefined, { model: models[0]!.id }));
    expect(named.at(-1)).toMatchObject({ type: "done", message: { model: "gpt-test" } });
    await expect(
      collect(alice.ask(session.id, "Elsewhere?", undefined, { model: "openai:gpt-5" })),
    ).rejects.toMatchObject({ code: "INVALID_INPUT", status: 400 });
    expect((await alice.getSession(session.id)).messages).toHaveLength(4);
  });

  it("fails with the API's error codes as QuarryErrors", async () => {
    const alice = transportOf("alice");
    const bob = transportOf("bob");
    const session = await alice.createSession({});

    const hidden = await bob.getSession(session.id).catch((error: unknown) => error);
    expect(QuarryError.is(hidden, "NOT_FOUND")).toBe(true);
    expect(hidden).toMatchObject({ status: 404, message: "No such session." });
    await expect(collect(bob.ask(session.id, "Peek?"))).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(bob.deleteSession(session.id)).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(transportOf(null).listSessions()).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    await expect(collect(alice.ask(session.id, ""))).rejects.toMatchObject({ code: "INVALID_INPUT" });
    await expect(
      alice.uploadFiles(session.id, [
        new File([new Uint8Array([0x4d, 0x5a, 0x90, 0, 3, 0, 0, 0])], "tool.exe"),
      ]),
    ).rejects.toMatchObject({ code: "UNSUPPORTED_MEDIA_TYPE" });
    await expect(alice.download("no-such-message", "csv")).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(alice.feedback("no-such-message", { rating: "down" })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
  });

  it("routes the client's picked files: a PDF to the documents, a CSV to the datasets, each listed", async () => {
    const client = createChatClient({ transport: transportOf("alice"), storage: null, openOnStart: "none" });
    await client.ready;
    const pdf = await makePdf([["Station notes."], ["The rain gauge was moved to the roof in 2013."]]);
    await client.upload([
      new File([pdf as Uint8Array<ArrayBuffer>], "station.pdf", { type: "application/pdf" }),
      await dataFile("seattle-weather.csv"),
    ]);
    const state = client.getState();
    expect(state.error).toBeNull();
    expect(state.uploads.map((u) => [u.kind, u.state])).toEqual([
      ["document", "done"],
      ["dataset", "done"],
    ]);
    expect(state.datasets.map((d) => d.tableName)).toEqual(["seattle_weather"]);
    expect(state.documents).toEqual({
      ready: true,
      files: [expect.objectContaining({ fileName: "station.pdf", status: "processed", pages: 2 })],
    });

    // Reopened elsewhere, the session comes with its documents; removing one empties the list.
    const other = createChatClient({ transport: transportOf("alice"), storage: null, autoLoad: false });
    await other.openSession(state.currentSessionId);
    await until(() => other.getState().documents.files.length === 1);
    await other.removeDocument(other.getState().documents.files[0]!.documentId);
    expect(other.getState().documents).toEqual({ ready: false, files: [] });
    expect(await transportOf("alice").listDocuments(state.currentSessionId!)).toEqual({
      ready: false,
      files: [],
    });
    await expect(transportOf("bob").listDocuments(state.currentSessionId!)).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    client.dispose();
    other.dispose();
  });

  it("drives the chat client: a turn to its answer, and a stop the server stores as stopped", async () => {
    const client = createChatClient({ transport: transportOf("alice"), storage: null, openOnStart: "none" });
    await client.ready;
    api.llm.setScript({ text: "Hello from the model." });
    await client.send("Say hello");
    const state = client.getState();
    expect(state.error).toBeNull();
    expect(state.messages.map((m) => m.role)).toEqual(["user", "assistant"]);
    expect(state.sessions.find((s) => s.id === state.currentSessionId)?.title).toBe("Say hello");

    api.llm.setScript({ hang: true });
    const turn = client.send("Never answered");
    await until(() => client.getState().streaming?.status === "planning");
    client.stop();
    await turn;
    const stopped = client.getState();
    expect(stopped.streaming).toBeNull();
    expect(stopped.error).toBeNull();
    expect(stopped.messages.map((m) => m.role)).toEqual(["user", "assistant", "user", "assistant"]);
    expect(stopped.messages[3]?.parts.at(-1)).toMatchObject({ type: "error", code: "ABORTED" });
    client.dispose();
  });
});

describe("httpTransport's insights, memory and glossary against the API", () => {
  it("runs insights and reads the latest run back; another user's dataset has none to show", async () => {
    const alice = transportOf("alice");
    const session = await alice.createSession({});
    const [dataset] = await alice.uploadFiles(session.id, [await dataFile("seattle-weather.csv")]);
    const datasetId = dataset!.id;
    expect(await alice.latestInsights(datasetId)).toBeNull();

    const run = await alice.runInsights(datasetId);
    expect(run).toMatchObject({ datasetId, version: 1 });
    expect(run.cards.length).toBeGreaterThanOrEqual(3);
    expect(run.cards.some((card) => card.chart !== null)).toBe(true);
    expect(run.cards.map((card) => card.score)).toEqual(run.cards.map((c) => c.score).sort((a, b) => b - a));
    expect(await alice.latestInsights(datasetId)).toEqual(run);

    const bob = transportOf("bob");
    await expect(bob.runInsights(datasetId)).rejects.toMatchObject({ code: "NOT_FOUND", status: 404 });
    expect(await bob.latestInsights(datasetId)).toBeNull();
  });

  it("reads and replaces a session's memory and a dataset's glossary, refusing what the API refuses", async () => {
    const alice = transportOf("alice");
    const session = await alice.createSession({});
    const [dataset] = await alice.uploadFiles(session.id, [await dataFile("seattle-weather.csv")]);
    const datasetId = dataset!.id;

    expect(await alice.getMemory(session.id)).toEqual({
      sessionId: session.id,
      summary: "",
      preferences: [],
      updatedAt: null,
    });
    const memory = await alice.putMemory(session.id, {
      summary: "Seattle rain by year.",
      preferences: ["Use millimetres"],
    });
    expect(memory).toMatchObject({ summary: "Seattle rain by year.", preferences: ["Use millimetres"] });
    expect(memory.updatedAt).not.toBeNull();
    expect(await alice.getMemory(session.id)).toEqual(memory);
    await expect(alice.putMemory(session.id, { summary: "", preferences: [""] })).rejects.toMatchObject({
      code: "INVALID_INPUT",
    });
    await expect(transportOf("bob").getMemory(session.id)).rejects.toMatchObject({ code: "NOT_FOUND" });

    const rainfall = { term: "rainfall", meaning: "Precipitation in mm", sql: "sum(precipitation)" };
    expect(await alice.getGlossary(datasetId)).toEqual([]);
    expect(await alice.putGlossary(datasetId, [rainfall])).toEqual([rainfall]);
    const refused = await alice
      .putGlossary(datasetId, [{ ...rainfall, sql: "sum(rain_mm)" }])
      .catch((error: unknown) => error);
    expect(refused).toMatchObject({ code: "INVALID_INPUT", status: 400 });
    expect((refused as Error).message).toMatch(/^Glossary term "rainfall": /);
    expect(await alice.getGlossary(datasetId)).toEqual([rainfall]);
    await expect(transportOf("bob").putGlossary(datasetId, [])).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("drives the chat client: insights per dataset, the memory, and a refused glossary as its error", async () => {
    const client = createChatClient({ transport: transportOf("alice"), storage: null, openOnStart: "none" });
    await client.ready;
    await client.upload([await dataFile("seattle-weather.csv")]);
    const datasetId = client.getState().datasets[0]!.id;
    await client.loadInsights(datasetId);
    expect(client.getState().insights[datasetId]).toEqual({ run: null, loaded: true, running: false });
    await client.runInsights(datasetId);
    expect(client.getState().insights[datasetId]?.run?.cards.length).toBeGreaterThanOrEqual(3);

    await client.loadMemory();
    await client.saveMemory({ summary: "Rain.", preferences: ["Metric units"] });
    expect(client.getState().memory).toMatchObject({
      status: "ready",
      memory: { preferences: ["Metric units"] },
    });

    await client.saveGlossary(datasetId, [{ term: "rainfall", meaning: "mm", sql: "sum(nope)" }]);
    expect(client.getState().error).toMatchObject({ action: "glossary", code: "INVALID_INPUT", datasetId });
    expect(client.getState().datasets[0]?.glossary).toEqual([]);
    client.dispose();
  });
});

async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 500; i++) {
    if (condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error("until: timed out");
}
