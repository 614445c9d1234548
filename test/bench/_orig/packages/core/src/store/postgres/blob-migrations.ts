import type { Migration } from "./migrations.js";
import type { TableNames } from "./table-names.js";

/** The tables of the Postgres BlobStore: quoted, qualified names. */
export interface BlobTables {
  /** One row an object: its key, size, type and which chunks hold its bytes. */
  readonly objects: string;
  /** The bytes, in chunks numbered from 0. */
  readonly chunks: string;
}

/** The quoted, qualified names of the BlobStore's tables. */
export function blobTables(names: TableNames): BlobTables {
  return { objects: names.table("blobs"), chunks: names.table("blob_chunks") };
}

/**
 * Chunks belong to an `object_id`, not to a key: a put writes its chunks under a fresh id nobody points at,
 * then swaps the key over in one short transaction, so readers never see half an object. `created_at` lets
 * a later start remove chunks an interrupted put left behind.
 */
const initial: Migration = {
  version: 1,
  name: "initial blob tables",
  statements(names) {
    const t = blobTables(names);
    return [
      `CREATE TABLE ${t.objects} (
        key text COLLATE "C" PRIMARY KEY,
        object_id text COLLATE "C" NOT NULL UNIQUE,
        size bigint NOT NULL,
        chunk_count integer NOT NULL,
        content_type text NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`,
      `CREATE TABLE ${t.chunks} (
        object_id text COLLATE "C" NOT NULL,
        n integer NOT NULL,
        data bytea NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (object_id, n)
      )`,
      // Uploads are mostly compressed already (Parquet, xlsx, PDF): store chunks out of line, uncompressed.
      `ALTER TABLE ${t.chunks} ALTER COLUMN data SET STORAGE EXTERNAL`,
    ];
  },
};

/** Every migration of the BlobStore's tables, oldest first. */
export const blobMigrations: readonly Migration[] = [initial];
