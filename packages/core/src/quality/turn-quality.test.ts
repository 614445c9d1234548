import { beforeEach, describe, expect, it } from "vitest";
import { salesDataset } from "../chat/quality-turn-fixtures.js";
import { useSalesBench } from "../chat/turn-fixtures.js";
import type { Dataset } from "../model/dataset.js";
import type { Message } from "../model/message.js";
import type { Principal } from "../model/principal.js";
import type { Session } from "../model/session.js";
import { createOfflineModel } from "../offline/offline-model.js";
import { createMemoryStore } from "../store/memory-store.js";
import type { Store } from "../store/store.js";
import { createScriptedModel } from "../testing/model/scripted-model.js";
import { rememberTurn, reviewAnswer } from "./answer-review.js";
import { storeExchange } from "./quality-fixtures.js";
import {
  createQualityRuntime,
  type QualityRuntime,
  type QualityStart,
  questionForModel,
  startTurnQuality,
  type TurnQualityInput,
  turnPrompt,
} from "./turn-quality.js";

const alice: Principal = { userId: "alice", tenantId: "acme" };
const bob: Principal = { userId: "bob", tenantId: "acme" };
const bench = useSalesBench();
const model = createScriptedModel({ script: { text: "unused" } });

let store: Store;
let runtime: QualityRuntime;
let session: Session;
let dataset: Dataset;

beforeEach(async () => {
  store = createMemoryStore();
  runtime = createQualityRuntime(store);
  session = await store.sessions.create(alice);
  dataset = await salesDataset(store, alice, session.id, [
    { term: "revenue", meaning: "Sum of amounts", sql: "sum(amount)" },
  ]);
  session = (await store.sessions.get(alice, session.id)) as Session;
});

function input(questionText: string, earlier: Message[] = [], principal = alice): TurnQualityInput {
  return { store, principal, session, questionText, earlier, datasets: [dataset], model };
}

async function exchange(question: string, answer: Partial<Message>): Promise<Message[]> {
  return storeExchange(store, alice, session.id, question, answer);
}

describe("startTurnQuality", () => {
  it("declines a request to change data, saying why", async () => {
    const reply = await startTurnQuality(runtime, input("Please delete the 2012 rows from sales"));
    expect(reply).toMatchObject({
      type: "reply",
      metadata: { intentGate: { declined: true, action: "delete" } },
      details: { intentGate: "declined", action: "delete", via: "request" },
    });
    expect(reply.type === "reply" && reply.parts[0]).toMatchObject({
      type: "text",
      text: expect.stringContaining("nothing was changed"),
    });
  });

  it("resolves a follow-up against the previous question and its SQL", async () => {
    const earlier = await exchange("Total amount in 2023", {
      parts: [
        { type: "sql", sql: "SELECT sum(amount) FROM sales WHERE year(month) = 2023", dialect: "duckdb" },
      ],
    });
    const start = (await startTurnQuality(runtime, input("and for 2024?", earlier))) as QualityStart;
    expect(start).toMatchObject({
      type: "continue",
      question: "Total amount in 2024",
      details: {
        followUp: {
          kind: "replace-value",
          resolvedFrom: "Total amount in 2023",
          question: "Total amount in 2024",
        },
        cache: "miss",
      },
    });
    expect(questionForModel(createOfflineModel(), "and for 2024?", start)).toBe("Total amount in 2024");
    expect(questionForModel(model, "and for 2024?", start)).toBe("and for 2024?");
  });

  it("reads a reply to a clarification as the option it picks", async () => {
    const options = [
      { label: "order_date", question: "Total by order_date" },
      { label: "ship_date", question: "Total by ship_date" },
    ];
    const earlier = await exchange("Total by date", {
      metadata: { clarification: { kind: "columns", term: "date", options } },
    });
    const start = (await startTurnQuality(runtime, input("the second one", earlier))) as QualityStart;
    expect(start).toMatchObject({
      question: "Total by ship_date",
      clarified: true,
      details: { clarification: { answered: "ship_date" } },
    });
    expect(questionForModel(model, "the second one", start)).toBe("Total by ship_date");
  });

  it("answers an identical question from the cache, for the same principal and dataset version only", async () => {
    const first = (await startTurnQuality(runtime, input("Total amount by region?"))) as QualityStart;
    const [, answer] = await exchange("Total amount by region?", {
      parts: [{ type: "text", text: "North 300, South 150." }],
      metadata: { confidence: "high" },
    });
    await rememberTurn(runtime, {
      store,
      principal: alice,
      sessionId: session.id,
      questionText: "Total amount by region?",
      start: first,
      answer: answer as Message,
    });

    const hit = await startTurnQuality(runtime, input("total amount by region"));
    expect(hit).toMatchObject({
      type: "reply",
      parts: [{ type: "text", text: "North 300, South 150." }],
      metadata: { cache: { hit: true, from: answer?.id }, confidence: "high" },
      details: { cache: "hit" },
    });
    const bobs = { ...input("Total amount by region?", [], bob), session: await store.sessions.create(bob) };
    expect((await startTurnQuality(runtime, bobs)).type).toBe("continue");
    const newer = await store.datasets.newVersion(alice, dataset.id, { rowCount: 5 });
    expect(
      (await startTurnQuality(runtime, { ...input("Total amount by region?"), datasets: [newer] })).type,
    ).toBe("continue");
  });

  it("does nothing when every feature is off", async () => {
    const off = createQualityRuntime(store, false);
    const start = await startTurnQuality(off, input("Please delete the 2012 rows"));
    expect(start).toMatchObject({ type: "continue", question: "Please delete the 2012 rows", details: {} });
  });
});

