import type { ChatClient, ChatState } from "@quarry/core/client";
import { useCallback, useMemo, useSyncExternalStore } from "react";

/** What `useQuarryChat` hands back besides the state: the client's actions, bound to it. */
export type QuarryChatActions = Omit<ChatClient, "getState" | "subscribe" | "dispose" | "ready">;

/**
 * Subscribes to a chat client and returns its current state and its actions. The component re-renders when
 * the client publishes a new state; the actions object stays the same for the same client.
 *
 * @example
 * ```tsx
 * const [state, actions] = useQuarryChat(client);
 * return <button onClick={() => actions.send("How many rows?")}>Ask</button>;
 * ```
 */
export function useQuarryChat(client: ChatClient): [ChatState, QuarryChatActions] {
  // Called through the client, so implementations may rely on `this` (e.g. classes with #private state).
  const subscribe = useCallback((listener: () => void) => client.subscribe(listener), [client]);
  const getState = useCallback(() => client.getState(), [client]);
  const state = useSyncExternalStore(subscribe, getState, getState);
  const actions = useMemo(() => bindActions(client), [client]);
  return [state, actions];
}

/** Each action called through the client (so `this` holds), passing on exactly the arguments given. */
function bindActions(client: ChatClient): QuarryChatActions {
  return {
    loadSessions: (...args) => client.loadSessions(...args),
    openSession: (...args) => client.openSession(...args),
    newSession: (...args) => client.newSession(...args),
    renameSession: (...args) => client.renameSession(...args),
    pinSession: (...args) => client.pinSession(...args),
    archiveSession: (...args) => client.archiveSession(...args),
    deleteSession: (...args) => client.deleteSession(...args),
    upload: (...args) => client.upload(...args),
    removeDocument: (...args) => client.removeDocument(...args),
    cleanDataset: (...args) => client.cleanDataset(...args),
    saveGlossary: (...args) => client.saveGlossary(...args),
    loadInsights: (...args) => client.loadInsights(...args),
    runInsights: (...args) => client.runInsights(...args),
    loadMemory: () => client.loadMemory(),
    saveMemory: (...args) => client.saveMemory(...args),
    send: (...args) => client.send(...args),
    stop: () => client.stop(),
    edit: (...args) => client.edit(...args),
    regenerate: (...args) => client.regenerate(...args),
    setModel: (...args) => client.setModel(...args),
    rate: (...args) => client.rate(...args),
    download: (...args) => client.download(...args),
    retry: () => client.retry(),
    dismissError: () => client.dismissError(),
  };
}
