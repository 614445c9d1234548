import { QuarryError } from "../errors/quarry-error.js";
import { fromBase64, toBase64 } from "../store/postgres/base64.js";
import { type BlobTables, blobMigrations, blobTables } from "../store/postgres/blob-migrations.js";
import { runMigrations } from "../store/postgres/migrations.js";
import {
  createSqlDatabase,
  type PostgresClient,
  type SqlDatabase,
} from "../store/postgres/postgres-client.js";
import { num, text } from "../store/postgres/row-values.js";
import { type PostgresTableOptions, resolveTableNames } from "../store/postgres/table-names.js";
import { byteChunks, checkBlobKey, checkBlobPrefix, streamFrom } from "./blob-body.js";
import type { BlobInfo, BlobStore } from "./blob-store.js";

/** Options of {@link createPostgresBlobStore}. */
export interface PostgresBlobStoreOptions extends PostgresTableOptions {
  /** Bytes a stored chunk holds (default 1 MiB): the most a put or a read keeps in memory at once. */
  chunkSize?: number;
  /** Create and upgrade the tables on start (default true). */
  migrate?: boolean;
}

const defaultChunkSize = 1024 * 1024;

/** Chunks of an interrupted put older than this are removed on start. */
const orphanAge = "1 day";

/**
 * A BlobStore in Postgres tables (`{prefix}blobs`, `{prefix}blob_chunks`), over the same clients as
 * `createPostgresStore`. Objects are stored as `bytea` chunks and streamed in and out a chunk at a time,
 * so large files never sit whole in memory. A put writes its chunks first and then swaps the key over in
 * one transaction: readers see the old object or the new one, and a failed put (or one over `maxBytes`)
 * leaves nothing. A reader whose object is replaced or deleted while it streams gets an error.
 *
 * @example
 * ```ts
 * const blobs = await createPostgresBlobStore(pool);
 * await blobs.put("tenants/t1/users/u1/exports/result.xlsx", bytes, { contentType: "application/vnd.ms-excel" });
 * ```
 */
export async function createPostgresBlobStore(
  client: PostgresClient,
  options: PostgresBlobStoreOptions = {},
): Promise<BlobStore> {
  const chunkSize = options.chunkSize ?? defaultChunkSize;
  if (!Number.isInteger(chunkSize) || chunkSize < 1 || chunkSize > 256 * 1024 * 1024) {
    throw new QuarryError("INVALID_INPUT", "chunkSize must be a whole number of bytes from 1 to 256 MiB.");
  }
  const names = resolveTableNames(options);
  const db = createSqlDatabase(client);
  if (options.migrate ?? true) await runMigrations(db, names, "blob", blobMigrations);
  const t = blobTables(names);
  await db.query(
    `DELETE FROM ${t.chunks} c WHERE c.created_at < now() - interval '${orphanAge}'
     AND NOT EXISTS (SELECT 1 FROM ${t.objects} o WHERE o.object_id = c.object_id)`,
  );

  return {
    async put(key, body, putOptions = {}) {
      checkBlobKey(key);
      const contentType = putOptions.contentType ?? "application/octet-stream";
      const objectId = crypto.randomUUID();
      let size = 0;
      let count = 0;
      try {
        for await (const chunk of fixedChunks(byteChunks(body, putOptions.maxBytes), chunkSize)) {
          await db.query(
            `INSERT INTO ${t.chunks} (object_id, n, data) VALUES ($1, $2, decode($3, 'base64'))`,
            [objectId, count, toBase64(chunk)],
          );
          count++;
          size += chunk.byteLength;
        }
        await swapIn(db, t, { key, objectId, size, count, contentType });
      } catch (error) {
        await db.query(`DELETE FROM ${t.chunks} WHERE object_id = $1`, [objectId]).catch(() => undefined);
        throw error;
      }
      return { key, size, contentType };
    },

    async get(key) {
      checkBlobKey(key);
      const [row] = await db.query(
        `SELECT object_id, size, chunk_count, content_type FROM ${t.objects} WHERE key = $1`,
        [key],
      );
      if (!row) return null;
      const objectId = text(row.object_id);
      const count = num(row.chunk_count);
      async function* read(): AsyncGenerator<Uint8Array> {
        for (let n = 0; n < count; n++) {
          const [chunk] = await db.query(
            `SELECT encode(data, 'base64') AS data FROM ${t.chunks} WHERE object_id = $1 AND n = $2`,
            [objectId, n],
          );
          if (!chunk) throw changedWhileReading(key);
          yield fromBase64(text(chunk.data));
        }
      }
      return { key, size: num(row.size), contentType: text(row.content_type), body: streamFrom(read()) };
    },

    async head(key) {
      checkBlobKey(key);
      const [row] = await db.query(`SELECT size, content_type FROM ${t.objects} WHERE key = $1`, [key]);
      return row ? { key, size: num(row.size), contentType: text(row.content_type) } : null;
    },

    async delete(key) {
      checkBlobKey(key);
      await db.transaction(async (tx) => {
        const [row] = await tx.query(`DELETE FROM ${t.objects} WHERE key = $1 RETURNING object_id`, [key]);
        if (row) await tx.query(`DELETE FROM ${t.chunks} WHERE object_id = $1`, [row.object_id]);
      });
    },

    async list(prefix) {
      checkBlobPrefix(prefix);
      const rows = await db.query(`SELECT key FROM ${t.objects} WHERE key LIKE $1 ESCAPE '\\' ORDER BY key`, [
        `${prefix.replace(/[\\%_]/g, "\\$&")}%`,
      ]);
      return rows.map((row) => text(row.key));
    },

    async close() {
      // The client belongs to the caller.
    },
  };
}

