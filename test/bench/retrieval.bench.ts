import { vector } from "@electric-sql/pglite-pgvector";
import type { Principal, Store } from "@quarry/core";
import { createInProcessRetriever, type DocumentHit, type DocumentRetriever } from "@quarry/core/documents";
import { createMemoryBlobStore, createMemoryStore } from "@quarry/core/memory";
import { createPGliteStore } from "@quarry/core/pglite";
import { createPostgresRetriever, createPostgresStore } from "@quarry/core/postgres";
import pg from "pg";
import type { BlobStore } from "../../packages/core/src/blob/blob-store.js";
import { createHashEmbedder } from "../../packages/core/src/testing/hash-embedder.js";
import { type BenchSection, ms, percentile, printSection, timeRuns } from "./bench-kit.js";
import {
  corpusSpecs,
  hybridRecallTarget,
  type IngestedCorpus,
  ingestCorpus,
  type RetrievalScore,
  rankQuestion,
  scoreRankings,
} from "./retrieval-corpus.js";

const principal: Principal = { userId: "bench", tenantId: "retrieval" };

interface Contender {
  name: string;
  open(): Promise<{ store: Store; blobs: BlobStore; close(): Promise<void> }>;
  retriever(store: Store, embedder?: ReturnType<typeof createHashEmbedder>): DocumentRetriever;
}

/**
 * Retrieval quality on PDFs made in the run (see retrieval-corpus.ts): every question's answer is a known
 * sentence on a known page, and a hit counts when it is that page of that document and holds the answer.
 * Lexical is BM25 alone, vector the mock (hashing) embeddings alone, hybrid both fused by reciprocal rank;
 * for the in-process retriever over the memory store, and for the Postgres retriever on PGlite with pgvector.
 */
export async function retrievalBench(): Promise<BenchSection> {
  const embedder = createHashEmbedder();
  const contenders: Contender[] = [
    {
      name: "in-process (memory store)",
      open: async () => ({
        store: createMemoryStore(),
        blobs: createMemoryBlobStore(),
        close: async () => {},
      }),
      retriever: (store, withEmbedder) =>
        createInProcessRetriever({ store, ...(withEmbedder ? { embedder: withEmbedder } : {}) }),
    },
    {
      name: "Postgres (PGlite + pgvector)",
      open: async () => {
        const store = await createPGliteStore({ extensions: { vector } });
        return { store, blobs: createMemoryBlobStore(), close: () => store.close() };
      },
      retriever: (store, withEmbedder) =>
        createPostgresRetriever({
          db: (store as Awaited<ReturnType<typeof createPGliteStore>>).pglite,
          ...(withEmbedder ? { embedder: withEmbedder } : {}),
        }),
    },
  ];

  const url = process.env.QUARRY_TEST_PG_URL;
  if (url) contenders.push(serverContender(url));

  const rows: string[][] = [];
  const notes: string[] = [];
  let corpusNote = "";
  for (const contender of contenders) {
    const { store, blobs, close } = await contender.open();
    try {
      const corpus = await ingestCorpus({ store, blobs, principal, embedder, specs: corpusSpecs() });
      const ids = [...corpus.documentIds.values()];
      const lexical = contender.retriever(store);
      const hybrid = contender.retriever(store, embedder);
      const rankings = {
        lexical: [] as DocumentHit[][],
        vector: [] as DocumentHit[][],
        hybrid: [] as DocumentHit[][],
      };
      for (const question of corpus.questions) {
        const ranked = await rankQuestion(lexical, hybrid, principal, ids, question.question);
        rankings.lexical.push(ranked.lexical);
        rankings.vector.push(ranked.vector);
        rankings.hybrid.push(ranked.hybrid);
      }
      const questions = corpus.questions.map((q) => q.question);
      let next = 0;
      const times = await timeRuns(
        () => hybrid.search(principal, ids, questions[next++ % questions.length]!),
        questions.length,
        3,
      );
      for (const ranking of ["lexical", "vector", "hybrid"] as const) {
        const score = scoreRankings(corpus, rankings[ranking]);
        rows.push([
          contender.name,
          ranking,
          score.recallAt5.toFixed(3),
          score.mrrAt5.toFixed(3),
          String(score.misses.length),
          ranking === "hybrid" ? ms(percentile(times, 50)) : "",
        ]);
        notes.push(missNote(contender.name, ranking, score, corpus));
        if (ranking === "hybrid") notes.push(targetNote(contender.name, score));
      }
      corpusNote = describeCorpus(corpus);
    } finally {
      await close();
    }
  }
  return {
    title: "Document retrieval",
    command: "npm run bench:retrieval",
    table: [["retriever", "ranking", "recall@5", "MRR@5", "misses", "hybrid search p50 ms"], ...rows],
    notes: [corpusNote, mockNote, ...notes],
  };
}

/** The Postgres server of `QUARRY_TEST_PG_URL` (without pgvector there, vectors are compared in the process). */
function serverContender(url: string): Contender {
  const tablePrefix = `qbench_${Math.random().toString(36).slice(2, 8)}_`;
  let pool: pg.Pool | undefined;
  return {
    name: "Postgres server (pg.Pool)",
    open: async () => {
      const opened = new pg.Pool({ connectionString: url, max: 5 });
      pool = opened;
      const store = await createPostgresStore(opened, { tablePrefix });
      return {
        store,
        blobs: createMemoryBlobStore(),
        close: async () => {
          const { rows } = await opened.query<{ tablename: string }>(
            "SELECT tablename FROM pg_tables WHERE starts_with(tablename, $1)",
            [tablePrefix],
          );
          for (const { tablename } of rows) await opened.query(`DROP TABLE IF EXISTS "${tablename}" CASCADE`);
          await opened.end();
        },
      };
    },
    retriever: (_store, withEmbedder) =>
      createPostgresRetriever({
        db: pool!,
        tablePrefix,
        ...(withEmbedder ? { embedder: withEmbedder } : {}),
      }),
  };
}

function describeCorpus(corpus: IngestedCorpus): string {
  const paraphrases = corpus.questions.filter((q) => q.paraphrase).length;
  return (
    `${corpus.documentIds.size} PDFs made with pdf-lib in the run (${corpus.pages} pages, ${corpus.chunks} chunks ` +
    `through ingestDocument), ${corpus.questions.length} questions (${paraphrases} paraphrased, sharing few words ` +
    "with their answer); mock embeddings from createHashEmbedder (words and trigrams, no meaning)."
  );
}

/** What the vector row measures, so nobody reads it as what a real embedding model would do. */
const mockNote =
  "The mock vectors are hashed bags of words and trigrams (common words dropped, log term weights), with no " +
  "sense of meaning: the vector row is a floor for the fusion, not what an embedding model would score. " +
  "Each list enters the fusion with its top 5 (the rank window), which keeps such a list from outvoting BM25.";

function targetNote(name: string, score: RetrievalScore): string {
  const met = score.recallAt5 >= hybridRecallTarget ? "met" : "NOT met";
  return `${name}: hybrid recall@5 ${score.recallAt5.toFixed(3)} vs target ≥ ${hybridRecallTarget}: ${met}.`;
}

function missNote(name: string, ranking: string, score: RetrievalScore, corpus: IngestedCorpus): string {
  if (score.misses.length === 0) return `${name}, ${ranking}: no misses.`;
  const listed = score.misses.map(
    (q) => `${q.id} "${q.question}" (p. ${q.page}${q.paraphrase ? ", paraphrase" : ""})`,
  );
  return `${name}, ${ranking} misses (${score.misses.length}/${corpus.questions.length}): ${listed.join("; ")}`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  printSection(await retrievalBench());
}
