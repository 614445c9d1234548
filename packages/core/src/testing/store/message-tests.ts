import { expect } from "vitest";
import type { MessagePart } from "../../model/message-part.js";
import { expectCode, type StoreTestContext } from "./harness.js";

type Define = (name: string, body: () => Promise<void>) => void;

/** One part of every type, to check that each survives a round trip unchanged. */
export const everyPartType: MessagePart[] = [
  { type: "text", text: "Total precipitation was **1,234.5 mm** — ünïcödé ✓" },
  {
    type: "sql",
    sql: "SELECT year(date) AS y, sum(precipitation) FROM weather GROUP BY 1",
    dialect: "duckdb",
  },
  {
    type: "table",
    columns: [
      { name: "y", type: "BIGINT" },
      { name: "Cost Total $", type: "DOUBLE" },
    ],
    rows: [
      [2012, 1.5],
      [2013, null],
    ],
    rowCount: 4,
    truncated: true,
  },
  {
    type: "chart",
    spec: { mark: "bar", encoding: { x: { field: "y", type: "ordinal" } } },
    title: "By year",
  },
  {
    type: "citations",
    citations: [{ documentId: "doc-1", fileName: "report.pdf", page: 3, content: "Revenue grew." }],
  },
  { type: "file", fileName: "result.xlsx", mediaType: "application/vnd.ms-excel", sizeBytes: 1024 },
  {
    type: "tool",
    toolCallId: "call_1",
    name: "run_sql",
    input: { sql: "select 1" },
    output: { rows: [[1]] },
    durationMs: 3,
  },
  { type: "error", code: "QUERY_TIMEOUT", message: "The query took longer than 10 s." },
];

