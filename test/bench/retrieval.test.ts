import { describe, expect, it } from "vitest";
import { createMemoryBlobStore } from "../../packages/core/src/blob/memory-blob-store.js";
import { createInProcessRetriever } from "../../packages/core/src/documents/in-process-retriever.js";
import { createMemoryStore } from "../../packages/core/src/store/memory-store.js";
import { createHashEmbedder } from "../../packages/core/src/testing/hash-embedder.js";
import {
  corpusSpecs,
  documentSpecs,
  hybridRecallTarget,
  ingestCorpus,
  rankQuestion,
  scoreRankings,
} from "./retrieval-corpus.js";

/**
 * The retrieval benchmark's target, guarded in CI on a reduced corpus: its short documents (twelve pages
 * or fewer), ingested as PDFs through the real pipeline. `npm run bench:retrieval` runs the whole corpus.
 */
describe("retrieval benchmark (reduced corpus)", () => {
  it(`reaches hybrid recall@5 ≥ ${hybridRecallTarget} and beats vector alone`, async () => {
    const specs = corpusSpecs(documentSpecs.filter((spec) => spec.pages <= 12).map((spec) => spec.fileName));
    const principal = { userId: "ci", tenantId: "retrieval" };
    const store = createMemoryStore();
    const embedder = createHashEmbedder();
    const corpus = await ingestCorpus({ store, blobs: createMemoryBlobStore(), principal, embedder, specs });
    expect(corpus.questions.length).toBeGreaterThanOrEqual(20);
    const ids = [...corpus.documentIds.values()];
    const lexical = createInProcessRetriever({ store });
    const hybrid = createInProcessRetriever({ store, embedder });
    const rankings = await Promise.all(
      corpus.questions.map((q) => rankQuestion(lexical, hybrid, principal, ids, q.question)),
    );
    const hybridScore = scoreRankings(
      corpus,
      rankings.map((r) => r.hybrid),
    );
    const vectorScore = scoreRankings(
      corpus,
      rankings.map((r) => r.vector),
    );
    expect(
      hybridScore.recallAt5,
      `recall@5 ${hybridScore.recallAt5}, missed: ${hybridScore.misses.map((q) => q.question).join(" | ")}`,
    ).toBeGreaterThanOrEqual(hybridRecallTarget);
    expect(hybridScore.recallAt5).toBeGreaterThan(vectorScore.recallAt5);
  }, 120_000);
});
