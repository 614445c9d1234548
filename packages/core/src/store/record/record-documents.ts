import type { Chunk, Document } from "../../model/document.js";
import type { Principal } from "../../model/principal.js";
import {
  applyDocumentPatch,
  buildChunks,
  buildDocument,
  checkPrincipal,
  duplicateId,
  owns,
  parseDocumentPatch,
  type RecordContext,
} from "../records.js";
import type { ChunkRepository, DocumentRepository } from "../store.js";
import { notFound } from "../validate.js";
import { ownerKey, type RecordDb, type RecordTransaction } from "./record-db.js";

function putDocument(tx: RecordTransaction, document: Document): Promise<void> {
  return tx.put("documents", document.id, document, { owner: ownerKey(document.tenantId, document.ownerId) });
}

async function findDocument(
  tx: RecordTransaction,
  principal: Principal,
  id: string,
): Promise<Document | null> {
  const document = await tx.get<Document>("documents", id);
  return document && owns(principal, document) ? document : null;
}

async function ownDocument(tx: RecordTransaction, principal: Principal, id: string): Promise<Document> {
  const document = await findDocument(tx, principal, id);
  if (!document) throw notFound("Document", id);
  return document;
}

async function chunksOf(tx: RecordTransaction, documentId: string): Promise<Chunk[]> {
  const chunks = await tx.where<Chunk, "chunks">("chunks", "document", documentId);
  return chunks.sort((a, b) => a.index - b.index);
}

export function createRecordDocuments(db: RecordDb, ctx: RecordContext): DocumentRepository {
  return {
    async create(principal, input) {
      checkPrincipal(principal);
      const document = buildDocument(principal, input, ctx);
      return db.transaction("readwrite", async (tx) => {
        if (await tx.get("documents", document.id)) throw duplicateId("document", document.id);
        await putDocument(tx, document);
        return document;
      });
    },

    async get(principal, id) {
      checkPrincipal(principal);
      return db.transaction("readonly", (tx) => findDocument(tx, principal, id));
    },

    async list(principal, options = {}) {
      checkPrincipal(principal);
      const all = await db.transaction("readonly", (tx) =>
        tx.where<Document, "documents">("documents", "owner", ownerKey(principal.tenantId, principal.userId)),
      );
      const wanted = options.ids ? new Set(options.ids) : null;
      return all
        .filter((d) => !wanted || wanted.has(d.id))
        .sort((a, b) =>
          a.createdAt === b.createdAt ? (a.id < b.id ? -1 : 1) : a.createdAt < b.createdAt ? -1 : 1,
        );
    },

    async update(principal, id, patch) {
      checkPrincipal(principal);
      const parsed = parseDocumentPatch(patch);
      return db.transaction("readwrite", async (tx) => {
        const document = applyDocumentPatch(await ownDocument(tx, principal, id), parsed, ctx);
        await putDocument(tx, document);
        return document;
      });
    },

    async delete(principal, id) {
      checkPrincipal(principal);
      await db.transaction("readwrite", async (tx) => {
        await ownDocument(tx, principal, id);
        for (const chunk of await chunksOf(tx, id)) await tx.delete("chunks", chunk.id);
        await tx.delete("documents", id);
      });
    },
  };
}

export function createRecordChunks(db: RecordDb, ctx: RecordContext): ChunkRepository {
  return {
    async replace(principal, documentId, inputs) {
      checkPrincipal(principal);
      const chunks = buildChunks(documentId, inputs, ctx);
      return db.transaction("readwrite", async (tx) => {
        const document = await ownDocument(tx, principal, documentId);
        for (const old of await chunksOf(tx, documentId)) await tx.delete("chunks", old.id);
        for (const chunk of chunks) await tx.put("chunks", chunk.id, chunk, { document: documentId });
        await putDocument(tx, { ...document, chunkCount: chunks.length, updatedAt: ctx.now().toISOString() });
        return chunks.sort((a, b) => a.index - b.index);
      });
    },

    async list(principal, documentIds) {
      checkPrincipal(principal);
      return db.transaction("readonly", async (tx) => {
        const found: Chunk[] = [];
        for (const id of new Set(documentIds)) {
          if (await findDocument(tx, principal, id)) found.push(...(await chunksOf(tx, id)));
        }
        return found;
      });
    },
  };
}
