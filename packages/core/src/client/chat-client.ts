import { QuarryError } from "../errors/quarry-error.js";
import type { Session } from "../model/session.js";
import type { ChatClient, ChatClientOptions, ChatState } from "./chat-client-types.js";
import { createDatasetActions } from "./chat-datasets.js";
import { createDocumentActions, noDocuments } from "./chat-documents.js";
import { createInsightActions } from "./chat-insights.js";
import { createMemoryActions } from "./chat-memory.js";
import { createStateStore } from "./chat-state-store.js";
import type { ChatError } from "./chat-transport.js";
import { createTurns } from "./chat-turns.js";
import { createUploads } from "./chat-uploads.js";
import { previewFile } from "./file-preview.js";
import { withoutSession, withSession } from "./session-list.js";
import { pageStorage, readStorage, writeStorage } from "./session-storage.js";

/** How many sessions the list shows. */
const sessionPageSize = 100;

/**
 * The chat's state and actions over a {@link ChatTransport}, free of any UI framework: the widget (and any
 * other view) subscribes and renders `getState()`, which is a new object after every change.
 *
 * Actions never reject — a failure shows as `state.error`, which `retry()` redoes — except `newSession` and
 * `download`, whose callers need their result and get the error too. One turn runs at a time; opening
 * another session stops it. The open session is remembered in `storage` and reopened on start.
 *
 * @example
 * ```ts
 * const client = createChatClient({ transport: httpTransport({ baseUrl: "/api" }) });
 * client.subscribe(() => render(client.getState()));
 * await client.send("Which month had the most rain?");
 * ```
 */
