import { describe, expect, it, vi } from "vitest";
import { createMemoryStore } from "../store/memory-store.js";
import { expectCode, steppingClock } from "../testing/store/harness.js";
import { createInProcessRetriever } from "./in-process-retriever.js";
import { runRetrieverTests } from "./retriever-tests.js";

runRetrieverTests({
  name: "in-process (memory store)",
  createStore: async (options) => createMemoryStore(options),
  createRetriever: (store, options) => createInProcessRetriever({ store, ...options }),
});

describe("createInProcessRetriever's index cache", () => {
  const alice = { userId: "alice", tenantId: "acme" };

  async function setup(documents: number) {
    const store = createMemoryStore({ now: steppingClock() });
    const ids: string[] = [];
    for (let i = 0; i < documents; i++) {
      const doc = await store.documents.create(alice, {
        fileName: `d${i}.txt`,
        mediaType: "text/plain",
        sizeBytes: 1,
      });
      await store.chunks.replace(alice, doc.id, [
        { index: 0, page: null, text: `Orchard ${i} grows apples.` },
      ]);
      await store.documents.update(alice, doc.id, { status: "processed" });
      ids.push(doc.id);
    }
    const list = vi.spyOn(store.chunks, "list");
    return { store, ids, list };
  }

  it("builds an index once per set of documents and reuses it across searches", async () => {
    const { store, ids, list } = await setup(2);
    const retriever = createInProcessRetriever({ store });
    await retriever.search(alice, ids, "orchard apples");
    await retriever.search(alice, ids, "apples");
    await retriever.search(alice, [...ids].reverse(), "orchard");
    expect(list).toHaveBeenCalledTimes(1);
    await Promise.all([
      retriever.search(alice, [ids[0]!], "apples"),
      retriever.search(alice, [ids[0]!], "orchard"),
    ]);
    expect(list).toHaveBeenCalledTimes(2);
  });

  it("keeps at most cacheSize indexes, dropping the least recently used", async () => {
    const { store, ids, list } = await setup(3);
    const retriever = createInProcessRetriever({ store, cacheSize: 2 });
    const [a, b, c] = ids.map((id) => [id]);
    for (const set of [a, b, a, c, a]) await retriever.search(alice, set!, "apples");
    // a, b, c built; a stayed in use, so c's arrival evicted b, and a was still there.
    expect(list).toHaveBeenCalledTimes(3);
    await retriever.search(alice, b!, "apples");
    expect(list).toHaveBeenCalledTimes(4);
  });

  it("rebuilds after a failed build instead of keeping the failure", async () => {
    const { store, ids, list } = await setup(1);
    list.mockRejectedValueOnce(new Error("disk full"));
    const retriever = createInProcessRetriever({ store });
    await expect(retriever.search(alice, ids, "apples")).rejects.toThrow("disk full");
    expect(await retriever.search(alice, ids, "apples")).toHaveLength(1);
  });

  it("rejects a cacheSize that is not a whole number ≥ 1", async () => {
    const store = createMemoryStore();
    for (const cacheSize of [0, 1.5, -3]) {
      await expectCode(
        Promise.resolve().then(() => createInProcessRetriever({ store, cacheSize })),
        "INVALID_INPUT",
      );
    }
  });
});
