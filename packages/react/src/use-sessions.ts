import type { Session } from "@quarry/core";
import type { ChatClient } from "@quarry/core/client";
import { useMemo } from "react";
import { useQuarryChat } from "./use-quarry-chat.js";

/** The sessions list of a chat client and what can be done with it. */
export interface SessionsView {
  /** Pinned first, then the most recently updated; archived ones last. */
  sessions: Session[];
  loading: boolean;
  search: string;
  currentSessionId: string | null;
  /** Lists the sessions whose title or messages contain the words. */
  setSearch(search: string): Promise<void>;
  open(id: string | null): Promise<void>;
  create(title?: string): Promise<Session>;
  rename(id: string, title: string): Promise<void>;
  setPinned(id: string, pinned: boolean): Promise<void>;
  setArchived(id: string, archived: boolean): Promise<void>;
  remove(id: string): Promise<void>;
}

/**
 * The sessions sidebar's data and actions, for hosts that build their own list.
 *
 * @example
 * ```tsx
 * const { sessions, open } = useSessions(client);
 * ```
 */
export function useSessions(client: ChatClient): SessionsView {
  const [state, actions] = useQuarryChat(client);
  const sorted = useMemo(() => sortSessions(state.sessions), [state.sessions]);
  return useMemo(
    () => ({
      sessions: sorted,
      loading: state.sessionsLoading,
      search: state.search,
      currentSessionId: state.currentSessionId,
      setSearch: (search: string) => actions.loadSessions(search),
      open: (id: string | null) => actions.openSession(id),
      create: (title?: string) => actions.newSession(title),
      rename: (id: string, title: string) => actions.renameSession(id, title),
      setPinned: (id: string, pinned: boolean) => actions.pinSession(id, pinned),
      setArchived: (id: string, archived: boolean) => actions.archiveSession(id, archived),
      remove: (id: string) => actions.deleteSession(id),
    }),
    [sorted, state.sessionsLoading, state.search, state.currentSessionId, actions],
  );
}

/** Pinned first, archived last, newest activity first within each group. */
export function sortSessions(sessions: readonly Session[]): Session[] {
  const rank = (session: Session) => (session.archived ? 2 : session.pinned ? 0 : 1);
  return [...sessions].sort(
    (a, b) => rank(a) - rank(b) || (a.updatedAt < b.updatedAt ? 1 : a.updatedAt > b.updatedAt ? -1 : 0),
  );
}
