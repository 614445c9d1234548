import { describe, expect, it } from "vitest";
import { QuarryError } from "../errors/quarry-error.js";
import type { MessagePart } from "../model/message-part.js";
import { createChatClient } from "./chat-client.js";
import type { ChatState } from "./chat-client-types.js";
import { FakeTransport, gate } from "./client-fixtures.js";

const table: MessagePart = {
  type: "table",
  columns: [{ name: "year", type: "INTEGER" }],
  rows: [[2012]],
  rowCount: 1,
  truncated: false,
};

async function started(transport = new FakeTransport()) {
  const client = createChatClient({ transport, storage: null });
  await client.ready;
  const states: ChatState[] = [];
  client.subscribe(() => states.push(client.getState()));
  return { transport, client, states };
}

const texts = (state: ChatState) =>
  state.messages.map((m) => `${m.role}:${m.parts.find((p) => p.type === "text")?.text ?? ""}`);

describe("the chat client's turns", () => {
  it("creates a session, streams the answer in order, and ends with the stored answer", async () => {
    const { transport, client, states } = await started();
    transport.turns.push({ deltas: ["It rained ", "in 2012."], parts: [table] });
    await client.send("Which year was wettest?");

    expect(transport.calls).toEqual(["listSessions", "models", "createSession", "ask", "listSessions"]);
    const streamed = states.filter((s) => s.streaming).map((s) => s.streaming);
    expect(streamed[0]).toEqual({ question: null, status: null, text: "", parts: [] });
    // The question is in the conversation as soon as it is stored, before any of the answer.
    const asked = states.find((s) => s.streaming?.question);
    expect(texts(asked!)).toEqual(["user:Which year was wettest?"]);
    expect(asked?.streaming).toMatchObject({ status: null, text: "" });
    expect(streamed.map((s) => s?.text)).toEqual(
      expect.arrayContaining(["It rained ", "It rained in 2012."]),
    );
    expect(streamed.at(-1)).toMatchObject({ status: "planning", text: "It rained in 2012.", parts: [table] });

    const final = client.getState();
    expect(final.streaming).toBeNull();
    expect(texts(final)).toEqual(["user:Which year was wettest?", "assistant:It rained in 2012."]);
    expect(final.messages[1]?.parts).toContainEqual(table);
    expect(final.currentSessionId).toBe(transport.sessions[0]?.id);
    expect(final.sessions.map((s) => s.id)).toEqual([transport.sessions[0]?.id]);
    expect(final.error).toBeNull();
  });

  it("refuses a second question while one streams, and stops a turn like the HTTP transport", async () => {
    const { transport, client } = await started();
    const hold = gate();
    transport.turns.push({ hold: hold.promise });
    const first = client.send("First?");
    await until(() => client.getState().streaming?.text === "It rained a lot.");

    await client.send("Second?");
    expect(client.getState().error).toMatchObject({ code: "CONFLICT", action: "send", text: "Second?" });
    expect(transport.calls.filter((c) => c === "ask")).toHaveLength(1);

    client.stop();
    await first;
    // The stream threw; the client reloaded until the server had stored the stopped answer.
    const state = client.getState();
    expect(state.streaming).toBeNull();
    expect(state.messages.map((m) => m.role)).toEqual(["user", "assistant"]);
    expect(state.messages[1]?.parts.at(-1)).toMatchObject({ type: "error", code: "ABORTED" });
    expect(transport.calls).toContain("getSession");
  });

  it("applies the stopped answer's done when the transport still sends it (in the page)", async () => {
    const transport = new FakeTransport();
    transport.abort = "done";
    const { client } = await started(transport);
    transport.turns.push({ hold: gate().promise });
    const turn = client.send("Stop me");
    await until(() => client.getState().streaming?.status === "planning");
    client.stop();
    await turn;
    expect(client.getState().messages[1]?.parts.at(-1)).toMatchObject({ code: "ABORTED" });
    expect(transport.calls).not.toContain("getSession");
  });

  it("edits a question and regenerates an answer in place, keeping the thread's order", async () => {
    const { transport, client, states } = await started();
    await client.send("One?");
    await client.send("Two?");
    const [q1, a1] = client.getState().messages;

    const hold = gate();
    transport.turns.push({ deltas: ["Edited answer."], hold: hold.promise });
    const before = states.length;
    const editing = client.edit(q1!.id, "One, again?");
    await until(() => client.getState().streaming?.text === "Edited answer.");
    const mid = client.getState();
    // The question changed at once; the streaming answer stands in for the old one, which stays until done.
    expect(mid.streaming?.question?.id).toBe(q1!.id);
    expect(texts(mid)[0]).toBe("user:One, again?");
    expect(mid.messages[1]?.id).toBe(a1!.id);
    hold.open();
    await editing;
    expect(texts(client.getState())).toEqual([
      "user:One, again?",
      "assistant:Edited answer.",
      "user:Two?",
      "assistant:It rained a lot.",
    ]);
    // From its first state, an edit's streaming answer knows its question.
    expect(states.slice(before).some((s) => s.streaming?.question === null)).toBe(false);

    transport.turns.push({ deltas: ["Regenerated."] });
    const a2 = client.getState().messages[3]!;
    await client.regenerate(a2.id);
    expect(transport.calls.at(-2)).toBe("edit");
    expect(texts(client.getState())).toEqual([
      "user:One, again?",
      "assistant:Edited answer.",
      "user:Two?",
      "assistant:Regenerated.",
    ]);
  });

  it("keeps an unsent question on failure and sends it again on retry", async () => {
    const { transport, client } = await started();
    transport.turns.push({ refuse: new QuarryError("RATE_LIMITED", "Slow down.") });
    await client.send("Rain?");
    expect(client.getState().error).toEqual({
      code: "RATE_LIMITED",
      message: "Slow down.",
      action: "send",
      text: "Rain?",
    });
    expect(client.getState().streaming).toBeNull();

    await client.retry();
    expect(client.getState().error).toBeNull();
    expect(texts(client.getState())).toEqual(["user:Rain?", "assistant:It rained a lot."]);
    // One session: the retry asked in the session the failed send had created.
    expect(transport.sessions).toHaveLength(1);
  });

  it("keeps a stored question when the stream breaks, and answers it again in place on retry", async () => {
    const { transport, client } = await started();
    transport.turns.push({ breakAfterQuestion: true });
    await client.send("Rain?");
    const state = client.getState();
    expect(state.error).toMatchObject({ code: "INTERNAL", action: "send" });
    expect(state.error?.text).toBeUndefined();
    expect(texts(state)).toEqual(["user:Rain?"]);

    await client.retry();
    expect(transport.calls.filter((c) => c === "edit")).toHaveLength(1);
    expect(texts(client.getState())).toEqual(["user:Rain?", "assistant:It rained a lot."]);
  });

  it("asks with the chosen model from the next turn on, and forgets a model the server does not offer", async () => {
    const transport = new FakeTransport();
    transport.offered = [
      { id: "openai:gpt", provider: "openai", model: "gpt", default: true },
      { id: "anthropic:claude", provider: "anthropic", model: "claude" },
    ];
    const client = createChatClient({ transport, storage: null });
    // Chosen before the list arrived, and on it: kept.
    client.setModel("anthropic:claude");
    await client.ready;
    expect(client.getState()).toMatchObject({ model: "anthropic:claude", models: transport.offered });

    const hold = gate();
    transport.turns.push({ hold: hold.promise });
    const first = client.send("Claude?");
    await until(() => client.getState().streaming?.status === "planning");
    // A choice made mid-turn is for the next turn; the running one keeps its model.
    client.setModel(null);
    expect(client.getState().model).toBeNull();
    hold.open();
    await first;
    await client.send("Default?");
    client.setModel("openai:gpt");
    await client.regenerate(client.getState().messages[1]!.id);
    expect(transport.turnRequests).toEqual([{ model: "anthropic:claude" }, {}, { model: "openai:gpt" }]);

    // A model the server stopped offering goes back to the default when the list is loaded again.
    const fresh = new FakeTransport();
    fresh.offered = [{ id: "openai:gpt", provider: "openai", model: "gpt", default: true }];
    const other = createChatClient({ transport: fresh, storage: null });
    other.setModel("anthropic:claude");
    await other.ready;
    expect(other.getState().model).toBeNull();
  });

  it("shows an error event that ends a stream, and refuses empty questions", async () => {
    const transport = new FakeTransport();
    const { client } = await started(transport);
    transport.ask = async function* () {
      yield { type: "error", error: { code: "STORAGE_ERROR", message: "The store is down." } } as const;
    };
    await client.send("Anything?");
    expect(client.getState().error).toMatchObject({ code: "STORAGE_ERROR", action: "send" });

    await client.send("   ");
    expect(client.getState().error).toMatchObject({ code: "INVALID_INPUT", action: "send" });
  });
});

/** Waits (a few event-loop turns at a time) until the condition holds. */
async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
  throw new Error("until: timed out");
}
