import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { json, principals, readSse, startTestApi, type TestApi, type TestModels } from "./http-test-kit.js";
import { createQuarryApp } from "./quarry-app.js";

/** Besides the test API's default `openai:gpt-test`: a second OpenAI model and an Anthropic one. */
const models: TestModels = {
  "openai:gpt-test-mini": { wire: "openai", model: "gpt-test-mini" },
  claude: { wire: "anthropic", model: "claude-test" },
};

type Listed = { id: string; provider: string; model: string; default: boolean };

async function listed(api: TestApi): Promise<Listed[]> {
  return (await (await api.call("alice", "/models")).json()).models;
}

describe("a server with several models", () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi({ models });
  });
  afterAll(async () => {
    await api.close();
  });

  it("lists every model of the pipeline, the default first and marked", async () => {
    expect(await listed(api)).toEqual([
      { id: "openai:gpt-test", provider: "openai", model: "gpt-test", default: true },
      { id: "openai:gpt-test-mini", provider: "openai", model: "gpt-test-mini", default: false },
      { id: "claude", provider: "anthropic", model: "claude-test", default: false },
    ]);
  });

  it("answers with the model a question names, over SSE and JSON, and when editing", async () => {
    const session = await (await api.call("alice", "/sessions", json({}))).json();
    const ask = (body: object, accept = "application/json") =>
      api.call("alice", `/sessions/${session.id}/messages`, json(body, { headers: { accept } }));

    api.llm.setScript({ text: "Claude streams." });
    const before = api.llm.requests.length;
    const events = await readSse(await ask({ content: "Hi?", model: "claude" }, "text/event-stream"));
    expect(events.at(-1)).toMatchObject({
      type: "done",
      message: { provider: "anthropic", model: "claude-test" },
    });
    expect(api.llm.requests.slice(before).map((r) => r.wire)).toEqual(["anthropic"]);

    api.llm.setScript({ text: "Mini answers." });
    const { messages } = await (await ask({ content: "And now?", model: "openai:gpt-test-mini" })).json();
    expect(messages[1]).toMatchObject({ provider: "openai", model: "gpt-test-mini" });
    expect(api.llm.requests.at(-1)?.body).toMatchObject({ model: "gpt-test-mini" });

    api.llm.setScript({ text: "Default answers." });
    const plain = await (await ask({ content: "No model?" })).json();
    expect(plain.messages[1]).toMatchObject({ provider: "openai", model: "gpt-test" });

    api.llm.setScript({ text: "Edited by Claude." });
    const edited = await api.call(
      "alice",
      `/messages/${messages[0].id}`,
      json({ content: "Changed?", model: "claude" }, { method: "PATCH" }),
    );
    expect((await edited.json()).messages[1]).toMatchObject({ provider: "anthropic", model: "claude-test" });
  });

  it("refuses a model it does not offer with a 400, storing nothing", async () => {
    const session = await (await api.call("alice", "/sessions", json({}))).json();
    const before = api.llm.requests.length;
    for (const model of ["gpt-5", "", "x".repeat(300), 42, null]) {
      const response = await api.call(
        "alice",
        `/sessions/${session.id}/messages`,
        json({ content: "Hi?", model }),
      );
      expect(response.status, String(model)).toBe(400);
      expect((await response.json()).error.code).toBe("INVALID_INPUT");
    }
    const edit = await api.call(
      "alice",
      "/messages/m-x",
      json({ content: "Hi?", model: "gpt-5" }, { method: "PATCH" }),
    );
    expect(edit.status).toBe(400);
    expect(await api.store.messages.list(principals.alice, session.id)).toEqual([]);
    expect(api.llm.requests.length).toBe(before);
  });
});

describe("a handler offering some of the pipeline's models", () => {
  it("lists the ones it names, in its order, with its default, and refuses the others", async () => {
    const api = await startTestApi({
      models,
      handler: {
        models: [
          { id: "claude" },
          { provider: "openai", model: "gpt-test-mini", default: true },
          { id: "claude", default: true },
        ],
      },
    });
    try {
      expect(await listed(api)).toEqual([
        { id: "claude", provider: "anthropic", model: "claude-test", default: false },
        { id: "openai:gpt-test-mini", provider: "openai", model: "gpt-test-mini", default: true },
      ]);
      const session = await (await api.call("alice", "/sessions", json({}))).json();
      // A question naming no model gets the offered default, not the pipeline's.
      api.llm.setScript({ text: "Mini." });
      const { messages } = await (
        await api.call("alice", `/sessions/${session.id}/messages`, json({ content: "Hi?" }))
      ).json();
      expect(messages[1]).toMatchObject({ model: "gpt-test-mini" });
      const refused = await api.call(
        "alice",
        `/sessions/${session.id}/messages`,
        json({ content: "Hi?", model: "openai:gpt-test" }),
      );
      expect(refused.status).toBe(400);
    } finally {
      await api.close();
    }
  });

  it("marks the pipeline's default when the handler marks none, else the first", async () => {
    const api = await startTestApi({ models });
    try {
      const offer = (entries: { id: string }[]) =>
        createQuarryApp(api.quarry, { auth: () => principals.alice, models: entries });
      const defaults = async (entries: { id: string }[]) => {
        const response = await offer(entries).request("/models");
        return ((await response.json()).models as Listed[]).map((m) => [m.id, m.default]);
      };
      expect(await defaults([{ id: "claude" }, { id: "openai:gpt-test" }])).toEqual([
        ["claude", false],
        ["openai:gpt-test", true],
      ]);
      expect(await defaults([{ id: "claude" }, { id: "openai:gpt-test-mini" }])).toEqual([
        ["claude", true],
        ["openai:gpt-test-mini", false],
      ]);
    } finally {
      await api.close();
    }
  });

  it("refuses, when made, to offer a model the pipeline does not have", async () => {
    const api = await startTestApi();
    try {
      expect(() =>
        createQuarryApp(api.quarry, {
          auth: () => null,
          models: [{ provider: "anthropic", model: "claude-sonnet-4" }],
        }),
      ).toThrow(
        expect.objectContaining({
          code: "INVALID_INPUT",
          message: expect.stringContaining("claude-sonnet-4"),
        }),
      );
    } finally {
      await api.close();
    }
  });
});
