/**
 * Base64 for the blob store's bytes. They cross the client as base64 text (`decode($n, 'base64')`,
 * `encode(data, 'base64')`) because PGlite converts `bytea` parameters and results in JavaScript byte by
 * byte, several times slower than Postgres's own functions; for `pg` the cost is small. Node's Buffer does
 * the work when present; elsewhere (PGlite in a browser) `btoa`/`atob` do.
 */
export interface Base64Buffer {
  from(value: ArrayBuffer, offset: number, length: number): { toString(encoding: "base64"): string };
  from(value: string, encoding: "base64"): Uint8Array;
}

const nodeBuffer = (globalThis as { Buffer?: Base64Buffer }).Buffer ?? null;

export function toBase64(bytes: Uint8Array, buffer: Base64Buffer | null = nodeBuffer): string {
  if (buffer)
    return buffer.from(bytes.buffer as ArrayBuffer, bytes.byteOffset, bytes.byteLength).toString("base64");
  let binary = "";
  for (let i = 0; i < bytes.byteLength; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary);
}

/** Decodes base64 as Postgres prints it (a line break every 76 characters) into a fresh array. */
export function fromBase64(base64: string, buffer: Base64Buffer | null = nodeBuffer): Uint8Array {
  if (buffer) return new Uint8Array(buffer.from(base64, "base64"));
  return Uint8Array.from(atob(base64.replace(/\s+/g, "")), (char) => char.charCodeAt(0));
}
