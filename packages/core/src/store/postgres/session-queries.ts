import { QuarryError } from "../../errors/quarry-error.js";
import { TimestampSchema } from "../../model/common.js";
import type { Principal } from "../../model/principal.js";
import { type Session, SessionListOptionsSchema } from "../../model/session.js";
import { decodeCursor, encodeCursor } from "../cursor.js";
import {
  applySessionPatch,
  buildSession,
  changeRefs,
  checkPrincipal,
  duplicateId,
  parseRefs,
  parseSessionPatch,
  type RecordContext,
} from "../records.js";
import { searchTerms } from "../search.js";
import { sessionSortKey } from "../session-order.js";
import type { SessionRepository } from "../store.js";
import { notFound, parseInput } from "../validate.js";
import type { Row, SqlDatabase, SqlRunner } from "./postgres-client.js";
import { bool, containsPattern, isoTime, json, jsonParam, text } from "./row-values.js";
import type { StoreTables } from "./store-migrations.js";

/** The columns a Session is read from. */
export const sessionColumns =
  "id, tenant_id, owner_id, title, dataset_ids, document_ids, pinned, archived, status, metadata, created_at, updated_at";

/** A sessions row as a Session. */
export function sessionFromRow(row: Row): Session {
  return {
    id: text(row.id),
    ownerId: text(row.owner_id),
    tenantId: text(row.tenant_id),
    title: text(row.title),
    datasetIds: json<string[]>(row.dataset_ids),
    documentIds: json<string[]>(row.document_ids),
    pinned: bool(row.pinned),
    archived: bool(row.archived),
    status: text(row.status) as Session["status"],
    metadata: json<Session["metadata"]>(row.metadata),
    createdAt: isoTime(row.created_at),
    updatedAt: isoTime(row.updated_at),
  };
}

/** The caller's session, locked for the rest of the transaction, or NOT_FOUND. */
export async function lockOwnSession(
  tx: SqlRunner,
  t: StoreTables,
  principal: Principal,
  id: string,
): Promise<Session> {
  const [row] = await tx.query(
    `SELECT ${sessionColumns} FROM ${t.sessions} WHERE id = $1 AND tenant_id = $2 AND owner_id = $3 FOR UPDATE`,
    [id, principal.tenantId, principal.userId],
  );
  if (!row) throw notFound("Session", id);
  return sessionFromRow(row);
}

/** Sessions in Postgres, listed by (pinned, updated_at, id) descending with keyset cursors. */
export function createSessionQueries(db: SqlDatabase, t: StoreTables, ctx: RecordContext): SessionRepository {
  const change = (principal: Principal, id: string, fn: (session: Session) => Session) => {
    checkPrincipal(principal);
    return db.transaction(async (tx) => {
      const next = fn(await lockOwnSession(tx, t, principal, id));
      await tx.query(
        `UPDATE ${t.sessions} SET title = $2, search_title = $3, dataset_ids = $4::jsonb, document_ids = $5::jsonb,
          pinned = $6, archived = $7, status = $8, metadata = $9::jsonb, updated_at = $10::timestamptz
         WHERE id = $1`,
        [
          id,
          next.title,
          next.title.toLowerCase(),
          jsonParam(next.datasetIds),
          jsonParam(next.documentIds),
          next.pinned,
          next.archived,
          next.status,
          jsonParam(next.metadata),
          next.updatedAt,
        ],
      );
      return next;
    });
  };

  return {
    async create(principal, input) {
      checkPrincipal(principal);
      const s = buildSession(principal, input, ctx);
      const inserted = await db.query(
        `INSERT INTO ${t.sessions} (id, tenant_id, owner_id, title, search_title, dataset_ids, document_ids, pinned,
           archived, status, metadata, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7::jsonb, $8, $9, $10, $11::jsonb, $12::timestamptz, $13::timestamptz)
         ON CONFLICT (id) DO NOTHING RETURNING id`,
        [
          s.id,
          s.tenantId,
          s.ownerId,
          s.title,
          s.title.toLowerCase(),
          jsonParam(s.datasetIds),
          jsonParam(s.documentIds),
          s.pinned,
          s.archived,
          s.status,
          jsonParam(s.metadata),
          s.createdAt,
          s.updatedAt,
        ],
      );
      if (inserted.length === 0) throw duplicateId("session", s.id);
      return s;
    },

    async get(principal, id) {
      checkPrincipal(principal);
      const [row] = await db.query(
        `SELECT ${sessionColumns} FROM ${t.sessions} WHERE id = $1 AND tenant_id = $2 AND owner_id = $3`,
        [id, principal.tenantId, principal.userId],
      );
      return row ? sessionFromRow(row) : null;
    },

    async list(principal, options = {}) {
      checkPrincipal(principal);
      const {
        search,
        archived = "exclude",
        limit = 50,
        cursor,
      } = parseInput(SessionListOptionsSchema, options, "session list options");
      const params: unknown[] = [principal.tenantId, principal.userId];
      const param = (value: unknown) => `$${params.push(value)}`;
      const where = ["s.tenant_id = $1", "s.owner_id = $2"];
      if (archived === "exclude") where.push("NOT s.archived");
      if (archived === "only") where.push("s.archived");
      // Every word must appear in the title or in some message; search text is lower-cased on write, as
      // the words are, so matching is exactly the other adapters' `toLowerCase().includes()`.
      for (const term of searchTerms(search)) {
        const pattern = param(containsPattern(term));
        where.push(
          `(s.search_title LIKE ${pattern} ESCAPE '\\' OR EXISTS (SELECT 1 FROM ${t.messages} m
             WHERE m.session_id = s.id AND m.search_text LIKE ${pattern} ESCAPE '\\'))`,
        );
      }
      if (cursor) {
        const [pinned, updatedAt, id] = decodeCursor(cursor, ["boolean", "string", "string"]);
        if (!TimestampSchema.safeParse(updatedAt).success) {
          throw new QuarryError("INVALID_INPUT", "Invalid pagination cursor.");
        }
        where.push(
          `(s.pinned, s.updated_at, s.id) < (${param(pinned)}::boolean, ${param(updatedAt)}::timestamptz, ${param(id)})`,
        );
      }
      const rows = await db.query(
        `SELECT ${sessionColumns} FROM ${t.sessions} s WHERE ${where.join(" AND ")}
         ORDER BY s.pinned DESC, s.updated_at DESC, s.id DESC LIMIT ${param(limit + 1)}`,
        params,
      );
      const items = rows.slice(0, limit).map(sessionFromRow);
      const last = items.at(-1);
      return { items, nextCursor: rows.length > limit && last ? encodeCursor(sessionSortKey(last)) : null };
    },

    async update(principal, id, patch) {
      const parsed = parseSessionPatch(patch);
      return change(principal, id, (session) => applySessionPatch(session, parsed, ctx));
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
      // Messages (and through them feedback) and memory go by ON DELETE CASCADE; audit rows stay.
      const deleted = await db.query(
        `DELETE FROM ${t.sessions} WHERE id = $1 AND tenant_id = $2 AND owner_id = $3 RETURNING id`,
        [id, principal.tenantId, principal.userId],
      );
      if (deleted.length === 0) throw notFound("Session", id);
    },
  };
}
