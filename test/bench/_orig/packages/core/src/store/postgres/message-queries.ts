import { type Message, MessageListOptionsSchema } from "../../model/message.js";
import { textOfParts } from "../../model/message-part.js";
import type { Principal } from "../../model/principal.js";
import {
  applyMessageEdit,
  buildMessage,
  checkPrincipal,
  duplicateId,
  parseMessageAppend,
  parseMessageEdit,
  type RecordContext,
} from "../records.js";
import type { MessageRepository } from "../store.js";
import { notFound, parseInput } from "../validate.js";
import type { Row, SqlDatabase, SqlRunner } from "./postgres-client.js";
import { bool, isoTime, json, jsonOrNull, jsonParam, num, text, textOrNull } from "./row-values.js";
import type { StoreTables } from "./store-migrations.js";

const columns = [
  "id",
  "session_id",
  "seq",
  "role",
  "parts",
  "reply_to",
  "edited",
  "model",
  "provider",
  "prompt_version",
  "usage",
  "metadata",
  "created_at",
  "updated_at",
];
const messageColumns = (alias: string) => columns.map((c) => `${alias}.${c}`).join(", ");

function messageFromRow(row: Row): Message {
  return {
    id: text(row.id),
    sessionId: text(row.session_id),
    seq: num(row.seq),
    role: text(row.role) as Message["role"],
    parts: json<Message["parts"]>(row.parts),
    replyTo: textOrNull(row.reply_to),
    edited: bool(row.edited),
    model: textOrNull(row.model),
    provider: textOrNull(row.provider),
    promptVersion: textOrNull(row.prompt_version),
    usage: jsonOrNull<NonNullable<Message["usage"]>>(row.usage),
    metadata: json<Message["metadata"]>(row.metadata),
    createdAt: isoTime(row.created_at),
    updatedAt: isoTime(row.updated_at),
  };
}

/** The text session search looks in, lower-cased like the search words. */
function searchText(message: Message): string {
  return textOfParts(message.parts).toLowerCase();
}

/**
 * The caller's message (seen through its session's owner), or null. `lock` takes a key-share lock, which
 * keeps the message from being deleted (e.g. with its session) until the transaction ends.
 */
export async function findOwnMessage(
  tx: SqlRunner,
  t: StoreTables,
  principal: Principal,
  id: string,
  lock: "" | "FOR UPDATE OF m" | "FOR KEY SHARE OF m" = "",
): Promise<Message | null> {
  const [row] = await tx.query(
    `SELECT ${messageColumns("m")} FROM ${t.messages} m JOIN ${t.sessions} s ON s.id = m.session_id
     WHERE m.id = $1 AND s.tenant_id = $2 AND s.owner_id = $3 ${lock}`,
    [id, principal.tenantId, principal.userId],
  );
  return row ? messageFromRow(row) : null;
}

/** Messages in Postgres; `seq` comes from a counter on the session row, taken under its lock. */
export function createMessageQueries(db: SqlDatabase, t: StoreTables, ctx: RecordContext): MessageRepository {
  return {
    async append(principal, sessionId, input) {
      checkPrincipal(principal);
      const parsed = parseMessageAppend(input);
      return db.transaction(async (tx) => {
        // Taking the number also locks the session row: concurrent appends queue here, so seq never repeats.
        const [taken] = await tx.query(
          `UPDATE ${t.sessions} SET next_seq = next_seq + 1 WHERE id = $1 AND tenant_id = $2 AND owner_id = $3
           RETURNING next_seq - 1 AS seq`,
          [sessionId, principal.tenantId, principal.userId],
        );
        if (!taken) throw notFound("Session", sessionId);
        const m = buildMessage(sessionId, num(taken.seq), parsed, ctx);
        const inserted = await tx.query(
          `INSERT INTO ${t.messages} (id, session_id, seq, role, parts, search_text, reply_to, edited, model, provider,
             prompt_version, usage, metadata, created_at, updated_at)
           VALUES ($1, $2, $3, $4, $5::jsonb, $6, $7, $8, $9, $10, $11, $12::jsonb, $13::jsonb, $14::timestamptz,
             $15::timestamptz)
           ON CONFLICT (id) DO NOTHING RETURNING id`,
          [
            m.id,
            m.sessionId,
            m.seq,
            m.role,
            jsonParam(m.parts),
            searchText(m),
            m.replyTo,
            m.edited,
            m.model,
            m.provider,
            m.promptVersion,
            jsonParam(m.usage),
            jsonParam(m.metadata),
            m.createdAt,
            m.updatedAt,
          ],
        );
        if (inserted.length === 0) throw duplicateId("message", m.id);
        await tx.query(`UPDATE ${t.sessions} SET updated_at = $2::timestamptz WHERE id = $1`, [
          sessionId,
          m.createdAt,
        ]);
        return m;
      });
    },

    async list(principal, sessionId, options = {}) {
      checkPrincipal(principal);
      const { afterSeq = 0, limit } = parseInput(MessageListOptionsSchema, options, "message list options");
      // The session's row decides visibility, so an unknown or foreign session is NOT_FOUND, not an empty list.
      const rows = await db.query(
        `SELECT s.id AS owned_session, ${messageColumns("m")} FROM ${t.sessions} s
         LEFT JOIN LATERAL (SELECT * FROM ${t.messages} WHERE session_id = s.id AND seq > $4 ORDER BY seq
           ${limit === undefined ? "" : "LIMIT $5"}) m ON true
         WHERE s.id = $1 AND s.tenant_id = $2 AND s.owner_id = $3
         ORDER BY m.seq`,
        [sessionId, principal.tenantId, principal.userId, afterSeq, ...(limit === undefined ? [] : [limit])],
      );
      if (rows.length === 0) throw notFound("Session", sessionId);
      return rows.filter((row) => row.id !== null && row.id !== undefined).map(messageFromRow);
    },

    async get(principal, id) {
      checkPrincipal(principal);
      return findOwnMessage(db, t, principal, id);
    },

    async edit(principal, id, edit) {
      checkPrincipal(principal);
      const parsed = parseMessageEdit(edit);
      return db.transaction(async (tx) => {
        const current = await findOwnMessage(tx, t, principal, id, "FOR UPDATE OF m");
        if (!current) throw notFound("Message", id);
        const m = applyMessageEdit(current, parsed, ctx);
        await tx.query(
          `UPDATE ${t.messages} SET parts = $2::jsonb, search_text = $3, edited = $4, metadata = $5::jsonb,
             updated_at = $6::timestamptz WHERE id = $1`,
          [id, jsonParam(m.parts), searchText(m), m.edited, jsonParam(m.metadata), m.updatedAt],
        );
        return m;
      });
    },
  };
}
