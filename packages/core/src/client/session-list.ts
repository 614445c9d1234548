import type { Session } from "../model/session.js";
import { compareSessionKeys, sessionSortKey } from "../store/session-order.js";

/** Sessions in listing order: pinned first, then the most recently updated (as the store lists them). */
export function sortSessions(sessions: readonly Session[]): Session[] {
  return [...sessions].sort((a, b) => compareSessionKeys(sessionSortKey(a), sessionSortKey(b)));
}

/**
 * The list with `session` in it as it is now: replaced or added in its place, or taken out when it is
 * archived (the list shows the sessions that are not).
 */
export function withSession(sessions: readonly Session[], session: Session): Session[] {
  const others = sessions.filter((s) => s.id !== session.id);
  return session.archived ? others : sortSessions([...others, session]);
}

/** The list without the session `id`. */
export function withoutSession(sessions: readonly Session[], id: string): Session[] {
  return sessions.filter((s) => s.id !== id);
}
