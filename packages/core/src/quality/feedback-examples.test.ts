import { beforeEach, describe, expect, it } from "vitest";
import { useSalesBench } from "../chat/turn-fixtures.js";
import type { Metadata } from "../model/common.js";
import type { MessagePart } from "../model/message-part.js";
import type { Principal } from "../model/principal.js";
import { createMemoryStore } from "../store/memory-store.js";
import type { Store } from "../store/store.js";
import { correctionSql, createFeedbackExamples, type FeedbackExample } from "./feedback-examples.js";
import { storeExchange } from "./quality-fixtures.js";

const alice: Principal = { userId: "alice", tenantId: "acme" };
const bob: Principal = { userId: "bob", tenantId: "acme" };
const bench = useSalesBench();

let store: Store;
beforeEach(() => {
  store = createMemoryStore();
});

/** A question and its answer with SQL in a fresh session; returns the answer's id. */
async function answered(
  principal: Principal,
  question: string,
  sql: string,
  metadata: Metadata = {},
): Promise<string> {
  const session = await store.sessions.create(principal);
  const parts: MessagePart[] = [
    { type: "text", text: "Here it is." },
    { type: "sql", sql, dialect: "duckdb" },
  ];
  return (await storeExchange(store, principal, session.id, question, { parts, metadata }))[1].id;
}

const accept = (example: FeedbackExample) =>
  bench.engine.check(example.sql).then(
    () => true,
    () => false,
  );

describe("feedback examples", () => {
  it("offers the principal's thumbs-up answers most similar to the question", async () => {
    const byRegion = await answered(
      alice,
      "Total sales by region",
      "SELECT region, sum(amount) FROM sales GROUP BY region",
    );
    const byMonth = await answered(
      alice,
      "Average amount per month",
      "SELECT month, avg(amount) FROM sales GROUP BY month",
    );
    await answered(alice, "Unrated question about regions", "SELECT DISTINCT region FROM sales");
    await store.feedback.upsert(alice, { messageId: byRegion, rating: "up" });
    await store.feedback.upsert(alice, { messageId: byMonth, rating: "up" });
    const examples = createFeedbackExamples(store);
    const found = await examples.examplesFor(alice, "What are the total sales in each region?", {
      k: 1,
      accept,
    });
    expect(found).toEqual([
      expect.objectContaining({
        question: "Total sales by region",
        sql: "SELECT region, sum(amount) FROM sales GROUP BY region",
        source: "thumbs-up",
        messageId: byRegion,
      }),
    ]);
  });

  it("takes corrected SQL over the answer's own, on a thumbs-down too, and skips a bare thumbs-down", async () => {
    const wrong = await answered(alice, "Sales in the North", "SELECT sum(amount) FROM sales");
    const bad = await answered(alice, "North sales count", "SELECT count(*) FROM sales");
    await store.feedback.upsert(alice, {
      messageId: wrong,
      rating: "down",
      correction: "Should be:\n```sql\nSELECT sum(amount) FROM sales WHERE region = 'North'\n```",
    });
    await store.feedback.upsert(alice, { messageId: bad, rating: "down", comment: "wrong" });
    const found = await createFeedbackExamples(store).examplesFor(alice, "sales in the North", {
      k: 3,
      accept,
    });
    expect(found.map((e) => [e.source, e.sql])).toEqual([
      ["correction", "SELECT sum(amount) FROM sales WHERE region = 'North'"],
    ]);
  });

  it("never offers one user's examples to another", async () => {
    const mine = await answered(
      alice,
      "Total sales by region",
      "SELECT region, sum(amount) FROM sales GROUP BY region",
    );
    await store.feedback.upsert(alice, { messageId: mine, rating: "up" });
    const examples = createFeedbackExamples(store);
    expect(await examples.examplesFor(bob, "Total sales by region", { k: 3 })).toEqual([]);
    expect(
      await examples.examplesFor({ ...alice, tenantId: "other" }, "Total sales by region", { k: 3 }),
    ).toEqual([]);
    expect(await examples.examplesFor(alice, "Total sales by region", { k: 3 })).toHaveLength(1);
  });

  it("drops examples whose tables the session no longer has", async () => {
    const gone = await answered(
      alice,
      "Total sales by region",
      "SELECT region, sum(amount) FROM old_sales GROUP BY region",
    );
    await store.feedback.upsert(alice, { messageId: gone, rating: "up" });
    const examples = createFeedbackExamples(store);
    expect(await examples.examplesFor(alice, "Total sales by region", { k: 3, accept })).toEqual([]);
    expect(await examples.examplesFor(alice, "Total sales by region", { k: 3 })).toHaveLength(1);
  });

  it("uses a follow-up's standalone reading as the example's question, and sees new feedback", async () => {
    const examples = createFeedbackExamples(store);
    expect(await examples.examplesFor(alice, "Total amount in 2014", { k: 3 })).toEqual([]);
    const followUp = await answered(alice, "and for 2014?", "SELECT sum(amount) FROM sales", {
      resolvedQuestion: "Total amount in 2014",
    });
    await store.feedback.upsert(alice, { messageId: followUp, rating: "up" });
    const found = await examples.examplesFor(alice, "Total amount in 2014", { k: 3 });
    expect(found.map((e) => e.question)).toEqual(["Total amount in 2014"]);
  });
});

describe("correctionSql", () => {
  it.each<[string | null, string | undefined]>([
    ["SELECT 1", "SELECT 1"],
    ["  with t as (select 1) select * from t ", "with t as (select 1) select * from t"],
    ["use this:\n```\nSELECT 2\n```", "SELECT 2"],
    ["The total should be 300", undefined],
    [null, undefined],
  ])("reads %j", (text, sql) => {
    expect(correctionSql(text)).toBe(sql);
  });
});