export function createChatClient(options: ChatClientOptions): ChatClient {
  const { transport } = options;
  const storage = options.storage === undefined ? pageStorage() : options.storage;
  const storageKey = options.storageKey ?? "quarry:session";
  const autoLoad = options.autoLoad ?? true;
  const openOnStart = options.openOnStart ?? "latest";
  const remembered = readStorage(storage, storageKey);
  const state = createStateStore<ChatState>({
    ...emptyChatState(),
    sessionsLoading: autoLoad,
    currentSessionId: remembered,
    messagesLoading: autoLoad && remembered !== null,
  });
  let redoFailed: (() => Promise<unknown>) | null = null;
  let sessionsRequest = 0;
  let openRequest = 0;

  function fail(
    error: unknown,
    action: ChatError["action"],
    redo: (() => Promise<unknown>) | null,
    detail: Pick<ChatError, "text" | "datasetId"> = {},
  ): void {
    const failure = QuarryError.from(error);
    redoFailed = redo;
    state.set({
      error: {
        code: failure.code,
        message: failure.message,
        action,
        ...(detail.text ? { text: detail.text } : {}),
        ...(detail.datasetId ? { datasetId: detail.datasetId } : {}),
      },
    });
  }

  function clearError(action: ChatError["action"]): void {
    if (state.get().error?.action === action) state.set({ error: null });
  }

  const remember = (id: string | null) => writeStorage(storage, storageKey, id);

  async function listSessions(search: string, quiet: boolean): Promise<void> {
    const request = ++sessionsRequest;
    if (!quiet) state.set({ search, sessionsLoading: true });
    try {
      const query = search.trim();
      const page = await transport.listSessions({
        ...(query ? { search: query } : {}),
        archived: "exclude",
        limit: sessionPageSize,
      });
      if (request === sessionsRequest) state.set({ sessions: page.items, sessionsLoading: false });
    } catch (error) {
      if (request !== sessionsRequest || quiet) return;
      state.set({ sessionsLoading: false });
      fail(error, "load", () => listSessions(search, false));
    }
  }

  /** Makes `session` the open one, with an empty conversation. */
  function adopt(session: Session): void {
    openRequest++;
    documents.stop();
    remember(session.id);
    state.set((s) => ({
      sessions: withSession(s.sessions, session),
      currentSessionId: session.id,
      messages: [],
      datasets: [],
      documents: noDocuments(),
      insights: {},
      memory: null,
      messagesLoading: false,
    }));
  }

  async function ensureSession(): Promise<string> {
    const open = state.get().currentSessionId;
    if (open !== null) return open;
    const session = await transport.createSession({});
    adopt(session);
    return session.id;
  }

  const datasets = createDatasetActions({ transport, state, fail, clearError });
  const documents = createDocumentActions({
    transport,
    state,
    fail,
    clearError,
    pollMs: options.documentPollMs ?? 1000,
  });
  const uploads = createUploads({
    transport,
    state,
    fail,
    clearError,
    ensureSession,
    // previewFile loads its parsers when a file is first picked: pages that never upload never load them.
    previewFile: options.previewFiles === false ? null : (file) => previewFile(file),
    datasetsStored: datasets.stored,
    documentsStored: documents.stored,
  });
  const insights = createInsightActions({ transport, state, fail, clearError });
  const memory = createMemoryActions({ transport, state, fail, clearError });
  const turns = createTurns({
    transport,
    state,
    fail,
    ensureSession,
    refreshSessions: () => listSessions(state.get().search, true),
  });

  async function openSession(id: string | null, reopening = false): Promise<void> {
    if (turns.busy()) {
      if (id !== null && id === state.get().currentSessionId) return;
      turns.stop();
    }
    const request = ++openRequest;
    clearError("load");
    remember(id);
    documents.stop();
    const same = id === state.get().currentSessionId;
    state.set((s) => ({
      currentSessionId: id,
      messages: same ? s.messages : [],
      datasets: same ? s.datasets : [],
      documents: same ? s.documents : noDocuments(),
      insights: same ? s.insights : {},
      memory: same ? s.memory : null,
      uploads: [],
      streaming: null,
      messagesLoading: id !== null,
    }));
    if (id === null) return;
    // Apart from the conversation: a server without documents (or a failed list) must not fail the open.
    void documents.refresh(id);
    try {
      const [{ messages, feedback, ...session }, datasets] = await Promise.all([
        transport.getSession(id),
        transport.listDatasets(id),
      ]);
      if (request !== openRequest) return;
      state.set((s) => ({
        messages,
        datasets,
        // Ratings given in this page since the request started are newer than the stored ones.
        feedback: { ...feedback, ...s.feedback },
        messagesLoading: false,
        sessions: s.sessions.some((x) => x.id === id) ? withSession(s.sessions, session) : s.sessions,
      }));
    } catch (error) {
      if (request !== openRequest) return;
      if (QuarryError.is(error, "NOT_FOUND")) {
        // Deleted, or someone else's (another user signed in on this browser): forget it.
        remember(null);
        state.set({
          currentSessionId: null,
          messages: [],
          datasets: [],
          documents: noDocuments(),
          insights: {},
          memory: null,
          messagesLoading: false,
        });
        if (!reopening) fail(error, "load", null);
        return;
      }
      state.set({ messagesLoading: false });
      fail(error, "load", () => openSession(id));
    }
  }

  async function newSession(title?: string): Promise<Session> {
    clearError("session");
    try {
      const session = await transport.createSession(title === undefined ? {} : { title });
      if (turns.busy()) turns.stop();
      adopt(session);
      state.set({ uploads: [], streaming: null });
      return session;
    } catch (error) {
      fail(error, "session", () => newSession(title));
      throw QuarryError.from(error);
    }
  }

  async function updateSession(
    id: string,
    patch: { title?: string; pinned?: boolean; archived?: boolean },
  ): Promise<void> {
    clearError("session");
    try {
      const session = await transport.updateSession(id, patch);
      state.set((s) => ({ sessions: withSession(s.sessions, session) }));
    } catch (error) {
      fail(error, "session", () => updateSession(id, patch));
    }
  }

  async function deleteSession(id: string): Promise<void> {
    clearError("session");
    try {
      await transport.deleteSession(id);
    } catch (error) {
      fail(error, "session", () => deleteSession(id));
      return;
    }
    state.set((s) => ({ sessions: withoutSession(s.sessions, id) }));
    if (state.get().currentSessionId === id) await openSession(null);
  }

  async function rate(messageId: string, rating: "up" | "down", comment?: string): Promise<void> {
    clearError("feedback");
    const previous = state.get().feedback[messageId];
    state.set((s) => ({ feedback: { ...s.feedback, [messageId]: rating } }));
    try {
      await transport.feedback(messageId, { rating, ...(comment === undefined ? {} : { comment }) });
    } catch (error) {
      state.set((s) => {
        // A later rating of the same answer owns the value now.
        if (s.feedback[messageId] !== rating) return {};
        const { [messageId]: _, ...rest } = s.feedback;
        return { feedback: previous === undefined ? rest : { ...rest, [messageId]: previous } };
      });
      fail(error, "feedback", () => rate(messageId, rating, comment));
    }
  }

  async function download(messageId: string, format: "xlsx" | "csv" | "svg" | "png") {
    clearError("download");
    try {
      return await transport.download(messageId, format);
    } catch (error) {
      // Nobody would receive a file fetched by retry(), so retrying a download is the caller's to do.
      fail(error, "download", null);
      throw QuarryError.from(error);
    }
  }

  async function loadModels(): Promise<void> {
    try {
      const models = await transport.models();
      // A choice made before the list came (or a model the server stopped offering) goes back to the default.
      state.set((s) => ({
        models,
        model: s.model !== null && models.some((m) => m.id === s.model) ? s.model : null,
      }));
    } catch {
      // The model picker is optional; the chat works without the list.
    }
  }

  /**
   * The start-up loads; then, with no session reopened and none opened or started by the person meanwhile,
   * the first listed one (`openOnStart`).
   */
  async function start(): Promise<void> {
    const loads = Promise.all([
      listSessions("", false),
      loadModels(),
      remembered === null ? undefined : openSession(remembered, true),
    ]);
    // The reopening (if any) has counted itself already: any later open is the person's.
    const opensAtStart = openRequest;
    await loads;
    const { currentSessionId, sessions } = state.get();
    if (openOnStart !== "latest" || currentSessionId !== null || openRequest !== opensAtStart || turns.busy())
      return;
    const latest = sessions[0];
    if (latest) await openSession(latest.id, true);
  }

  const ready = autoLoad ? start() : Promise.resolve();

  return {
    getState: state.get,
    ready,
    subscribe: state.subscribe,
    loadSessions: (search) => listSessions(search ?? state.get().search, false),
    openSession: (id) => openSession(id),
    newSession,
    renameSession: (id, title) => updateSession(id, { title }),
    pinSession: (id, pinned) => updateSession(id, { pinned }),
    archiveSession: (id, archived) => updateSession(id, { archived }),
    deleteSession,
    upload: uploads.upload,
    removeDocument: documents.remove,
    cleanDataset: datasets.cleanDataset,
    saveGlossary: datasets.saveGlossary,
    loadInsights: insights.load,
    runInsights: insights.run,
    loadMemory: memory.load,
    saveMemory: memory.save,
    send: turns.send,
    stop: turns.stop,
    edit: turns.edit,
    regenerate: turns.regenerate,
    setModel(id) {
      state.set({ model: typeof id === "string" && id !== "" ? id : null });
    },
    rate,
    download,
    async retry() {
      const redo = redoFailed;
      redoFailed = null;
      state.set({ error: null });
      await redo?.();
    },
    dismissError() {
      redoFailed = null;
      state.set({ error: null });
    },
    dispose() {
      turns.stop();
      documents.stop();
      state.clear();
    },
  };
}

/** A chat state with nothing loaded: what a client starts from, and a base for tests and stories. */
export function emptyChatState(): ChatState {
  return {
    sessions: [],
    sessionsLoading: false,
    search: "",
    currentSessionId: null,
    messages: [],
    messagesLoading: false,
    streaming: null,
    datasets: [],
    documents: noDocuments(),
    uploads: [],
    models: [],
    model: null,
    feedback: {},
    insights: {},
    memory: null,
    error: null,
  };
}
