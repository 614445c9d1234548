import type { SessionDocuments } from "../documents/document-ports.js";
import type { InsightRun } from "../insights/insight-card.js";
import type { CleaningOperation } from "../model/cleaning.js";
import type { Dataset, GlossaryEntry } from "../model/dataset.js";
import type { Message } from "../model/message.js";
import type { Session } from "../model/session.js";
import type { SessionMemory, SessionMemoryInput } from "../model/session-memory.js";
import type {
  ChatError,
  ChatTransport,
  DatasetWithPreview,
  ModelOption,
  StreamingAnswer,
} from "./chat-transport.js";
import type { FilePreview } from "./file-preview.js";

/** Where the client remembers the open session: `localStorage`, `sessionStorage` or anything shaped alike. */
export type ChatStorage = Pick<Storage, "getItem" | "setItem" | "removeItem">;

/** Options of `createChatClient`. */
export interface ChatClientOptions {
  transport: ChatTransport;
  /**
   * Where the open session's id is kept, so a reload reopens it. Default `globalThis.localStorage` when the
   * page has one; `null` remembers nothing.
   */
  storage?: ChatStorage | null;
  /** The key under which the open session's id is kept. Default `quarry:session`. */
  storageKey?: string;
  /**
   * Whether the client loads the sessions and models and reopens the remembered session as soon as it is
   * created. Default true; with false, call `loadSessions` and `openSession` yourself.
   */
  autoLoad?: boolean;
  /**
   * What opens on start when no session is remembered (a first visit, storage off, or a remembered session
   * that is gone): `"latest"` opens the first listed session (pinned first, then the most recently updated),
   * so a returning person, or a newcomer given a sample session, lands in it; `"none"` opens nothing until
   * the person picks or starts one. Nothing is opened if the person acted first. Default `"latest"`; only
   * with `autoLoad`.
   */
  openOnStart?: "latest" | "none";
  /**
   * Whether an upload shows its file's first rows at once, parsed in the page (`previewFile`) while it
   * uploads. Default true; PapaParse is loaded the first time a CSV or TSV file is picked.
   */
  previewFiles?: boolean;
  /**
   * How often, in ms, the session's documents are listed again while any of them is still `processing`.
   * Default 1,000.
   */
  documentPollMs?: number;
}

/** A table of an upload's first rows: see `UploadState.preview`. */
export interface UploadPreview extends FilePreview {
  /**
   * `file`: parsed in the page from the start of the file as soon as it was picked (cells as the file writes
   * them); `server`: the stored dataset's first rows, profiled and typed, once the upload is done.
   */
  source: "file" | "server";
  /** The dataset's rows in all, once the server has stored it; null for a `file` preview. */
  rowCount: number | null;
}

/** One file being uploaded. */
export interface UploadState {
  id: string;
  fileName: string;
  /** Where the file goes: a table to query, or a document to quote (see `ChatClient.upload`). */
  kind: "dataset" | "document";
  loaded: number;
  total: number;
  state: "uploading" | "done" | "failed";
  error?: string;
  /**
   * The file's first rows: from the file itself while it uploads (CSV, TSV, delimited text, JSON arrays and
   * NDJSON; Excel and Parquet files have none until the upload is done), then the server's. None when the
   * upload failed.
   */
  preview?: UploadPreview;
}

/** A dataset's insights as the client knows them: see `ChatClient.loadInsights` and `runInsights`. */
export interface DatasetInsightsState {
  /**
   * The latest run, maybe over an earlier version of the dataset (compare its `version` with the dataset's);
   * null when none ran yet, or while the latest is still being asked for.
   */
  run: InsightRun | null;
  /** Whether the server has answered with the latest run (or could not say: then `run` stays null). */
  loaded: boolean;
  /** A run is under way. */
  running: boolean;
}

/** The open session's memory as the client knows it: see `ChatClient.loadMemory` and `saveMemory`. */
export interface SessionMemoryState {
  /** `unavailable`: the server keeps no memory, or could not be asked. */
  status: "loading" | "ready" | "saving" | "unavailable";
  /** The stored memory, once loaded. */
  memory: SessionMemory | null;
}

