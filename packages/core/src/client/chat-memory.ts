import type { SessionMemoryInput } from "../model/session-memory.js";
import type { ChatActionContext } from "./chat-action-context.js";
import type { SessionMemoryState } from "./chat-client-types.js";

/**
 * The open session's memory: asked for once, when a view first shows it (the state's `memory` is emptied
 * whenever the open session changes), and saved with the user's edits. An answer for a session that is no
 * longer open is dropped.
 */
export function createMemoryActions(context: ChatActionContext): {
  load(): Promise<void>;
  save(input: SessionMemoryInput): Promise<void>;
} {
  const { transport, state, fail, clearError } = context;

  function show(sessionId: string, memory: SessionMemoryState): void {
    state.set((s) => (s.currentSessionId === sessionId ? { memory } : {}));
  }

  async function load(): Promise<void> {
    const { currentSessionId: sessionId, memory } = state.get();
    if (sessionId === null || memory !== null) return;
    show(sessionId, { status: "loading", memory: null });
    try {
      show(sessionId, { status: "ready", memory: await transport.getMemory(sessionId) });
    } catch {
      // Memory is an extra: a server without it (or one that failed to say) hides the editor, not the chat.
      show(sessionId, { status: "unavailable", memory: null });
    }
  }

  async function save(input: SessionMemoryInput): Promise<void> {
    const { currentSessionId: sessionId, memory } = state.get();
    if (sessionId === null) return;
    clearError("memory");
    show(sessionId, { status: "saving", memory: memory?.memory ?? null });
    try {
      show(sessionId, { status: "ready", memory: await transport.putMemory(sessionId, input) });
    } catch (error) {
      // The same memory object as before, so a view keeps the edits that failed to save.
      show(sessionId, { status: "ready", memory: memory?.memory ?? null });
      if (state.get().currentSessionId === sessionId) fail(error, "memory", () => save(input));
    }
  }

  return { load, save };
}