describe("turnPrompt", () => {
  const engineInput = async (questionText: string) => ({
    ...input(questionText),
    engine: bench.engine,
    tables: await bench.engine.listTables(),
    modelRows: 20,
  });

  it("asks back an ambiguous question with options", async () => {
    const start = (await startTurnQuality(runtime, input("Who are the top regions?"))) as QualityStart;
    const reply = await turnPrompt(runtime, start, await engineInput("Who are the top regions?"));
    expect(reply).toMatchObject({
      type: "reply",
      metadata: { clarification: { kind: "metric", term: "top" } },
      details: { clarification: { kind: "metric", options: ["total amount", "number of sales"] } },
    });
  });

  it("gives the model the glossary, the memory and similar confirmed examples", async () => {
    await store.memory.put(alice, session.id, { summary: "", preferences: ["amounts in EUR"] });
    const [, answer] = await exchange("Total amount by region", {
      parts: [
        {
          type: "sql",
          sql: "SELECT region, sum(amount) AS total FROM sales GROUP BY region",
          dialect: "duckdb",
        },
      ],
    });
    await store.feedback.upsert(alice, { messageId: answer?.id as string, rating: "up" });
    const start = (await startTurnQuality(runtime, input("Total amount for each region"))) as QualityStart;
    const prompt = await turnPrompt(runtime, start, await engineInput("Total amount for each region"));
    expect(prompt).toMatchObject({
      type: "prompt",
      used: true,
      schema: undefined,
      details: { glossary: 1, memory: { preferences: 1 }, examples: 1 },
    });
    const text = prompt.type === "prompt" ? prompt.sections.join("\n\n") : "";
    expect(text).toContain('- "revenue" (table "sales"): Sum of amounts SQL: sum(amount)');
    expect(text).toContain("- amounts in EUR");
    expect(text).toContain(
      "Q: Total amount by region\nSQL: SELECT region, sum(amount) AS total FROM sales GROUP BY region",
    );
  });
});

describe("reviewAnswer", () => {
  it("applies the verifier's fix and lowers confidence for an empty result", async () => {
    const verifying = createQualityRuntime(store, { verifier: true });
    const verifier = createScriptedModel({
      script: {
        text: JSON.stringify({
          ok: false,
          problem: "No row is from 2030.",
          fixedSql: "SELECT sum(amount) AS total FROM sales WHERE region = 'Nowhere'",
        }),
      },
    });
    const sql = "SELECT sum(amount) AS total FROM sales";
    const review = await reviewAnswer(verifying, {
      model: verifier,
      question: "Total amount in Nowhere",
      final: { sql, result: await bench.engine.query(sql) },
      engine: bench.engine,
      queryOptions: { maxRows: 100, timeoutMs: 5_000 },
      datasets: [dataset],
      modelRows: 20,
    });
    expect(review.final?.sql).toContain("'Nowhere'");
    expect(review.final?.result.rows).toEqual([[null]]);
    expect(review.details).toMatchObject({
      verifier: { ok: false, fixed: true },
      sanity: { confidence: "low", notes: ["all-null"] },
    });
    expect(review.metadata.confidence).toBe("low");
    expect(review.notes[0]).toBe(
      "A second check found a problem with the first query (No row is from 2030); the table shows the corrected query's result.",
    );
    expect(review.notes[1]).toMatch(/^Confidence: low\./);
    expect(verifier.calls).toHaveLength(1);
  });
});
