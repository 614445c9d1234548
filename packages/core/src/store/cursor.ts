import { QuarryError } from "../errors/quarry-error.js";

/**
 * Opaque pagination cursors: the sort key of the last item of a page, base64url-encoded JSON. Keyset
 * pagination (instead of offsets) keeps pages stable while records are added.
 */
export function encodeCursor(key: readonly (string | number | boolean)[]): string {
  const bytes = new TextEncoder().encode(JSON.stringify(key));
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
}

/** Decodes a cursor made by {@link encodeCursor} whose entries have the given types, or throws `INVALID_INPUT`. */
export function decodeCursor<const T extends readonly ("string" | "number" | "boolean")[]>(
  cursor: string,
  types: T,
): { [K in keyof T]: T[K] extends "string" ? string : T[K] extends "number" ? number : boolean } {
  try {
    const binary = atob(cursor.replaceAll("-", "+").replaceAll("_", "/"));
    const key: unknown = JSON.parse(
      new TextDecoder().decode(Uint8Array.from(binary, (c) => c.charCodeAt(0))),
    );
    if (Array.isArray(key) && key.length === types.length && key.every((v, i) => typeof v === types[i])) {
      return key as never;
    }
  } catch {
    // Falls through to the typed error below.
  }
  throw new QuarryError("INVALID_INPUT", "Invalid pagination cursor.");
}
