import { Readable } from "node:stream";
import { describe, expect, test } from "vitest";
import { createMemoryBlobStore } from "../blob/memory-blob-store.js";
import { type ErrorCode, QuarryError } from "../errors/quarry-error.js";
import { createMemoryStore } from "../store/memory-store.js";
import { storedState, xlsxBytes } from "./fixtures/test-files.js";
import { ingestDataset } from "./ingest-dataset.js";
import type { IngestSource } from "./ingest-source.js";

const principal = { userId: "u1", tenantId: "t1" };
const text = (s: string) => new TextEncoder().encode(s);
const bytes = (fileName: string, content: Uint8Array | string): IngestSource => ({
  bytes: typeof content === "string" ? text(content) : content,
  fileName,
});

const binary = new Uint8Array(4096).map((_, i) => (i * 131 + 7) % 256);
const corruptXlsx = (() => {
  const good = xlsxBytes({ A: [["x"], [1]] });
  return good.subarray(0, good.length - 100);
})();

/** Bad input: each ends in a typed error whose message names the reason, and leaves nothing stored. */
const cases: [string, IngestSource, ErrorCode, RegExp, { maxBytes?: number }?][] = [
  ["an empty file", bytes("empty.csv", ""), "INVALID_FILE", /empty/],
  ["a file of blank lines", bytes("blank.csv", "\n\n  \n"), "INVALID_FILE", /no data/],
  ["a binary file named .csv", bytes("data.csv", binary), "INVALID_FILE", /not a text file/],
  ["a corrupt .xlsx", bytes("book.xlsx", corruptXlsx), "INVALID_FILE", /corrupt|workbook/i],
  [
    "malformed JSON",
    bytes("data.json", '[{"a": 1}, {"a": 2,]'),
    "INVALID_FILE",
    /data\.json as JSON: Malformed JSON/,
  ],
  ["malformed NDJSON", bytes("data.ndjson", '{"a": 1}\n{"a": \n'), "INVALID_FILE", /Malformed JSON/],
  ["an empty JSON array", bytes("data.json", "[]"), "INVALID_FILE", /no records/],
  [
    "a truncated Parquet file",
    bytes("data.parquet", text("PAR1 not really parquet")),
    "INVALID_FILE",
    /Parquet/,
  ],
  [
    "bytes over maxBytes",
    bytes("big.csv", "a,b\n1,2\n"),
    "PAYLOAD_TOO_LARGE",
    /limit of 4 bytes/,
    { maxBytes: 4 },
  ],
  [
    "a stream over maxBytes",
    { stream: Readable.from([text("a,b\n"), text("1,2\n".repeat(1000))]), fileName: "big.csv" },
    "PAYLOAD_TOO_LARGE",
    /limit/,
    { maxBytes: 100 },
  ],
];

describe("bad input leaves nothing stored", () => {
  test.each(cases)("%s", async (_, source, code, reason, options = {}) => {
    const store = createMemoryStore();
    const blobs = createMemoryBlobStore();
    const before = await storedState(store, blobs, principal);
    const error = await ingestDataset({ store, blobs, principal, source, ...options }).catch(
      (e: unknown) => e,
    );
    expect(QuarryError.is(error, code), String(error)).toBe(true);
    expect((error as Error).message).toMatch(reason);
    expect(await storedState(store, blobs, principal)).toEqual(before);
  });

  test("a missing path is INVALID_FILE", async () => {
    const store = createMemoryStore();
    const blobs = createMemoryBlobStore();
    const error = await ingestDataset({
      store,
      blobs,
      principal,
      source: { path: "/nonexistent/x.csv" },
    }).catch((e: unknown) => e);
    expect(QuarryError.is(error, "INVALID_FILE")).toBe(true);
  });
});
