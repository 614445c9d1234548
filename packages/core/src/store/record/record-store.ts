import { resolveStoreOptions, type StoreOptions } from "../clock.js";
import type { Store } from "../store.js";
import { createRecordAudit, createRecordMemory } from "./record-audit-memory.js";
import { createRecordDatasets } from "./record-datasets.js";
import type { RecordDb } from "./record-db.js";
import { createRecordChunks, createRecordDocuments } from "./record-documents.js";
import { createRecordFeedback, createRecordMessages } from "./record-messages.js";
import { createRecordSessions } from "./record-sessions.js";

/**
 * A {@link Store} over a {@link RecordDb}: the logic the in-memory and IndexedDB stores share. Listing
 * filters and sorts in process, which suits the data one user keeps in a browser or a test.
 */
export function createRecordStore(db: RecordDb, options?: StoreOptions): Store {
  const ctx = resolveStoreOptions(options);
  return {
    sessions: createRecordSessions(db, ctx),
    messages: createRecordMessages(db, ctx),
    feedback: createRecordFeedback(db, ctx),
    datasets: createRecordDatasets(db, ctx),
    documents: createRecordDocuments(db, ctx),
    chunks: createRecordChunks(db, ctx),
    audit: createRecordAudit(db, ctx),
    memory: createRecordMemory(db, ctx),
    close: () => db.close(),
  };
}
