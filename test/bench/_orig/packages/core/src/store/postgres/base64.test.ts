import { describe, expect, it } from "vitest";
import { fromBase64, toBase64 } from "./base64.js";

describe("base64 for bytea", () => {
  const bytes = Uint8Array.from({ length: 100_003 }, (_, i) => (i * 31 + 7) & 0xff);
  const view = bytes.subarray(3, 70_000);
  // Postgres's encode(..., 'base64') breaks lines every 76 characters.
  const wrapped = (text: string) => text.replace(/.{76}/g, "$&\n");

  for (const [name, buffer] of [
    ["Buffer", Buffer],
    ["btoa and atob", null],
  ] as const) {
    it(`round-trips bytes and views with ${name}`, () => {
      expect(toBase64(view, buffer)).toBe(Buffer.from(view).toString("base64"));
      expect(fromBase64(wrapped(toBase64(bytes, buffer)), buffer)).toEqual(bytes);
      expect(fromBase64(toBase64(new Uint8Array(0), buffer), buffer)).toEqual(new Uint8Array(0));
      const decoded = fromBase64(toBase64(view, buffer), buffer);
      expect(decoded.byteLength).toBe(view.byteLength);
      expect(decoded.buffer.byteLength).toBe(view.byteLength);
    });
  }
});
