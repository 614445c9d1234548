import { escapedKeySegment, hashedKeySegment } from "../ingest/blob-key-layout.js";
import type { Principal } from "../model/principal.js";

/**
 * Where a document's original file lives in the blob store:
 * `tenants/{tenant}/users/{user}/documents/{id}/original`, each id escaped as the datasets' keys escape
 * theirs. Long ids are hashed with Web Crypto, so the same code runs in Node and in a browser.
 */
export async function documentBlobKey(principal: Principal, documentId: string): Promise<string> {
  const [tenant, user, id] = await Promise.all(
    [principal.tenantId, principal.userId, documentId].map(documentKeySegment),
  );
  return `tenants/${tenant}/users/${user}/documents/${id}/original`;
}

async function documentKeySegment(id: string): Promise<string> {
  const digest = async () =>
    new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(id)));
  return escapedKeySegment(id) ?? hashedKeySegment(await digest());
}
