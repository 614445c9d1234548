import type { BlobStore } from "../blob/blob-store.js";
import { datasetSession } from "../engine/dataset-session.js";
import { QuarryError } from "../errors/quarry-error.js";
import { createDatasetInsights } from "../insights/dataset-insights.js";
import type { GlossaryEntry } from "../model/dataset.js";
import type { Principal } from "../model/principal.js";
import {
  type SessionMemory,
  type SessionMemoryInput,
  SessionMemoryInputSchema,
} from "../model/session-memory.js";
import { checkGlossary } from "../quality/glossary.js";
import { parseInput } from "../quality/parse-input.js";
import type { Store } from "../store/store.js";
import type { EngineProvider } from "./engine-provider.js";
import type { CallOptions, QuarryGlossary, QuarryInsights, QuarryMemory } from "./quarry-types.js";

/** What the facades need from the pipeline. */
interface FacadeDeps {
  store: Store;
  blobs: BlobStore;
  engines: EngineProvider;
  principalOf: (given: Principal | undefined) => Principal;
}

/** A session's memory, read and edited on its owner's behalf: another user's session is `NOT_FOUND`. */
export function quarryMemory({ store, principalOf }: FacadeDeps): QuarryMemory {
  async function owned(options: CallOptions, sessionId: string): Promise<Principal> {
    const principal = principalOf(options.principal);
    const session = typeof sessionId === "string" ? await store.sessions.get(principal, sessionId) : null;
    if (!session) throw new QuarryError("NOT_FOUND", "No such session.");
    return principal;
  }
  return {
    async get(sessionId, options = {}): Promise<SessionMemory> {
      const principal = await owned(options, sessionId);
      return store.memory.get(principal, sessionId);
    },
    async put(sessionId, input: SessionMemoryInput, options = {}): Promise<SessionMemory> {
      const principal = await owned(options, sessionId);
      return store.memory.put(principal, sessionId, parseInput(SessionMemoryInputSchema, input, "memory"));
    },
  };
}

/**
 * A dataset's glossary, read and replaced on its owner's behalf. A replacement is checked whole before
 * anything is written: its shape, one entry per term, and each SQL expression through the guard over the
 * dataset's table (see `checkGlossary`).
 */
export function quarryGlossary({ store, engines, principalOf }: FacadeDeps): QuarryGlossary {
  async function datasetOf(options: CallOptions, datasetId: string) {
    const principal = principalOf(options.principal);
    const dataset = typeof datasetId === "string" ? await store.datasets.get(principal, datasetId) : null;
    if (!dataset || dataset.deletedAt !== null) throw new QuarryError("NOT_FOUND", "No such dataset.");
    return { principal, dataset };
  }
  return {
    async get(datasetId, options = {}): Promise<GlossaryEntry[]> {
      return (await datasetOf(options, datasetId)).dataset.glossary;
    },
    async put(datasetId, entries, options = {}): Promise<GlossaryEntry[]> {
      const { principal, dataset } = await datasetOf(options, datasetId);
      const lease = await engines.acquire({
        principal,
        session: datasetSession(principal, dataset),
        datasets: [dataset],
        ...(options.signal ? { signal: options.signal } : {}),
      });
      let glossary: GlossaryEntry[];
      try {
        glossary = await checkGlossary(entries, {
          table: dataset.tableName,
          run: (sql) => lease.engine.query(sql, { maxRows: 1, timeoutMs: 10_000 }),
        });
      } finally {
        await lease.release();
      }
      return (await store.datasets.setGlossary(principal, dataset.id, glossary)).glossary;
    },
  };
}

/** Insights over a principal's datasets (see `createDatasetInsights`), with the pipeline's default principal. */
export function quarryInsights({ store, blobs, engines, principalOf }: FacadeDeps): QuarryInsights {
  const insights = createDatasetInsights({ store, blobs, engines });
  return {
    run: (datasetId, options = {}) =>
      insights.run(datasetId, {
        principal: principalOf(options.principal),
        ...(options.signal ? { signal: options.signal } : {}),
      }),
    latest: (datasetId, options = {}) =>
      insights.latest(datasetId, { principal: principalOf(options.principal) }),
  };
}
