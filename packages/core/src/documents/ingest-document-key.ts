import { portableKeySegment } from "../ingest/blob-key-layout.js";
import type { Principal } from "../model/principal.js";

/**
 * Where a document's original file lives in the blob store:
 * `tenants/{tenant}/users/{user}/documents/{id}/original`, each id escaped as the datasets' keys escape
 * theirs. Long ids are hashed with Web Crypto, so the same code runs in Node and in a browser.
 */
export async function documentBlobKey(principal: Principal, documentId: string): Promise<string> {
  const [tenant, user, id] = await Promise.all(
    [principal.tenantId, principal.userId, documentId].map(portableKeySegment),
  );
  return `tenants/${tenant}/users/${user}/documents/${id}/original`;
}
