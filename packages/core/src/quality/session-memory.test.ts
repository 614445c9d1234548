import { describe, expect, it } from "vitest";
import type { MessagePart } from "../model/message-part.js";
import { createMemoryStore } from "../store/memory-store.js";
import { extractPreferences, mergePreferences, preferenceKey } from "./memory-preferences.js";
import { answerGist, memorySection, recentHeading, updateMemory, updateSummary } from "./session-memory.js";

describe("extractPreferences", () => {
  it.each<[string, string[]]>([
    ["Use fiscal years", ["use fiscal years"]],
    ["From now on, use fiscal years. Amounts in euros please.", ["use fiscal years", "amounts in EUR"]],
    ["Show all amounts in EUR", ["amounts in EUR"]],
    ["prices should be in usd", ["amounts in USD"]],
    ["Always round numbers to 2 decimals", ["round to 2 decimals"]],
    ["please round to 1 decimal place", ["round to 1 decimals"]],
    ["I prefer bar charts", ["prefer bar charts"]],
    ["I'd prefer weeks starting on Monday", ["prefer weeks starting on Monday"]],
    ["Our fiscal year starts in April", ["fiscal year starts in April"]],
    ["going forward show totals by quarter", ["show totals by quarter"]],
    ["Never include test accounts", ["never include test accounts"]],
    ["by default, amounts in thousands", ["amounts in thousands"]],
  ])("reads %j", (message, add) => {
    expect(extractPreferences(message)).toEqual({ add, remove: [] });
  });

  it.each([
    "How many orders have amounts in EUR?",
    "What is the total revenue in 2014?",
    "Use the orders table for this question",
    "Use of bikes by month",
    "Which customers use the app?",
    "Total sales by region",
  ])("reads no preference in %j", (message) => {
    expect(extractPreferences(message)).toEqual({ add: [], remove: [] });
  });

  it.each<[string, string]>([
    ["Stop using fiscal years", "fiscal years"],
    ["don't use fiscal years anymore", "fiscal years"],
    ["Forget the preference amounts in EUR", "amounts in eur"],
  ])("reads %j as withdrawing %j", (message, removed) => {
    expect(extractPreferences(message).remove).toEqual([removed]);
  });
});

describe("mergePreferences", () => {
  it("replaces a preference on the same subject and keeps the user's own", () => {
    const merged = mergePreferences(["amounts in EUR", "Sales exclude VAT", "use fiscal years"], {
      add: ["amounts in USD", "use calendar years", "prefer bar charts"],
      remove: [],
    });
    expect(merged).toEqual([
      "amounts in USD",
      "Sales exclude VAT",
      "use calendar years",
      "prefer bar charts",
    ]);
  });

  it("keeps amounts' currency and scale apart, and drops what was withdrawn", () => {
    expect(preferenceKey("amounts in EUR")).not.toBe(preferenceKey("amounts in thousands"));
    expect(
      mergePreferences(["amounts in EUR", "use fiscal years"], {
        add: ["amounts in thousands"],
        remove: ["fiscal years"],
      }),
    ).toEqual(["amounts in EUR", "amounts in thousands"]);
  });

  it("adds nothing twice", () => {
    expect(mergePreferences(["use fiscal years"], { add: ["use fiscal years"], remove: [] })).toEqual([
      "use fiscal years",
    ]);
  });
});

const answer = (text: string): MessagePart[] => [
  { type: "text", text },
  { type: "table", columns: [{ name: "total", type: "DOUBLE" }], rows: [[1]], rowCount: 1, truncated: false },
];

describe("the summary", () => {
  it("rolls the last N turns and keeps the user's own notes", () => {
    let summary = "Sales are net of returns.";
    for (const n of [1, 2, 3, 4]) summary = updateSummary(summary, `- question ${n} → answer ${n}`, 3);
    expect(summary).toBe(
      `Sales are net of returns.\n\n${recentHeading}\n- question 2 → answer 2\n- question 3 → answer 3\n- question 4 → answer 4`,
    );
  });

  it("keeps a note the user typed inside the block", () => {
    const edited = `${recentHeading}\n- q1 → a1\nNorth is our biggest region.`;
    expect(updateSummary(edited, "- q2 → a2", 5)).toBe(
      `North is our biggest region.\n\n${recentHeading}\n- q1 → a1\n- q2 → a2`,
    );
  });

  it("sums an answer up by its first sentence, its table, or its failure", () => {
    expect(answerGist(answer("North sold **300**. South sold 150."))).toBe("North sold 300.");
    expect(answerGist(answer(""))).toBe("a table of 1 row (total)");
    expect(answerGist([{ type: "error", code: "QUERY_FAILED", message: "x" }])).toBe("failed (QUERY_FAILED)");
  });
});

describe("updateMemory over a store", () => {
  const alice = { userId: "alice", tenantId: "acme" };

  it("keeps what the user edited through the API while adding the turn", async () => {
    const store = createMemoryStore();
    const session = await store.sessions.create(alice);
    await store.memory.put(alice, session.id, {
      summary: "Only EU stores matter.",
      preferences: ["no charts"],
    });
    const next = updateMemory(
      await store.memory.get(alice, session.id),
      {
        question: "Use fiscal years. Total sales in 2013?",
        resolvedQuestion: "Total sales in 2013",
        answerParts: answer("Sales were 450 in 2013."),
      },
      { summaryTurns: 8 },
    );
    const stored = await store.memory.put(alice, session.id, next);
    expect(stored.preferences).toEqual(["no charts", "use fiscal years"]);
    expect(stored.summary).toBe(
      `Only EU stores matter.\n\n${recentHeading}\n- Total sales in 2013 → Sales were 450 in 2013.`,
    );
  });
});

describe("memorySection", () => {
  it("puts the preferences first, then the summary", () => {
    const section = memorySection({ preferences: ["amounts in EUR"], summary: "- q → a" });
    expect(section).toBe(
      "Session memory:\nPreferences the user stated in this session (follow them unless the question says otherwise):\n- amounts in EUR\n\nConversation so far:\n- q → a",
    );
    expect(memorySection({ preferences: [], summary: "  " })).toBeUndefined();
  });
});
