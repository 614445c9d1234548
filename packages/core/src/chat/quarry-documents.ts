import type { DocumentRetriever, Embedder, QuarryDocuments } from "../documents/document-ports.js";
import { QuarryError } from "../errors/quarry-error.js";
import type { Principal } from "../model/principal.js";
import { defaultDocumentFallback, type QuarryOptions } from "./quarry-types.js";
import { createSessionDocuments, type IngestDocumentFile, maxSearchLimit } from "./session-documents.js";
import type { TurnDocuments } from "./turn-input.js";

const defaultSearchLimit = 5;
const maxFallbackLength = 1_000;

// Ingestion (pdf.js, hashing) and the in-process index load on first use: a pipeline that never sees a
// document, such as a browser-only app, never pays for them.
const ingestLazily: IngestDocumentFile = async (options) =>
  (await import("../documents/ingest-document.js")).ingestDocument(options);

/** The default retriever: the in-process hybrid index over the store, loaded on the first search. */
function lazyInProcessRetriever(
  store: QuarryOptions["store"],
  embedder: Embedder | undefined,
): DocumentRetriever {
  let loaded: Promise<DocumentRetriever> | undefined;
  return {
    async search(principal, documentIds, query, options) {
      loaded ??= import("../documents/in-process-retriever.js").then((m) =>
        m.createInProcessRetriever({ store, ...(embedder ? { embedder } : {}) }),
      );
      return (await loaded).search(principal, documentIds, query, options);
    },
  };
}

/**
 * The documents side of `createQuarry`: the `quarry.documents` facade and what a turn needs to offer
 * `search_documents`, both over one retriever. Invalid settings throw `INVALID_INPUT` at creation.
 */
export function quarryDocuments(
  options: QuarryOptions,
  principalOf: (given: Principal | undefined) => Principal,
): { documents: QuarryDocuments; turn: TurnDocuments } {
  const settings = options.documents ?? {};
  const searchLimit = settings.searchLimit ?? defaultSearchLimit;
  if (!Number.isInteger(searchLimit) || searchLimit < 1 || searchLimit > maxSearchLimit) {
    throw new QuarryError(
      "INVALID_INPUT",
      `documents.searchLimit must be an integer from 1 to ${maxSearchLimit}; got ${searchLimit}.`,
    );
  }
  const fallback = settings.fallback ?? defaultDocumentFallback;
  if (typeof fallback !== "string" || fallback.trim() === "" || fallback.length > maxFallbackLength) {
    throw new QuarryError(
      "INVALID_INPUT",
      `documents.fallback must be a sentence of 1 to ${maxFallbackLength} characters.`,
    );
  }
  if (settings.maxBytes !== undefined && (!Number.isInteger(settings.maxBytes) || settings.maxBytes < 1)) {
    throw new QuarryError(
      "INVALID_INPUT",
      `documents.maxBytes must be a positive integer; got ${settings.maxBytes}.`,
    );
  }
  const retriever = settings.retriever ?? lazyInProcessRetriever(options.store, settings.embedder);
  const documents = createSessionDocuments({
    store: options.store,
    blobs: options.blobs,
    retriever,
    ingest: ingestLazily,
    searchLimit,
    principalOf,
    ...(settings.embedder ? { embedder: settings.embedder } : {}),
    ...(settings.chunking ? { chunking: settings.chunking } : {}),
    ...(settings.maxBytes === undefined ? {} : { maxBytes: settings.maxBytes }),
  });
  return { documents, turn: { retriever, searchLimit, fallback: fallback.trim() } };
}
