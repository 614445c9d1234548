/**
 * A small transactional record database: the common ground of the in-memory and IndexedDB stores, so that
 * the Store logic (scoping, ordering, cascades, seq numbers) is written once for both.
 *
 * Records live in collections under a string key; each collection has a few string-valued indexes.
 */
export const collections = {
  sessions: ["owner"],
  messages: ["session"],
  feedback: ["session", "owner"],
  datasets: ["owner", "dataset"],
  documents: ["owner"],
  chunks: ["document"],
  audit: ["owner"],
  memory: [],
} as const satisfies Record<string, readonly string[]>;

/** A collection name. */
export type CollectionName = keyof typeof collections;

/** An index of a collection. */
export type IndexName<C extends CollectionName> = (typeof collections)[C][number];

/** The index values of a record, one per index of its collection. */
export type IndexValues<C extends CollectionName> = { [K in IndexName<C>]: string };

/**
 * Operations inside one transaction. Implementations must make a transaction atomic (all writes or none,
 * also when the callback throws) and isolated from other read-write transactions. Values are cloned on the
 * way in and out.
 */
export interface RecordTransaction {
  get<T>(collection: CollectionName, key: string): Promise<T | undefined>;
  put<C extends CollectionName>(
    collection: C,
    key: string,
    value: unknown,
    indexes: IndexValues<C>,
  ): Promise<void>;
  delete(collection: CollectionName, key: string): Promise<void>;
  /** Every record whose index has the value, in key order. */
  where<T, C extends CollectionName = CollectionName>(
    collection: C,
    index: IndexName<C>,
    value: string,
  ): Promise<T[]>;
}

/** A database of collections with transactions. */
export interface RecordDb {
  /**
   * Runs `body` in a transaction. Inside it, await only the transaction's own operations (IndexedDB
   * commits a transaction as soon as it has nothing pending).
   */
  transaction<T>(mode: "readonly" | "readwrite", body: (tx: RecordTransaction) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** The owner index value of a record owned by a principal. */
export function ownerKey(tenantId: string, userId: string): string {
  return `${tenantId}\u0000${userId}`;
}
