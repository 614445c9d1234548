import { expect } from "vitest";
import { expectCode } from "../store/harness.js";
import {
  asyncChunks,
  type BlobTestContext,
  type DefineBlobTest,
  expectSameBytes,
  pseudoRandomBytes,
  readStream,
  unevenChunks,
  webStream,
} from "./blob-harness.js";

/** Keys no store may accept: each could leave a filesystem store's folder or alias another key. */
const invalidKeys = [
  "",
  "../x",
  "/abs",
  "a//b",
  "a/./b",
  "a/../b",
  "a/",
  ".",
  "..",
  "with space",
  "back\\slash",
  "nul\u0000byte",
  "ümlaut",
  "x".repeat(1025),
];

/** Bad keys, size limits and bodies that break off: each leaves nothing, or the previous object, behind. */
export function blobFailureTests(test: DefineBlobTest, { store }: BlobTestContext): void {
  test("put rejects invalid keys with INVALID_INPUT and writes nothing", async (p) => {
    for (const key of invalidKeys) {
      await expectCode(store().put(key, "x"), "INVALID_INPUT");
      await expectCode(store().put(`${p}${key}`, "x"), "INVALID_INPUT");
    }
    await expectCode(store().put(`${p}a/../../escape`, webStream([new Uint8Array([1])])), "INVALID_INPUT");
    expect(await store().list(p)).toEqual([]);
    expect(await store().head(`${p}a/b`)).toBeNull();
    expect(await store().head(`${p}escape`)).toBeNull();
    expect(await store().head("x")).toBeNull();
    expect(await store().head("abs")).toBeNull();
  });

  test("a key of 1024 characters is accepted", async (p) => {
    // Segments of 49 characters: filesystems cap a name at 255 bytes, keys only as a whole.
    const segments = Array.from({ length: 30 }, () => "k".repeat(49)).join("/");
    const key = `${p}${segments}`.slice(0, 1024).replace(/\/$/, "k");
    expect(key).toHaveLength(1024);
    await store().put(key, "long");
    expect(await store().head(key)).toEqual({ key, size: 4, contentType: "application/octet-stream" });
    expect(await store().list(p)).toEqual([key]);
  });

  test("get, head, delete and list reject invalid keys with INVALID_INPUT", async () => {
    for (const key of ["../x", "/abs", "a//b", "a/./b", "", "x".repeat(1025)]) {
      await expectCode(store().get(key), "INVALID_INPUT");
      await expectCode(store().head(key), "INVALID_INPUT");
      await expectCode(store().delete(key), "INVALID_INPUT");
    }
    for (const prefix of ["../", "/abs", "a//", "a/./"])
      await expectCode(store().list(prefix), "INVALID_INPUT");
  });

  test("put over maxBytes rejects with PAYLOAD_TOO_LARGE and stores nothing", async (p) => {
    const bytes = pseudoRandomBytes(300_000, 31);
    await expectCode(store().put(`${p}bytes`, bytes, { maxBytes: 299_999 }), "PAYLOAD_TOO_LARGE");
    await expectCode(store().put(`${p}text`, "four", { maxBytes: 3 }), "PAYLOAD_TOO_LARGE");
    await expectCode(
      store().put(`${p}web`, webStream(unevenChunks(bytes, [50_000])), { maxBytes: 120_000 }),
      "PAYLOAD_TOO_LARGE",
    );
    await expectCode(
      store().put(`${p}iterable`, asyncChunks(unevenChunks(bytes, [70_000])), { maxBytes: 100_000 }),
      "PAYLOAD_TOO_LARGE",
    );
    for (const name of ["bytes", "text", "web", "iterable"])
      expect(await store().head(`${p}${name}`)).toBeNull();
    expect(await store().list(p)).toEqual([]);
  });

  test("put of exactly maxBytes is accepted", async (p) => {
    const bytes = pseudoRandomBytes(100_000, 32);
    const info = await store().put(`${p}exact`, webStream(unevenChunks(bytes, [30_000])), {
      maxBytes: 100_000,
    });
    expect(info.size).toBe(100_000);
    expectSameBytes(await readStream((await store().get(`${p}exact`))!.body), bytes);
  });

  test("put over maxBytes leaves the previous object at that key untouched", async (p) => {
    const key = `${p}kept.bin`;
    const original = pseudoRandomBytes(10_000, 33);
    await store().put(key, original, { contentType: "text/csv" });
    await expectCode(
      store().put(key, webStream(unevenChunks(pseudoRandomBytes(2_000_000, 34), [500_000])), {
        maxBytes: 1_000_000,
        contentType: "application/json",
      }),
      "PAYLOAD_TOO_LARGE",
    );
    expect(await store().head(key)).toEqual({ key, size: 10_000, contentType: "text/csv" });
    expectSameBytes(await readStream((await store().get(key))!.body), original);
    expect(await store().list(p)).toEqual([key]);
  });

  test("a body stream that errors midway rejects the put and stores nothing", async (p) => {
    const chunks = unevenChunks(pseudoRandomBytes(3_000_000, 35), [700_000]);
    await expect(store().put(`${p}web`, webStream(chunks, 3))).rejects.toThrow();
    await expect(store().put(`${p}iterable`, asyncChunks(chunks, 2))).rejects.toThrow();
    await expect(store().put(`${p}at-end`, asyncChunks(chunks, chunks.length))).rejects.toThrow();
    await expect(store().put(`${p}at-start`, webStream(chunks, 0))).rejects.toThrow();
    for (const name of ["web", "iterable", "at-end", "at-start"])
      expect(await store().head(`${p}${name}`)).toBeNull();
    expect(await store().list(p)).toEqual([]);
  });

  test("a body stream that errors midway leaves the previous object untouched", async (p) => {
    const key = `${p}kept.bin`;
    const original = pseudoRandomBytes(1_500_000, 36);
    await store().put(key, original, { contentType: "application/x-parquet" });
    const broken = unevenChunks(pseudoRandomBytes(3_000_000, 37), [600_000]);
    await expect(store().put(key, webStream(broken, 3), { contentType: "text/plain" })).rejects.toThrow();
    expect(await store().head(key)).toEqual({ key, size: 1_500_000, contentType: "application/x-parquet" });
    expectSameBytes(await readStream((await store().get(key))!.body), original);
    expect(await store().list(p)).toEqual([key]);
  });

  test("a store stays usable after failed puts", async (p) => {
    await expectCode(store().put(`${p}big`, "too big", { maxBytes: 1 }), "PAYLOAD_TOO_LARGE");
    await expect(store().put(`${p}broken`, webStream([new Uint8Array(10)], 1))).rejects.toThrow();
    const info = await store().put(`${p}big`, "fine");
    expect(info.size).toBe(4);
    expect(await store().list(p)).toEqual([`${p}big`]);
  });
}
