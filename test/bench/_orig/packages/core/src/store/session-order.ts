import type { Session } from "../model/session.js";

/** The key sessions are listed by: pinned first, then most recently updated, then id (all descending). */
export type SessionSortKey = readonly [pinned: boolean, updatedAt: string, id: string];

export function sessionSortKey(session: Session): SessionSortKey {
  return [session.pinned, session.updatedAt, session.id];
}

/** Negative when `a` is listed before `b`. */
export function compareSessionKeys(a: SessionSortKey, b: SessionSortKey): number {
  if (a[0] !== b[0]) return a[0] ? -1 : 1;
  if (a[1] !== b[1]) return a[1] > b[1] ? -1 : 1;
  if (a[2] !== b[2]) return a[2] > b[2] ? -1 : 1;
  return 0;
}
