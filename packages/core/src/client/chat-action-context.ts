import type { ChatState } from "./chat-client-types.js";
import type { StateStore } from "./chat-state-store.js";
import type { ChatError, ChatTransport } from "./chat-transport.js";

/**
 * What the chat client's groups of actions (datasets, documents, uploads, insights, memory) need of the client
 * around them: the transport, the state, and its error handling.
 */
export interface ChatActionContext {
  transport: ChatTransport;
  state: StateStore<ChatState>;
  /** Shows a failure as `state.error`; `redo` is what `retry()` runs, null when nothing can be retried. */
  fail(
    error: unknown,
    action: ChatError["action"],
    redo: (() => Promise<unknown>) | null,
    detail?: Pick<ChatError, "text" | "datasetId">,
  ): void;
  /** Clears the error if it is of `action` (it is being done again). */
  clearError(action: ChatError["action"]): void;
}
