import { type AuditEntry, AuditListOptionsSchema } from "../../model/audit.js";
import type { SessionMemory } from "../../model/session-memory.js";
import { decodeCursor, encodeCursor } from "../cursor.js";
import { buildAudit, buildMemory, checkPrincipal, emptyMemory, type RecordContext } from "../records.js";
import type { AuditRepository, MemoryRepository } from "../store.js";
import { parseInput } from "../validate.js";
import { ownerKey, type RecordDb } from "./record-db.js";
import { ownSession } from "./record-sessions.js";

/** Newest first: createdAt, then id, descending. */
function newestFirst(a: AuditEntry, b: AuditEntry): number {
  if (a.createdAt !== b.createdAt) return a.createdAt < b.createdAt ? 1 : -1;
  return a.id === b.id ? 0 : a.id < b.id ? 1 : -1;
}

export function createRecordAudit(db: RecordDb, ctx: RecordContext): AuditRepository {
  return {
    async append(principal, input) {
      checkPrincipal(principal);
      const entry = buildAudit(principal, input, ctx);
      await db.transaction("readwrite", (tx) =>
        tx.put("audit", entry.id, entry, { owner: ownerKey(entry.tenantId, entry.userId) }),
      );
      return entry;
    },

    async list(principal, options = {}) {
      checkPrincipal(principal);
      const {
        sessionId,
        limit = 100,
        cursor,
      } = parseInput(AuditListOptionsSchema, options, "audit list options");
      const after = cursor ? decodeCursor(cursor, ["string", "string"]) : undefined;
      const all = await db.transaction("readonly", (tx) =>
        tx.where<AuditEntry, "audit">("audit", "owner", ownerKey(principal.tenantId, principal.userId)),
      );
      const ordered = all
        .filter((e) => sessionId === undefined || e.sessionId === sessionId)
        .filter((e) => !after || newestFirst(e, { createdAt: after[0], id: after[1] } as AuditEntry) > 0)
        .sort(newestFirst);
      const items = ordered.slice(0, limit);
      const last = items.at(-1);
      return {
        items,
        nextCursor: ordered.length > limit && last ? encodeCursor([last.createdAt, last.id]) : null,
      };
    },
  };
}

export function createRecordMemory(db: RecordDb, ctx: RecordContext): MemoryRepository {
  return {
    async get(principal, sessionId) {
      checkPrincipal(principal);
      return db.transaction("readonly", async (tx) => {
        await ownSession(tx, principal, sessionId);
        return (await tx.get<SessionMemory>("memory", sessionId)) ?? emptyMemory(sessionId);
      });
    },

    async put(principal, sessionId, input) {
      checkPrincipal(principal);
      const memory = buildMemory(sessionId, input, ctx);
      return db.transaction("readwrite", async (tx) => {
        await ownSession(tx, principal, sessionId);
        await tx.put("memory", sessionId, memory, {});
        return memory;
      });
    },
  };
}
