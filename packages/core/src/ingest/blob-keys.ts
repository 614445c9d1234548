import { createHash } from "node:crypto";
import type { Principal } from "../model/principal.js";
import { datasetKeyOf, escapedKeySegment, hashedKeySegment } from "./blob-key-layout.js";

/**
 * One segment of a blob key from any id: letters, digits and `-` stay, every other character becomes `_` and
 * its UTF-8 bytes in hex (`a.b` → `a_2Eb`), so the segment is never `.` or `..` and two ids never share a key.
 * A long id (over 100 characters encoded) becomes `h-` and a SHA-256 prefix, to stay within the key limit.
 */
export function keySegment(id: string): string {
  return escapedKeySegment(id) ?? hashedKeySegment(createHash("sha256").update(id).digest());
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
  return datasetKeyOf(
    keySegment(principal.tenantId),
    keySegment(principal.userId),
    keySegment(datasetId),
    file,
  );
}
