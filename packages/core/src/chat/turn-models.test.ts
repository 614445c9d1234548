import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createMemoryBlobStore } from "../blob/memory-blob-store.js";
import type { Principal } from "../model/principal.js";
import { createMemoryStore } from "../store/memory-store.js";
import type { Store } from "../store/store.js";
import { createScriptedModel } from "../testing/model/scripted-model.js";
import { createQuarry } from "./create-quarry.js";
import { sharedEngine } from "./engine-provider.js";
import type { Quarry, QuarryOptions } from "./quarry-types.js";
import { collect, doneOf, modelFor, useSalesBench } from "./turn-fixtures.js";
import { modelChoices } from "./turn-models.js";

const alice: Principal = { userId: "alice", tenantId: "acme" };
const totals = "SELECT region, sum(amount) AS total FROM sales GROUP BY region ORDER BY region";

const bench = useSalesBench();

describe("choosing a turn's model among several", () => {
  let store: Store;
  let quarry: Quarry;
  let sessionId: string;

  function make(options: Partial<QuarryOptions> = {}): Quarry {
    return createQuarry({
      store,
      blobs: createMemoryBlobStore(),
      // Two models behind their real SDKs, both served by the mock server: its requests tell which answered.
      model: modelFor("openai", bench.server),
      models: { "anthropic:claude-test": modelFor("anthropic", bench.server) },
      engine: sharedEngine(bench.engine),
      principal: alice,
      ...options,
    });
  }

  beforeEach(async () => {
    store = createMemoryStore();
    quarry = make();
    sessionId = (await store.sessions.create(alice)).id;
  });
  afterEach(async () => {
    await quarry.close();
    await store.close();
  });

  it("lists the default first under provider:modelId, then the others", () => {
    expect(quarry.defaultModelId).toBe("openai:gpt-test");
    expect(Object.keys(quarry.models)).toEqual(["openai:gpt-test", "anthropic:claude-test"]);
    expect(quarry.models["openai:gpt-test"]).toBe(quarry.model);
    expect(modelChoices(quarry)).toEqual([
      { id: "openai:gpt-test", provider: "openai", model: "gpt-test", default: true },
      { id: "anthropic:claude-test", provider: "anthropic", model: "claude-test", default: false },
    ]);
  });

  it("answers with the default unless the turn names another, and records which one wrote each answer", async () => {
    bench.server.setScript({ text: "From the default." });
    const first = doneOf(await collect(quarry.chat(sessionId, "Hello?")));
    expect(bench.server.requests.at(-1)?.wire).toBe("openai");
    expect(first).toMatchObject({ provider: "openai", model: "gpt-test" });

    bench.server.setScript([
      { toolCalls: [{ name: "run_sql", arguments: { sql: totals } }] },
      { text: "North 300, South 150." },
    ]);
    const before = bench.server.requests.length;
    const events = await collect(quarry.chat(sessionId, "Totals?", { model: "anthropic:claude-test" }));
    const second = doneOf(events);
    expect(bench.server.requests.slice(before).map((r) => r.wire)).toEqual(["anthropic", "anthropic"]);
    expect(second).toMatchObject({ provider: "anthropic", model: "claude-test" });
    expect(second.parts.find((p) => p.type === "text")).toMatchObject({ text: "North 300, South 150." });
    const audit = await store.audit.list(alice, { sessionId });
    expect(audit.items[0]).toMatchObject({ sql: totals, provider: "anthropic", model: "claude-test" });

    // Naming the default by its id is the same as naming none.
    bench.server.setScript({ text: "Default again." });
    const third = doneOf(await collect(quarry.chat(sessionId, "Again?", { model: "openai:gpt-test" })));
    expect(third).toMatchObject({ provider: "openai", model: "gpt-test" });
  });

  it("answers an edited question with the model the edit names", async () => {
    bench.server.setScript({ text: "First answer." });
    const events = await collect(quarry.chat(sessionId, "Hello?"));
    const questionId = events[0]?.type === "message" ? events[0].message.id : "";

    bench.server.setScript({ text: "Second opinion." });
    const edited = await collect(
      quarry.editMessage(sessionId, questionId, "Hello again?", { model: "anthropic:claude-test" }),
    );
    expect(doneOf(edited)).toMatchObject({
      replyTo: questionId,
      provider: "anthropic",
      model: "claude-test",
    });
    const thread = await quarry.thread(sessionId);
    expect(thread.map((m) => m.provider)).toEqual([null, "anthropic"]);
  });

  it("refuses a model it does not have before storing anything or calling a model", async () => {
    const before = bench.server.requests.length;
    for (const model of ["openai:gpt-5", "", "constructor", "toString"]) {
      await expect(collect(quarry.chat(sessionId, "Hello?", { model }))).rejects.toMatchObject({
        code: "INVALID_INPUT",
      });
    }
    await expect(
      collect(quarry.chat(sessionId, "Hello?", { model: 42 as unknown as string })),
    ).rejects.toMatchObject({ code: "INVALID_INPUT" });
    await expect(
      collect(quarry.editMessage(sessionId, "m-none", "Hello?", { model: "nope" })),
    ).rejects.toMatchObject({
      code: "INVALID_INPUT",
      message: expect.stringContaining("anthropic:claude-test"),
    });
    expect(await store.messages.list(alice, sessionId)).toEqual([]);
    expect(bench.server.requests.length).toBe(before);
  });
});

