import { describe, expect, it } from "vitest";
import type { Message } from "../model/message.js";
import { historyForModel, threadOf } from "./conversation.js";

let seq = 0;
function message(role: Message["role"], text: string, extra: Partial<Message> = {}): Message {
  seq += 1;
  return {
    id: `m${seq}`,
    sessionId: "s",
    seq,
    role,
    parts: [{ type: "text", text }],
    replyTo: null,
    edited: false,
    model: null,
    provider: null,
    promptVersion: null,
    usage: null,
    metadata: {},
    createdAt: "2026-01-01T00:00:00.000Z",
    updatedAt: "2026-01-01T00:00:00.000Z",
    ...extra,
  };
}

describe("threadOf", () => {
  it("keeps each question's latest answer, in question order", () => {
    const q1 = message("user", "q1");
    const a1 = message("assistant", "a1", { replyTo: q1.id });
    const q2 = message("user", "q2");
    const a2 = message("assistant", "a2", { replyTo: q2.id });
    const a1b = message("assistant", "a1 again", { replyTo: q1.id });
    const lone = message("assistant", "greeting");
    expect(threadOf([q1, a1, q2, a2, a1b, lone]).map((m) => m.id)).toEqual([
      q1.id,
      a1b.id,
      q2.id,
      a2.id,
      lone.id,
    ]);
  });

  it("keeps a question whose answer never came", () => {
    const q1 = message("user", "q1");
    const q2 = message("user", "q2");
    expect(threadOf([q1, q2]).map((m) => m.id)).toEqual([q1.id, q2.id]);
  });
});

describe("historyForModel", () => {
  it("summarizes answers with their SQL and result shape, never their rows", () => {
    const q = message("user", "Sales by region?");
    const a = message("assistant", "North leads.", {
      replyTo: q.id,
      parts: [
        { type: "text", text: "North leads." },
        { type: "sql", sql: "SELECT region, sum(x) AS total FROM t GROUP BY 1" },
        {
          type: "table",
          columns: [
            { name: "region", type: "VARCHAR" },
            { name: "total", type: "DOUBLE" },
          ],
          rows: [["SecretCo", 1]],
          rowCount: 7,
          truncated: false,
        },
      ],
    });
    const [user, assistant] = historyForModel([q, a], 10);
    expect(user).toEqual({ role: "user", content: "Sales by region?" });
    expect(assistant?.content).toContain("North leads.");
    expect(assistant?.content).toContain("SELECT region");
    expect(assistant?.content).toContain("7 rows; columns region, total");
    expect(assistant?.content).not.toContain("SecretCo");
  });

  it("keeps the last messages and starts with a question", () => {
    const thread = [
      message("user", "1"),
      message("assistant", "2"),
      message("user", "3"),
      message("assistant", "4"),
    ];
    expect(historyForModel(thread, 3).map((m) => m.content)).toEqual(["3", "4"]);
    expect(historyForModel(thread, 0)).toEqual([]);
  });

  it("tells the model an earlier answer failed", () => {
    const q = message("user", "q");
    const a = message("assistant", "", {
      replyTo: q.id,
      parts: [{ type: "error", code: "QUERY_TIMEOUT", message: "too slow" }],
    });
    expect(historyForModel([q, a], 5)[1]?.content).toContain("QUERY_TIMEOUT");
  });

  it("names the documents an earlier answer cited, each once, without their passages", () => {
    const q = message("user", "Refunds?");
    const a = message("assistant", "Within 30 days.", {
      replyTo: q.id,
      parts: [
        { type: "text", text: "Within 30 days." },
        {
          type: "citations",
          citations: [
            { fileName: "policy.pdf", page: 4, content: "Refunds within 30 days, secret clause." },
            { fileName: "policy.pdf", page: 4, content: "Overlap of the same page." },
            { fileName: "faq.md", page: null, content: "Refunds take 5 days." },
          ],
        },
      ],
    });
    const summary = historyForModel([q, a], 5)[1]?.content ?? "";
    expect(summary).toContain("Sources: policy.pdf, p. 4; faq.md.");
    expect(summary).not.toContain("secret clause");
  });
});
