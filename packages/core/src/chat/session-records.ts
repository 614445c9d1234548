import type { Dataset } from "../model/dataset.js";
import type { Document } from "../model/document.js";
import type { Principal } from "../model/principal.js";
import type { Session } from "../model/session.js";
import type { Store } from "../store/store.js";

/** The records among `found` that `ids` name and `keep` accepts, in the order of `ids` (the session's). */
function inSessionOrder<T extends { id: string }>(
  ids: readonly string[],
  found: readonly T[],
  keep: (record: T) => boolean,
): T[] {
  const byId = new Map(found.map((record) => [record.id, record]));
  return ids.flatMap((id) => {
    const record = byId.get(id);
    return record && keep(record) ? [record] : [];
  });
}

/** The session's datasets that still exist, in the session's order. */
export async function sessionDatasets(
  store: Store,
  principal: Principal,
  session: Session,
): Promise<Dataset[]> {
  if (session.datasetIds.length === 0) return [];
  const found = await store.datasets.list(principal, { ids: session.datasetIds });
  return inSessionOrder(session.datasetIds, found, (dataset) => dataset.deletedAt === null);
}

/** The session's documents that still exist (`processed` ones only, if asked), in the order they were added. */
export async function sessionDocuments(
  store: Store,
  principal: Principal,
  session: Session,
  options: { processedOnly?: boolean } = {},
): Promise<Document[]> {
  if (session.documentIds.length === 0) return [];
  const found = await store.documents.list(principal, { ids: session.documentIds });
  return inSessionOrder(
    session.documentIds,
    found,
    (d) => !options.processedOnly || d.status === "processed",
  );
}
