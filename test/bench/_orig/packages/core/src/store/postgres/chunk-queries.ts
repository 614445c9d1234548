import type { Chunk } from "../../model/document.js";
import { buildChunks, checkPrincipal, type RecordContext } from "../records.js";
import type { ChunkRepository } from "../store.js";
import { lockOwnDocument } from "./document-queries.js";
import type { Row, SqlDatabase } from "./postgres-client.js";
import { jsonOrNull, jsonParam, num, numOrNull, text } from "./row-values.js";
import type { StoreTables } from "./store-migrations.js";

const chunkColumns = "id, document_id, chunk_index, page, text, embedding";

/** Rows a chunk insert carries, so a statement stays far below the 65,535 parameter limit and modest in size. */
const rowsPerInsert = 100;

function chunkFromRow(row: Row): Chunk {
  return {
    id: text(row.id),
    documentId: text(row.document_id),
    index: num(row.chunk_index),
    page: numOrNull(row.page),
    text: text(row.text),
    embedding: jsonOrNull<number[]>(row.embedding),
  };
}

/** Document chunks in Postgres; a replace swaps all of a document's chunks in one transaction. */
export function createChunkQueries(db: SqlDatabase, t: StoreTables, ctx: RecordContext): ChunkRepository {
  return {
    async replace(principal, documentId, inputs) {
      checkPrincipal(principal);
      const chunks = buildChunks(documentId, inputs, ctx);
      return db.transaction(async (tx) => {
        await lockOwnDocument(tx, t, principal, documentId);
        await tx.query(`DELETE FROM ${t.chunks} WHERE document_id = $1`, [documentId]);
        for (let start = 0; start < chunks.length; start += rowsPerInsert) {
          const batch = chunks.slice(start, start + rowsPerInsert);
          const params: unknown[] = [];
          const values = batch.map((c) => {
            const at = params.push(c.id, c.documentId, c.index, c.page, c.text, jsonParam(c.embedding)) - 6;
            return `($${at + 1}, $${at + 2}, $${at + 3}, $${at + 4}, $${at + 5}, $${at + 6}::jsonb)`;
          });
          await tx.query(`INSERT INTO ${t.chunks} (${chunkColumns}) VALUES ${values.join(", ")}`, params);
        }
        await tx.query(
          `UPDATE ${t.documents} SET chunk_count = $2, updated_at = $3::timestamptz WHERE id = $1`,
          [documentId, chunks.length, ctx.now().toISOString()],
        );
        return chunks.sort((a, b) => a.index - b.index);
      });
    },

    async list(principal, documentIds) {
      checkPrincipal(principal);
      if (documentIds.length === 0) return [];
      const rows = await db.query(
        `SELECT ${chunkColumns.replace(/(\w+)/g, "c.$1")} FROM ${t.chunks} c
         JOIN ${t.documents} d ON d.id = c.document_id
         WHERE d.tenant_id = $1 AND d.owner_id = $2 AND c.document_id = ANY($3::text[])
         ORDER BY array_position($3::text[], c.document_id::text), c.chunk_index`,
        [principal.tenantId, principal.userId, [...documentIds]],
      );
      return rows.map(chunkFromRow);
    },
  };
}
