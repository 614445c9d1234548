import type { DocumentHit } from "../../documents/document-ports.js";
import { QuarryError } from "../../errors/quarry-error.js";
import type { Json } from "../../model/common.js";
import type { ModelTool } from "../../model-provider/language-model.js";
import {
  SearchDocumentsInputSchema,
  searchDocumentsDefinition,
  searchDocumentsToolName,
  type ToolOutcome,
} from "./tool-contract.js";
import { elapsed, fail, parseToolInput, succeed } from "./tool-outcome.js";

/** What `createDocumentTools` reports for every search; the turn writes it to the audit log. */
export interface DocumentSearchAuditEntry {
  query: string;
  ok: boolean;
  /** `CODE: message` when the search failed. */
  error: string | null;
  /** Passages found; null when the search failed. */
  hitCount: number | null;
  durationMs: number;
}

/** Options of {@link createDocumentTools}. */
export interface DocumentToolsOptions {
  /** Searches the session's processed documents (a `DocumentRetriever` bound to the session and principal). */
  search(query: string, options: { limit: number; signal?: AbortSignal }): Promise<DocumentHit[]>;
  /** Passages per search. */
  limit: number;
  /** The sentence an answer opens with when nothing relevant is found; handed to the model with such a result. */
  fallback: string;
  /** Called once per search, failed or not. A failure here propagates. */
  audit?: (entry: DocumentSearchAuditEntry) => Promise<void> | void;
  /** Aborting stops a running search; the call then throws `ABORTED`. */
  signal?: AbortSignal;
}

/** The document tools bound to one session's documents. */
export interface DocumentTools {
  readonly definitions: ModelTool[];
  /** Whether `name` is one of these tools. */
  handles(name: string): boolean;
  /** Runs one call from its raw JSON arguments; throws only `ABORTED` (and audit failures). */
  call(name: string, rawInput: string): Promise<ToolOutcome>;
}

/** The most characters of one passage the model reads: a long chunk cannot flood its context. */
const maxPassageChars = 2_000;

/**
 * Whether a search found something relevant: some passage was found by the keyword (BM25) search, so it
 * shares a meaningful word with the query. A passage found only by vector similarity does not count: the
 * fused score does not say how close it is, and every chunk is some distance from every query.
 */
export function isRelevantSearch(hits: readonly DocumentHit[]): boolean {
  return hits.some((hit) => hit.lexicalRank !== null);
}

/** A search's result as the model reads it: numbered passages with file and page, clipped. */
export function searchPayload(query: string, hits: readonly DocumentHit[], fallback: string): Json {
  const relevant = isRelevantSearch(hits);
  return {
    query,
    relevant,
    ...(relevant ? {} : { fallback }),
    passages: hits.map((hit, index) => ({
      passage: index + 1,
      fileName: hit.fileName,
      page: hit.page,
      text: hit.text.length > maxPassageChars ? `${hit.text.slice(0, maxPassageChars)}…` : hit.text,
    })),
  };
}

/**
 * Creates the `search_documents` tool over one session's documents: hybrid retrieval, passages numbered
 * for the model with their file and page, every search audited.
 *
 * @example
 * ```ts
 * const tools = createDocumentTools({
 *   search: (query, o) => retriever.search(principal, documentIds, query, o),
 *   limit: 5,
 *   fallback: "Apologies, there's not enough information available, but based on what I can see...",
 * });
 * const outcome = await tools.call("search_documents", '{"query":"refund time limit"}');
 * ```
 */
export function createDocumentTools(options: DocumentToolsOptions): DocumentTools {
  const { signal } = options;
  return {
    definitions: [searchDocumentsDefinition()],
    handles: (name) => name === searchDocumentsToolName,
    async call(name, rawInput) {
      const started = performance.now();
      if (signal?.aborted) throw new QuarryError("ABORTED", "The operation was aborted.");
      if (name !== searchDocumentsToolName) {
        return { ...fail("UNKNOWN_TOOL", `There is no tool ${JSON.stringify(name)}.`), durationMs: 0 };
      }
      const parsed = parseToolInput(name, SearchDocumentsInputSchema, rawInput);
      if (!parsed.ok) return { ...fail("INVALID_INPUT", parsed.message), durationMs: elapsed(started) };
      const { query } = parsed.input;
      let hits: DocumentHit[] | undefined;
      let failure: QuarryError | undefined;
      try {
        hits = await options.search(query, { limit: options.limit, ...(signal ? { signal } : {}) });
      } catch (error) {
        failure = QuarryError.from(error);
      }
      const durationMs = elapsed(started);
      // Audited outside the try, so a failing audit write propagates instead of posing as a search error.
      await options.audit?.({
        query,
        ok: failure === undefined,
        error: failure ? `${failure.code}: ${failure.message}` : null,
        hitCount: hits?.length ?? null,
        durationMs,
      });
      if (failure?.code === "ABORTED" || signal?.aborted) {
        throw new QuarryError("ABORTED", "The operation was aborted.", { cause: failure });
      }
      if (failure || !hits) {
        return { ...fail(failure?.code ?? "INTERNAL", failure?.message ?? "The search failed."), durationMs };
      }
      return { ...succeed(searchPayload(query, hits, options.fallback)), hits, durationMs };
    },
  };
}