/** Messages: append with seq, list, get, edit, concurrency, validation. */
export function messageTests(test: Define, { store, principal }: StoreTestContext): void {
  test("messages.append numbers messages 1, 2, 3 and keeps every part type intact", async () => {
    const p = principal();
    const s = await store().sessions.create(p);
    const question = await store().messages.append(p, s.id, {
      role: "user",
      parts: [{ type: "text", text: "Q?" }],
    });
    const answer = await store().messages.append(p, s.id, {
      role: "assistant",
      parts: everyPartType,
      replyTo: question.id,
      model: "gpt-x",
      provider: "openai",
      promptVersion: "v1",
      usage: { inputTokens: 10, outputTokens: 5 },
      metadata: { ungrounded: ["7"] },
    });
    const tool = await store().messages.append(p, s.id, { role: "tool", parts: [] });
    expect([question.seq, answer.seq, tool.seq]).toEqual([1, 2, 3]);
    expect(answer).toMatchObject({
      sessionId: s.id,
      role: "assistant",
      replyTo: question.id,
      edited: false,
      model: "gpt-x",
      provider: "openai",
      promptVersion: "v1",
      usage: { inputTokens: 10, outputTokens: 5 },
      metadata: { ungrounded: ["7"] },
    });
    expect(question).toMatchObject({ replyTo: null, model: null, provider: null, usage: null, metadata: {} });
    expect((await store().messages.get(p, answer.id))!.parts).toEqual(everyPartType);
    expect(await store().messages.list(p, s.id)).toEqual([question, answer, tool]);
  });

  test("messages.append rejects invalid messages without using up a seq", async () => {
    const p = principal();
    const s = await store().sessions.create(p);
    await store().messages.append(p, s.id, { role: "user", parts: [{ type: "text", text: "one" }] });
    await expectCode(
      store().messages.append(p, s.id, { role: "user", parts: [{ type: "video" }] } as never),
      "INVALID_INPUT",
    );
    await expectCode(
      store().messages.append(p, s.id, { role: "robot", parts: [] } as never),
      "INVALID_INPUT",
    );
    await expectCode(
      store().messages.append(p, s.id, {
        role: "user",
        parts: [{ type: "text", text: "x".repeat(200_001) }],
      }),
      "INVALID_INPUT",
    );
    await expectCode(
      store().messages.append(p, s.id, {
        role: "user",
        parts: [{ type: "table", columns: [], rows: [], rowCount: -1, truncated: false }],
      }),
      "INVALID_INPUT",
    );
    const next = await store().messages.append(p, s.id, {
      role: "user",
      parts: [{ type: "text", text: "two" }],
    });
    expect(next.seq).toBe(2);
    expect(await store().messages.list(p, s.id)).toHaveLength(2);
  });

  test("messages.append to someone else's or a missing session is NOT_FOUND and adds nothing", async () => {
    const alice = principal("alice");
    const s = await store().sessions.create(alice);
    const mallory = { ...alice, userId: "mallory" };
    await expectCode(store().messages.append(mallory, s.id, { role: "user", parts: [] }), "NOT_FOUND");
    await expectCode(store().messages.append(alice, "missing", { role: "user", parts: [] }), "NOT_FOUND");
    await expectCode(store().messages.list(mallory, s.id), "NOT_FOUND");
    expect(await store().messages.list(alice, s.id)).toEqual([]);
  });

  test("messages.list pages by seq with afterSeq and limit", async () => {
    const p = principal();
    const s = await store().sessions.create(p);
    for (let i = 1; i <= 7; i++) {
      await store().messages.append(p, s.id, {
        role: i % 2 ? "user" : "assistant",
        parts: [{ type: "text", text: `m${i}` }],
      });
    }
    const seqs = async (options: { afterSeq?: number; limit?: number }) =>
      (await store().messages.list(p, s.id, options)).map((m) => m.seq);
    expect(await seqs({})).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(await seqs({ afterSeq: 4 })).toEqual([5, 6, 7]);
    expect(await seqs({ afterSeq: 2, limit: 3 })).toEqual([3, 4, 5]);
    await expectCode(store().messages.list(p, s.id, { limit: -1 }), "INVALID_INPUT");
  });

  test("messages.get and edit are the owner's only; edit marks the message edited", async () => {
    const alice = principal("alice");
    const s = await store().sessions.create(alice);
    const m = await store().messages.append(alice, s.id, {
      role: "user",
      parts: [{ type: "text", text: "typo" }],
    });
    const mallory = { ...alice, userId: "mallory" };
    expect(await store().messages.get(mallory, m.id)).toBeNull();
    expect(await store().messages.get(alice, "missing")).toBeNull();
    await expectCode(
      store().messages.edit(mallory, m.id, { parts: [{ type: "text", text: "pwned" }] }),
      "NOT_FOUND",
    );
    await expectCode(
      store().messages.edit(alice, m.id, { parts: [{ type: "nope" }] } as never),
      "INVALID_INPUT",
    );
    const metaOnly = await store().messages.edit(alice, m.id, { metadata: { note: 1 } });
    expect(metaOnly.edited).toBe(false);
    const edited = await store().messages.edit(alice, m.id, { parts: [{ type: "text", text: "fixed" }] });
    expect(edited).toMatchObject({
      id: m.id,
      seq: m.seq,
      edited: true,
      parts: [{ type: "text", text: "fixed" }],
      metadata: { note: 1 },
    });
    expect(edited.updatedAt > m.updatedAt).toBe(true);
    expect(await store().messages.get(alice, m.id)).toEqual(edited);
  });

  test("50 concurrent appends to one session get 50 distinct consecutive seq values", async () => {
    const p = principal();
    const s = await store().sessions.create(p);
    const appended = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        store().messages.append(p, s.id, { role: "user", parts: [{ type: "text", text: `n${i}` }] }),
      ),
    );
    const seqs = appended.map((m) => m.seq).sort((a, b) => a - b);
    expect(seqs).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    const listed = await store().messages.list(p, s.id);
    expect(listed.map((m) => m.seq)).toEqual(seqs);
    expect(new Set(listed.map((m) => m.id)).size).toBe(50);
  });
}
