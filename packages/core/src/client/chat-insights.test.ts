import { describe, expect, it } from "vitest";
import { QuarryError } from "../errors/quarry-error.js";
import { createChatClient } from "./chat-client.js";
import { datasetOf, FakeTransport, gate, insightRunOf } from "./client-fixtures.js";

/** A client with a session open that holds one uploaded dataset. */
async function withDataset() {
  const transport = new FakeTransport();
  const client = createChatClient({ transport, storage: null });
  await client.ready;
  await client.upload([new File(["x\n1\n"], "weather.csv")]);
  const datasetId = client.getState().datasets[0]!.id;
  return { transport, client, datasetId };
}

describe("the chat client's insights", () => {
  it("asks for a dataset's latest run once, and shows a run while it runs", async () => {
    const { transport, client, datasetId } = await withDataset();
    await client.loadInsights(datasetId);
    await client.loadInsights(datasetId);
    expect(transport.calls.filter((c) => c === "latestInsights")).toHaveLength(1);
    expect(client.getState().insights[datasetId]).toEqual({ run: null, loaded: true, running: false });

    const held = gate();
    transport.insightHolds.push(held.promise);
    const running = client.runInsights(datasetId);
    expect(client.getState().insights[datasetId]?.running).toBe(true);
    // A second click while it runs starts nothing.
    await client.runInsights(datasetId);
    held.open();
    await running;
    expect(transport.calls.filter((c) => c === "runInsights")).toHaveLength(1);
    expect(client.getState().insights[datasetId]).toMatchObject({
      loaded: true,
      running: false,
      run: { datasetId, version: 1, cards: [{ title: "Total x by year" }] },
    });
  });

  it("keeps a run that ends before the latest comes, and tolerates a server without insights", async () => {
    const { transport, client, datasetId } = await withDataset();
    // A slow server: the latest (an earlier run) comes after the new run has ended.
    transport.insightRuns.set(
      datasetId,
      insightRunOf(datasetOf(datasetId, "weather.csv"), "2024-04-01T00:00:00Z"),
    );
    const slow = gate();
    const latest = transport.latestInsights.bind(transport);
    transport.latestInsights = async (id) => {
      const found = await latest(id);
      await slow.promise;
      return found;
    };
    const loading = client.loadInsights(datasetId);
    await client.runInsights(datasetId);
    const run = client.getState().insights[datasetId]?.run;
    expect(run?.createdAt).not.toBe("2024-04-01T00:00:00Z");
    slow.open();
    await loading;
    expect(client.getState().insights[datasetId]?.run).toBe(run);

    const other = await withDataset();
    other.transport.failNext("latestInsights", new QuarryError("INTERNAL", "The server answered 500."));
    await other.client.loadInsights(other.datasetId);
    expect(other.client.getState().insights[other.datasetId]).toEqual({
      run: null,
      loaded: true,
      running: false,
    });
    expect(other.client.getState().error).toBeNull();
  });

  it("shows a failed run as an error about the dataset, which Retry runs again", async () => {
    const { transport, client, datasetId } = await withDataset();
    transport.failNext("runInsights", new QuarryError("QUERY_TIMEOUT", "The analyses took too long."));
    await client.runInsights(datasetId);
    expect(client.getState().error).toEqual({
      code: "QUERY_TIMEOUT",
      message: "The analyses took too long.",
      action: "insights",
      datasetId,
    });
    expect(client.getState().insights[datasetId]?.running).toBe(false);
    await client.retry();
    expect(client.getState().error).toBeNull();
    expect(client.getState().insights[datasetId]?.run?.cards).toHaveLength(1);
  });

  it("forgets the insights when another session opens, and drops a run that ends there", async () => {
    const { transport, client, datasetId } = await withDataset();
    const held = gate();
    transport.insightHolds.push(held.promise);
    const running = client.runInsights(datasetId);
    await client.newSession("Elsewhere");
    expect(client.getState().insights).toEqual({});
    held.open();
    await running;
    expect(client.getState().insights).toEqual({});
  });
});

describe("the chat client's memory and glossary", () => {
  it("loads the open session's memory once and saves the user's edits", async () => {
    const { transport, client } = await withDataset();
    const sessionId = client.getState().currentSessionId!;
    // Nothing asks for the memory until a view shows it.
    expect(transport.calls).not.toContain("getMemory");
    await client.loadMemory();
    await client.loadMemory();
    expect(transport.calls.filter((c) => c === "getMemory")).toHaveLength(1);
    expect(client.getState().memory).toEqual({
      status: "ready",
      memory: { sessionId, summary: "", preferences: [], updatedAt: null },
    });

    const saving = client.saveMemory({ summary: "Rain in Seattle", preferences: ["Use millimetres"] });
    expect(client.getState().memory?.status).toBe("saving");
    await saving;
    expect(client.getState().memory).toMatchObject({
      status: "ready",
      memory: { summary: "Rain in Seattle", preferences: ["Use millimetres"] },
    });
    expect(transport.memories.get(sessionId)?.preferences).toEqual(["Use millimetres"]);

    transport.failNext("putMemory", new QuarryError("INTERNAL", "Could not reach the Quarry server."));
    const before = client.getState().memory?.memory;
    await client.saveMemory({ summary: "", preferences: [] });
    expect(client.getState().memory).toEqual({ status: "ready", memory: before });
    expect(client.getState().error).toMatchObject({ action: "memory" });
    await client.retry();
    expect(client.getState().memory?.memory?.summary).toBe("");

    await client.newSession();
    expect(client.getState().memory).toBeNull();
  });

  it("marks memory unavailable on a server without it, with no error", async () => {
    const { transport, client } = await withDataset();
    transport.failNext("getMemory", new QuarryError("NOT_FOUND", "The server answered 404."));
    await client.loadMemory();
    expect(client.getState().memory).toEqual({ status: "unavailable", memory: null });
    expect(client.getState().error).toBeNull();
  });

  it("saves a glossary into the dataset, and shows a refused one as an error about it", async () => {
    const { client, datasetId } = await withDataset();
    const rainfall = { term: "rainfall", meaning: "Precipitation in mm", sql: "sum(x)" };
    await client.saveGlossary(datasetId, [rainfall]);
    expect(client.getState().datasets[0]).toMatchObject({
      glossary: [rainfall],
      preview: expect.any(Object),
    });

    await client.saveGlossary(datasetId, [rainfall, { term: "Rainfall", meaning: "again" }]);
    expect(client.getState().error).toEqual({
      code: "INVALID_INPUT",
      message: 'Glossary term "rainfall" is listed twice.',
      action: "glossary",
      datasetId,
    });
    expect(client.getState().datasets[0]?.glossary).toEqual([rainfall]);
  });
});
