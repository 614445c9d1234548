import { describe, expect, it } from "vitest";
import { salesDataset } from "../chat/quality-turn-fixtures.js";
import { collect, doneOf, turnUser, useSalesBench, useTurnTest } from "../chat/turn-fixtures.js";
import type { Message } from "../model/message.js";
import { createOfflineModel } from "./offline-model.js";

const bench = useSalesBench();

function sqlOf(message: Message): string | undefined {
  return message.parts.find((p) => p.type === "sql")?.sql;
}

function rowsOf(message: Message): unknown[][] | undefined {
  const table = message.parts.find((p) => p.type === "table");
  return table?.type === "table" ? table.rows : undefined;
}

describe("the offline planner with the quality features", () => {
  const t = useTurnTest(bench, () => createOfflineModel());

  it("uses a glossary metric as the measure", async () => {
    await salesDataset(t.store, turnUser, t.sessionId, [
      { term: "revenue", meaning: "Money from sales", sql: "sum(amount)" },
    ]);
    const message = doneOf(await collect(t.quarry.chat(t.sessionId, "Total revenue by region")));
    expect(sqlOf(message)).toBe(
      'SELECT "region" AS "region", (sum(amount)) AS "total_revenue" FROM "sales" GROUP BY 1 ORDER BY 1 ASC NULLS LAST',
    );
    expect(rowsOf(message)).toEqual([
      ["North", 300],
      ["South", 150],
    ]);
    const named = doneOf(await collect(t.quarry.chat(t.sessionId, "What is the revenue?")));
    expect(rowsOf(named)).toEqual([[450]]);
  });

  it("uses a glossary condition as a filter", async () => {
    await salesDataset(t.store, turnUser, t.sessionId, [
      { term: "big", meaning: "Sales of at least 100", sql: "amount >= 100" },
    ]);
    const message = doneOf(await collect(t.quarry.chat(t.sessionId, "How many big sales are there?")));
    expect(sqlOf(message)).toContain("(amount >= 100)");
    expect(rowsOf(message)).toEqual([[3]]);
  });

  it("answers a follow-up from the previous question and its SQL", async () => {
    await salesDataset(t.store, turnUser, t.sessionId);
    const first = doneOf(await collect(t.quarry.chat(t.sessionId, "Total amount in North")));
    expect(rowsOf(first)).toEqual([[300]]);
    const next = doneOf(await collect(t.quarry.chat(t.sessionId, "and what about South?")));
    expect(sqlOf(next)).toContain("'South'");
    expect(rowsOf(next)).toEqual([[150]]);
    expect(next.metadata.resolvedQuestion).toBe("Total amount in South");
    const regrouped = doneOf(await collect(t.quarry.chat(t.sessionId, "now by month")));
    expect(regrouped.metadata.resolvedQuestion).toBe("Total amount in South by month");
    expect(rowsOf(regrouped)).toHaveLength(2);
  });

  it("asks back an ambiguous ranking, then answers the option picked", async () => {
    await salesDataset(t.store, turnUser, t.sessionId);
    const asked = doneOf(await collect(t.quarry.chat(t.sessionId, "Which are the top regions?")));
    expect(sqlOf(asked)).toBeUndefined();
    expect(asked.metadata.clarification).toMatchObject({ kind: "metric" });
    const answer = doneOf(await collect(t.quarry.chat(t.sessionId, "the first one")));
    expect(answer.metadata.resolvedQuestion).toBe("Which are the top regions by total amount");
    expect(rowsOf(answer)?.[0]).toEqual(["North", 300]);
  });
});
