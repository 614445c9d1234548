import { describe, expect, it } from "vitest";
import { type ChatEvent, ChatEventSchema } from "../model/chat-event.js";
import type { Principal } from "../model/principal.js";
import { sentToolResults } from "../testing/model/model-harness.js";
import type { MockWire } from "../testing/model/script.js";
import { collect, doneOf, modelFor, useSalesBench, useTurnTest } from "./turn-fixtures.js";

const alice: Principal = { userId: "alice", tenantId: "acme" };
const bob: Principal = { userId: "bob", tenantId: "acme" };
const totals = "SELECT region, sum(amount) AS total FROM sales GROUP BY region ORDER BY region";

const bench = useSalesBench();

describe.each<MockWire>(["openai", "anthropic"])("a chat turn through the %s SDK", (wire) => {
  const t = useTurnTest(bench, (maxRetries) => modelFor(wire, bench.server, maxRetries));

  it("runs a multi-step tool loop and stores a complete answer", async () => {
    const answer = "North sold 300 and South sold 150 in total.";
    bench.server.setScript([
      { text: "Let me look.", toolCalls: [{ name: "list_tables", arguments: {} }] },
      { toolCalls: [{ name: "run_sql", arguments: { sql: totals } }] },
      { text: answer, chunkSize: 4 },
    ]);
    const events = await collect(t.quarry.chat(t.sessionId, "What are total sales by region?"));

    expect(events[0]?.type).toBe("message");
    // What the HTTP layer sends as SSE must parse on the other side.
    for (const event of events) expect(ChatEventSchema.safeParse(event).success).toBe(true);
    const deltas = events.filter((e) => e.type === "text-delta").map((e) => e.delta);
    expect(deltas.length).toBeGreaterThan(5);
    expect(deltas.join("")).toBe(`Let me look.\n\n${answer}`);
    const parts = events.flatMap((e) => (e.type === "part" ? [e.part.type] : []));
    expect(parts).toEqual(["tool", "tool", "sql", "table", "chart"]);
    expect(events.filter((e) => e.type === "status").map((e) => e.status)).toEqual(
      expect.arrayContaining(["planning", "querying", "charting"]),
    );

    const message = doneOf(events);
    expect(message).toMatchObject({
      role: "assistant",
      replyTo: events[0]?.type === "message" ? events[0].message.id : "",
    });
    const table = message.parts.find((p) => p.type === "table");
    expect(table).toMatchObject({
      rowCount: 2,
      truncated: false,
      rows: [
        ["North", 300],
        ["South", 150],
      ],
    });
    expect(message.parts.find((p) => p.type === "sql")).toMatchObject({ sql: totals, dialect: "duckdb" });
    const chart = message.parts.find((p) => p.type === "chart");
    expect(chart?.type === "chart" && chart.spec.mark).toBe("bar");
    expect(message.metadata.ungrounded).toBeUndefined();
    expect(message.usage?.outputTokens).toBeGreaterThan(0);

    // What the model saw: the query's rows came back as the tool result of the third call.
    const results = sentToolResults(bench.server.requests.at(-1)!);
    expect(results).toHaveLength(2);
    expect(JSON.parse(results[1]!.content)).toMatchObject({
      rowCount: 2,
      rows: [
        ["North", 300],
        ["South", 150],
      ],
    });

    const thread = await t.quarry.thread(t.sessionId);
    expect(thread.map((m) => m.role)).toEqual(["user", "assistant"]);
    expect(thread[1]?.id).toBe(message.id);
    const session = await t.store.sessions.get(alice, t.sessionId);
    expect(session?.title).toBe("What are total sales by region");
    const audit = await t.store.audit.list(alice, { sessionId: t.sessionId });
    expect(audit.items).toHaveLength(1);
    expect(audit.items[0]).toMatchObject({
      sql: totals,
      ok: true,
      rowCount: 2,
      question: "What are total sales by region?",
    });
  });

  it("flags numbers no result supports", async () => {
    bench.server.setScript([
      { toolCalls: [{ name: "run_sql", arguments: { sql: totals } }] },
      { text: "North sold 300, South sold 975 and the total was 1,275." },
    ]);
    const message = doneOf(await collect(t.quarry.chat(t.sessionId, "Sales by region?")));
    expect(message.metadata.ungrounded).toEqual(["975", "1,275"]);
  });

  it("feeds a SQL error back to the model, which repairs the query", async () => {
    bench.server.setScript([
      {
        toolCalls: [
          { name: "run_sql", arguments: { sql: "SELECT regoin, sum(amount) FROM sales GROUP BY 1" } },
        ],
      },
      { toolCalls: [{ name: "run_sql", arguments: { sql: totals } }] },
      { text: "North 300, South 150." },
    ]);
    const events = await collect(t.quarry.chat(t.sessionId, "Sales by region?"));
    expect(events.filter((e) => e.type === "status").map((e) => e.status)).toContain("repairing");
    const tools = events.flatMap((e) => (e.type === "part" && e.part.type === "tool" ? [e.part] : []));
    expect(tools.map((t) => t.isError)).toEqual([true, false]);
    const repairRequest = bench.server.requests.at(-2)!;
    const [failure] = sentToolResults(repairRequest);
    expect(failure?.content).toMatch(/regoin/);
    expect(doneOf(events).parts.find((p) => p.type === "sql")).toMatchObject({ sql: totals });
    const audit = await t.store.audit.list(alice, { sessionId: t.sessionId });
    expect(audit.items.map((a) => a.ok).sort()).toEqual([false, true]);
  });

  it("ends with a STEP_LIMIT error part when the model never stops calling tools", async () => {
    t.quarry = t.make({ limits: { maxSteps: 3 } });
    bench.server.setScript({ toolCalls: [{ name: "list_tables", arguments: {} }] });
    const before = bench.server.requests.length;
    const events = await collect(t.quarry.chat(t.sessionId, "Loop forever"));
    const message = doneOf(events);
    expect(message.parts.at(-1)).toMatchObject({ type: "error", code: "STEP_LIMIT" });
    expect(message.parts.filter((p) => p.type === "tool")).toHaveLength(3);
    expect(bench.server.requests.length - before).toBe(3);
    expect(events.some((e) => e.type === "part" && e.part.type === "error")).toBe(true);
  });

  it("keeps the last result when the step cap ends a turn that had one", async () => {
    t.quarry = t.make({ limits: { maxSteps: 2 } });
    bench.server.setScript({ toolCalls: [{ name: "run_sql", arguments: { sql: totals } }] });
    const events = await collect(t.quarry.chat(t.sessionId, "Keep querying"));
    const message = doneOf(events);
    expect(message.parts.map((p) => p.type)).toEqual(["tool", "tool", "sql", "table", "chart", "error"]);
    expect(message.parts.find((p) => p.type === "table")).toMatchObject({ rowCount: 2 });
  });

  it("stops at once when aborted mid-stream and stores what was said", async () => {
    bench.server.setScript({
      text: "The answer is coming slowly, word by word, for a long while.",
      chunkSize: 3,
      delayMs: 40,
    });
    const controller = new AbortController();
    const events: ChatEvent[] = [];
    for await (const event of t.quarry.chat(t.sessionId, "Slow?", { signal: controller.signal })) {
      events.push(event);
      if (event.type === "text-delta") controller.abort();
    }
    const message = doneOf(events);
    expect(message.parts.at(-1)).toMatchObject({ type: "error", code: "ABORTED" });
    const text = message.parts.find((p) => p.type === "text");
    expect(text?.type === "text" && text.text.length).toBeLessThan(20);
    expect((await t.quarry.thread(t.sessionId)).map((m) => m.role)).toEqual(["user", "assistant"]);
  });

  it("stores an ABORTED answer when the consumer stops reading", async () => {
    bench.server.setScript({ text: "A long answer that nobody waits for.", chunkSize: 2, delayMs: 20 });
    for await (const event of t.quarry.chat(t.sessionId, "Anyone?")) {
      if (event.type === "text-delta") break;
    }
    const thread = await t.quarry.thread(t.sessionId);
    expect(thread.map((m) => m.role)).toEqual(["user", "assistant"]);
    expect(thread[1]?.parts.at(-1)).toMatchObject({ type: "error", code: "ABORTED" });
    // The next question is not refused as a concurrent turn.
    bench.server.setScript({ text: "Yes." });
    expect(doneOf(await collect(t.quarry.chat(t.sessionId, "Again?"))).parts).toEqual([
      { type: "text", text: "Yes." },
    ]);
  });

  it("retries a 429 and answers", async () => {
    t.quarry = t.make({}, 2);
    bench.server.setScript([{ status: 429, retryAfter: 0.05 }, { text: "Fine." }]);
    const before = bench.server.requests.length;
    const message = doneOf(await collect(t.quarry.chat(t.sessionId, "Hi")));
    expect(message.parts).toEqual([{ type: "text", text: "Fine." }]);
    expect(bench.server.requests.length - before).toBe(2);
  });

  it("reports a provider 500 as LLM_UNAVAILABLE and keeps the question", async () => {
    bench.server.setScript({ status: 500, message: "upstream exploded" });
    const events = await collect(t.quarry.chat(t.sessionId, "Hello?"));
    const message = doneOf(events);
    expect(message.parts).toEqual([expect.objectContaining({ type: "error", code: "LLM_UNAVAILABLE" })]);
    const thread = await t.quarry.thread(t.sessionId);
    expect(thread[0]?.parts).toEqual([{ type: "text", text: "Hello?" }]);
  });

  it("answers malformed tool arguments with an error the model can act on", async () => {
    bench.server.setScript([
      { toolCalls: [{ name: "run_sql", arguments: '{"sql": "SELECT' }] },
      { toolCalls: [{ name: "drop_everything", arguments: {} }] },
      { text: "Sorry." },
    ]);
    const events = await collect(t.quarry.chat(t.sessionId, "Break it"));
    const tools = events.flatMap((e) => (e.type === "part" && e.part.type === "tool" ? [e.part] : []));
    expect(tools.map((t) => t.isError)).toEqual([true, true]);
    expect(JSON.stringify(tools[0]?.output)).toContain("INVALID_INPUT");
    expect(JSON.stringify(tools[1]?.output)).toContain("UNKNOWN_TOOL");
    expect(doneOf(events).parts.some((p) => p.type === "error")).toBe(false);
  });

  it("refuses DROP TABLE and read_csv, tells the model, and runs nothing", async () => {
    bench.server.setScript([
      { toolCalls: [{ name: "run_sql", arguments: { sql: "DROP TABLE sales" } }] },
      { toolCalls: [{ name: "run_sql", arguments: { sql: "SELECT * FROM read_csv('/etc/passwd')" } }] },
      { toolCalls: [{ name: "run_sql", arguments: { sql: "SELECT count(*) AS n FROM sales" } }] },
      { text: "There are 4 rows." },
    ]);
    const events = await collect(t.quarry.chat(t.sessionId, "Do something bad"));
    const tools = events.flatMap((e) => (e.type === "part" && e.part.type === "tool" ? [e.part] : []));
    expect(tools.map((t) => JSON.stringify(t.output).includes("UNSAFE_SQL"))).toEqual([true, true, false]);
    expect(JSON.stringify(tools.map((t) => t.output))).not.toContain("root:");
    const message = doneOf(events);
    expect(message.parts.find((p) => p.type === "table")).toMatchObject({ rows: [[4]] });
    const audit = await t.store.audit.list(alice, { sessionId: t.sessionId });
    expect(audit.items.filter((a) => !a.ok).map((a) => a.error?.split(":")[0])).toEqual([
      "UNSAFE_SQL",
      "UNSAFE_SQL",
    ]);
  });

  it("sends the conversation so far, and regenerates an answer after an edit", async () => {
    bench.server.setScript([
      { toolCalls: [{ name: "run_sql", arguments: { sql: totals } }] },
      { text: "North leads." },
    ]);
    const first = await collect(t.quarry.chat(t.sessionId, "Who sells most?"));
    const question = first[0]?.type === "message" ? first[0].message : undefined;
    bench.server.setScript({ text: "South follows." });
    await collect(t.quarry.chat(t.sessionId, "And second?"));
    const historyBody = JSON.stringify(bench.server.requests.at(-1)?.body);
    expect(historyBody).toContain("Who sells most?");
    expect(historyBody).toContain("North leads.");
    expect(historyBody).toContain("SQL used");

    bench.server.setScript({ text: "Regenerated." });
    const edited = await collect(t.quarry.editMessage(t.sessionId, question!.id, "Who sells least?"));
    expect(edited[0]).toMatchObject({ type: "message", message: { id: question!.id, edited: true } });
    // The regenerated answer sees only what came before the edited question.
    expect(JSON.stringify(bench.server.requests.at(-1)?.body)).not.toContain("And second?");
    const thread = await t.quarry.thread(t.sessionId);
    expect(thread.map((m) => (m.parts[0]?.type === "text" ? m.parts[0].text : m.parts[0]?.type))).toEqual([
      "Who sells least?",
      "Regenerated.",
      "And second?",
      "South follows.",
    ]);
    expect(doneOf(edited).replyTo).toBe(question!.id);
    await expect(collect(t.quarry.editMessage(t.sessionId, doneOf(edited).id, "x"))).rejects.toMatchObject({
      code: "INVALID_INPUT",
    });
  });

  it("hides row values from the model when privacy allows none, but not from the user", async () => {
    t.quarry = t.make({ privacy: { modelRows: 0 } });
    bench.server.setScript([
      {
        toolCalls: [
          { name: "sample_rows", arguments: { table: "sales" } },
          { name: "run_sql", arguments: { sql: totals } },
        ],
      },
      { text: "See the table." },
    ]);
    const message = doneOf(await collect(t.quarry.chat(t.sessionId, "Totals?")));
    const [sample, run] = sentToolResults(bench.server.requests.at(-1)!);
    expect(sample?.content).toContain("PRIVACY");
    expect(JSON.parse(run!.content)).toMatchObject({ rowCount: 2, rows: [] });
    expect(run!.content).not.toContain("North");
    expect(message.parts.find((p) => p.type === "table")).toMatchObject({
      rows: [
        ["North", 300],
        ["South", 150],
      ],
    });
  });

  it("keeps sessions private and refuses bad calls before storing anything", async () => {
    await expect(collect(t.quarry.chat(t.sessionId, "Hi", { principal: bob }))).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    await expect(collect(t.quarry.chat(t.sessionId, "   "))).rejects.toMatchObject({ code: "INVALID_INPUT" });
    await expect(collect(t.quarry.chat("no-such-session", "Hi"))).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    expect(await t.store.messages.list(alice, t.sessionId)).toEqual([]);
  });

  it("refuses a second turn while one runs in the same session", async () => {
    bench.server.setScript({ text: "slow answer here", chunkSize: 2, delayMs: 30 });
    const first = t.quarry.chat(t.sessionId, "One")[Symbol.asyncIterator]();
    await first.next();
    await expect(collect(t.quarry.chat(t.sessionId, "Two"))).rejects.toMatchObject({ code: "CONFLICT" });
    while (!(await first.next()).done) {}
    expect((await t.quarry.thread(t.sessionId)).map((m) => m.role)).toEqual(["user", "assistant"]);
  });

  it("stores feedback on answers only, and only the owner's", async () => {
    bench.server.setScript({ text: "Ok." });
    const answer = doneOf(await collect(t.quarry.chat(t.sessionId, "Q")));
    const feedback = await t.quarry.feedback({
      messageId: answer.id,
      rating: "down",
      correction: "SELECT 1",
    });
    expect(feedback).toMatchObject({ rating: "down", correction: "SELECT 1", sessionId: t.sessionId });
    expect(await t.store.feedback.get(alice, answer.id)).toMatchObject({ rating: "down" });
    await expect(
      t.quarry.feedback({ messageId: answer.id, rating: "up" }, { principal: bob }),
    ).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    const question = (await t.quarry.thread(t.sessionId))[0]!;
    await expect(t.quarry.feedback({ messageId: question.id, rating: "up" })).rejects.toMatchObject({
      code: "INVALID_INPUT",
    });
  });
});
