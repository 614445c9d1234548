import type { Feedback } from "../../model/feedback.js";
import type { Message } from "../../model/message.js";
import { MessageListOptionsSchema } from "../../model/message.js";
import type { Principal } from "../../model/principal.js";
import {
  applyMessageEdit,
  buildFeedback,
  buildMessage,
  checkPrincipal,
  duplicateId,
  owns,
  parseFeedback,
  parseMessageAppend,
  parseMessageEdit,
  type RecordContext,
} from "../records.js";
import type { FeedbackRepository, MessageRepository } from "../store.js";
import { notFound, parseInput } from "../validate.js";
import { ownerKey, type RecordDb, type RecordTransaction } from "./record-db.js";
import { ownSession, putSession, type StoredSession } from "./record-sessions.js";

/** Feedback is keyed by message and user: a second upsert lands on the same record. */
export function feedbackKey(messageId: string, user: { tenantId: string; userId: string }): string {
  return `${messageId}\u0000${user.tenantId}\u0000${user.userId}`;
}

/** The caller's message (visible through its session's owner), or null. */
async function findMessage(tx: RecordTransaction, principal: Principal, id: string): Promise<Message | null> {
  const message = await tx.get<Message>("messages", id);
  const session = message && (await tx.get<StoredSession>("sessions", message.sessionId));
  return message && session && owns(principal, session) ? message : null;
}

/** The caller's message, or NOT_FOUND. */
async function ownMessage(tx: RecordTransaction, principal: Principal, id: string): Promise<Message> {
  const message = await findMessage(tx, principal, id);
  if (!message) throw notFound("Message", id);
  return message;
}

function putMessage(tx: RecordTransaction, message: Message): Promise<void> {
  return tx.put("messages", message.id, message, { session: message.sessionId });
}

export function createRecordMessages(db: RecordDb, ctx: RecordContext): MessageRepository {
  return {
    async append(principal, sessionId, input) {
      checkPrincipal(principal);
      const parsed = parseMessageAppend(input);
      return db.transaction("readwrite", async (tx) => {
        const session = await ownSession(tx, principal, sessionId);
        const message = buildMessage(sessionId, session.nextSeq, parsed, ctx);
        if (await tx.get("messages", message.id)) throw duplicateId("message", message.id);
        await putMessage(tx, message);
        await putSession(tx, { ...session, nextSeq: session.nextSeq + 1, updatedAt: message.createdAt });
        return message;
      });
    },

    async list(principal, sessionId, options = {}) {
      checkPrincipal(principal);
      const { afterSeq = 0, limit } = parseInput(MessageListOptionsSchema, options, "message list options");
      const messages = await db.transaction("readonly", async (tx) => {
        await ownSession(tx, principal, sessionId);
        return tx.where<Message, "messages">("messages", "session", sessionId);
      });
      const ordered = messages.filter((m) => m.seq > afterSeq).sort((a, b) => a.seq - b.seq);
      return limit === undefined ? ordered : ordered.slice(0, limit);
    },

    async get(principal, id) {
      checkPrincipal(principal);
      return db.transaction("readonly", (tx) => findMessage(tx, principal, id));
    },

    async edit(principal, id, edit) {
      checkPrincipal(principal);
      const parsed = parseMessageEdit(edit);
      return db.transaction("readwrite", async (tx) => {
        const message = applyMessageEdit(await ownMessage(tx, principal, id), parsed, ctx);
        await putMessage(tx, message);
        return message;
      });
    },
  };
}

export function createRecordFeedback(db: RecordDb, ctx: RecordContext): FeedbackRepository {
  return {
    async upsert(principal, input) {
      checkPrincipal(principal);
      const parsed = parseFeedback(input);
      return db.transaction("readwrite", async (tx) => {
        const message = await ownMessage(tx, principal, parsed.messageId);
        const key = feedbackKey(message.id, principal);
        const previous = (await tx.get<Feedback>("feedback", key)) ?? null;
        const feedback = buildFeedback(principal, message.sessionId, parsed, previous, ctx);
        await tx.put("feedback", key, feedback, {
          session: message.sessionId,
          owner: ownerKey(principal.tenantId, principal.userId),
        });
        return feedback;
      });
    },

    async get(principal, messageId) {
      checkPrincipal(principal);
      const feedback = await db.transaction("readonly", (tx) =>
        tx.get<Feedback>("feedback", feedbackKey(messageId, principal)),
      );
      return feedback ?? null;
    },

    async list(principal, options = {}) {
      checkPrincipal(principal);
      const all = await db.transaction("readonly", (tx) =>
        tx.where<Feedback, "feedback">("feedback", "owner", ownerKey(principal.tenantId, principal.userId)),
      );
      return all
        .filter(
          (f) =>
            (options.sessionId === undefined || f.sessionId === options.sessionId) &&
            (options.rating === undefined || f.rating === options.rating),
        )
        .sort((a, b) =>
          a.updatedAt === b.updatedAt
            ? a.messageId < b.messageId
              ? 1
              : -1
            : a.updatedAt < b.updatedAt
              ? 1
              : -1,
        );
    },
  };
}
