import type { SessionDocuments } from "../documents/document-ports.js";
import type { InsightRun } from "../insights/insight-card.js";
import type { ChatEvent, TurnStatus } from "../model/chat-event.js";
import type { CleaningOperation } from "../model/cleaning.js";
import type { Json } from "../model/common.js";
import type { Dataset, GlossaryEntry } from "../model/dataset.js";
import type { Feedback } from "../model/feedback.js";
import type { Message } from "../model/message.js";
import type { MessagePart, ResultColumn } from "../model/message-part.js";
import type { Session } from "../model/session.js";
import type { SessionMemory, SessionMemoryInput } from "../model/session-memory.js";
import type { Page } from "../store/store.js";

/** A dataset as an upload returns it: the stored record and its first rows. */
export interface DatasetWithPreview extends Dataset {
  preview: { columns: ResultColumn[]; rows: Json[][]; rowCount: number };
}

/** A session with its conversation (each question followed by its latest answer). */
export interface SessionWithMessages extends Session {
  messages: Message[];
  /** The caller's rating of each answer they rated, by answer id (absent from transports that keep none). */
  feedback?: Record<string, "up" | "down">;
}

/** A model a server offers. */
export interface ModelOption {
  /** What a turn names it by (`ChatClient.setModel`, the HTTP API's `model` field), e.g. `openai:gpt-4.1-mini`. */
  id: string;
  provider: string;
  /** The provider's name of the model. */
  model: string;
  /** Whether turns that name no model run on it. */
  default?: boolean;
}

/** What a turn asks for besides its text. */
export interface TurnRequest {
  /** The id of the model to answer with (a {@link ModelOption}'s `id`); default the server's default. */
  model?: string;
}

/** Upload progress of one request, in bytes. */
export type UploadProgress = (loaded: number, total: number) => void;

/**
 * How the chat client reaches Quarry: over HTTP (`httpTransport`, the server adapters' API) or in the page
 * (`localTransport`, core running in the browser). Every method may throw a `QuarryError`; turns stream
 * `ChatEvent`s and stop when `signal` aborts.
 */
export interface ChatTransport {
  listSessions(options?: {
    search?: string;
    archived?: "exclude" | "include" | "only";
    limit?: number;
    cursor?: string;
  }): Promise<Page<Session>>;
  createSession(input?: { title?: string }): Promise<Session>;
  getSession(id: string): Promise<SessionWithMessages>;
  updateSession(
    id: string,
    patch: { title?: string; pinned?: boolean; archived?: boolean },
  ): Promise<Session>;
  deleteSession(id: string): Promise<void>;

  uploadFiles(
    sessionId: string,
    files: readonly File[],
    options?: { onProgress?: UploadProgress; signal?: AbortSignal },
  ): Promise<DatasetWithPreview[]>;
  listDatasets(sessionId: string): Promise<Dataset[]>;
  cleanDataset(datasetId: string, operations: readonly CleaningOperation[]): Promise<Dataset>;

  /**
   * Uploads PDF, text or Markdown files as documents of the session. Each file ends `processed` or `failed`
   * with its reason (a bad file is not an error); the result lists this call's files and whether the whole
   * session's documents are ready.
   */
  uploadDocuments(
    sessionId: string,
    files: readonly File[],
    options?: { onProgress?: UploadProgress; signal?: AbortSignal },
  ): Promise<SessionDocuments>;
  /** The session's documents with their status, and whether they are all ready. */
  listDocuments(sessionId: string): Promise<SessionDocuments>;
  /** Removes a document from the session and deletes it. */
  removeDocument(sessionId: string, documentId: string): Promise<void>;

  ask(
    sessionId: string,
    content: string,
    signal?: AbortSignal,
    request?: TurnRequest,
  ): AsyncIterable<ChatEvent>;
  edit(
    messageId: string,
    content: string,
    signal?: AbortSignal,
    request?: TurnRequest,
  ): AsyncIterable<ChatEvent>;
  feedback(
    messageId: string,
    input: { rating: "up" | "down"; comment?: string | null; correction?: string | null },
  ): Promise<Feedback>;
  /** An answer as a file to download. */
  download(messageId: string, format: "xlsx" | "csv" | "svg" | "png"): Promise<Blob & { name?: string }>;
  /** The models turns may choose from, exactly one the default. */
  models(): Promise<ModelOption[]>;

  /** Runs the automatic analyses over the dataset's latest version; the run is kept as its latest. */
  runInsights(datasetId: string): Promise<InsightRun>;
  /** The dataset's latest insights run (maybe over an earlier version), or null when none ran yet. */
  latestInsights(datasetId: string): Promise<InsightRun | null>;
  /** What the session remembers between turns: its running summary and the user's stated preferences. */
  getMemory(sessionId: string): Promise<SessionMemory>;
  /** Replaces the session's memory with the user's edits, which later turns follow. */
  putMemory(sessionId: string, input: SessionMemoryInput): Promise<SessionMemory>;
  /** The dataset's glossary: business terms and metric definitions that answers use. */
  getGlossary(datasetId: string): Promise<GlossaryEntry[]>;
  /**
   * Replaces the dataset's glossary whole; an invalid one (a repeated term, SQL the guard refuses) is an
   * `INVALID_INPUT` naming the entry, and nothing is stored.
   */
  putGlossary(datasetId: string, entries: readonly GlossaryEntry[]): Promise<GlossaryEntry[]>;
}

/**
 * The answer being written, as the widget shows it while a turn streams. It belongs right after `question`
 * in `ChatState.messages` (the last message for a new question; an earlier one for an edit), and while it
 * streams it stands in for the answer that replies to `question`, if `messages` still holds one.
 */
export interface StreamingAnswer {
  /** The stored question (the `message` event); null until the server has stored it. */
  question: Message | null;
  status: TurnStatus | null;
  text: string;
  /** Parts as they arrive: tool calls, then the SQL, table and chart. */
  parts: MessagePart[];
}

/** An error the widget shows, with what to offer. */
export interface ChatError {
  code: string;
  message: string;
  /** What failed, so "Retry" can redo it. */
  action:
    | "load"
    | "send"
    | "edit"
    | "upload"
    | "feedback"
    | "session"
    | "download"
    | "clean"
    | "document"
    | "insights"
    | "memory"
    | "glossary";
  /** For a `send` or `edit` that failed before its question was stored: its text, to put back in the box. */
  text?: string;
  /** For an `insights` or `glossary` failure: the dataset it was about, so the view can show it there. */
  datasetId?: string;
}
