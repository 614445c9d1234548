import type { SessionMemory } from "../../model/session-memory.js";
import { buildMemory, checkPrincipal, emptyMemory, type RecordContext } from "../records.js";
import type { MemoryRepository } from "../store.js";
import { notFound } from "../validate.js";
import type { Row, SqlDatabase } from "./postgres-client.js";
import { isoTime, json, jsonParam, text } from "./row-values.js";
import type { StoreTables } from "./store-migrations.js";

function memoryFromRow(row: Row): SessionMemory {
  return {
    sessionId: text(row.session_id),
    summary: text(row.summary),
    preferences: json<string[]>(row.preferences),
    updatedAt: isoTime(row.updated_at),
  };
}

/** Session memory in Postgres: one row a session, replaced by `put`. */
export function createMemoryQueries(db: SqlDatabase, t: StoreTables, ctx: RecordContext): MemoryRepository {
  return {
    async get(principal, sessionId) {
      checkPrincipal(principal);
      const [row] = await db.query(
        `SELECT s.id AS owned_session, m.session_id, m.summary, m.preferences, m.updated_at
         FROM ${t.sessions} s LEFT JOIN ${t.memory} m ON m.session_id = s.id
         WHERE s.id = $1 AND s.tenant_id = $2 AND s.owner_id = $3`,
        [sessionId, principal.tenantId, principal.userId],
      );
      if (!row) throw notFound("Session", sessionId);
      return row.session_id === null || row.session_id === undefined
        ? emptyMemory(sessionId)
        : memoryFromRow(row);
    },

    async put(principal, sessionId, input) {
      checkPrincipal(principal);
      const memory = buildMemory(sessionId, input, ctx);
      // Inserting from the caller's own session row makes the ownership check and the write one statement.
      const written = await db.query(
        `INSERT INTO ${t.memory} (session_id, summary, preferences, updated_at)
         SELECT s.id, $4::text, $5::jsonb, $6::timestamptz FROM ${t.sessions} s
         WHERE s.id = $1 AND s.tenant_id = $2 AND s.owner_id = $3
         ON CONFLICT (session_id) DO UPDATE SET summary = EXCLUDED.summary, preferences = EXCLUDED.preferences,
           updated_at = EXCLUDED.updated_at
         RETURNING session_id`,
        [
          sessionId,
          principal.tenantId,
          principal.userId,
          memory.summary,
          jsonParam(memory.preferences),
          memory.updatedAt,
        ],
      );
      if (written.length === 0) throw notFound("Session", sessionId);
      return memory;
    },
  };
}
