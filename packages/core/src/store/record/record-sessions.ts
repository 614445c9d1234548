import type { Feedback } from "../../model/feedback.js";
import type { Message } from "../../model/message.js";
import { textOfParts } from "../../model/message-part.js";
import type { Principal } from "../../model/principal.js";
import { type Session, SessionListOptionsSchema } from "../../model/session.js";
import { decodeCursor, encodeCursor } from "../cursor.js";
import {
  applySessionPatch,
  buildSession,
  changeRefs,
  checkPrincipal,
  duplicateId,
  owns,
  parseRefs,
  parseSessionPatch,
  type RecordContext,
} from "../records.js";
import { searchTerms } from "../search.js";
import { compareSessionKeys, type SessionSortKey, sessionSortKey } from "../session-order.js";
import type { SessionRepository } from "../store.js";
import { notFound, parseInput } from "../validate.js";
import { ownerKey, type RecordDb, type RecordTransaction } from "./record-db.js";
import { feedbackKey } from "./record-messages.js";

/** A session as kept in the record db: with the counter the next message's `seq` comes from. */
export type StoredSession = Session & { nextSeq: number };

/** Strips storage-only fields. */
export function publicSession({ nextSeq: _, ...session }: StoredSession): Session {
  return session;
}

/** The caller's session in a transaction, or NOT_FOUND. */
export async function ownSession(
  tx: RecordTransaction,
  principal: Principal,
  id: string,
): Promise<StoredSession> {
  const session = await tx.get<StoredSession>("sessions", id);
  if (!session || !owns(principal, session)) throw notFound("Session", id);
  return session;
}

export function putSession(tx: RecordTransaction, session: StoredSession): Promise<void> {
  return tx.put("sessions", session.id, session, { owner: ownerKey(session.tenantId, session.ownerId) });
}

export function createRecordSessions(db: RecordDb, ctx: RecordContext): SessionRepository {
  const change = (principal: Principal, id: string, fn: (session: StoredSession) => StoredSession) => {
    checkPrincipal(principal);
    return db.transaction("readwrite", async (tx) => {
      const next = fn(await ownSession(tx, principal, id));
      await putSession(tx, next);
      return publicSession(next);
    });
  };

  return {
    async create(principal, input) {
      checkPrincipal(principal);
      const session: StoredSession = { ...buildSession(principal, input, ctx), nextSeq: 1 };
      return db.transaction("readwrite", async (tx) => {
        if (await tx.get("sessions", session.id)) throw duplicateId("session", session.id);
        await putSession(tx, session);
        return publicSession(session);
      });
    },

    async get(principal, id) {
      checkPrincipal(principal);
      const session = await db.transaction("readonly", (tx) => tx.get<StoredSession>("sessions", id));
      return session && owns(principal, session) ? publicSession(session) : null;
    },

    async list(principal, options = {}) {
      checkPrincipal(principal);
      const {
        search,
        archived = "exclude",
        limit = 50,
        cursor,
      } = parseInput(SessionListOptionsSchema, options, "session list options");
      const after: SessionSortKey | undefined = cursor
        ? decodeCursor(cursor, ["boolean", "string", "string"])
        : undefined;
      const terms = searchTerms(search);
      const matching = await db.transaction("readonly", async (tx) => {
        const sessions = await tx.where<StoredSession, "sessions">(
          "sessions",
          "owner",
          ownerKey(principal.tenantId, principal.userId),
        );
        const kept: Session[] = [];
        for (const stored of sessions) {
          if (archived === "exclude" ? stored.archived : archived === "only" ? !stored.archived : false)
            continue;
          if (terms.length > 0 && !(await matchesSearch(tx, stored, terms))) continue;
          kept.push(publicSession(stored));
        }
        return kept;
      });
      const ordered = matching
        .filter((session) => !after || compareSessionKeys(sessionSortKey(session), after) > 0)
        .sort((a, b) => compareSessionKeys(sessionSortKey(a), sessionSortKey(b)));
      const items = ordered.slice(0, limit);
      const last = items.at(-1);
      return {
        items,
        nextCursor: ordered.length > limit && last ? encodeCursor(sessionSortKey(last)) : null,
      };
    },

    async update(principal, id, patch) {
      const parsed = parseSessionPatch(patch);
      return change(principal, id, (session) => ({
        ...applySessionPatch(session, parsed, ctx),
        nextSeq: session.nextSeq,
      }));
    },

    async attach(principal, id, refs) {
      const parsed = parseRefs(refs);
      return change(principal, id, (session) => changeRefs(session, parsed, "attach", ctx));
    },

    async detach(principal, id, refs) {
      const parsed = parseRefs(refs);
      return change(principal, id, (session) => changeRefs(session, parsed, "detach", ctx));
    },

    async delete(principal, id) {
      checkPrincipal(principal);
      await db.transaction("readwrite", async (tx) => {
        await ownSession(tx, principal, id);
        for (const message of await tx.where<Message, "messages">("messages", "session", id)) {
          await tx.delete("messages", message.id);
        }
        for (const feedback of await tx.where<Feedback, "feedback">("feedback", "session", id)) {
          await tx.delete("feedback", feedbackKey(feedback.messageId, feedback));
        }
        await tx.delete("memory", id);
        await tx.delete("sessions", id);
      });
    },
  };
}

async function matchesSearch(
  tx: RecordTransaction,
  session: Session,
  terms: readonly string[],
): Promise<boolean> {
  let remaining = terms.filter((term) => !session.title.toLowerCase().includes(term));
  if (remaining.length === 0) return true;
  for (const message of await tx.where<Message, "messages">("messages", "session", session.id)) {
    const text = textOfParts(message.parts).toLowerCase();
    remaining = remaining.filter((term) => !text.includes(term));
    if (remaining.length === 0) return true;
  }
  return false;
}
