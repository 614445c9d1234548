import { type Dataset, GlossaryEntrySchema } from "../../model/dataset.js";
import type { Principal } from "../../model/principal.js";
import {
  buildDataset,
  buildDatasetVersion,
  checkPrincipal,
  duplicateId,
  owns,
  parseDatasetVersion,
  type RecordContext,
} from "../records.js";
import type { DatasetRepository } from "../store.js";
import { notFound, parseInput } from "../validate.js";
import { ownerKey, type RecordDb, type RecordTransaction } from "./record-db.js";

/** Versions sort by key, so the number is zero-padded. */
function datasetKey(id: string, version: number): string {
  return `${id}#${String(version).padStart(10, "0")}`;
}

function putDataset(tx: RecordTransaction, dataset: Dataset): Promise<void> {
  return tx.put("datasets", datasetKey(dataset.id, dataset.version), dataset, {
    owner: ownerKey(dataset.tenantId, dataset.ownerId),
    dataset: dataset.id,
  });
}

/** The caller's live (not deleted) versions of a dataset, oldest first. */
async function liveVersions(tx: RecordTransaction, principal: Principal, id: string): Promise<Dataset[]> {
  const versions = await tx.where<Dataset, "datasets">("datasets", "dataset", id);
  return versions
    .filter((d) => owns(principal, d) && d.deletedAt === null)
    .sort((a, b) => a.version - b.version);
}

async function latestOwn(tx: RecordTransaction, principal: Principal, id: string): Promise<Dataset> {
  const latest = (await liveVersions(tx, principal, id)).at(-1);
  if (!latest) throw notFound("Dataset", id);
  return latest;
}

export function createRecordDatasets(db: RecordDb, ctx: RecordContext): DatasetRepository {
  return {
    async create(principal, input) {
      checkPrincipal(principal);
      const dataset = buildDataset(principal, input, ctx);
      return db.transaction("readwrite", async (tx) => {
        if ((await tx.where("datasets", "dataset", dataset.id)).length > 0)
          throw duplicateId("dataset", dataset.id);
        await putDataset(tx, dataset);
        return dataset;
      });
    },

    async get(principal, id, options = {}) {
      checkPrincipal(principal);
      const versions = await db.transaction("readonly", (tx) => liveVersions(tx, principal, id));
      const found =
        options.version === undefined ? versions.at(-1) : versions.find((d) => d.version === options.version);
      return found ?? null;
    },

    async list(principal, options = {}) {
      checkPrincipal(principal);
      const all = await db.transaction("readonly", (tx) =>
        tx.where<Dataset, "datasets">("datasets", "owner", ownerKey(principal.tenantId, principal.userId)),
      );
      const wanted = options.ids ? new Set(options.ids) : null;
      const latest = new Map<string, Dataset>();
      for (const d of all) {
        if (d.deletedAt !== null || (wanted && !wanted.has(d.id))) continue;
        const seen = latest.get(d.id);
        if (!seen || seen.version < d.version) latest.set(d.id, d);
      }
      return [...latest.values()].sort((a, b) =>
        a.createdAt === b.createdAt ? (a.id < b.id ? -1 : 1) : a.createdAt < b.createdAt ? -1 : 1,
      );
    },

    async versions(principal, id) {
      checkPrincipal(principal);
      return db.transaction("readonly", (tx) => liveVersions(tx, principal, id));
    },

    async newVersion(principal, id, input) {
      checkPrincipal(principal);
      const parsed = parseDatasetVersion(input);
      return db.transaction("readwrite", async (tx) => {
        const next = buildDatasetVersion(await latestOwn(tx, principal, id), parsed, ctx);
        await putDataset(tx, next);
        return next;
      });
    },

    async setGlossary(principal, id, glossary) {
      checkPrincipal(principal);
      const parsed = parseInput(GlossaryEntrySchema.array().max(1_000), glossary, "glossary");
      return db.transaction("readwrite", async (tx) => {
        const updated = {
          ...(await latestOwn(tx, principal, id)),
          glossary: parsed,
          updatedAt: ctx.now().toISOString(),
        };
        await putDataset(tx, updated);
        return updated;
      });
    },

    async softDelete(principal, id) {
      checkPrincipal(principal);
      await db.transaction("readwrite", async (tx) => {
        const versions = await liveVersions(tx, principal, id);
        if (versions.length === 0) throw notFound("Dataset", id);
        const deletedAt = ctx.now().toISOString();
        for (const version of versions) await putDataset(tx, { ...version, deletedAt, updatedAt: deletedAt });
      });
    },
  };
}
