import { describe, expect, it } from "vitest";
import type { Principal } from "../model/principal.js";
import type { MockWire } from "../testing/model/script.js";
import { sentSystem } from "./document-fixtures.js";
import { salesDataset, sentQuestion } from "./quality-turn-fixtures.js";
import { collect, doneOf, modelFor, turnUser, useSalesBench, useTurnTest } from "./turn-fixtures.js";

const alice = turnUser;
const bob: Principal = { userId: "bob", tenantId: "acme" };
const totals = "SELECT region, sum(amount) AS total FROM sales GROUP BY region ORDER BY region";
const bench = useSalesBench();

/** A model that runs `sql`, then answers `text`. */
const answers = (sql: string, text: string) => [
  { toolCalls: [{ name: "run_sql", arguments: { sql } }] },
  { text },
];

describe.each<MockWire>(["openai", "anthropic"])("answer quality in a turn through the %s SDK", (wire) => {
  const t = useTurnTest(bench, (maxRetries) => modelFor(wire, bench.server, maxRetries));
  const calls = () => bench.server.requests.length;

  it("declines a request to change data before any model call or SQL", async () => {
    const before = calls();
    const events = await collect(t.quarry.chat(t.sessionId, "Please delete the 2012 rows from sales"));
    const message = doneOf(events);
    expect(calls()).toBe(before);
    expect(message.parts).toEqual([{ type: "text", text: expect.stringContaining("nothing was changed") }]);
    expect(message.metadata).toMatchObject({ intentGate: { declined: true, action: "delete" } });
    expect(message.promptVersion).toMatch(/^quarry-agent-2\.[0-9a-f]{8}\+quality\.[0-9a-f]{8}$/);
    const audit = await t.store.audit.list(alice, { sessionId: t.sessionId });
    expect(audit.items).toEqual([
      expect.objectContaining({
        sql: null,
        ok: true,
        details: { intentGate: "declined", action: "delete", via: "request" },
      }),
    ]);
  });

  it("sends such a request to the model when the gate is off", async () => {
    const quarry = t.make({ quality: { intentGate: false } });
    bench.server.setScript({ text: "I cannot do that." });
    const before = calls();
    doneOf(await collect(quarry.chat(t.sessionId, "Please delete the 2012 rows from sales")));
    expect(calls()).toBe(before + 1);
    await quarry.close();
  });

  it("answers an identical question from the cache, but not for another user or a new dataset version", async () => {
    const dataset = await salesDataset(t.store, alice, t.sessionId);
    bench.server.setScript(answers(totals, "North sold 300 and South 150."));
    const first = doneOf(await collect(t.quarry.chat(t.sessionId, "What are total sales by region?")));
    const before = calls();
    const events = await collect(t.quarry.chat(t.sessionId, "what are total sales by region"));
    const cached = doneOf(events);
    expect(calls()).toBe(before);
    expect(cached.id).not.toBe(first.id);
    expect(cached.parts).toEqual(first.parts);
    expect(cached.metadata).toMatchObject({ cache: { hit: true, from: first.id } });
    expect(events.filter((e) => e.type === "part").map((e) => e.type === "part" && e.part.type)).toEqual([
      "tool",
      "sql",
      "table",
      "chart",
    ]);
    const audit = await t.store.audit.list(alice, { sessionId: t.sessionId });
    expect(audit.items[0]).toMatchObject({ sql: null, details: { cache: "hit" } });

    // Editing the question (or regenerating its answer) asks for a new answer.
    bench.server.setScript(answers(totals, "North sold 300 and South 150."));
    const asked = events[0]?.type === "message" ? events[0].message.id : "";
    doneOf(await collect(t.quarry.editMessage(t.sessionId, asked, "what are total sales by region")));
    expect(calls()).toBe(before + 2);

    const bobSession = await t.store.sessions.create(bob);
    bench.server.setScript(answers(totals, "North sold 300 and South 150."));
    doneOf(
      await collect(t.quarry.chat(bobSession.id, "What are total sales by region?", { principal: bob })),
    );
    expect(calls()).toBe(before + 4);

    await t.store.datasets.newVersion(alice, dataset.id, { rowCount: 4 });
    bench.server.setScript(answers(totals, "North sold 300 and South 150."));
    const fresh = doneOf(await collect(t.quarry.chat(t.sessionId, "What are total sales by region?")));
    expect(calls()).toBe(before + 6);
    expect(fresh.metadata.cache).toBeUndefined();
  });

  it("resolves a follow-up against the previous question and its SQL", async () => {
    bench.server.setScript(
      answers("SELECT sum(amount) AS total FROM sales WHERE region = 'North'", "North sold 300."),
    );
    doneOf(await collect(t.quarry.chat(t.sessionId, "Total amount in North")));
    bench.server.setScript(
      answers("SELECT sum(amount) AS total FROM sales WHERE region = 'South'", "South sold 150."),
    );
    const before = calls();
    const message = doneOf(await collect(t.quarry.chat(t.sessionId, "what about South?")));
    const request = bench.server.requests[before];
    expect(sentQuestion(request)).toBe("what about South?");
    const system = request ? sentSystem(request) : "";
    expect(system).toContain(
      'Follow-up: The user\'s message "what about South?" follows up on their previous question "Total amount in North"',
    );
    expect(system).toContain("WHERE region = 'North'");
    expect(system).toContain('Read it as: "Total amount in South"');
    expect(message.metadata.resolvedQuestion).toBe("Total amount in South");
    const audit = await t.store.audit.list(alice, { sessionId: t.sessionId });
    expect(audit.items[0]).toMatchObject({
      sql: expect.stringContaining("'South'"),
      details: {
        followUp: {
          kind: "replace-value",
          resolvedFrom: "Total amount in North",
          question: "Total amount in South",
        },
      },
    });
  });

  it("asks back an ambiguous question with options, and answers the option picked", async () => {
    await salesDataset(t.store, alice, t.sessionId);
    const before = calls();
    const asked = doneOf(await collect(t.quarry.chat(t.sessionId, "Which are the top regions?")));
    expect(calls()).toBe(before);
    expect(asked.parts).toEqual([
      {
        type: "text",
        text: 'What should "top" be measured by?\n1. Which are the top regions by total amount\n2. Which are the top regions by number of sales',
      },
    ]);
    expect(asked.metadata.clarification).toMatchObject({ kind: "metric", term: "top" });
    const audit = await t.store.audit.list(alice, { sessionId: t.sessionId });
    expect(audit.items[0]?.details).toEqual({
      clarification: { kind: "metric", term: "top", options: ["total amount", "number of sales"] },
    });

    bench.server.setScript(answers(totals, "North leads with 300."));
    const answer = doneOf(await collect(t.quarry.chat(t.sessionId, "1")));
    expect(sentQuestion(bench.server.requests[before])).toBe("Which are the top regions by total amount");
    expect(answer.metadata.resolvedQuestion).toBe("Which are the top regions by total amount");
    expect(answer.parts.some((p) => p.type === "table")).toBe(true);
  });

  it("puts the memory, the glossary and confirmed examples in the prompt", async () => {
    const dataset = await salesDataset(t.store, alice, t.sessionId);
    await t.quarry.glossary.put(dataset.id, [
      { term: "revenue", meaning: "Money from sales", sql: "sum(amount)" },
    ]);
    bench.server.setScript(answers(totals, "North sold 300 and South 150."));
    const first = doneOf(
      await collect(t.quarry.chat(t.sessionId, "From now on, amounts in EUR. Total sales by region?")),
    );
    await t.quarry.feedback({ messageId: first.id, rating: "up" });
    const memory = await t.quarry.memory.get(t.sessionId);
    expect(memory.preferences).toEqual(["amounts in EUR"]);
    await t.quarry.memory.put(t.sessionId, {
      summary: `Only count stores in the EU.\n\n${memory.summary}`,
      preferences: memory.preferences,
    });

    bench.server.setScript(answers(totals, "North sold 300 and South 150."));
    const before = calls();
    doneOf(await collect(t.quarry.chat(t.sessionId, "Show the total sales for each region")));
    const system = sentSystem(
      bench.server.requests[before] as NonNullable<(typeof bench.server.requests)[number]>,
    );
    expect(system).toContain(
      "Preferences the user stated in this session (follow them unless the question says otherwise):\n- amounts in EUR",
    );
    expect(system).toContain("Only count stores in the EU.");
    expect(system).toContain(
      "- From now on, amounts in EUR. Total sales by region? → North sold 300 and South 150.",
    );
    expect(system).toContain('- "revenue" (table "sales"): Money from sales SQL: sum(amount)');
    expect(system).toContain(`Q: From now on, amounts in EUR. Total sales by region?\nSQL: ${totals}`);
    const audit = await t.store.audit.list(alice, { sessionId: t.sessionId });
    expect(audit.items[0]?.details).toMatchObject({ glossary: 1, memory: { preferences: 1 }, examples: 1 });
    expect((await t.quarry.memory.get(t.sessionId)).summary).toMatch(/^Only count stores in the EU\./);
  });
});

describe("the memory and glossary facades", () => {
  const t = useTurnTest(bench, (maxRetries) => modelFor("openai", bench.server, maxRetries));

  it("keep other users out and refuse bad input", async () => {
    const dataset = await salesDataset(t.store, alice, t.sessionId);
    await expect(t.quarry.memory.get(t.sessionId, { principal: bob })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    await expect(t.quarry.memory.put(t.sessionId, { summary: "x" } as never)).rejects.toMatchObject({
      code: "INVALID_INPUT",
    });
    await expect(t.quarry.glossary.get(dataset.id, { principal: bob })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    await expect(
      t.quarry.glossary.put(dataset.id, [{ term: "x", meaning: "y", sql: "1; DROP TABLE sales" }]),
    ).rejects.toMatchObject({ code: "INVALID_INPUT" });
    await expect(
      t.quarry.glossary.put(dataset.id, [{ term: "x", meaning: "y", sql: "sum(nope)" }]),
    ).rejects.toMatchObject({
      code: "INVALID_INPUT",
    });
    expect(await t.quarry.glossary.get(dataset.id)).toEqual([]);
  });
});
