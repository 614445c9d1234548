import type { BlobStore } from "../../packages/core/src/blob/blob-store.js";
import type {
  DocumentHit,
  DocumentRetriever,
  Embedder,
} from "../../packages/core/src/documents/document-ports.js";
import { ingestDocument } from "../../packages/core/src/documents/ingest-document.js";
import { makePdf } from "../../packages/core/src/documents/test-pdfs.js";
import type { Principal } from "../../packages/core/src/model/principal.js";
import type { Store } from "../../packages/core/src/store/store.js";
import type { DocumentSpec } from "./retrieval-facts.js";
import { publicDocs } from "./retrieval-public-docs.js";
import { workplaceDocs } from "./retrieval-workplace-docs.js";

/** Every document of the benchmark. */
export const documentSpecs: readonly DocumentSpec[] = [...workplaceDocs, ...publicDocs];

/**
 * The retrieval benchmark's corpus, made in the run: PDFs of filler prose (drawn from each document's own
 * vocabulary with a seeded generator, so every run makes the same bytes) with facts planted on known pages,
 * ingested through the real pipeline, and the scoring of rankings against those facts.
 */

/** The hybrid recall@5 the benchmark must reach. */
export const hybridRecallTarget = 0.9;

/** A question with where its answer is. */
export interface CorpusQuestion {
  id: string;
  question: string;
  fileName: string;
  page: number;
  answer: string;
  paraphrase: boolean;
}

/** The corpus as stored: each file's document id, and the questions. */
export interface IngestedCorpus {
  documentIds: Map<string, string>;
  questions: CorpusQuestion[];
  pages: number;
  chunks: number;
}

/** How well a ranking did over all questions. */
export interface RetrievalScore {
  recallAt5: number;
  /** Mean reciprocal rank of the first right hit within the top 5 (0 when none is there). */
  mrrAt5: number;
  /** Questions whose answer is not in the top 5. */
  misses: CorpusQuestion[];
}

/** The document specs; `only` picks some by file name (the reduced corpus of the CI test). */
export function corpusSpecs(only?: readonly string[]): DocumentSpec[] {
  if (!only) return [...documentSpecs];
  return documentSpecs.filter((spec) => only.includes(spec.fileName));
}

/** Makes the PDFs and ingests them (with the embedder's vectors) into the store for the principal. */
export async function ingestCorpus(options: {
  store: Store;
  blobs: BlobStore;
  principal: Principal;
  embedder?: Embedder;
  specs: readonly DocumentSpec[];
}): Promise<IngestedCorpus> {
  const documentIds = new Map<string, string>();
  const questions: CorpusQuestion[] = [];
  let pages = 0;
  let chunks = 0;
  for (const spec of options.specs) {
    const bytes = await makePdf(pageLines(spec));
    const document = await ingestDocument({
      store: options.store,
      blobs: options.blobs,
      principal: options.principal,
      file: { fileName: spec.fileName, bytes, mediaType: "application/pdf" },
      ...(options.embedder ? { embedder: options.embedder } : {}),
    });
    if (document.status !== "processed") {
      throw new Error(`${spec.fileName} did not ingest: ${document.error ?? document.status}`);
    }
    documentIds.set(spec.fileName, document.id);
    pages += document.pageCount ?? 0;
    chunks += document.chunkCount;
    spec.facts.forEach((fact, i) => {
      questions.push({
        id: `${spec.fileName.replace(/\.pdf$/, "")}#${i + 1}`,
        question: fact.question,
        fileName: spec.fileName,
        page: fact.page,
        answer: fact.answer,
        paraphrase: fact.paraphrase ?? false,
      });
    });
  }
  return { documentIds, questions, pages, chunks };
}

/** Whether a hit holds the question's answer: the right document, the right page, the answer's words. */
export function answers(hit: DocumentHit, question: CorpusQuestion, corpus: IngestedCorpus): boolean {
  return (
    hit.documentId === corpus.documentIds.get(question.fileName) &&
    hit.page === question.page &&
    squash(hit.text).includes(squash(question.answer))
  );
}

