import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { json, readSse, startTestApi, type TestApi } from "../http-test-kit.js";

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(async () => {
  await api.close();
});

describe("session routes", () => {
  it("creates, lists, searches, pins, archives and deletes sessions", async () => {
    const created = await api.call("alice", "/sessions", json({ title: "Rain in Seattle" }));
    expect(created.status).toBe(201);
    const session = await created.json();
    await api.call("alice", "/sessions", json({ title: "Stock prices" }));

    const searched = await (await api.call("alice", "/sessions?search=rain")).json();
    expect(searched.items.map((s: { title: string }) => s.title)).toEqual(["Rain in Seattle"]);

    const patched = await api.call(
      "alice",
      `/sessions/${session.id}`,
      json({ pinned: true, archived: true }, { method: "PATCH" }),
    );
    expect(await patched.json()).toMatchObject({ pinned: true, archived: true });
    const active = await (await api.call("alice", "/sessions?archived=exclude")).json();
    expect(active.items.map((s: { id: string }) => s.id)).not.toContain(session.id);
    const page = await (await api.call("alice", "/sessions?archived=include&limit=1")).json();
    expect(page.items).toHaveLength(1);
    expect(page.nextCursor).toEqual(expect.any(String));

    expect((await api.call("alice", `/sessions/${session.id}`, { method: "DELETE" })).status).toBe(204);
    expect((await api.call("alice", `/sessions/${session.id}`)).status).toBe(404);
  });

  it("answers 401 without a principal, and 404 for another user's session on every verb", async () => {
    const anonymous = await api.call(null, "/sessions");
    expect(anonymous.status).toBe(401);
    expect(await anonymous.json()).toEqual({ error: { code: "UNAUTHORIZED", message: expect.any(String) } });

    const session = await (await api.call("alice", "/sessions", json({ title: "mine" }))).json();
    for (const user of ["bob", "eve"] as const) {
      expect((await api.call(user, `/sessions/${session.id}`)).status).toBe(404);
      expect(
        (await api.call(user, `/sessions/${session.id}`, json({ title: "x" }, { method: "PATCH" }))).status,
      ).toBe(404);
      expect((await api.call(user, `/sessions/${session.id}`, { method: "DELETE" })).status).toBe(404);
      expect((await api.call(user, `/sessions/${session.id}/messages`)).status).toBe(404);
      expect((await api.call(user, `/sessions/${session.id}/messages`, json({ content: "hi" }))).status).toBe(
        404,
      );
    }
    const still = await (await api.call("alice", `/sessions/${session.id}`)).json();
    expect(still).toMatchObject({ title: "mine", messages: [] });
  });

  it("refuses malformed JSON, wrong types, wrong media types and oversized bodies", async () => {
    const bad = await api.call("alice", "/sessions", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{nope",
    });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.code).toBe("INVALID_INPUT");
    const typed = await api.call("alice", "/sessions", json({ title: 42 }));
    expect((await typed.json()).error).toMatchObject({
      code: "INVALID_INPUT",
      message: expect.stringContaining("title"),
    });
    const extra = await api.call("alice", "/sessions", json({ title: "t", ownerId: "bob" }));
    expect(extra.status).toBe(400);
    const text = await api.call("alice", "/sessions", {
      method: "POST",
      headers: { "content-type": "text/plain" },
      body: "{}",
    });
    expect(text.status).toBe(415);
    const huge = await api.call("alice", "/sessions", json({ title: "x".repeat(2 * 1024 * 1024) }));
    expect(huge.status).toBe(413);
    const query = await api.call("alice", "/sessions?limit=abc");
    expect(query.status).toBe(400);
    expect((await api.call("alice", "/nope")).status).toBe(404);
  });

  it("refuses to attach datasets that are not the caller's", async () => {
    const response = await api.call("alice", "/sessions", json({ datasetIds: ["not-a-dataset"] }));
    expect(response.status).toBe(404);
  });
});

describe("message routes", () => {
  it("asks over SSE and over JSON, keeps history, edits and takes feedback", async () => {
    const session = await (await api.call("alice", "/sessions", json({}))).json();
    api.llm.setScript({ text: "Hello there, streamed in pieces." });
    const streamed = await api.call(
      "alice",
      `/sessions/${session.id}/messages`,
      json({ content: "Hi?" }, { headers: { accept: "text/event-stream" } }),
    );
    expect(streamed.headers.get("content-type")).toMatch(/^text\/event-stream/);
    const events = await readSse(streamed);
    expect(events[0]?.type).toBe("message");
    expect(events.filter((e) => e.type === "text-delta").length).toBeGreaterThan(2);
    expect(events.at(-1)?.type).toBe("done");

    api.llm.setScript({ text: "Plain JSON answer." });
    const plain = await api.call("alice", `/sessions/${session.id}/messages`, json({ content: "And now?" }));
    const { messages } = await plain.json();
    expect(messages.map((m: { role: string }) => m.role)).toEqual(["user", "assistant"]);
    expect(messages[1].parts).toEqual([{ type: "text", text: "Plain JSON answer." }]);

    const history = await (await api.call("alice", `/sessions/${session.id}/messages`)).json();
    expect(history.messages).toHaveLength(4);

    api.llm.setScript({ text: "Edited answer." });
    const edited = await api.call(
      "alice",
      `/messages/${messages[0].id}`,
      json({ content: "Changed?" }, { method: "PATCH" }),
    );
    expect((await edited.json()).messages[0]).toMatchObject({ edited: true });
    expect(
      (await api.call("bob", `/messages/${messages[0].id}`, json({ content: "x" }, { method: "PATCH" })))
        .status,
    ).toBe(404);

    const feedback = await api.call(
      "alice",
      `/messages/${messages[1].id}/feedback`,
      json({ rating: "up", comment: "good" }),
    );
    expect(await feedback.json()).toMatchObject({ rating: "up", comment: "good" });
    expect(
      (await api.call("bob", `/messages/${messages[1].id}/feedback`, json({ rating: "down" }))).status,
    ).toBe(404);
    expect(
      (await api.call("alice", `/messages/${messages[1].id}/feedback`, json({ rating: "meh" }))).status,
    ).toBe(400);
  });
});