describe("the models option", () => {
  const blobs = createMemoryBlobStore();
  const scripted = (modelId: string, provider = "scripted") =>
    createScriptedModel({ script: { text: "Hi." }, modelId, provider });

  it("keeps the default's own key when the default is among the models", () => {
    const mini = scripted("mini");
    const large = scripted("large");
    const quarry = createQuarry({
      store: createMemoryStore(),
      blobs,
      engine: sharedEngine(bench.engine),
      model: mini,
      models: { large, mini },
    });
    expect(quarry.defaultModelId).toBe("mini");
    expect(Object.keys(quarry.models)).toEqual(["large", "mini"]);
    expect(modelChoices(quarry).map((m) => [m.id, m.default])).toEqual([
      ["large", false],
      ["mini", true],
    ]);
  });

  it("takes a key naming the default's provider:modelId as the default", () => {
    const quarry = createQuarry({
      store: createMemoryStore(),
      blobs,
      engine: sharedEngine(bench.engine),
      model: scripted("mini"),
      models: { "scripted:mini": scripted("mini"), "scripted:large": scripted("large") },
    });
    expect(quarry.defaultModelId).toBe("scripted:mini");
    expect(Object.keys(quarry.models)).toEqual(["scripted:mini", "scripted:large"]);
  });

  it("refuses ids and models that are not", () => {
    const base = {
      store: createMemoryStore(),
      blobs,
      engine: sharedEngine(bench.engine),
      model: scripted("mini"),
    };
    const bad: unknown[] = [{ "": scripted("x") }, { [`m${"x".repeat(300)}`]: scripted("x") }, { x: {} }, []];
    for (const models of bad) {
      expect(() => createQuarry({ ...base, models: models as QuarryOptions["models"] })).toThrow(
        expect.objectContaining({ code: "INVALID_INPUT" }),
      );
    }
  });

  it("titles a new session with the model the turn chose", async () => {
    const store = createMemoryStore();
    const fallback = scripted("mini");
    const chosen = createScriptedModel({
      provider: "scripted",
      modelId: "large",
      script: ({ call }) => ({ text: call === 0 ? "Hello there." : "Greeting" }),
    });
    const quarry = createQuarry({
      store,
      blobs,
      engine: sharedEngine(bench.engine),
      principal: alice,
      model: fallback,
      models: { large: chosen },
      titles: "model",
    });
    const session = await store.sessions.create(alice);
    const answer = doneOf(await collect(quarry.chat(session.id, "Hi?", { model: "large" })));
    expect(answer).toMatchObject({ provider: "scripted", model: "large" });
    expect(chosen.calls).toHaveLength(2);
    expect(fallback.calls).toHaveLength(0);
    expect((await store.sessions.get(alice, session.id))?.title).toBe("Greeting");
    await store.close();
  });
});
