import type { Feedback } from "../../model/feedback.js";
import { buildFeedback, checkPrincipal, parseFeedback, type RecordContext } from "../records.js";
import type { FeedbackRepository } from "../store.js";
import { notFound } from "../validate.js";
import { findOwnMessage } from "./message-queries.js";
import type { Row, SqlDatabase } from "./postgres-client.js";
import { isoTime, text, textOrNull } from "./row-values.js";
import type { StoreTables } from "./store-migrations.js";

const feedbackColumns =
  "message_id, session_id, user_id, tenant_id, rating, comment, correction, created_at, updated_at";

function feedbackFromRow(row: Row): Feedback {
  return {
    messageId: text(row.message_id),
    sessionId: text(row.session_id),
    userId: text(row.user_id),
    tenantId: text(row.tenant_id),
    rating: text(row.rating) as Feedback["rating"],
    comment: textOrNull(row.comment),
    correction: textOrNull(row.correction),
    createdAt: isoTime(row.created_at),
    updatedAt: isoTime(row.updated_at),
  };
}

/** Feedback in Postgres: one row a message and user, upserted. */
export function createFeedbackQueries(
  db: SqlDatabase,
  t: StoreTables,
  ctx: RecordContext,
): FeedbackRepository {
  return {
    async upsert(principal, input) {
      checkPrincipal(principal);
      const parsed = parseFeedback(input);
      return db.transaction(async (tx) => {
        const message = await findOwnMessage(tx, t, principal, parsed.messageId, "FOR KEY SHARE OF m");
        if (!message) throw notFound("Message", parsed.messageId);
        const f = buildFeedback(principal, message.sessionId, parsed, null, ctx);
        // On a second upsert the first one's created_at stays: the conflict branch does not set it.
        const [row] = await tx.query(
          `INSERT INTO ${t.feedback} (${feedbackColumns})
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8::timestamptz, $9::timestamptz)
           ON CONFLICT (message_id, tenant_id, user_id) DO UPDATE SET rating = EXCLUDED.rating,
             comment = EXCLUDED.comment, correction = EXCLUDED.correction, updated_at = EXCLUDED.updated_at
           RETURNING ${feedbackColumns}`,
          [
            f.messageId,
            f.sessionId,
            f.userId,
            f.tenantId,
            f.rating,
            f.comment,
            f.correction,
            f.createdAt,
            f.updatedAt,
          ],
        );
        return row ? feedbackFromRow(row) : f;
      });
    },

    async get(principal, messageId) {
      checkPrincipal(principal);
      const [row] = await db.query(
        `SELECT ${feedbackColumns} FROM ${t.feedback} WHERE message_id = $1 AND tenant_id = $2 AND user_id = $3`,
        [messageId, principal.tenantId, principal.userId],
      );
      return row ? feedbackFromRow(row) : null;
    },

    async list(principal, options = {}) {
      checkPrincipal(principal);
      const params: unknown[] = [principal.tenantId, principal.userId];
      const where = ["tenant_id = $1", "user_id = $2"];
      if (options.sessionId !== undefined) where.push(`session_id = $${params.push(options.sessionId)}`);
      if (options.rating !== undefined) where.push(`rating = $${params.push(options.rating)}`);
      const rows = await db.query(
        `SELECT ${feedbackColumns} FROM ${t.feedback} WHERE ${where.join(" AND ")}
         ORDER BY updated_at DESC, message_id DESC`,
        params,
      );
      return rows.map(feedbackFromRow);
    },
  };
}
