import { type CollectionName, collections, type RecordDb, type RecordTransaction } from "./record-db.js";

interface Row {
  value: unknown;
  indexes: Record<string, string>;
}

/** A collection: rows by key, and for each index the keys under each value. */
class Table {
  readonly rows = new Map<string, Row>();
  readonly #indexes = new Map<string, Map<string, Set<string>>>();

  set(key: string, row: Row): void {
    this.remove(key);
    this.rows.set(key, row);
    for (const [index, value] of Object.entries(row.indexes)) {
      const byValue = this.#indexes.get(index) ?? new Map<string, Set<string>>();
      this.#indexes.set(index, byValue);
      const keys = byValue.get(value) ?? new Set<string>();
      byValue.set(value, keys);
      keys.add(key);
    }
  }

  remove(key: string): void {
    const row = this.rows.get(key);
    if (!row) return;
    this.rows.delete(key);
    for (const [index, value] of Object.entries(row.indexes)) {
      const keys = this.#indexes.get(index)?.get(value);
      keys?.delete(key);
      if (keys?.size === 0) this.#indexes.get(index)?.delete(value);
    }
  }

  keysWhere(index: string, value: string): string[] {
    return [...(this.#indexes.get(index)?.get(value) ?? [])].sort();
  }
}

/**
 * The in-memory {@link RecordDb}. Transactions run one at a time (a promise queue), so a read-modify-write
 * is never interleaved with another; each write logs how to undo it, and a transaction whose body throws is
 * rolled back from that log. Values are cloned in and out, as IndexedDB does.
 */
export function createMemoryRecordDb(): RecordDb {
  const tables = new Map<CollectionName, Table>(
    (Object.keys(collections) as CollectionName[]).map((name) => [name, new Table()]),
  );
  let queue: Promise<unknown> = Promise.resolve();
  let closed = false;
  const table = (name: CollectionName): Table => tables.get(name)!;

  async function run<T>(body: (tx: RecordTransaction) => Promise<T>): Promise<T> {
    if (closed) throw new Error("the memory store is closed");
    const undo: (() => void)[] = [];
    const write = (collection: CollectionName, key: string, row: Row | undefined) => {
      const rows = table(collection);
      const previous = rows.rows.get(key);
      undo.push(() => (previous ? rows.set(key, previous) : rows.remove(key)));
      if (row) rows.set(key, row);
      else rows.remove(key);
    };
    const tx: RecordTransaction = {
      async get<V>(collection: CollectionName, key: string) {
        const row = table(collection).rows.get(key);
        return row === undefined ? undefined : (structuredClone(row.value) as V);
      },
      async put(collection, key, value, indexes) {
        write(collection, key, { value: structuredClone(value), indexes: { ...indexes } });
      },
      async delete(collection, key) {
        write(collection, key, undefined);
      },
      async where<V>(collection: CollectionName, index: string, value: string) {
        const rows = table(collection);
        return rows.keysWhere(index, value).map((key) => structuredClone(rows.rows.get(key)!.value) as V);
      },
    };
    try {
      return await body(tx);
    } catch (error) {
      for (const step of undo.reverse()) step();
      throw error;
    }
  }

  return {
    transaction<T>(_mode: "readonly" | "readwrite", body: (tx: RecordTransaction) => Promise<T>): Promise<T> {
      const result = queue.then(() => run(body));
      queue = result.catch(() => undefined);
      return result;
    },
    async close() {
      closed = true;
    },
  };
}
