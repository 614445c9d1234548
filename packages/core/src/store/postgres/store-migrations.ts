import type { Migration } from "./migrations.js";
import type { TableNames } from "./table-names.js";

/** The tables of the Store, by role; each value is the quoted, qualified table name. */
export interface StoreTables {
  readonly sessions: string;
  readonly messages: string;
  readonly feedback: string;
  readonly datasets: string;
  readonly documents: string;
  readonly chunks: string;
  readonly audit: string;
  readonly memory: string;
}

/** Table names without prefix, as created by the migrations. */
export const storeTableNames = {
  sessions: "sessions",
  messages: "messages",
  feedback: "feedback",
  datasets: "datasets",
  documents: "documents",
  chunks: "chunks",
  audit: "audit",
  memory: "session_memory",
} as const satisfies Record<keyof StoreTables, string>;

/** The quoted, qualified names of the Store's tables. */
export function storeTables(names: TableNames): StoreTables {
  const entries = Object.entries(storeTableNames).map(([role, name]) => [role, names.table(name)]);
  return Object.fromEntries(entries) as unknown as StoreTables;
}

/**
 * Ids compare byte-wise (`COLLATE "C"`) so that keyset pagination orders them as JavaScript does. Times are
 * `timestamptz` (records carry millisecond ISO strings). What listings filter or sort on is a real column;
 * nested structures are `jsonb`. Deleting a session or document cascades through foreign keys.
 */
const initial: Migration = {
  version: 1,
  name: "initial store tables",
  statements(names) {
    const t = storeTables(names);
    const id = `text COLLATE "C"`;
    return [
      `CREATE TABLE ${t.sessions} (
        id ${id} PRIMARY KEY,
        tenant_id text NOT NULL,
        owner_id text NOT NULL,
        title text NOT NULL,
        search_title text NOT NULL,
        dataset_ids jsonb NOT NULL,
        document_ids jsonb NOT NULL,
        pinned boolean NOT NULL,
        archived boolean NOT NULL,
        status text NOT NULL,
        metadata jsonb NOT NULL,
        next_seq integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL
      )`,
      `CREATE INDEX ${names.index("sessions_owner_idx")} ON ${t.sessions}
        (tenant_id, owner_id, pinned DESC, updated_at DESC, id DESC)`,
      `CREATE TABLE ${t.messages} (
        id ${id} PRIMARY KEY,
        session_id ${id} NOT NULL REFERENCES ${t.sessions} (id) ON DELETE CASCADE,
        seq integer NOT NULL,
        role text NOT NULL,
        parts jsonb NOT NULL,
        search_text text NOT NULL,
        reply_to text,
        edited boolean NOT NULL,
        model text,
        provider text,
        prompt_version text,
        usage jsonb,
        metadata jsonb NOT NULL,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        UNIQUE (session_id, seq)
      )`,
      `CREATE TABLE ${t.feedback} (
        message_id ${id} NOT NULL REFERENCES ${t.messages} (id) ON DELETE CASCADE,
        session_id ${id} NOT NULL,
        tenant_id text NOT NULL,
        user_id text NOT NULL,
        rating text NOT NULL,
        comment text,
        correction text,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        PRIMARY KEY (message_id, tenant_id, user_id)
      )`,
      `CREATE INDEX ${names.index("feedback_user_idx")} ON ${t.feedback}
        (tenant_id, user_id, updated_at DESC, message_id DESC)`,
      `CREATE TABLE ${t.datasets} (
        id ${id} NOT NULL,
        version integer NOT NULL,
        tenant_id text NOT NULL,
        owner_id text NOT NULL,
        name text NOT NULL,
        table_name text NOT NULL,
        format text NOT NULL,
        row_count bigint NOT NULL,
        size_bytes bigint NOT NULL,
        columns jsonb NOT NULL,
        glossary jsonb NOT NULL,
        suggestions jsonb NOT NULL,
        blob_key text,
        source_file_name text,
        metadata jsonb NOT NULL,
        deleted_at timestamptz,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        PRIMARY KEY (id, version)
      )`,
      `CREATE INDEX ${names.index("datasets_owner_idx")} ON ${t.datasets} (tenant_id, owner_id, id, version DESC)`,
      `CREATE TABLE ${t.documents} (
        id ${id} PRIMARY KEY,
        tenant_id text NOT NULL,
        owner_id text NOT NULL,
        file_name text NOT NULL,
        media_type text NOT NULL,
        size_bytes bigint NOT NULL,
        page_count integer,
        chunk_count integer NOT NULL,
        status text NOT NULL,
        error text,
        blob_key text,
        metadata jsonb NOT NULL,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL
      )`,
      `CREATE INDEX ${names.index("documents_owner_idx")} ON ${t.documents} (tenant_id, owner_id, created_at, id)`,
      `CREATE TABLE ${t.chunks} (
        id ${id} PRIMARY KEY,
        document_id ${id} NOT NULL REFERENCES ${t.documents} (id) ON DELETE CASCADE,
        chunk_index integer NOT NULL,
        page integer,
        text text NOT NULL,
        embedding jsonb,
        UNIQUE (document_id, chunk_index)
      )`,
      // `seq` orders entries written in the same millisecond; `id` is the public key.
      `CREATE TABLE ${t.audit} (
        seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        id ${id} NOT NULL UNIQUE,
        tenant_id text NOT NULL,
        user_id text NOT NULL,
        session_id text,
        message_id text,
        question text,
        sql text,
        ok boolean NOT NULL,
        error text,
        row_count bigint,
        duration_ms double precision NOT NULL,
        model text,
        provider text,
        usage jsonb,
        details jsonb NOT NULL,
        created_at timestamptz NOT NULL
      )`,
      `CREATE INDEX ${names.index("audit_user_idx")} ON ${t.audit} (tenant_id, user_id, created_at DESC, seq DESC)`,
      `CREATE INDEX ${names.index("audit_session_idx")} ON ${t.audit}
        (tenant_id, user_id, session_id, created_at DESC, seq DESC)`,
      `CREATE TABLE ${t.memory} (
        session_id ${id} PRIMARY KEY REFERENCES ${t.sessions} (id) ON DELETE CASCADE,
        summary text NOT NULL,
        preferences jsonb NOT NULL,
        updated_at timestamptz NOT NULL
      )`,
    ];
  },
};

/**
 * Full-text search over chunks, for the Postgres retriever's BM25: a stored `tsvector` that Postgres keeps
 * in step with `text` on every write (so no query has to), and a GIN index to find the chunks that share a
 * term with a query. The `english` configuration stems and drops stop words, so "refunds" finds "refund".
 */
const chunkSearch: Migration = {
  version: 2,
  name: "chunk full-text search",
  statements(names) {
    const t = storeTables(names);
    return [
      `ALTER TABLE ${t.chunks} ADD COLUMN search_vector tsvector
        GENERATED ALWAYS AS (to_tsvector('english'::regconfig, text)) STORED`,
      `CREATE INDEX ${names.index("chunks_search_idx")} ON ${t.chunks} USING gin (search_vector)`,
    ];
  },
};

/** Every migration of the Store's tables, oldest first. */
export const storeMigrations: readonly Migration[] = [initial, chunkSearch];
