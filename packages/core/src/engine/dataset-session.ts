import type { Dataset } from "../model/dataset.js";
import type { Principal } from "../model/principal.js";
import type { Session } from "../model/session.js";

/**
 * The session an engine is acquired for when working on one dataset outside a conversation (a preview,
 * insights). Such work belongs to no session — the dataset may be attached to several or to none, and
 * looking one up would mean scanning them all — so this is a stand-in that is never stored: the caller's
 * own, seeing just this dataset, the narrowest scope a turn could have. Its id is stable per dataset so a
 * provider that caches by session reuses one engine; the DuckDB providers key by principal and dataset
 * versions, so they share the engine of any one-dataset session.
 */
export function datasetSession(principal: Principal, dataset: Dataset): Session {
  return {
    id: `dataset:${dataset.id}`,
    ownerId: principal.userId,
    tenantId: principal.tenantId,
    title: dataset.name,
    datasetIds: [dataset.id],
    documentIds: [],
    pinned: false,
    archived: false,
    status: "idle",
    metadata: {},
    createdAt: dataset.createdAt,
    updatedAt: dataset.updatedAt,
  };
}