/** Everything the widget renders; replaced (never mutated) on every change, so `===` tells what changed. */
export interface ChatState {
  sessions: Session[];
  sessionsLoading: boolean;
  /** The sessions search box's text. */
  search: string;
  currentSessionId: string | null;
  /** The current session's conversation: each question followed by its latest answer. */
  messages: Message[];
  messagesLoading: boolean;
  /** Set while a turn streams. */
  streaming: StreamingAnswer | null;
  datasets: (Dataset | DatasetWithPreview)[];
  /** The current session's PDF, text and Markdown documents with their status. */
  documents: SessionDocuments;
  uploads: UploadState[];
  /** The models the server offers (the widget's picker shows when there are several). */
  models: ModelOption[];
  /** The id of the model the next turns ask for (see `setModel`); null: the server's default. */
  model: string | null;
  /** The latest feedback per answer id: as stored when the session was opened, then as given in this page. */
  feedback: Record<string, "up" | "down">;
  /** The insights of the open session's datasets, by dataset id; a dataset not asked about yet has none. */
  insights: Record<string, DatasetInsightsState>;
  /** The open session's memory; null until it is asked for (`loadMemory`). */
  memory: SessionMemoryState | null;
  error: ChatError | null;
}

/**
 * The framework-free chat state and its actions, over a transport. React (`useQuarryChat`), other
 * frameworks and tests subscribe to it; every action updates the state and resolves when done.
 */
export interface ChatClient {
  getState(): ChatState;
  /** Settles once the loads the client started with (sessions, models, the remembered session) are done. */
  readonly ready: Promise<void>;
  /** Calls `listener` after every change; returns the unsubscribe function. */
  subscribe(listener: () => void): () => void;

  loadSessions(search?: string): Promise<void>;
  /** Opens a session (loads its conversation, datasets and documents), or none. */
  openSession(id: string | null): Promise<void>;
  newSession(title?: string): Promise<Session>;
  renameSession(id: string, title: string): Promise<void>;
  pinSession(id: string, pinned: boolean): Promise<void>;
  archiveSession(id: string, archived: boolean): Promise<void>;
  deleteSession(id: string): Promise<void>;

  /**
   * Uploads files into the current session (creating one when none is open), each where it belongs: PDF,
   * text (`.txt`) and Markdown files become documents the answers quote, the others (CSV, TSV, Excel, JSON,
   * Parquet) datasets to query. See `isDocumentFile`.
   */
  upload(files: readonly File[]): Promise<void>;
  /** Removes a document from the current session and deletes it. */
  removeDocument(documentId: string): Promise<void>;
  cleanDataset(datasetId: string, operations: readonly CleaningOperation[]): Promise<void>;
  /**
   * Replaces a dataset's glossary; the dataset in `state.datasets` then carries it. A refused glossary (a
   * repeated term, SQL the guard refuses) is a `glossary` error with the dataset's id, and nothing changes.
   */
  saveGlossary(datasetId: string, entries: readonly GlossaryEntry[]): Promise<void>;

  /**
   * Asks for a dataset's latest insights run, once per open session: a view calls it when it first shows the
   * dataset. A server without insights (or a failed request) leaves the run null, with no error.
   */
  loadInsights(datasetId: string): Promise<void>;
  /** Runs the automatic analyses over a dataset of the open session; `state.insights` shows it running. */
  runInsights(datasetId: string): Promise<void>;
  /** Asks for the open session's memory, once per session; a server without memory makes it `unavailable`. */
  loadMemory(): Promise<void>;
  /** Replaces the open session's memory (its summary and preferences) with the user's edits. */
  saveMemory(input: SessionMemoryInput): Promise<void>;

  /** Asks in the current session (creating one when none is open). */
  send(text: string): Promise<void>;
  /** Stops the streaming turn; its answer is stored as stopped. */
  stop(): void;
  /** Replaces a question's text and answers it again. */
  edit(messageId: string, text: string): Promise<void>;
  /** Asks the question of an answer again. */
  regenerate(answerId: string): Promise<void>;
  /**
   * Chooses the model that answers the next questions, edits and regenerations by its id (a
   * `ModelOption.id` of `state.models`); null goes back to the server's default. A turn already running
   * keeps its model.
   */
  setModel(id: string | null): void;
  rate(messageId: string, rating: "up" | "down", comment?: string): Promise<void>;
  download(messageId: string, format: "xlsx" | "csv" | "svg" | "png"): Promise<Blob & { name?: string }>;
  /** Redoes what failed last. */
  retry(): Promise<void>;
  dismissError(): void;
  /** Stops a streaming turn and drops listeners. */
  dispose(): void;
}