function changedWhileReading(key: string): QuarryError {
  return new QuarryError("STORAGE_ERROR", `The object ${JSON.stringify(key)} was replaced while being read.`);
}

interface NewObject extends Omit<BlobInfo, "size"> {
  objectId: string;
  size: number;
  count: number;
}

/**
 * Points the key at the new chunks and drops the old ones, in one transaction. The old object id is read
 * under a row lock in its own statement, so a concurrent put of the same key is waited for and its chunks
 * are the ones dropped; when there is no row yet, the insert either lands or meets a concurrent insert,
 * after which the lock-and-update path runs again.
 */
async function swapIn(db: SqlDatabase, t: BlobTables, object: NewObject): Promise<void> {
  await db.transaction(async (tx) => {
    for (let attempt = 0; attempt < 10; attempt++) {
      const [old] = await tx.query(`SELECT object_id FROM ${t.objects} WHERE key = $1 FOR UPDATE`, [
        object.key,
      ]);
      if (old) {
        await tx.query(
          `UPDATE ${t.objects} SET object_id = $2, size = $3, chunk_count = $4, content_type = $5, updated_at = now()
           WHERE key = $1`,
          [object.key, object.objectId, object.size, object.count, object.contentType],
        );
        await tx.query(`DELETE FROM ${t.chunks} WHERE object_id = $1`, [old.object_id]);
        return;
      }
      const inserted = await tx.query(
        `INSERT INTO ${t.objects} (key, object_id, size, chunk_count, content_type) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (key) DO NOTHING RETURNING key`,
        [object.key, object.objectId, object.size, object.count, object.contentType],
      );
      if (inserted.length > 0) return;
    }
    throw new QuarryError("CONFLICT", `The object ${JSON.stringify(object.key)} is being written by others.`);
  });
}

/** Regroups a stream of chunks of any size into chunks of exactly `size` bytes (the last may be shorter). */
async function* fixedChunks(source: AsyncIterable<Uint8Array>, size: number): AsyncGenerator<Uint8Array> {
  let buffer = new Uint8Array(size);
  let filled = 0;
  for await (const chunk of source) {
    let offset = 0;
    while (offset < chunk.byteLength) {
      const take = Math.min(size - filled, chunk.byteLength - offset);
      buffer.set(chunk.subarray(offset, offset + take), filled);
      filled += take;
      offset += take;
      if (filled === size) {
        yield buffer;
        buffer = new Uint8Array(size);
        filled = 0;
      }
    }
  }
  if (filled > 0) yield buffer.subarray(0, filled);
}
