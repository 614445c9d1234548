import { QuarryError } from "../../errors/quarry-error.js";
import { type AuditEntry, AuditListOptionsSchema } from "../../model/audit.js";
import { TimestampSchema } from "../../model/common.js";
import { decodeCursor, encodeCursor } from "../cursor.js";
import { buildAudit, checkPrincipal, type RecordContext } from "../records.js";
import type { AuditRepository } from "../store.js";
import { parseInput } from "../validate.js";
import type { Row, SqlDatabase } from "./postgres-client.js";
import {
  bool,
  isoTime,
  json,
  jsonOrNull,
  jsonParam,
  num,
  numOrNull,
  text,
  textOrNull,
} from "./row-values.js";
import type { StoreTables } from "./store-migrations.js";

const auditColumns =
  "id, tenant_id, user_id, session_id, message_id, question, sql, ok, error, row_count, duration_ms, model, provider, usage, details, created_at";

function auditFromRow(row: Row): AuditEntry {
  return {
    id: text(row.id),
    userId: text(row.user_id),
    tenantId: text(row.tenant_id),
    sessionId: textOrNull(row.session_id),
    messageId: textOrNull(row.message_id),
    question: textOrNull(row.question),
    sql: textOrNull(row.sql),
    ok: bool(row.ok),
    error: textOrNull(row.error),
    rowCount: numOrNull(row.row_count),
    durationMs: num(row.duration_ms),
    model: textOrNull(row.model),
    provider: textOrNull(row.provider),
    usage: jsonOrNull<NonNullable<AuditEntry["usage"]>>(row.usage),
    details: json<AuditEntry["details"]>(row.details),
    createdAt: isoTime(row.created_at),
  };
}

/** The audit log in Postgres: newest first by (created_at, seq), keyset-paged. */
export function createAuditQueries(db: SqlDatabase, t: StoreTables, ctx: RecordContext): AuditRepository {
  return {
    async append(principal, input) {
      checkPrincipal(principal);
      const a = buildAudit(principal, input, ctx);
      await db.query(
        `INSERT INTO ${t.audit} (${auditColumns})
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14::jsonb, $15::jsonb, $16::timestamptz)`,
        [
          a.id,
          a.tenantId,
          a.userId,
          a.sessionId,
          a.messageId,
          a.question,
          a.sql,
          a.ok,
          a.error,
          a.rowCount,
          a.durationMs,
          a.model,
          a.provider,
          jsonParam(a.usage),
          jsonParam(a.details),
          a.createdAt,
        ],
      );
      return a;
    },

    async list(principal, options = {}) {
      checkPrincipal(principal);
      const {
        sessionId,
        limit = 100,
        cursor,
      } = parseInput(AuditListOptionsSchema, options, "audit list options");
      const params: unknown[] = [principal.tenantId, principal.userId];
      const param = (value: unknown) => `$${params.push(value)}`;
      const where = ["tenant_id = $1", "user_id = $2"];
      if (sessionId !== undefined) where.push(`session_id = ${param(sessionId)}`);
      if (cursor) {
        // The key is (created_at, seq): seq breaks ties between entries of the same millisecond.
        const [createdAt, seq] = decodeCursor(cursor, ["string", "number"]);
        if (!TimestampSchema.safeParse(createdAt).success || !Number.isSafeInteger(seq)) {
          throw new QuarryError("INVALID_INPUT", "Invalid pagination cursor.");
        }
        where.push(`(created_at, seq) < (${param(createdAt)}::timestamptz, ${param(seq)}::bigint)`);
      }
      const rows = await db.query(
        `SELECT seq, ${auditColumns} FROM ${t.audit} WHERE ${where.join(" AND ")}
         ORDER BY created_at DESC, seq DESC LIMIT ${param(limit + 1)}`,
        params,
      );
      const page = rows.slice(0, limit);
      const last = page.at(-1);
      return {
        items: page.map(auditFromRow),
        nextCursor:
          rows.length > limit && last ? encodeCursor([isoTime(last.created_at), num(last.seq)]) : null,
      };
    },
  };
}
