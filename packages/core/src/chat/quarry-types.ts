import type { BlobStore } from "../blob/blob-store.js";
import type { DocumentRetriever, Embedder, QuarryDocuments } from "../documents/document-ports.js";
import type { SqlEngine } from "../engine/sql-engine.js";
import type { InsightRun } from "../insights/insight-card.js";
import type { ChatEvent } from "../model/chat-event.js";
import type { GlossaryEntry } from "../model/dataset.js";
import type { Feedback, FeedbackInput } from "../model/feedback.js";
import type { Message } from "../model/message.js";
import type { Principal } from "../model/principal.js";
import type { SessionMemory, SessionMemoryInput } from "../model/session-memory.js";
import type { LanguageModel } from "../model-provider/language-model.js";
import type { QualityOptions } from "../quality/quality-options.js";
import type { Store } from "../store/store.js";
import type { EngineProvider } from "./engine-provider.js";

/** Limits of a turn; every one has a default. */
export interface TurnLimits {
  /** Model calls per turn before the turn ends with `STEP_LIMIT`. Default 8. */
  maxSteps?: number;
  /** Rows kept in an answer's table part (the true total is kept too). Default 1,000. */
  tableRows?: number;
  /** Row cap of every query the model runs. Default 10,000. */
  queryMaxRows?: number;
  /** Timeout of every query the model runs, in ms. Default 30,000. */
  queryTimeoutMs?: number;
  /** Earlier messages sent to the model as history. Default 20. */
  historyMessages?: number;
  /** Rows an export re-runs the answer's SQL for. Default 100,000. */
  exportMaxRows?: number;
}

/** The fallback sentence an answer opens with when the documents hold nothing relevant to the question. */
export const defaultDocumentFallback =
  "Apologies, there's not enough information available, but based on what I can see...";

/** How {@link createQuarry} ingests and searches documents; every field has a default. */
export interface QuarryDocumentOptions {
  /** Embeds chunks and queries for vector search; without one, retrieval is lexical (BM25) only. */
  embedder?: Embedder;
  /** Finds passages; default: the in-process hybrid index over the store (`createInProcessRetriever`). */
  retriever?: DocumentRetriever;
  /** Chunk size and overlap in characters (defaults: `defaultChunking` of `@quarry/core/documents`). */
  chunking?: { size?: number; overlap?: number };
  /** Files larger than this end `failed`; default 50 MiB. */
  maxBytes?: number;
  /**
   * The sentence an answer opens with when the turn's searches found nothing relevant (no passage shares a
   * word with the query); the answer still goes on from what it has. Default {@link defaultDocumentFallback}.
   */
  fallback?: string;
  /** Passages per search, 1 to 50; default 5. */
  searchLimit?: number;
}

/** Options of {@link createQuarry}. */
export interface QuarryOptions {
  store: Store;
  blobs: BlobStore;
  /** The default model: every turn that names no other runs on it. */
  model: LanguageModel;
  /**
   * More models a turn may choose with `ChatOptions.model`, by id, e.g.
   * `{ "openai:gpt-4.1-mini": …, "anthropic:claude-sonnet-4": … }`. `model` may be among them (its key is
   * then its id); otherwise its id is `provider:modelId` and it is listed first. Ids are 1 to 256 characters.
   */
  models?: Record<string, LanguageModel>;
  /**
   * Where queries run: an {@link EngineProvider} (such as `createDuckDbEngineProvider` from
   * `@quarry/core/duckdb`, over each session's datasets) or one engine shared by every session (such as a
   * read-only Postgres database).
   */
  engine: SqlEngine | EngineProvider;
  /** The principal of calls that pass none: for single-user apps and the CLI. */
  principal?: Principal;
  privacy?: {
    /** How many result rows the model may see; 0 = schema and statistics only. Default 20. */
    modelRows?: number;
  };
  limits?: TurnLimits;
  /** Extra instructions for the model, appended to Quarry's own (house style, domain hints). */
  instructions?: string;
  /** Documents (PDF, text, Markdown) in sessions: ingestion and search settings. */
  documents?: QuarryDocumentOptions;
  /**
   * How a new session gets its title from its first question: `question` (default) shortens the question
   * itself; `model` asks the model for a few words after the answer (falling back to `question`); `false`
   * leaves titles alone.
   */
  titles?: "question" | "model" | false;
  /**
   * Answer-quality features of every turn, each switchable: follow-ups, session memory, clarification,
   * schema focus, examples from feedback, the verifier, result sanity, the answer cache and the intent gate.
   * All are on by default except the verifier (it costs a second model call); `false` turns all off.
   */
  quality?: QualityOptions | false;
}

/** Options of one call on behalf of a user. */
export interface CallOptions {
  /** Whose session this is; default: the `principal` given to {@link createQuarry}. */
  principal?: Principal;
}

