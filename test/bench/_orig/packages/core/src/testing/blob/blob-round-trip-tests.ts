import { expect } from "vitest";
import {
  asyncChunks,
  type BlobTestContext,
  concat,
  type DefineBlobTest,
  expectSameBytes,
  pseudoRandomBytes,
  readStream,
  sha256,
  unevenChunks,
  webStream,
} from "./blob-harness.js";

/** Writing every kind of body and reading it back: put, get, head, content types, overwrite, delete. */
export function blobRoundTripTests(test: DefineBlobTest, { store }: BlobTestContext): void {
  test("put, head and get round-trip bytes", async (p) => {
    const key = `${p}bytes.bin`;
    const bytes = pseudoRandomBytes(1000);
    const info = await store().put(key, bytes, { contentType: "application/x-test" });
    expect(info).toEqual({ key, size: 1000, contentType: "application/x-test" });
    expect(await store().head(key)).toEqual(info);
    const object = await store().get(key);
    expect(object).toMatchObject(info);
    expectSameBytes(await readStream(object!.body), bytes);
  });

  test("put stores a string as UTF-8", async (p) => {
    const key = `${p}text.txt`;
    const text = "héllo, wörld ✓ 📈\n";
    const info = await store().put(key, text, { contentType: "text/plain; charset=utf-8" });
    const bytes = new TextEncoder().encode(text);
    expect(info.size).toBe(bytes.byteLength);
    const object = await store().get(key);
    expect(object?.contentType).toBe("text/plain; charset=utf-8");
    expect(new TextDecoder().decode(await readStream(object!.body))).toBe(text);
  });

  test("put stores an ArrayBuffer", async (p) => {
    const key = `${p}buffer.bin`;
    const bytes = pseudoRandomBytes(4096, 7);
    const info = await store().put(key, bytes.slice().buffer);
    expect(info.size).toBe(4096);
    expectSameBytes(await readStream((await store().get(key))!.body), bytes);
  });

  test("put stores a web ReadableStream", async (p) => {
    const key = `${p}web-stream.bin`;
    const bytes = pseudoRandomBytes(200_000, 3);
    const info = await store().put(key, webStream(unevenChunks(bytes, [1, 99_999, 50_000])));
    expect(info.size).toBe(200_000);
    expectSameBytes(await readStream((await store().get(key))!.body), bytes);
  });

  test("put stores an async iterable of chunks", async (p) => {
    const key = `${p}iterable.bin`;
    const bytes = pseudoRandomBytes(150_000, 5);
    const info = await store().put(key, asyncChunks(unevenChunks(bytes, [10_000, 3])));
    expect(info.size).toBe(150_000);
    expectSameBytes(await readStream((await store().get(key))!.body), bytes);
  });

  test("put stores an empty body", async (p) => {
    const key = `${p}empty`;
    expect(await store().put(key, new Uint8Array(0))).toMatchObject({ key, size: 0 });
    expect(await store().head(key)).toMatchObject({ size: 0 });
    expect(await readStream((await store().get(key))!.body)).toEqual(new Uint8Array(0));
  });

  test("a multi-MiB body streamed in chunks comes back byte-identical", async (p) => {
    const key = `${p}large.bin`;
    const bytes = pseudoRandomBytes(5 * 1024 * 1024 + 123, 11);
    const info = await store().put(key, webStream(unevenChunks(bytes)), {
      contentType: "application/x-parquet",
    });
    expect(info).toEqual({ key, size: bytes.byteLength, contentType: "application/x-parquet" });
    const object = await store().get(key);
    expect(object?.size).toBe(bytes.byteLength);
    const read = await readStream(object!.body);
    expect(read.byteLength).toBe(bytes.byteLength);
    expect(await sha256(read)).toBe(await sha256(bytes));
  });

  test("the content type defaults to application/octet-stream", async (p) => {
    const key = `${p}untyped`;
    expect((await store().put(key, "x")).contentType).toBe("application/octet-stream");
    expect((await store().head(key))?.contentType).toBe("application/octet-stream");
    const object = await store().get(key);
    expect(object?.contentType).toBe("application/octet-stream");
    await object?.body.cancel();
  });

  test("get and head of a missing key give null", async (p) => {
    expect(await store().get(`${p}missing`)).toBeNull();
    expect(await store().head(`${p}missing`)).toBeNull();
    expect(await store().head(`${p}missing/deeper/still`)).toBeNull();
  });

  test("put over an existing key replaces the whole object", async (p) => {
    const key = `${p}replaced.csv`;
    await store().put(key, pseudoRandomBytes(300_000, 2), { contentType: "text/csv" });
    const info = await store().put(key, "a,b\n1,2\n", { contentType: "application/json" });
    expect(info).toEqual({ key, size: 8, contentType: "application/json" });
    expect(await store().head(key)).toEqual(info);
    expect(new TextDecoder().decode(await readStream((await store().get(key))!.body))).toBe("a,b\n1,2\n");
    expect(await store().list(p)).toEqual([key]);
  });

  test("delete removes the object, and deleting a missing key is fine", async (p) => {
    const key = `${p}gone.bin`;
    const kept = `${p}kept.bin`;
    await store().put(key, "bye");
    await store().put(kept, "stay");
    await store().delete(key);
    expect(await store().get(key)).toBeNull();
    expect(await store().head(key)).toBeNull();
    expect(await store().list(p)).toEqual([kept]);
    await expect(store().delete(key)).resolves.toBeUndefined();
    await expect(store().delete(`${p}never/was`)).resolves.toBeUndefined();
    expect((await store().head(kept))?.size).toBe(4);
  });

  test("list gives the keys under a prefix, sorted, without siblings that share a name start", async (p) => {
    const keys = [`${p}a/b/2.bin`, `${p}a/bc`, `${p}a/b/1.bin`, `${p}a/b/sub/x`, `${p}a/a`, `${p}b`, `${p}Z`];
    for (const key of keys) await store().put(key, key);
    expect(await store().list(`${p}a/b/`)).toEqual([`${p}a/b/1.bin`, `${p}a/b/2.bin`, `${p}a/b/sub/x`]);
    expect(await store().list(`${p}a/b`)).toEqual([
      `${p}a/b/1.bin`,
      `${p}a/b/2.bin`,
      `${p}a/b/sub/x`,
      `${p}a/bc`,
    ]);
    expect(await store().list(`${p}a/b/1`)).toEqual([`${p}a/b/1.bin`]);
    expect(await store().list(p)).toEqual([...keys].sort());
    expect(await store().list(`${p}nothing/`)).toEqual([]);
    expect(await store().list(`${p}a/b/2.bin`)).toEqual([`${p}a/b/2.bin`]);
    const everything = await store().list("");
    expect(everything).toEqual(expect.arrayContaining(keys));
    expect(everything).toEqual([...everything].sort());
  });

  test("get can be called twice and each body reads the whole object", async (p) => {
    const key = `${p}twice.bin`;
    const bytes = pseudoRandomBytes(2 * 1024 * 1024 + 5, 13);
    await store().put(key, bytes);
    const first = await store().get(key);
    const second = await store().get(key);
    expect(await sha256(await readStream(second!.body))).toBe(await sha256(bytes));
    expect(await sha256(await readStream(first!.body))).toBe(await sha256(bytes));
    expect(await sha256(await readStream((await store().get(key))!.body))).toBe(await sha256(bytes));
  });

  test("the stored object does not change when the caller changes its bytes or the read chunks", async (p) => {
    const key = `${p}copied.bin`;
    const bytes = new Uint8Array([1, 2, 3, 4]);
    await store().put(key, bytes);
    bytes.fill(9);
    const read = await readStream((await store().get(key))!.body);
    expect(read).toEqual(new Uint8Array([1, 2, 3, 4]));
    read.fill(7);
    expect(await readStream((await store().get(key))!.body)).toEqual(new Uint8Array([1, 2, 3, 4]));
  });

  test("concurrent puts to different keys all land whole", async (p) => {
    const bodies = Array.from({ length: 12 }, (_, i) => pseudoRandomBytes(50_000 + i * 1000, i + 1));
    const infos = await Promise.all(
      bodies.map((bytes, i) => store().put(`${p}many/${i}`, asyncChunks(unevenChunks(bytes, [4096, 777])))),
    );
    expect(infos.map((info) => info.size)).toEqual(bodies.map((bytes) => bytes.byteLength));
    const read = await Promise.all(
      bodies.map(async (_, i) => readStream((await store().get(`${p}many/${i}`))!.body)),
    );
    for (const [i, bytes] of bodies.entries()) expectSameBytes(read[i]!, bytes);
    expect(await store().list(`${p}many/`)).toHaveLength(12);
  });

  test("concurrent puts to one key leave one of the objects, whole", async (p) => {
    const key = `${p}contended.bin`;
    const bodies = [pseudoRandomBytes(120_000, 21), pseudoRandomBytes(80_000, 22), pseudoRandomBytes(3, 23)];
    await Promise.all(
      bodies.map((bytes) => store().put(key, webStream(unevenChunks(bytes, [9_999, 1_234])))),
    );
    const read = await readStream((await store().get(key))!.body);
    const match = bodies.find((bytes) => bytes.byteLength === read.byteLength);
    expect(match).toBeDefined();
    expectSameBytes(read, match!);
    expect((await store().head(key))?.size).toBe(read.byteLength);
  });

  test("put reports sizes of multi-byte chunks exactly", async (p) => {
    const key = `${p}sized`;
    const chunks = [pseudoRandomBytes(3), new Uint8Array(0), pseudoRandomBytes(70_000, 9)];
    const info = await store().put(key, webStream(chunks));
    expect(info.size).toBe(70_003);
    expectSameBytes(await readStream((await store().get(key))!.body), concat(chunks));
  });
}
