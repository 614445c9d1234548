import { describe, expect, it } from "vitest";
import { QuarryError } from "../errors/quarry-error.js";
import { createChatClient } from "./chat-client.js";
import type { ChatState } from "./chat-client-types.js";
import { FakeTransport, gate, memoryStorage } from "./client-fixtures.js";

function recorded(client: { subscribe(listener: () => void): () => void; getState(): ChatState }) {
  const states: ChatState[] = [];
  client.subscribe(() => states.push(client.getState()));
  return states;
}

describe("the chat client's state", () => {
  it("gives a new snapshot on every change and the same one when nothing changed", async () => {
    const transport = new FakeTransport();
    const client = createChatClient({ transport, storage: null });
    await client.ready;
    const states = recorded(client);
    const before = client.getState();
    expect(client.getState()).toBe(before);

    client.dismissError();
    await client.loadSessions("");
    // Loading flips `sessionsLoading` twice; the empty list equals the old one by value, not identity.
    const changed = states.length;
    expect(changed).toBeGreaterThan(0);
    expect(new Set([before, ...states]).size).toBe(states.length + 1);

    client.dismissError();
    client.stop();
    expect(states).toHaveLength(changed);
    expect(client.getState()).toBe(states.at(-1));
    // Parts of the state that did not change keep their identity.
    await client.rate("a1", "up");
    expect(client.getState().messages).toBe(before.messages);
    expect(client.getState().feedback).not.toBe(before.feedback);
  });

  it("remembers the open session and reopens it on start, forgetting one that is gone", async () => {
    const transport = new FakeTransport();
    const storage = memoryStorage();
    const first = createChatClient({ transport, storage });
    await first.ready;
    await first.send("Is it raining?");
    const id = first.getState().currentSessionId!;
    expect(storage.map.get("quarry:session")).toBe(id);
    first.dispose();

    const second = createChatClient({ transport, storage });
    // The remembered session shows as loading from the first snapshot, with no flash of an empty chat.
    expect(second.getState()).toMatchObject({ currentSessionId: id, messagesLoading: true });
    await second.ready;
    expect(second.getState().messages.map((m) => m.role)).toEqual(["user", "assistant"]);
    expect(second.getState().models).toEqual([
      { id: "scripted", provider: "scripted", model: "scripted-model", default: true },
    ]);

    await transport.deleteSession(id);
    const third = createChatClient({ transport, storage });
    await third.ready;
    expect(third.getState()).toMatchObject({ currentSessionId: null, messagesLoading: false, error: null });
    expect(storage.map.has("quarry:session")).toBe(false);

    const keyed = createChatClient({ transport, storage, storageKey: "app:chat", autoLoad: false });
    await keyed.openSession(transport.addSession().id);
    expect(storage.map.get("app:chat")).toBe(keyed.getState().currentSessionId);
  });

  it("opens the latest session when none is remembered, unless told not to or the person chose first", async () => {
    const transport = new FakeTransport();
    const older = transport.addSession({ title: "Sample: Seattle weather" });
    const newer = transport.addSession({ title: "Stock prices" });
    transport.addSession({ title: "Old and archived", archived: true });
    const storage = memoryStorage();

    const first = createChatClient({ transport, storage });
    await first.ready;
    // The list's first: pinned first, then the most recently updated; never an archived one.
    expect(first.getState()).toMatchObject({
      currentSessionId: newer.id,
      messagesLoading: false,
      error: null,
    });
    expect(storage.map.get("quarry:session")).toBe(newer.id);
    first.dispose();

    await transport.updateSession(older.id, { pinned: true });
    const pinned = createChatClient({ transport, storage: null });
    await pinned.ready;
    expect(pinned.getState().currentSessionId).toBe(older.id);

    const none = createChatClient({ transport, storage: null, openOnStart: "none" });
    await none.ready;
    expect(none.getState().currentSessionId).toBeNull();

    // The person opened one before the list came: theirs stays open.
    const chose = createChatClient({ transport, storage: null });
    void chose.openSession(newer.id);
    await chose.ready;
    expect(chose.getState().currentSessionId).toBe(newer.id);

    // A remembered session that is gone falls back to the latest, with no error shown for it.
    const gone = createChatClient({ transport, storage: memoryStorage({ "quarry:session": "deleted-id" }) });
    await gone.ready;
    expect(gone.getState()).toMatchObject({ currentSessionId: older.id, error: null });
  });

  it("lists sessions with search, pins, renames, archives and deletes them", async () => {
    const transport = new FakeTransport();
    const rain = transport.addSession({ title: "Rain in Seattle" });
    const stocks = transport.addSession({ title: "Stock prices" });
    const client = createChatClient({ transport, storage: null });
    await client.ready;
    expect(client.getState().sessions.map((s) => s.title)).toEqual(["Stock prices", "Rain in Seattle"]);

    await client.loadSessions("rain");
    expect(client.getState()).toMatchObject({ search: "rain", sessionsLoading: false });
    expect(client.getState().sessions.map((s) => s.id)).toEqual([rain.id]);
    await client.loadSessions("");

    await client.pinSession(rain.id, true);
    expect(client.getState().sessions.map((s) => [s.title, s.pinned])).toEqual([
      ["Rain in Seattle", true],
      ["Stock prices", false],
    ]);
    await client.renameSession(stocks.id, "Stocks");
    expect(client.getState().sessions[1]?.title).toBe("Stocks");

    await client.openSession(stocks.id);
    await client.archiveSession(stocks.id, true);
    expect(client.getState().sessions.map((s) => s.id)).toEqual([rain.id]);
    // Archiving leaves the list, not the conversation.
    expect(client.getState().currentSessionId).toBe(stocks.id);
    await client.archiveSession(stocks.id, false);
    expect(client.getState().sessions.map((s) => s.id)).toContain(stocks.id);

    await client.deleteSession(stocks.id);
    expect(client.getState()).toMatchObject({ currentSessionId: null, messages: [] });
    expect(client.getState().sessions.map((s) => s.id)).toEqual([rain.id]);

    transport.failNext("updateSession", new QuarryError("NOT_FOUND", "No such session."));
    await client.renameSession(rain.id, "Gone");
    expect(client.getState().error).toMatchObject({ code: "NOT_FOUND", action: "session" });
    await client.retry();
    expect(client.getState().sessions[0]?.title).toBe("Gone");
    expect(client.getState().error).toBeNull();
  });

  it("rates an answer at once and takes the rating back when it fails", async () => {
    const transport = new FakeTransport();
    const client = createChatClient({ transport, storage: null });
    await client.ready;
    await client.rate("a1", "up");
    expect(client.getState().feedback).toEqual({ a1: "up" });

    transport.failNext("feedback", new QuarryError("NOT_FOUND", "No such message."));
    const states = recorded(client);
    await client.rate("a1", "down", "wrong year");
    expect(states[0]?.feedback).toEqual({ a1: "down" });
    expect(client.getState().feedback).toEqual({ a1: "up" });
    expect(client.getState().error).toMatchObject({ code: "NOT_FOUND", action: "feedback" });

    transport.failNext("feedback", new QuarryError("RATE_LIMITED", "Slow down."));
    await client.rate("a2", "down");
    expect(client.getState().feedback).toEqual({ a1: "up" });
    await client.retry();
    expect(client.getState().feedback).toEqual({ a1: "up", a2: "down" });
  });

  it("uploads each file with its own progress into a new session, and retries the ones that failed", async () => {
    const transport = new FakeTransport();
    const client = createChatClient({ transport, storage: null });
    await client.ready;
    const held = gate();
    transport.uploadHolds.push(held.promise);
    const weather = new File(["date,rain\n2012-01-01,0.1\n"], "weather.csv");
    const stocks = new File(["symbol,price\nAAPL,1\n"], "stocks.csv");
    const uploading = client.upload([weather, stocks]);

    await until(() => client.getState().uploads[0]?.loaded !== 0);
    const mid = client.getState();
    expect(mid.currentSessionId).toBe(transport.sessions[0]?.id);
    expect(mid.uploads.map((u) => [u.fileName, u.state])).toEqual([
      ["weather.csv", "uploading"],
      ["stocks.csv", "uploading"],
    ]);
    expect(mid.uploads[0]?.loaded).toBeGreaterThan(0);
    expect(mid.uploads[0]?.loaded).toBeLessThan(weather.size);
    expect(mid.uploads[1]?.loaded).toBe(0);
    held.open();
    await uploading;
    expect(client.getState().uploads).toEqual([
      expect.objectContaining({
        fileName: "weather.csv",
        state: "done",
        loaded: weather.size,
        total: weather.size,
      }),
      expect.objectContaining({ fileName: "stocks.csv", state: "done", loaded: stocks.size }),
    ]);
    expect(client.getState().datasets.map((d) => d.name)).toEqual(["weather", "stocks"]);
    expect(client.getState().datasets[0]).toHaveProperty("preview.rows", [[1]]);

    transport.failNext("uploadFiles", new QuarryError("INVALID_FILE", '"bad.csv": the file is empty.'));
    await client.upload([new File([""], "bad.csv"), new File(["a\n1\n"], "good.csv")]);
    expect(client.getState().uploads.map((u) => [u.fileName, u.state, u.error])).toEqual([
      ["bad.csv", "failed", '"bad.csv": the file is empty.'],
      ["good.csv", "done", undefined],
    ]);
    expect(client.getState().error).toMatchObject({ code: "INVALID_FILE", action: "upload" });
    await client.retry();
    expect(client.getState().uploads.map((u) => [u.fileName, u.state])).toEqual([["bad.csv", "done"]]);
    expect(client.getState().datasets.map((d) => d.name)).toEqual(["weather", "stocks", "good", "bad"]);

    await client.cleanDataset(client.getState().datasets[0]!.id, [{ op: "trim", column: "x" }]);
    expect(client.getState().datasets[0]?.version).toBe(2);
  });

  it("shows a failed load with a retry, and a failed download to the caller", async () => {
    const transport = new FakeTransport();
    transport.failNext("listSessions", new QuarryError("UNAUTHORIZED", "Sign in to use this API."));
    const client = createChatClient({ transport, storage: null });
    await client.ready;
    expect(client.getState()).toMatchObject({
      sessionsLoading: false,
      error: { code: "UNAUTHORIZED", action: "load" },
    });
    transport.addSession({ title: "Later" });
    await client.retry();
    expect(client.getState().sessions.map((s) => s.title)).toEqual(["Later"]);

    const file = await client.download("a1", "xlsx");
    expect(file.name).toBe("answer.xlsx");
    transport.failNext("download", new QuarryError("NOT_FOUND", "This answer has no table."));
    await expect(client.download("a1", "csv")).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(client.getState().error).toMatchObject({ action: "download" });
  });
});

async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
  throw new Error("until: timed out");
}