/** Options of {@link Quarry.chat} and {@link Quarry.editMessage}. */
export interface ChatOptions extends CallOptions {
  /** Aborting ends the turn at once; the stored answer says it was stopped. */
  signal?: AbortSignal;
  /**
   * The id of the model to answer with, one of {@link Quarry.models}; default {@link Quarry.model}. An id the
   * pipeline does not have is `INVALID_INPUT`, thrown before anything is stored. The stored answer records
   * the provider and model that wrote it.
   */
  model?: string;
}

/** Options of calls that may be stopped. */
export interface SignalCallOptions extends CallOptions {
  signal?: AbortSignal;
}

/** A session's memory: the running summary and the user's stated preferences, which later prompts include. */
export interface QuarryMemory {
  /** The session's memory (empty until a turn or an edit stored some). Another user's session is `NOT_FOUND`. */
  get(sessionId: string, options?: CallOptions): Promise<SessionMemory>;
  /** Replaces the memory (the user's edits); later turns keep what is written here. Bad input is `INVALID_INPUT`. */
  put(sessionId: string, input: SessionMemoryInput, options?: CallOptions): Promise<SessionMemory>;
}

/** A dataset's glossary: business terms and metric definitions, put in prompts and used by the offline planner. */
export interface QuarryGlossary {
  get(datasetId: string, options?: CallOptions): Promise<GlossaryEntry[]>;
  /**
   * Replaces the glossary of the dataset's latest version: a list of `{term, meaning, sql?}`. Each `sql` must
   * be one expression the guard accepts over the dataset's table; anything wrong is `INVALID_INPUT` and
   * nothing is written.
   */
  put(
    datasetId: string,
    entries: readonly GlossaryEntry[],
    options?: SignalCallOptions,
  ): Promise<GlossaryEntry[]>;
}

/** Automatic analyses over a dataset (trends, movers, concentration, outliers, correlations). */
export interface QuarryInsights {
  /** Runs the analyses over the dataset's latest version and keeps the run as its latest. */
  run(datasetId: string, options?: SignalCallOptions): Promise<InsightRun>;
  /** The latest run (maybe over an earlier version: see its `version`), or null. */
  latest(datasetId: string, options?: CallOptions): Promise<InsightRun | null>;
}

/** An exported answer, ready to download. */
export interface ExportedFile {
  fileName: string;
  mediaType: string;
  bytes: Uint8Array;
}

/** What an answer can be exported as. */
export type ExportFormat = "xlsx" | "csv" | "svg" | "png";

/** The chat pipeline: see {@link createQuarry}. */
export interface Quarry {
  /** The store it was made with, for apps and server adapters that list and manage records. */
  readonly store: Store;
  /** The blob store it was made with (uploads, Parquet copies). */
  readonly blobs: BlobStore;
  /** The default model: turns that name no other run on it. */
  readonly model: LanguageModel;
  /** Every model a turn may choose, by id, the default included (`modelChoices` lists them). */
  readonly models: Readonly<Record<string, LanguageModel>>;
  /** The id of {@link Quarry.model} in {@link Quarry.models}. */
  readonly defaultModelId: string;
  /** Where queries run; acquire a lease to query a session's tables outside a turn (previews, MCP). */
  readonly engines: EngineProvider;
  /** A session's PDF, text and Markdown documents: add, list, remove and search them. */
  readonly documents: QuarryDocuments;
  /** Sessions' memory (summary and preferences), inspectable and editable. */
  readonly memory: QuarryMemory;
  /** Datasets' glossaries, inspectable and editable. */
  readonly glossary: QuarryGlossary;
  /** Dataset insights: run the analyses, read the latest run. */
  readonly insights: QuarryInsights;
  /**
   * Asks a question in a session. The events start with `message` (the stored user message) and end with
   * `done` (the stored answer, which ends with an `error` part when the turn failed or was stopped). An
   * `error` event ends the stream only when even the failure could not be stored. A session that does not
   * exist (or is another user's) and empty text throw before anything is stored.
   */
  chat(sessionId: string, text: string, options?: ChatOptions): AsyncIterable<ChatEvent>;
  /** Replaces the text of a user message and answers it again (the new answer replies to it). */
  editMessage(
    sessionId: string,
    messageId: string,
    text: string,
    options?: ChatOptions,
  ): AsyncIterable<ChatEvent>;
  /**
   * A session's conversation as shown: each user message followed by its latest answer (an edit's
   * regenerated answer replaces the earlier one).
   */
  thread(sessionId: string, options?: CallOptions): Promise<Message[]>;
  /** Stores a thumbs up or down, a comment and a corrected SQL for an answer. */
  feedback(input: FeedbackInput, options?: CallOptions): Promise<Feedback>;
  /**
   * Exports an answer: `xlsx` (Result and Query sheets) and `csv` re-run its SQL for up to
   * `limits.exportMaxRows` rows (falling back to the stored table when the data is gone); `svg` and `png`
   * render its chart.
   */
  exportMessage(messageId: string, format: ExportFormat, options?: CallOptions): Promise<ExportedFile>;
  /** Closes the engine provider (a shared engine, the store and the blob store stay open). */
  close(): Promise<void>;
}
