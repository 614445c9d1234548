import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { QuarryError } from "../errors/quarry-error.js";
import type { Principal } from "../model/principal.js";
import type { StoreOptions } from "../store/clock.js";
import type { Store } from "../store/store.js";
import { expectCode, steppingClock } from "../testing/store/harness.js";
import type { DocumentRetriever, Embedder } from "./document-ports.js";
import { defaultReciprocalRankK } from "./reciprocal-rank.js";
import { conceptEmbedder } from "./retriever-test-embedder.js";

/** What a retriever under test is made with. */
export interface RetrieverTestOptions {
  embedder?: Embedder;
  onEmbedderError?: (error: QuarryError) => void;
}

/** How the shared retriever suite gets the adapter under test. */
export interface RetrieverSuiteOptions {
  /** Shown in the suite's name. */
  name: string;
  /** The store the documents are written to; pass `options` on (the suite steps the clock). */
  createStore: (options: StoreOptions) => Promise<Store>;
  /** A retriever over that store's documents. */
  createRetriever: (store: Store, options: RetrieverTestOptions) => DocumentRetriever;
  /** Runs after the suite (the store is closed first). */
  destroy?: () => Promise<void>;
}

interface SeedChunk {
  text: string;
  page?: number | null;
}

/**
 * The behaviour every DocumentRetriever shares: BM25 ranking, vector search over the same embedder's
 * vectors, reciprocal-rank fusion, principal isolation, only processed documents, and fresh results after
 * chunks change. Call at the top level of a vitest file.
 */
