import type { Principal } from "../model/principal.js";

/**
 * How dataset blob keys are laid out, shared by the server's keys (`blob-keys.ts`, hashing with
 * `node:crypto`, synchronously) and the browser's (`arrowCopyKey`, hashing with Web Crypto, asynchronously):
 * only the SHA-256 of a long id is the platform's.
 */

/** Past this many characters an escaped id is replaced by its hash, to stay within key length limits. */
const maxEscapedLength = 100;

/**
 * An id as a key segment: letters, digits and `-` stay, every other character becomes `_` and its UTF-8
 * bytes in hex (`a.b` → `a_2Eb`), so the segment is never `.` or `..` and two ids never share a key. Null
 * when that is longer than 100 characters: the caller then uses {@link hashedKeySegment}.
 */
export function escapedKeySegment(id: string): string | null {
  let out = "";
  for (const char of id) {
    if (/[A-Za-z0-9-]/.test(char)) out += char;
    else
      for (const byte of new TextEncoder().encode(char))
        out += `_${byte.toString(16).toUpperCase().padStart(2, "0")}`;
  }
  return out.length <= maxEscapedLength ? out : null;
}

/** The segment of a long id from the SHA-256 digest of its UTF-8 bytes: `h-` and the first 40 hex digits. */
export function hashedKeySegment(sha256: Uint8Array): string {
  return `h-${Array.from(sha256.subarray(0, 20), (b) => b.toString(16).padStart(2, "0")).join("")}`;
}

/** `tenants/{tenant}/users/{user}/datasets/{dataset}/{file}`, from segments already escaped. */
export function datasetKeyOf(tenant: string, user: string, dataset: string, file: string): string {
  return `tenants/${tenant}/users/${user}/datasets/${dataset}/${file}`;
}

/**
 * `tenants/{tenant}/users/{user}/datasets/{dataset}/{file}` on any platform (segments made by
 * {@link portableKeySegment}): the browser's canonical copies and every platform's insights runs.
 */
export async function portableDatasetKey(
  principal: Principal,
  datasetId: string,
  file: string,
): Promise<string> {
  const [tenant, user, id] = await Promise.all([
    portableKeySegment(principal.tenantId),
    portableKeySegment(principal.userId),
    portableKeySegment(datasetId),
  ]);
  return datasetKeyOf(tenant, user, id, file);
}

/**
 * An id as a key segment on any platform: {@link escapedKeySegment}, or for a long id
 * {@link hashedKeySegment} of its SHA-256 from Web Crypto (asynchronous; Node's `node:crypto` is not in the
 * browser).
 */
export async function portableKeySegment(id: string): Promise<string> {
  const escaped = escapedKeySegment(id);
  if (escaped !== null) return escaped;
  return hashedKeySegment(
    new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(id))),
  );
}
