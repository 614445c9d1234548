import { createHash } from "node:crypto";
import type { Principal } from "../model/principal.js";

/**
 * One segment of a blob key from any id: letters, digits and `-` stay, every other character becomes `_` and
 * its UTF-8 bytes in hex (`a.b` → `a_2Eb`), so the segment is never `.` or `..` and two ids never share a key.
 * A long id (over 100 characters encoded) becomes `h-` and a SHA-256 prefix, to stay within the key limit.
 */
export function keySegment(id: string): string {
  let out = "";
  for (const char of id) {
    if (/[A-Za-z0-9-]/.test(char)) out += char;
    else
      for (const byte of new TextEncoder().encode(char))
        out += `_${byte.toString(16).toUpperCase().padStart(2, "0")}`;
  }
  if (out.length <= 100) return out;
  return `h-${createHash("sha256").update(id).digest("hex").slice(0, 40)}`;
}

/**
 * Where a dataset version's canonical Parquet copy lives:
 * `tenants/{tenant}/users/{user}/datasets/{id}/v{version}.parquet`, with `-{nonce}` before the extension when
 * given (cleanings add one, so two cleanings racing for the same version number never overwrite each other's file).
 */
export function datasetBlobKey(
  principal: Principal,
  datasetId: string,
  version: number,
  nonce?: string,
): string {
  const file = `v${version}${nonce ? `-${keySegment(nonce)}` : ""}.parquet`;
  return `tenants/${keySegment(principal.tenantId)}/users/${keySegment(principal.userId)}/datasets/${keySegment(datasetId)}/${file}`;
}
