import type { SessionDocumentFile, SessionDocuments } from "../documents/document-ports.js";
import { QuarryError } from "../errors/quarry-error.js";
import type { InsightRun } from "../insights/insight-card.js";
import type { ChatEvent } from "../model/chat-event.js";
import type { Dataset, GlossaryEntry } from "../model/dataset.js";
import type { Message } from "../model/message.js";
import type { MessagePart } from "../model/message-part.js";
import type { Session } from "../model/session.js";
import type { SessionMemory, SessionMemoryInput } from "../model/session-memory.js";
import type { ChatTransport, DatasetWithPreview, ModelOption, TurnRequest } from "./chat-transport.js";

/** What one turn of the {@link FakeTransport} does after storing the question. */
export interface TurnScript {
  /** Thrown before anything is stored, as a server refuses a request. */
  refuse?: QuarryError;
  /** Text deltas of the answer. Default `["It rained ", "a lot."]`. */
  deltas?: string[];
  /** Parts streamed after the text (and stored with it). */
  parts?: MessagePart[];
  /** Waited for before the answer is stored and sent, so a test can look at the state mid-turn. */
  hold?: Promise<void>;
  /** The connection breaks after the question (the answer is never sent). */
  breakAfterQuestion?: boolean;
}

/** A pending promise and its resolver, for holding a fake turn or upload. */
export function gate(): { promise: Promise<void>; open(): void } {
  let open = () => {};
  const promise = new Promise<void>((resolve) => (open = resolve));
  return { promise, open };
}

type Method = keyof ChatTransport;

/**
 * An in-memory {@link ChatTransport} for the chat client's tests: a tiny server holding sessions and
 * conversations, whose turns follow {@link TurnScript}s, whose methods can be told to fail once, and which
 * stops turns like the HTTP transport (`abort: "throw"`: the stream throws, the stopped answer is stored a
 * moment later) or like the local one (`abort: "done"`: the stopped answer arrives as `done`).
 */
export class FakeTransport implements ChatTransport {
  readonly sessions: Session[] = [];
  readonly messages = new Map<string, Message[]>();
  readonly datasets = new Map<string, Dataset[]>();
  /** Each session's documents; a test may change a file's status, as a server that goes on reading. */
  readonly documents = new Map<string, SessionDocumentFile[]>();
  /** How an uploaded document ends: default `processed`, one page, one chunk. */
  documentOutcome: (file: File) => Partial<SessionDocumentFile> = () => ({});
  readonly calls: string[] = [];
  readonly turns: TurnScript[] = [];
  readonly uploadHolds: Promise<void>[] = [];
  /** What each `ask` and `edit` asked for besides its text, in order. */
  readonly turnRequests: TurnRequest[] = [];
  /** What `models` answers. */
  offered: ModelOption[] = [{ id: "scripted", provider: "scripted", model: "scripted-model", default: true }];
  abort: "throw" | "done" = "throw";
  /** Each dataset's latest insights run. */
  readonly insightRuns = new Map<string, InsightRun>();
  /** Waited for, one per run, before a run ends. */
  readonly insightHolds: Promise<void>[] = [];
  /** Each session's memory, once put. */
  readonly memories = new Map<string, SessionMemory>();
  #failures = new Map<Method, unknown[]>();
  #clock = Date.parse("2024-05-01T00:00:00.000Z");
  #ids = 0;

  /** The next call of `method` throws `error`. */
  failNext(method: Method, error: unknown): void {
    this.#failures.set(method, [...(this.#failures.get(method) ?? []), error]);
  }

  /** A stored session, as the server would create it. */
  addSession(input: Partial<Session> = {}): Session {
    const now = this.#now();
    const session: Session = {
      id: this.#id("s"),
      ownerId: "alice",
      tenantId: "acme",
      title: "",
      datasetIds: [],
      documentIds: [],
      pinned: false,
      archived: false,
      status: "idle",
      metadata: {},
      createdAt: now,
      updatedAt: now,
      ...input,
    };
    this.sessions.push(session);
    this.messages.set(session.id, []);
    return session;
  }

  #now(): string {
    this.#clock += 1000;
    return new Date(this.#clock).toISOString();
  }

