import type { ChatStorage } from "./chat-client-types.js";

/** `localStorage` when the page has one and lets it be used (a sandboxed frame may throw on access). */
export function pageStorage(): ChatStorage | null {
  try {
    return (globalThis as { localStorage?: ChatStorage }).localStorage ?? null;
  } catch {
    return null;
  }
}

/** The value under `key`, or null when there is none or the storage refuses to be read. */
export function readStorage(storage: ChatStorage | null, key: string): string | null {
  try {
    return storage?.getItem(key) || null;
  } catch {
    return null;
  }
}

/** Keeps `value` under `key` (null removes it). */
export function writeStorage(storage: ChatStorage | null, key: string, value: string | null): void {
  try {
    if (value === null) storage?.removeItem(key);
    else storage?.setItem(key, value);
  } catch {
    // A full or forbidden storage only costs the reopen after a reload.
  }
}
