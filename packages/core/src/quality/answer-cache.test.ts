import { describe, expect, it } from "vitest";
import {
  type AnswerCacheKeyInput,
  answerCacheKey,
  type CachedAnswer,
  createAnswerCache,
} from "./answer-cache.js";
import { fingerprint } from "./fingerprint.js";

const base: AnswerCacheKeyInput = {
  principal: { tenantId: "acme", userId: "alice" },
  datasets: [{ id: "ds_1", version: 1 }],
  question: "Total sales by region?",
  model: "openai:gpt-test",
  promptVersion: "v1",
  context: ["memory", "glossary"],
};
const answer: CachedAnswer = {
  parts: [{ type: "text", text: "North 300." }],
  metadata: { confidence: "high" },
  answeredAt: "2024-01-01T00:00:00.000Z",
  messageId: "m1",
};

describe("answerCacheKey", () => {
  it("ignores case, spacing and closing punctuation of the question, and dataset order", () => {
    const two = {
      ...base,
      datasets: [
        { id: "a", version: 1 },
        { id: "b", version: 3 },
      ],
    };
    expect(answerCacheKey({ ...two, question: "  total SALES   by region " })).toBe(
      answerCacheKey({ ...two, datasets: [...two.datasets].reverse() }),
    );
  });

  it.each<[string, Partial<AnswerCacheKeyInput>]>([
    ["another user", { principal: { tenantId: "acme", userId: "bob" } }],
    ["another tenant", { principal: { tenantId: "other", userId: "alice" } }],
    ["a new dataset version", { datasets: [{ id: "ds_1", version: 2 }] }],
    ["another dataset", { datasets: [{ id: "ds_2", version: 1 }] }],
    ["a document", { documents: [{ id: "doc", updatedAt: "t" }] }],
    ["another question", { question: "Total sales by month?" }],
    ["another model", { model: "anthropic:claude" }],
    ["another prompt version", { promptVersion: "v2" }],
    ["edited memory", { context: ["memory edited", "glossary"] }],
  ])("changes with %s", (_name, change) => {
    expect(answerCacheKey({ ...base, ...change })).not.toBe(answerCacheKey(base));
  });
});

describe("createAnswerCache", () => {
  it("serves a copy until the TTL passes", () => {
    let clock = 0;
    const cache = createAnswerCache({ ttlMs: 1_000, maxEntries: 10, now: () => clock });
    const key = answerCacheKey(base);
    cache.set(key, answer);
    const hit = cache.get(key);
    expect(hit).toEqual(answer);
    if (hit?.parts[0]?.type === "text") hit.parts[0].text = "changed";
    expect(cache.get(key)?.parts[0]).toEqual({ type: "text", text: "North 300." });
    clock = 999;
    expect(cache.get(key)).toBeDefined();
    clock = 1_000;
    expect(cache.get(key)).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it("evicts the least recently used entry first", () => {
    const cache = createAnswerCache({ ttlMs: 1_000, maxEntries: 2 });
    cache.set("a", answer);
    cache.set("b", answer);
    cache.get("a");
    cache.set("c", answer);
    expect([cache.get("a"), cache.get("b"), cache.get("c")].map(Boolean)).toEqual([true, false, true]);
  });

  it("forgets one principal's entries only", () => {
    const cache = createAnswerCache({ ttlMs: 1_000, maxEntries: 10 });
    const alice = answerCacheKey(base);
    const alice2 = answerCacheKey({ ...base, principal: { tenantId: "acme", userId: "alice2" } });
    cache.set(alice, answer);
    cache.set(alice2, answer);
    cache.forget({ tenantId: "acme", userId: "alice" });
    expect(cache.get(alice)).toBeUndefined();
    expect(cache.get(alice2)).toBeDefined();
  });
});

describe("fingerprint", () => {
  it("is stable, 13 hex digits, and tells near texts apart", () => {
    expect(fingerprint("abc")).toBe(fingerprint("abc"));
    expect(fingerprint("abc")).toMatch(/^[0-9a-f]{13}$/);
    const seen = new Set(Array.from({ length: 2_000 }, (_, i) => fingerprint(`memory ${i}`)));
    expect(seen.size).toBe(2_000);
    expect(fingerprint("ab")).not.toBe(fingerprint("ba"));
  });
});
