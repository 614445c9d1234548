import type { Session } from "@quarry/core";
import { type ChatClient, type ChatState, emptyChatState } from "@quarry/core/client";
import { session } from "./fixtures/chat-records.js";

/** A chat client whose state a story scripts, for `<QuarryChat/>` without a server. */
export interface ScriptedChatClient extends ChatClient {
  /** Publishes a new state with these fields changed. */
  set(patch: Partial<ChatState>): void;
}

/** Options of {@link scriptedChatClient}. */
export interface ScriptedChatClientOptions {
  /** Told of every action the widget calls, with its arguments (Storybook's Actions panel shows them). */
  onAction?(name: keyof ChatClient, args: unknown[]): void;
}

/**
 * A chat client holding `initial` (over an empty state). Actions resolve at once and change nothing, except
 * those whose effect a reader expects to see: "Retry" and "Dismiss" clear the error, "Stop" ends the
 * streaming answer. The same idea as the widget tests' `fakeChatClient`, without vitest's spies, so it runs
 * in a browser.
 */
export function scriptedChatClient(
  initial: Partial<ChatState> = {},
  options: ScriptedChatClientOptions = {},
): ScriptedChatClient {
  let state: ChatState = { ...emptyChatState(), ...initial };
  const listeners = new Set<() => void>();
  const set = (patch: Partial<ChatState>) => {
    state = { ...state, ...patch };
    for (const listener of [...listeners]) listener();
  };
  const told = (name: keyof ChatClient, args: unknown[]) => options.onAction?.(name, args);
  const done =
    (name: keyof ChatClient) =>
    async (...args: unknown[]): Promise<void> => {
      told(name, args);
    };

  return {
    getState: () => state,
    ready: Promise.resolve(),
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    set,
    loadSessions: done("loadSessions"),
    openSession: done("openSession"),
    async newSession(title?: string): Promise<Session> {
      told("newSession", [title]);
      return session({ id: "s-new", title: title ?? "" });
    },
    renameSession: done("renameSession"),
    pinSession: done("pinSession"),
    archiveSession: done("archiveSession"),
    deleteSession: done("deleteSession"),
    upload: done("upload"),
    removeDocument: done("removeDocument"),
    cleanDataset: done("cleanDataset"),
    saveGlossary: done("saveGlossary"),
    loadInsights: done("loadInsights"),
    runInsights: done("runInsights"),
    loadMemory: done("loadMemory"),
    saveMemory: done("saveMemory"),
    send: done("send"),
    stop() {
      told("stop", []);
      set({ streaming: null });
    },
    edit: done("edit"),
    regenerate: done("regenerate"),
    setModel(id) {
      told("setModel", [id]);
      set({ model: id });
    },
    rate: done("rate"),
    async download(messageId, format) {
      told("download", [messageId, format]);
      return Object.assign(new Blob(["year,precipitation_mm\n2012,1226.0\n"], { type: "text/csv" }), {
        name: `answer.${format}`,
      });
    },
    async retry() {
      told("retry", []);
      set({ error: null });
    },
    dismissError() {
      told("dismissError", []);
      set({ error: null });
    },
    dispose() {
      listeners.clear();
    },
  };
}
