import { QuarryError } from "../errors/quarry-error.js";
import type { ChatEvent } from "../model/chat-event.js";
import type { Message } from "../model/message.js";
import type { ChatActionContext } from "./chat-action-context.js";
import type { TurnRequest } from "./chat-transport.js";
import { applyChatEvent, questionText, startStreaming, withAnswer, withQuestion } from "./thread-updates.js";

/** What the turns need of the client around them. */
export interface TurnContext extends Omit<ChatActionContext, "clearError"> {
  /** The open session's id, creating a session when none is open. */
  ensureSession(): Promise<string>;
  /** Reloads the sessions list without showing it loading (titles and order change after a turn). */
  refreshSessions(): Promise<void>;
}

/** The client's turns: one at a time. */
export interface Turns {
  send(text: string): Promise<void>;
  edit(messageId: string, text: string): Promise<void>;
  regenerate(answerId: string): Promise<void>;
  /** Aborts the running turn, if any. */
  stop(): void;
  busy(): boolean;
}

interface Turn {
  controller: AbortController;
  /** Null until a session is open for it. */
  sessionId: string | null;
}

/**
 * How long to wait before each reload after a stop over HTTP: the server stores the stopped answer only once
 * it notices the closed connection, a moment after the client gave up on it.
 */
const reloadWaitsMs = [0, 100, 250, 500, 1000, 2000];

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Sending, editing, regenerating and stopping, over a {@link TurnContext}. */
export function createTurns(context: TurnContext): Turns {
  const { transport, state } = context;
  let turn: Turn | null = null;

  /** Claims the turn, or shows why not; the claim is taken at once, so a double click asks once. */
  function claim(action: "send" | "edit", text: string, redo: () => Promise<void>): Turn | null {
    if (turn) {
      const busy = new QuarryError("CONFLICT", "Wait for the answer, or stop it, before asking again.");
      context.fail(busy, action, redo, { text });
      return null;
    }
    if (text.trim() === "") {
      context.fail(new QuarryError("INVALID_INPUT", "The question is empty."), action, null);
      return null;
    }
    if (state.get().error?.action === action) state.set({ error: null });
    turn = { controller: new AbortController(), sessionId: state.get().currentSessionId };
    return turn;
  }

  /** The chosen model, read when the turn starts: a choice made while it runs is for the next one. */
  function turnRequest(): TurnRequest {
    const { model } = state.get();
    return model === null ? {} : { model };
  }

  function release(current: Turn): void {
    if (turn === current) turn = null;
  }

  /**
   * Streams a turn's events into the state: the question into `messages` at once, the rest into
   * `streaming`, and the stored answer into `messages` in its question's place.
   */
  async function run(
    current: Turn,
    sessionId: string,
    events: () => AsyncIterable<ChatEvent>,
    failed: { action: "send" | "edit"; text: string; redo: () => Promise<void> },
  ): Promise<void> {
    const { signal } = current.controller;
    const mine = () => turn === current && state.get().currentSessionId === sessionId;
    let question: Message | null = state.get().streaming?.question ?? null;
    // An edit's earlier answer: a reload after a stop waits for the answer that replaces it.
    let earlierAnswerId: string | undefined;
    let answered = false;
    let failure: unknown;
    try {
      for await (const event of events()) {
        if (!mine()) continue;
        if (event.type === "message") {
          question = event.message;
          earlierAnswerId = state.get().messages.find((m) => m.replyTo === question?.id)?.id;
          state.set((s) => ({
            messages: withQuestion(s.messages, event.message),
            streaming: applyChatEvent(s.streaming ?? startStreaming(), event),
          }));
        } else if (event.type === "done") {
          answered = true;
          state.set((s) => ({ messages: withAnswer(s.messages, event.message), streaming: null }));
        } else if (event.type === "error") {
          throw new QuarryError(event.error.code, event.error.message);
        } else {
          state.set((s) => (s.streaming ? { streaming: applyChatEvent(s.streaming, event) } : {}));
        }
      }
      if (!answered && !signal.aborted) {
        throw new QuarryError("INTERNAL", "The answer was cut off before it was complete.", {
          retryable: true,
        });
      }
    } catch (error) {
      failure = error;
    }

    if (answered) {
      release(current);
      await context.refreshSessions();
    } else if (signal.aborted) {
      if (mine()) await reloadAfterStop(sessionId, question, earlierAnswerId);
      release(current);
    } else {
      release(current);
      if (state.get().currentSessionId !== sessionId) return;
      state.set({ streaming: null });
      // A stored question is answered again in place rather than asked twice.
      const stored = question;
      const redo = stored ? () => edit(stored.id, failed.text) : failed.redo;
      context.fail(failure, failed.action, redo, stored ? {} : { text: failed.text });
    }
  }

  /** After a stop whose `done` never came: reloads until the stopped answer is stored, then shows it. */
  async function reloadAfterStop(sessionId: string, question: Message | null, earlierAnswerId?: string) {
    let latest: Message[] | undefined;
    for (const wait of reloadWaitsMs) {
      if (wait > 0) await sleep(wait);
      if (state.get().currentSessionId !== sessionId) return;
      try {
        latest = (await transport.getSession(sessionId)).messages;
      } catch {
        continue;
      }
      const stored = latest.some(
        (m) => m.role === "assistant" && m.replyTo === question?.id && m.id !== earlierAnswerId,
      );
      if (!question || stored) break;
    }
    if (state.get().currentSessionId !== sessionId) return;
    state.set((s) => ({ messages: latest ?? s.messages, streaming: null }));
  }

  async function send(text: string): Promise<void> {
    const redo = () => send(text);
    const current = claim("send", text, redo);
    if (!current) return;
    const request = turnRequest();
    state.set({ streaming: startStreaming() });
    let sessionId: string;
    try {
      sessionId = current.sessionId ?? (await context.ensureSession());
    } catch (error) {
      release(current);
      state.set({ streaming: null });
      context.fail(error, "send", redo, { text });
      return;
    }
    current.sessionId = sessionId;
    if (current.controller.signal.aborted) {
      release(current);
      return;
    }
    await run(current, sessionId, () => transport.ask(sessionId, text, current.controller.signal, request), {
      action: "send",
      text,
      redo,
    });
  }

  async function edit(messageId: string, text: string): Promise<void> {
    const redo = () => edit(messageId, text);
    const sessionId = state.get().currentSessionId;
    if (sessionId === null) {
      context.fail(new QuarryError("NOT_FOUND", "No conversation is open."), "edit", null, { text });
      return;
    }
    const current = claim("edit", text, redo);
    if (!current) return;
    const request = turnRequest();
    // The streaming answer takes the place of the earlier one at once; the `message` event updates the text.
    const original = state.get().messages.find((m) => m.id === messageId) ?? null;
    state.set({ streaming: startStreaming(original) });
    await run(current, sessionId, () => transport.edit(messageId, text, current.controller.signal, request), {
      action: "edit",
      text,
      redo,
    });
  }

  async function regenerate(answerId: string): Promise<void> {
    const { messages } = state.get();
    const answer = messages.find((m) => m.id === answerId);
    const question = answer?.replyTo ? messages.find((m) => m.id === answer.replyTo) : undefined;
    if (!question) {
      const missing = new QuarryError("NOT_FOUND", "The question of this answer is not in the conversation.");
      context.fail(missing, "edit", null);
      return;
    }
    await edit(question.id, questionText(question));
  }

  return {
    send,
    edit,
    regenerate,
    stop: () => turn?.controller.abort(),
    busy: () => turn !== null,
  };
}
