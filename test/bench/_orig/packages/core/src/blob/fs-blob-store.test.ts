import { mkdtempSync, rmSync } from "node:fs";
import { mkdir, readdir, readFile, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { afterAll, describe, expect, it } from "vitest";
import { runBlobStoreConformance } from "../testing/blob/run-blob-store-conformance.js";
import { expectCode } from "../testing/store/harness.js";
import { createFsBlobStore } from "./fs-blob-store.js";

const base = mkdtempSync(join(tmpdir(), "quarry-fs-blob-"));
afterAll(() => rmSync(base, { recursive: true, force: true }));

runBlobStoreConformance({
  name: "filesystem",
  createBlobStore: () => createFsBlobStore({ root: join(base, "conformance") }),
});

/** Every file under a folder, as paths relative to it. */
async function filesUnder(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name).slice(folder.length + 1))
    .sort();
}

describe("createFsBlobStore", () => {
  let counter = 0;
  const fresh = async () => {
    const outside = join(base, `case-${++counter}`);
    const root = join(outside, "root");
    await mkdir(root, { recursive: true });
    return { outside, root, store: createFsBlobStore({ root }) };
  };

  it("keeps each object as a plain file holding exactly its bytes, and its type in a sidecar", async () => {
    const { root, store } = await fresh();
    await store.put("tenants/t1/data.csv", "a,b\n1,2\n", { contentType: "text/csv" });
    expect(await readFile(join(root, "tenants", "t1", "data.csv"), "utf8")).toBe("a,b\n1,2\n");
    expect(await filesUnder(root)).toEqual(["tenants/t1/data.csv", "tenants/t1/data.csv~meta.json"]);
    expect(await store.list("")).toEqual(["tenants/t1/data.csv"]);
  });

  it("never resolves a key outside the root", async () => {
    const { outside, root, store } = await fresh();
    const tricks = [
      "../escaped",
      "a/../../escaped",
      "/tmp/escaped",
      "..",
      "a/./../../escaped",
      "a\\..\\..\\escaped",
    ];
    for (const key of [...tricks, `${encodeURIComponent("../")}escaped`, "%2e%2e/escaped"]) {
      await expectCode(store.put(key, "x"), "INVALID_INPUT");
      await expectCode(store.get(key), "INVALID_INPUT");
      await expectCode(store.delete(key), "INVALID_INPUT");
    }
    for (const prefix of ["../", "a/../../", "/"]) await expectCode(store.list(prefix), "INVALID_INPUT");
    expect(await filesUnder(outside)).toEqual([]);
    expect(await readdir(root)).toEqual([]);
  });

  it("a failed put leaves no temporary files", async () => {
    const { root, store } = await fresh();
    const big = new Uint8Array(3 * 1024 * 1024);
    await store.put("kept/file.bin", "old", { contentType: "text/plain" });
    await expectCode(
      store.put("kept/file.bin", Readable.from([big, big]), { maxBytes: 4 * 1024 * 1024 }),
      "PAYLOAD_TOO_LARGE",
    );
    const broken = async function* () {
      yield big;
      throw new Error("connection reset");
    };
    await expect(store.put("kept/new.bin", broken())).rejects.toThrow("connection reset");
    await expect(store.put("kept/file.bin", broken())).rejects.toThrow("connection reset");
    expect(await filesUnder(root)).toEqual(["kept/file.bin", "kept/file.bin~meta.json"]);
    expect(await store.head("kept/file.bin")).toEqual({
      key: "kept/file.bin",
      size: 3,
      contentType: "text/plain",
    });
  });

  it("stores a Node Readable", async () => {
    const { store } = await fresh();
    const info = await store.put("node.bin", Readable.from([Buffer.from("ab"), Buffer.from("cd")]));
    expect(info.size).toBe(4);
    const object = await store.get("node.bin");
    expect(await new Response(object!.body).text()).toBe("abcd");
  });

  it("answers CONFLICT when a key and a folder clash, and leaves both intact", async () => {
    const { store } = await fresh();
    await store.put("a/b", "inner");
    await store.put("c", "file");
    await expectCode(store.put("a", "clash"), "CONFLICT");
    await expectCode(store.put("c/d", "clash"), "CONFLICT");
    expect(await store.head("a")).toBeNull();
    expect(await store.get("c/d")).toBeNull();
    await store.delete("a");
    expect(await store.list("")).toEqual(["a/b", "c"]);
    expect((await store.head("a/b"))?.size).toBe(5);
  });

  it("serves files copied in by hand with the default type, and skips names that are not keys", async () => {
    const { root, store } = await fresh();
    await mkdir(join(root, "in"), { recursive: true });
    await writeFile(join(root, "in", "copied.csv"), "x,y\n");
    await writeFile(join(root, "in", "not a key.txt"), "?");
    await symlink(join(root, "in", "copied.csv"), join(root, "in", "link.csv"));
    expect(await store.head("in/copied.csv")).toEqual({
      key: "in/copied.csv",
      size: 4,
      contentType: "application/octet-stream",
    });
    expect(await store.list("in/")).toEqual(["in/copied.csv"]);
  });

  it("an overwrite after get does not change what that get's body reads", async () => {
    const { store } = await fresh();
    await store.put("v.txt", "version one");
    const first = await store.get("v.txt");
    await store.put("v.txt", "version two, longer");
    expect(await new Response(first!.body).text()).toBe("version one");
    expect(await new Response((await store.get("v.txt"))!.body).text()).toBe("version two, longer");
  });
});