/** Recall@5 and MRR@5 of one ranking per question (in the order of `corpus.questions`). */
export function scoreRankings(corpus: IngestedCorpus, rankings: readonly DocumentHit[][]): RetrievalScore {
  let found = 0;
  let reciprocal = 0;
  const misses: CorpusQuestion[] = [];
  corpus.questions.forEach((question, i) => {
    const ranking = rankings[i] ?? [];
    const rank = ranking.slice(0, 5).findIndex((hit) => answers(hit, question, corpus)) + 1;
    if (rank >= 1) {
      found++;
      reciprocal += 1 / rank;
    } else {
      misses.push(question);
    }
  });
  const n = corpus.questions.length;
  return { recallAt5: found / n, mrrAt5: reciprocal / n, misses };
}

/**
 * The three top-5 rankings of a question, each as a search with the default limit gives it: BM25 alone (a
 * retriever without embedder), the vector list alone (read off a deeper hybrid search by `vectorRank`), and
 * the fused hybrid list.
 */
export async function rankQuestion(
  lexical: DocumentRetriever,
  hybrid: DocumentRetriever,
  principal: Principal,
  documentIds: readonly string[],
  question: string,
): Promise<{ lexical: DocumentHit[]; vector: DocumentHit[]; hybrid: DocumentHit[] }> {
  const [lexicalHits, hybridHits, deep] = await Promise.all([
    lexical.search(principal, documentIds, question),
    hybrid.search(principal, documentIds, question),
    hybrid.search(principal, documentIds, question, { limit: 50 }),
  ]);
  const vector = deep
    .filter((hit) => hit.vectorRank !== null && hit.vectorRank <= 5)
    .sort((a, b) => a.vectorRank! - b.vectorRank!);
  // The fused top 50 must hold the vector list's top 5 unbroken, or the vector row would be wrong.
  vector.forEach((hit, i) => {
    if (hit.vectorRank !== i + 1) throw new Error(`vector ranking incomplete for "${question}"`);
  });
  return { lexical: lexicalHits, vector, hybrid: hybridHits };
}

/** Each page's lines: a header, then paragraphs of filler with the page's facts and distractors inside. */
export function pageLines(spec: DocumentSpec): string[][] {
  const random = seededRandom(hash(spec.fileName));
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const pages: string[][] = [];
  for (let page = 1; page <= spec.pages; page++) {
    const paragraphs: string[][] = [];
    const paragraphCount = 3 + Math.floor(random() * 2);
    for (let p = 0; p < paragraphCount; p++) {
      const sentences: string[] = [];
      const sentenceCount = 4 + Math.floor(random() * 3);
      for (let s = 0; s < sentenceCount; s++) {
        sentences.push(
          random() < 0.2
            ? pick(commonSentences)
            : `${pick(spec.subjects)} ${pick(spec.verbs)} ${pick(spec.objects)} ${pick(spec.closers)}.`,
        );
      }
      paragraphs.push(sentences);
    }
    const planted = [
      ...spec.facts.filter((f) => f.page === page).map((f) => f.sentence),
      ...(spec.distractors ?? []).filter((d) => d.page === page).map((d) => d.sentence),
    ];
    for (const sentence of planted) {
      const paragraph = pick(paragraphs);
      paragraph.splice(Math.floor(random() * (paragraph.length + 1)), 0, sentence);
    }
    const header = page === 1 ? [spec.title, ""] : [`${spec.title}, page ${page}`, ""];
    pages.push([...header, ...paragraphs.flatMap((sentences) => [sentences.join(" "), ""])]);
  }
  return pages;
}

/** Sentences any document may have: they give common words to every page, as real documents do. */
const commonSentences = [
  "This section applies to all employees, contractors and visitors.",
  "Questions about this document can be sent to the responsible team.",
  "Figures in this section are rounded to the nearest whole number.",
  "The information on this page was last reviewed in the spring.",
  "Further details are available on request.",
  "Exceptions must be documented and approved in writing.",
  "The terms used here are defined in the glossary at the end.",
];

function squash(text: string): string {
  return text.replace(/\s+/g, " ").trim().toLowerCase();
}

/** Mulberry32: a tiny, good-enough generator, so the corpus is the same in every run. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}
