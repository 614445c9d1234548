import { createOfflineModel } from "@quarry/core/offline";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { json, startTestApi, type TestApi } from "../http-test-kit.js";
import { newSession } from "../upload-test-files.js";
import { failure, weatherSession } from "./quality-route-fixtures.js";

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi({ model: createOfflineModel() });
});
afterAll(async () => {
  await api.close();
});

const put = (body: unknown) => json(body, { method: "PUT" });

describe("GET/PUT /sessions/:id/memory", () => {
  it("is empty for a new session", async () => {
    const sessionId = await newSession(api, "alice");
    const response = await api.call("alice", `/sessions/${sessionId}/memory`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ sessionId, summary: "", preferences: [], updatedAt: null });
  });

  it("shows what turns remembered, takes the user's edits, and keeps them through later turns", async () => {
    const { sessionId } = await weatherSession(api);
    const ask = (content: string) => api.call("alice", `/sessions/${sessionId}/messages`, json({ content }));
    expect((await ask("Use fiscal years. Total precipitation by year")).status).toBe(200);
    const remembered = await (await api.call("alice", `/sessions/${sessionId}/memory`)).json();
    expect(remembered.preferences).toEqual(["use fiscal years"]);
    expect(remembered.summary).toMatch(
      /^Recent questions:\n- Use fiscal years\. Total precipitation by year → /,
    );

    const edited = await api.call(
      "alice",
      `/sessions/${sessionId}/memory`,
      put({ summary: `Rain is in mm.\n\n${remembered.summary}`, preferences: ["amounts in EUR"] }),
    );
    expect(edited.status).toBe(200);
    expect(await edited.json()).toMatchObject({
      preferences: ["amounts in EUR"],
      updatedAt: expect.any(String),
    });

    expect((await ask("Average wind by weather")).status).toBe(200);
    const after = await (await api.call("alice", `/sessions/${sessionId}/memory`)).json();
    expect(after.preferences).toEqual(["amounts in EUR"]);
    expect(after.summary).toMatch(
      /^Rain is in mm\.\n\nRecent questions:\n- Use fiscal years.*\n- Average wind by weather → /,
    );
  });

  it("refuses a bad body and changes nothing", async () => {
    const sessionId = await newSession(api, "alice");
    const path = `/sessions/${sessionId}/memory`;
    expect(await failure(await api.call("alice", path, put({ summary: "x" })))).toEqual([
      400,
      "INVALID_INPUT",
    ]);
    expect(await failure(await api.call("alice", path, put({ summary: "x", preferences: [""] })))).toEqual([
      400,
      "INVALID_INPUT",
    ]);
    const text = await api.call("alice", path, {
      method: "PUT",
      body: "summary",
      headers: { "content-type": "text/plain" },
    });
    expect(await failure(text)).toEqual([415, "UNSUPPORTED_MEDIA_TYPE"]);
    expect((await (await api.call("alice", path)).json()).summary).toBe("");
  });

  it("is another user's 404", async () => {
    const sessionId = await newSession(api, "alice");
    const path = `/sessions/${sessionId}/memory`;
    expect(await failure(await api.call("bob", path))).toEqual([404, "NOT_FOUND"]);
    expect(await failure(await api.call("eve", path, put({ summary: "pwned", preferences: [] })))).toEqual([
      404,
      "NOT_FOUND",
    ]);
    expect((await (await api.call("alice", path)).json()).summary).toBe("");
  });
});