export function runRetrieverTests(options: RetrieverSuiteOptions): void {
  describe(`DocumentRetriever: ${options.name}`, () => {
    let store: Store;
    const run = Math.random().toString(36).slice(2, 10);
    let counter = 0;
    const principal = (userId = "alice"): Principal => ({ userId, tenantId: `t-${run}-${++counter}` });
    const retriever = (retrieverOptions: RetrieverTestOptions = {}) =>
      options.createRetriever(store, retrieverOptions);

    beforeAll(async () => {
      store = await options.createStore({ now: steppingClock() });
    });
    afterAll(async () => {
      await store?.close();
      await options.destroy?.();
    });

    const seed = async (
      p: Principal,
      fileName: string,
      chunks: readonly (SeedChunk | string)[],
      seedOptions: { embedder?: Embedder; status?: "processed" | "processing" | "failed" } = {},
    ) => {
      const { embedder, status = "processed" } = seedOptions;
      const document = await store.documents.create(p, {
        fileName,
        mediaType: "text/plain",
        sizeBytes: 100,
        metadata: embedder ? { embedder: embedder.id } : {},
      });
      const texts = chunks.map((c) => (typeof c === "string" ? c : c.text));
      const vectors = embedder ? await embedder.embed(texts, { purpose: "document" }) : [];
      await store.chunks.replace(
        p,
        document.id,
        chunks.map((c, index) => ({
          index,
          page: typeof c === "string" ? index + 1 : (c.page ?? null),
          text: texts[index]!,
          embedding: vectors[index] ?? null,
        })),
      );
      await store.documents.update(p, document.id, { status });
      return document.id;
    };
    const texts = (hits: { text: string }[]) => hits.map((h) => h.text);

    it("ranks by BM25: a rare query term outweighs a common one repeated", async () => {
      const p = principal();
      const id = await seed(p, "handbook.txt", [
        "The policy covers policy holders under the policy terms and the policy schedule.",
        "Zebra crossings near the office are repainted every spring.",
        "Each policy is reviewed by the board.",
        "A policy summary is sent to members.",
        "The travel policy applies to every office.",
      ]);
      const hits = await retriever().search(p, [id], "policy zebra");
      expect(hits[0]!.text).toMatch(/^Zebra/);
      expect(hits).toHaveLength(5);
    });

    it("normalizes for length: the same single match counts more in a short chunk", async () => {
      const p = principal();
      const long = `The tariff is listed in the annex. ${"Other clauses describe storage, shipping, insurance and dispute resolution at length. ".repeat(6)}`;
      const id = await seed(p, "contract.txt", [long, "The tariff is listed in the annex."]);
      expect(texts(await retriever().search(p, [id], "tariff"))).toEqual([
        "The tariff is listed in the annex.",
        long,
      ]);
    });

    it("matches words of four letters or more by prefix, shorter ones exactly", async () => {
      const p = principal();
      const id = await seed(p, "rules.txt", [
        "New signage needs the landlord's consent.",
        "Cargo bikes may use the ramp.",
      ]);
      expect(texts(await retriever().search(p, [id], "Can I put up a sign?"))).toEqual([
        "New signage needs the landlord's consent.",
      ]);
      expect(await retriever().search(p, [id], "car")).toEqual([]);
    });

    it("answers hits with their place, page and ranks; finds nothing for unknown words or stop words", async () => {
      const p = principal();
      const id = await seed(p, "guide.md", [
        { text: "Parking permits cost 40 euros a month.", page: null },
        { text: "The cafeteria opens at eight.", page: null },
      ]);
      const [hit, ...rest] = await retriever().search(p, [id], "How much do parking permits cost?");
      expect(rest).toEqual([]);
      expect(hit).toEqual({
        documentId: id,
        fileName: "guide.md",
        chunkId: expect.any(String),
        chunkIndex: 0,
        page: null,
        text: "Parking permits cost 40 euros a month.",
        score: 1 / (defaultReciprocalRankK + 1),
        lexicalRank: 1,
        vectorRank: null,
      });
      expect(await retriever().search(p, [id], "submarine")).toEqual([]);
      expect(await retriever().search(p, [id], "What is the?")).toEqual([]);
      expect(await retriever().search(p, [], "parking")).toEqual([]);
    });

    it("respects limit and rejects bad input with INVALID_INPUT, and an aborted search with ABORTED", async () => {
      const p = principal();
      const id = await seed(
        p,
        "many.txt",
        Array.from({ length: 12 }, (_, i) => `Warehouse ${i} stores pallets.`),
      );
      expect(await retriever().search(p, [id], "warehouse pallets")).toHaveLength(5);
      expect(await retriever().search(p, [id], "warehouse", { limit: 10 })).toHaveLength(10);
      await expectCode(retriever().search(p, [id], "   "), "INVALID_INPUT");
      await expectCode(retriever().search(p, [id], ""), "INVALID_INPUT");
      await expectCode(retriever().search(p, [id], "x".repeat(10_001)), "INVALID_INPUT");
      for (const limit of [0, -1, 1.5, 101]) {
        await expectCode(retriever().search(p, [id], "warehouse", { limit }), "INVALID_INPUT");
      }
      await expectCode(retriever().search(p, "nope" as never, "warehouse"), "INVALID_INPUT");
      await expectCode(retriever().search(p, [id], "warehouse", { signal: AbortSignal.abort() }), "ABORTED");
    });

    it("finds by vector a paraphrase that shares no word with the query", async () => {
      const p = principal();
      const embedder = conceptEmbedder();
      const id = await seed(
        p,
        "expenses.pdf",
        [
          "Staff are reimbursed for every journey by flight.",
          "The car park closes at midnight.",
          "Badges must be worn at all times.",
        ],
        { embedder },
      );
      expect(await retriever().search(p, [id], "refund for a trip")).toEqual([]);
      const hits = await retriever({ embedder }).search(p, [id], "refund for a trip");
      expect(hits.map((h) => [h.text, h.lexicalRank, h.vectorRank])).toEqual([
        ["Staff are reimbursed for every journey by flight.", null, 1],
      ]);
    });

    it("fuses by reciprocal rank: a chunk both searches find comes first", async () => {
      const p = principal();
      const embedder = conceptEmbedder();
      const id = await seed(
        p,
        "travel.pdf",
        [
          "Refund forms, refund stamps and refund ledgers sit in the archive room.",
          "Staff are reimbursed for every journey by flight.",
          "A refund for a cancelled trip is processed by the travel desk.",
          "The canteen serves soup on Fridays.",
        ],
        { embedder },
      );
      const hits = await retriever({ embedder }).search(p, [id], "refund for a trip");
      expect(hits[0]).toMatchObject({ text: expect.stringMatching(/^A refund for a cancelled trip/) });
      expect(hits[0]!.lexicalRank).not.toBeNull();
      expect(hits[0]!.vectorRank).not.toBeNull();
      const byText = new Map(hits.map((h) => [h.text.slice(0, 12), h]));
      expect(byText.get("Staff are re")).toMatchObject({ lexicalRank: null, vectorRank: expect.any(Number) });
      expect(byText.get("Refund forms")?.lexicalRank).toEqual(expect.any(Number));
      expect(byText.has("The canteen ")).toBe(false);
      for (const hit of hits) {
        const expected = [hit.lexicalRank, hit.vectorRank]
          .filter((rank): rank is number => rank !== null)
          .reduce((sum, rank) => sum + 1 / (defaultReciprocalRankK + rank), 0);
        expect(hit.score).toBeCloseTo(expected, 12);
      }
      expect(hits.map((h) => h.score)).toEqual([...hits.map((h) => h.score)].sort((a, b) => b - a));
      // Each list enters the fusion with its best `limit` only (the rank window).
      const two = await retriever({ embedder }).search(p, [id], "refund for a trip", { limit: 2 });
      expect(two).toHaveLength(2);
      for (const hit of two) {
        expect([hit.lexicalRank ?? 1, hit.vectorRank ?? 1].every((rank) => rank <= 2)).toBe(true);
      }
    });

    it("compares vectors of the same embedder only", async () => {
      const p = principal();
      const other = conceptEmbedder("concepts:other");
      const shorter = conceptEmbedder("concepts:test", 3);
      const byOther = await seed(p, "a.pdf", ["Staff are reimbursed for every journey."], {
        embedder: other,
      });
      const shortVectors = await seed(p, "b.pdf", ["Workers get compensation for travel."], {
        embedder: shorter,
      });
      const hits = await retriever({ embedder: conceptEmbedder() }).search(
        p,
        [byOther, shortVectors],
        "refund for a trip",
      );
      expect(hits).toEqual([]);
    });

    it("falls back to BM25 when the query cannot be embedded, and reports why", async () => {
      const p = principal();
      const embedder = conceptEmbedder();
      const id = await seed(p, "x.pdf", ["A refund for a cancelled trip is processed."], { embedder });
      const failing: Embedder = {
        id: embedder.id,
        embed: () => Promise.reject(new Error("connection refused")),
      };
      const errors: QuarryError[] = [];
      const hits = await retriever({ embedder: failing, onEmbedderError: (e) => errors.push(e) }).search(
        p,
        [id],
        "refund for a trip",
      );
      expect(hits.map((h) => [h.lexicalRank, h.vectorRank])).toEqual([[1, null]]);
      expect(errors.map((e) => e.code)).toEqual(["LLM_UNAVAILABLE"]);
    });

    it("searches only the caller's documents: others' ids find nothing", async () => {
      const alice = principal("alice");
      const mallory = { ...alice, userId: "mallory" };
      const aliceDoc = await seed(alice, "alice.txt", ["The vault code is kept by the treasurer."]);
      const malloryDoc = await seed(mallory, "mallory.txt", ["The vault code is 1234."]);
      expect(await retriever().search(mallory, [aliceDoc], "vault code")).toEqual([]);
      const stranger = { userId: "alice", tenantId: `${alice.tenantId}-other` };
      expect(await retriever().search(stranger, [aliceDoc], "vault code")).toEqual([]);
      const hits = await retriever().search(alice, [aliceDoc, malloryDoc], "vault code");
      expect(hits.map((h) => h.documentId)).toEqual([aliceDoc]);
    });

    it("searches processed documents only", async () => {
      const p = principal();
      const processing = await seed(p, "wip.txt", ["Lighthouse keepers log the weather."], {
        status: "processing",
      });
      const failed = await seed(p, "bad.txt", ["Lighthouse lamps are cleaned weekly."], { status: "failed" });
      const done = await seed(p, "ok.txt", ["Lighthouse visits need a permit."]);
      const search = () => retriever().search(p, [processing, failed, done], "lighthouse");
      expect((await search()).map((h) => h.documentId)).toEqual([done]);
      await store.documents.update(p, processing, { status: "processed" });
      expect((await search()).map((h) => h.documentId).sort()).toEqual([processing, done].sort());
    });

    it("sees changed chunks at the next search, with the same retriever", async () => {
      const p = principal();
      const same = retriever();
      const id = await seed(p, "notes.txt", ["The meeting is on Monday."]);
      expect(texts(await same.search(p, [id], "meeting"))).toEqual(["The meeting is on Monday."]);
      await store.chunks.replace(p, id, [{ index: 0, page: 1, text: "The meeting moved to Tuesday." }]);
      expect(texts(await same.search(p, [id], "meeting"))).toEqual(["The meeting moved to Tuesday."]);
      await store.chunks.replace(p, id, [
        { index: 0, page: 1, text: "Cancelled." },
        { index: 1, page: 2, text: "No meeting this week; the next meeting is in May." },
      ]);
      const hits = await same.search(p, [id], "meeting");
      expect(hits.map((h) => [h.text, h.page, h.chunkIndex])).toEqual([
        ["No meeting this week; the next meeting is in May.", 2, 1],
      ]);
      await store.documents.delete(p, id);
      expect(await same.search(p, [id], "meeting")).toEqual([]);
    });
  });
}