  #id(prefix: string): string {
    return `${prefix}${++this.#ids}`;
  }

  #enter(method: Method): void {
    this.calls.push(method);
    const queued = this.#failures.get(method);
    if (queued?.length) throw queued.shift();
  }

  #session(id: string): Session {
    const session = this.sessions.find((s) => s.id === id);
    if (!session) throw new QuarryError("NOT_FOUND", "No such session.");
    return session;
  }

  #message(
    sessionId: string,
    role: "user" | "assistant",
    parts: MessagePart[],
    replyTo: string | null,
  ): Message {
    const now = this.#now();
    const seq = [...this.messages.values()].flat().length + 1;
    return {
      id: this.#id(role === "user" ? "q" : "a"),
      sessionId,
      seq,
      role,
      parts,
      replyTo,
      edited: false,
      model: null,
      provider: null,
      promptVersion: null,
      usage: null,
      metadata: {},
      createdAt: now,
      updatedAt: now,
    };
  }

  /** Stores an answer in the thread: right after its question, replacing the earlier one. */
  #storeAnswer(sessionId: string, answer: Message): void {
    const thread = (this.messages.get(sessionId) ?? []).filter((m) => m.replyTo !== answer.replyTo);
    const at = thread.findIndex((m) => m.id === answer.replyTo);
    thread.splice(at + 1, 0, answer);
    this.messages.set(sessionId, thread);
  }

  async listSessions(options: { search?: string; archived?: "exclude" | "include" | "only" } = {}) {
    this.#enter("listSessions");
    const words = (options.search ?? "").toLowerCase().split(/\s+/).filter(Boolean);
    const items = this.sessions
      .filter((s) => (options.archived === "include" ? true : s.archived === (options.archived === "only")))
      .filter((s) => words.every((w) => s.title.toLowerCase().includes(w)))
      .sort((a, b) => Number(b.pinned) - Number(a.pinned) || b.updatedAt.localeCompare(a.updatedAt));
    return { items, nextCursor: null };
  }
  async createSession(input: { title?: string } = {}) {
    this.#enter("createSession");
    return this.addSession(input.title === undefined ? {} : { title: input.title });
  }
  async getSession(id: string) {
    this.#enter("getSession");
    return { ...this.#session(id), messages: [...(this.messages.get(id) ?? [])] };
  }
  async updateSession(id: string, patch: { title?: string; pinned?: boolean; archived?: boolean }) {
    this.#enter("updateSession");
    const session = this.#session(id);
    Object.assign(session, patch, { updatedAt: this.#now() });
    return { ...session };
  }
  async deleteSession(id: string) {
    this.#enter("deleteSession");
    this.sessions.splice(this.sessions.indexOf(this.#session(id)), 1);
  }

  async uploadFiles(
    sessionId: string,
    files: readonly File[],
    options: { onProgress?: (loaded: number, total: number) => void } = {},
  ): Promise<DatasetWithPreview[]> {
    await this.#transfer("uploadFiles", sessionId, files, options);
    const datasets = files.map((file) => datasetOf(this.#id("d"), file.name));
    this.datasets.set(sessionId, [...(this.datasets.get(sessionId) ?? []), ...datasets]);
    return datasets;
  }
  /** An upload's bytes going out: half, then (once the next hold opens) all, framing included. */
  async #transfer(
    method: Method,
    sessionId: string,
    files: readonly File[],
    options: { onProgress?: (loaded: number, total: number) => void },
  ): Promise<void> {
    this.#enter(method);
    this.#session(sessionId);
    const total = files.reduce((sum, f) => sum + f.size, 0) + 200;
    options.onProgress?.(Math.round(total / 2), total);
    await this.uploadHolds.shift();
    options.onProgress?.(total, total);
  }
  async listDatasets(sessionId: string) {
    this.#enter("listDatasets");
    this.#session(sessionId);
    return this.datasets.get(sessionId) ?? [];
  }
  async cleanDataset(datasetId: string) {
    this.#enter("cleanDataset");
    const dataset = this.#dataset(datasetId);
    dataset.version += 1;
    return { ...dataset };
  }

  async uploadDocuments(
    sessionId: string,
    files: readonly File[],
    options: { onProgress?: (loaded: number, total: number) => void } = {},
  ): Promise<SessionDocuments> {
    await this.#transfer("uploadDocuments", sessionId, files, options);
    const added = files.map(
      (file): SessionDocumentFile => ({
        documentId: this.#id("doc"),
        fileName: file.name,
        status: "processed",
        chunks: 1,
        pages: 1,
        ...this.documentOutcome(file),
      }),
    );
    this.documents.set(sessionId, [...(this.documents.get(sessionId) ?? []), ...added]);
    return { ready: this.#documentsOf(sessionId).ready, files: added };
  }
  async listDocuments(sessionId: string) {
    this.#enter("listDocuments");
    this.#session(sessionId);
    return this.#documentsOf(sessionId);
  }
  async removeDocument(sessionId: string, documentId: string) {
    this.#enter("removeDocument");
    this.#session(sessionId);
    const files = this.documents.get(sessionId) ?? [];
    if (!files.some((f) => f.documentId === documentId)) {
      throw new QuarryError("NOT_FOUND", "No such document.");
    }
    this.documents.set(
      sessionId,
      files.filter((f) => f.documentId !== documentId),
    );
  }
  #documentsOf(sessionId: string): SessionDocuments {
    const files = (this.documents.get(sessionId) ?? []).map((f) => ({ ...f }));
    return { ready: files.length > 0 && files.every((f) => f.status === "processed"), files };
  }

  ask(sessionId: string, content: string, signal?: AbortSignal, request?: TurnRequest) {
    this.#enter("ask");
    this.turnRequests.push(request ?? {});
    return this.#turn(sessionId, content, null, signal);
  }
  edit(messageId: string, content: string, signal?: AbortSignal, request?: TurnRequest) {
    this.#enter("edit");
    this.turnRequests.push(request ?? {});
    return this.#turn(null, content, messageId, signal);
  }

  async *#turn(
    sessionId: string | null,
    content: string,
    editing: string | null,
    signal?: AbortSignal,
  ): AsyncGenerator<ChatEvent> {
    const script = this.turns.shift() ?? {};
    if (script.refuse) throw script.refuse;
    let question: Message;
    if (editing) {
      const original = [...this.messages.values()].flat().find((m) => m.id === editing);
      if (!original) throw new QuarryError("NOT_FOUND", "No such message.");
      question = { ...original, parts: [{ type: "text", text: content }], edited: true };
      const thread = this.messages.get(original.sessionId) ?? [];
      this.messages.set(
        original.sessionId,
        thread.map((m) => (m.id === editing ? question : m)),
      );
    } else {
      this.#session(sessionId ?? "");
      question = this.#message(sessionId ?? "", "user", [{ type: "text", text: content }], null);
      this.messages.get(question.sessionId)?.push(question);
    }
    yield { type: "message", message: question };
    if (script.breakAfterQuestion) throw new QuarryError("INTERNAL", "The connection broke.");
    yield { type: "status", status: "planning" };
    const deltas = script.deltas ?? ["It rained ", "a lot."];
    for (const delta of deltas) yield { type: "text-delta", delta };
    for (const part of script.parts ?? []) yield { type: "part", part };
    const aborted = new Promise<void>((resolve) => signal?.addEventListener("abort", () => resolve()));
    await Promise.race([script.hold, aborted]);
    const text: MessagePart = { type: "text", text: deltas.join("") };
    if (signal?.aborted) {
      const stopped = this.#message(
        question.sessionId,
        "assistant",
        [text, { type: "error", code: "ABORTED", message: "The answer was stopped before it finished." }],
        question.id,
      );
      if (this.abort === "done") {
        this.#storeAnswer(question.sessionId, stopped);
        yield { type: "done", message: stopped };
        return;
      }
      // Like a server that notices the closed connection a moment later.
      setTimeout(() => this.#storeAnswer(question.sessionId, stopped), 30);
      throw new DOMException("The operation was aborted.", "AbortError");
    }
    const answer = this.#message(
      question.sessionId,
      "assistant",
      [text, ...(script.parts ?? [])],
      question.id,
    );
    this.#storeAnswer(question.sessionId, answer);
    yield { type: "done", message: answer };
  }

  async feedback(messageId: string, input: { rating: "up" | "down"; comment?: string | null }) {
    this.#enter("feedback");
    const now = this.#now();
    return {
      messageId,
      sessionId: "s",
      userId: "alice",
      tenantId: "acme",
      rating: input.rating,
      comment: input.comment ?? null,
      correction: null,
      createdAt: now,
      updatedAt: now,
    };
  }
  async download(messageId: string, format: "xlsx" | "csv" | "svg" | "png") {
    this.#enter("download");
    return new File([`${messageId}`], `answer.${format}`);
  }
  async models() {
    this.#enter("models");
    return this.offered;
  }

  async runInsights(datasetId: string) {
    this.#enter("runInsights");
    const dataset = this.#dataset(datasetId);
    await this.insightHolds.shift();
    const run = insightRunOf(dataset, this.#now());
    this.insightRuns.set(datasetId, run);
    return run;
  }
  async latestInsights(datasetId: string) {
    this.#enter("latestInsights");
    this.#dataset(datasetId);
    return this.insightRuns.get(datasetId) ?? null;
  }
  async getMemory(sessionId: string) {
    this.#enter("getMemory");
    this.#session(sessionId);
    return this.memories.get(sessionId) ?? { sessionId, summary: "", preferences: [], updatedAt: null };
  }
  async putMemory(sessionId: string, input: SessionMemoryInput) {
    this.#enter("putMemory");
    this.#session(sessionId);
    const memory = { sessionId, ...input, updatedAt: this.#now() };
    this.memories.set(sessionId, memory);
    return memory;
  }
  async getGlossary(datasetId: string) {
    this.#enter("getGlossary");
    return this.#dataset(datasetId).glossary;
  }
  async putGlossary(datasetId: string, entries: readonly GlossaryEntry[]) {
    this.#enter("putGlossary");
    const dataset = this.#dataset(datasetId);
    const terms = entries.map((e) => e.term.toLowerCase());
    const repeated = terms.find((term, i) => terms.indexOf(term) !== i);
    // As the server refuses it: the whole glossary, naming the entry.
    if (repeated) throw new QuarryError("INVALID_INPUT", `Glossary term "${repeated}" is listed twice.`);
    dataset.glossary = [...entries];
    return dataset.glossary;
  }
  #dataset(id: string): Dataset {
    const dataset = [...this.datasets.values()].flat().find((d) => d.id === id);
    if (!dataset) throw new QuarryError("NOT_FOUND", "No such dataset.");
    return dataset;
  }
}

/** An insights run over `dataset` with one trend card. */
export function insightRunOf(dataset: Dataset, createdAt: string): InsightRun {
  return {
    datasetId: dataset.id,
    version: dataset.version,
    createdAt,
    durationMs: 12,
    cards: [
      {
        id: "trend:date:x",
        kind: "trend",
        title: "Total x by year",
        summary: "Total x rose from 1 in 2012 to 3 in 2013 (+200%).",
        sql: { type: "sql", sql: "SELECT 1", dialect: "duckdb" },
        table: {
          type: "table",
          columns: [{ name: "year", type: "INTEGER" }],
          rows: [[2012], [2013]],
          rowCount: 2,
          truncated: false,
        },
        chart: null,
        score: 0.5,
      },
    ],
  };
}

/** A stored dataset with a one-row preview, named after its file. */
export function datasetOf(id: string, fileName: string): DatasetWithPreview {
  const now = "2024-05-01T00:00:00.000Z";
  const name = fileName.replace(/\.[^.]+$/, "");
  return {
    id,
    ownerId: "alice",
    tenantId: "acme",
    name,
    tableName: name.replace(/\W+/g, "_"),
    format: "csv",
    rowCount: 1,
    sizeBytes: 10,
    columns: [],
    glossary: [],
    suggestions: [],
    blobKey: null,
    sourceFileName: fileName,
    metadata: {},
    version: 1,
    deletedAt: null,
    createdAt: now,
    updatedAt: now,
    preview: { columns: [{ name: "x", type: "BIGINT" }], rows: [[1]], rowCount: 1 },
  };
}

/** A `Storage` over a map. */
export function memoryStorage(entries: Record<string, string> = {}) {
  const map = new Map(Object.entries(entries));
  return {
    map,
    getItem: (key: string) => map.get(key) ?? null,
    setItem: (key: string, value: string) => void map.set(key, value),
    removeItem: (key: string) => void map.delete(key),
  };
}
