import type { Document } from "../../model/document.js";
import type { Principal } from "../../model/principal.js";
import {
  applyDocumentPatch,
  buildDocument,
  checkPrincipal,
  duplicateId,
  parseDocumentPatch,
  type RecordContext,
} from "../records.js";
import type { DocumentRepository } from "../store.js";
import { notFound } from "../validate.js";
import type { Row, SqlDatabase, SqlRunner } from "./postgres-client.js";
import { isoTime, json, jsonParam, num, numOrNull, text, textOrNull } from "./row-values.js";
import type { StoreTables } from "./store-migrations.js";

const documentColumns =
  "id, tenant_id, owner_id, file_name, media_type, size_bytes, page_count, chunk_count, status, error, blob_key, metadata, created_at, updated_at";

function documentFromRow(row: Row): Document {
  return {
    id: text(row.id),
    ownerId: text(row.owner_id),
    tenantId: text(row.tenant_id),
    fileName: text(row.file_name),
    mediaType: text(row.media_type),
    sizeBytes: num(row.size_bytes),
    pageCount: numOrNull(row.page_count),
    chunkCount: num(row.chunk_count),
    status: text(row.status) as Document["status"],
    error: textOrNull(row.error),
    blobKey: textOrNull(row.blob_key),
    metadata: json<Document["metadata"]>(row.metadata),
    createdAt: isoTime(row.created_at),
    updatedAt: isoTime(row.updated_at),
  };
}

/** The caller's document, locked for the rest of the transaction, or NOT_FOUND. */
export async function lockOwnDocument(
  tx: SqlRunner,
  t: StoreTables,
  principal: Principal,
  id: string,
): Promise<Document> {
  const [row] = await tx.query(
    `SELECT ${documentColumns} FROM ${t.documents} WHERE id = $1 AND tenant_id = $2 AND owner_id = $3 FOR UPDATE`,
    [id, principal.tenantId, principal.userId],
  );
  if (!row) throw notFound("Document", id);
  return documentFromRow(row);
}

/** Documents in Postgres; deleting one deletes its chunks by foreign-key cascade. */
export function createDocumentQueries(
  db: SqlDatabase,
  t: StoreTables,
  ctx: RecordContext,
): DocumentRepository {
  return {
    async create(principal, input) {
      checkPrincipal(principal);
      const d = buildDocument(principal, input, ctx);
      const inserted = await db.query(
        `INSERT INTO ${t.documents} (${documentColumns})
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12::jsonb, $13::timestamptz, $14::timestamptz)
         ON CONFLICT (id) DO NOTHING RETURNING id`,
        [
          d.id,
          d.tenantId,
          d.ownerId,
          d.fileName,
          d.mediaType,
          d.sizeBytes,
          d.pageCount,
          d.chunkCount,
          d.status,
          d.error,
          d.blobKey,
          jsonParam(d.metadata),
          d.createdAt,
          d.updatedAt,
        ],
      );
      if (inserted.length === 0) throw duplicateId("document", d.id);
      return d;
    },

    async get(principal, id) {
      checkPrincipal(principal);
      const [row] = await db.query(
        `SELECT ${documentColumns} FROM ${t.documents} WHERE id = $1 AND tenant_id = $2 AND owner_id = $3`,
        [id, principal.tenantId, principal.userId],
      );
      return row ? documentFromRow(row) : null;
    },

    async list(principal, options = {}) {
      checkPrincipal(principal);
      if (options.ids && options.ids.length === 0) return [];
      const params: unknown[] = [principal.tenantId, principal.userId];
      const ids = options.ids ? `AND id = ANY($${params.push([...options.ids])}::text[])` : "";
      const rows = await db.query(
        `SELECT ${documentColumns} FROM ${t.documents} WHERE tenant_id = $1 AND owner_id = $2 ${ids}
         ORDER BY created_at, id`,
        params,
      );
      return rows.map(documentFromRow);
    },

    async update(principal, id, patch) {
      checkPrincipal(principal);
      const parsed = parseDocumentPatch(patch);
      return db.transaction(async (tx) => {
        const d = applyDocumentPatch(await lockOwnDocument(tx, t, principal, id), parsed, ctx);
        await tx.query(
          `UPDATE ${t.documents} SET status = $2, error = $3, page_count = $4, metadata = $5::jsonb,
             updated_at = $6::timestamptz WHERE id = $1`,
          [id, d.status, d.error, d.pageCount, jsonParam(d.metadata), d.updatedAt],
        );
        return d;
      });
    },

    async delete(principal, id) {
      checkPrincipal(principal);
      // Chunks go by ON DELETE CASCADE.
      const deleted = await db.query(
        `DELETE FROM ${t.documents} WHERE id = $1 AND tenant_id = $2 AND owner_id = $3 RETURNING id`,
        [id, principal.tenantId, principal.userId],
      );
      if (deleted.length === 0) throw notFound("Document", id);
    },
  };
}
