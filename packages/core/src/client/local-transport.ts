import type { Quarry } from "../chat/quarry-types.js";
import { modelChoices } from "../chat/turn-models.js";
import { QuarryError } from "../errors/quarry-error.js";
import type { CleaningOperation } from "../model/cleaning.js";
import type { Dataset } from "../model/dataset.js";
import type { Principal } from "../model/principal.js";
import type { ChatTransport, DatasetWithPreview, UploadProgress } from "./chat-transport.js";

/** What a {@link LocalIngest} is given besides the files. */
export interface LocalIngestContext {
  /** The caller's session the datasets are for (the transport attaches them after the ingest). */
  sessionId: string;
  principal: Principal;
  quarry: Quarry;
  onProgress?: UploadProgress;
  signal?: AbortSignal;
}

/**
 * Turns uploaded files into stored datasets (with their first rows) in the page, such as the browser ingest
 * over DuckDB-WASM. All or nothing is up to it: what it returns is attached to the session.
 */
export type LocalIngest = (
  files: readonly File[],
  context: LocalIngestContext,
) => Promise<DatasetWithPreview[]>;

/** Applies cleaning operations to a dataset in the page, giving its new version. */
export type LocalClean = (
  datasetId: string,
  operations: readonly CleaningOperation[],
  context: { principal: Principal; quarry: Quarry },
) => Promise<Dataset>;

/** Options of {@link localTransport}. */
export interface LocalTransportOptions {
  /** The pipeline running in the page (`createQuarry` over IndexedDB and DuckDB-WASM, say). */
  quarry: Quarry;
  /** Whose data this is: every call is scoped by it. */
  principal: Principal;
  /** How uploads become datasets; without it, uploads fail with `NOT_IMPLEMENTED`. */
  ingest?: LocalIngest;
  /** How datasets are cleaned; without it, cleaning fails with `NOT_IMPLEMENTED`. */
  clean?: LocalClean;
}

/**
 * A {@link ChatTransport} that runs Quarry in the page, with no server: sessions, turns, documents,
 * feedback, downloads, insights, memory and glossaries go straight to `quarry` and `quarry.store` as `principal` (documents are read in
 * the page by `quarry.documents`, which loads pdf.js only when a PDF comes). Errors are the pipeline's own
 * `QuarryError`s, so the chat client treats both transports alike.
 *
 * @example
 * ```ts
 * const quarry = createQuarry({ store: await createIndexedDbStore(), blobs, model, engine });
 * const client = createChatClient({ transport: localTransport({ quarry, principal: { userId: "me", tenantId: "local" } }) });
 * ```
 */
export function localTransport(options: LocalTransportOptions): ChatTransport {
  const { quarry, principal } = options;
  const { store } = quarry;

  async function sessionOf(id: string) {
    const session = await store.sessions.get(principal, id);
    if (!session) throw new QuarryError("NOT_FOUND", "No such session.");
    return session;
  }

  return {
    listSessions(list = {}) {
      return store.sessions.list(principal, list);
    },
    createSession(input = {}) {
      return store.sessions.create(principal, input.title === undefined ? {} : { title: input.title });
    },
    async getSession(id) {
      const session = await sessionOf(id);
      const [messages, ratings] = await Promise.all([
        quarry.thread(session.id, { principal }),
        store.feedback.list(principal, { sessionId: session.id }),
      ]);
      return {
        ...session,
        messages,
        feedback: Object.fromEntries(ratings.map((f) => [f.messageId, f.rating])),
      };
    },
    updateSession(id, patch) {
      return store.sessions.update(principal, id, patch);
    },
    deleteSession(id) {
      return store.sessions.delete(principal, id);
    },

    async uploadFiles(sessionId, files, upload = {}) {
      const session = await sessionOf(sessionId);
      if (!options.ingest) {
        throw new QuarryError(
          "NOT_IMPLEMENTED",
          "Uploading needs an ingest in the page: pass `ingest` to localTransport.",
        );
      }
      const datasets = await options.ingest(files, {
        sessionId: session.id,
        principal,
        quarry,
        ...(upload.onProgress ? { onProgress: upload.onProgress } : {}),
        ...(upload.signal ? { signal: upload.signal } : {}),
      });
      if (datasets.length > 0) {
        await store.sessions.attach(principal, session.id, { datasetIds: datasets.map((d) => d.id) });
      }
      const size = files.reduce((sum, file) => sum + file.size, 0);
      upload.onProgress?.(size, size);
      return datasets;
    },
    async listDatasets(sessionId) {
      const session = await sessionOf(sessionId);
      if (session.datasetIds.length === 0) return [];
      const found = await store.datasets.list(principal, { ids: session.datasetIds });
      const live = new Map(found.filter((d) => d.deletedAt === null).map((d) => [d.id, d]));
      return session.datasetIds.flatMap((id) => live.get(id) ?? []);
    },
    async uploadDocuments(sessionId, files, upload = {}) {
      const documents = await Promise.all(
        files.map(async (file) => ({
          fileName: file.name,
          bytes: new Uint8Array(await file.arrayBuffer()),
          ...(file.type ? { mediaType: file.type } : {}),
        })),
      );
      const added = await quarry.documents.add(sessionId, documents, {
        principal,
        ...(upload.signal ? { signal: upload.signal } : {}),
      });
      const size = files.reduce((sum, file) => sum + file.size, 0);
      upload.onProgress?.(size, size);
      return added;
    },
    listDocuments(sessionId) {
      return quarry.documents.list(sessionId, { principal });
    },
    removeDocument(sessionId, documentId) {
      return quarry.documents.remove(sessionId, documentId, { principal });
    },
    cleanDataset(datasetId, operations) {
      if (!options.clean) {
        return Promise.reject(
          new QuarryError(
            "NOT_IMPLEMENTED",
            "Cleaning needs a cleaner in the page: pass `clean` to localTransport.",
          ),
        );
      }
      return options.clean(datasetId, operations, { principal, quarry });
    },

    ask(sessionId, content, signal, request) {
      return quarry.chat(sessionId, content, {
        principal,
        ...(signal ? { signal } : {}),
        ...(request?.model === undefined ? {} : { model: request.model }),
      });
    },
    async *edit(messageId, content, signal, request) {
      const message = await store.messages.get(principal, messageId);
      if (!message) throw new QuarryError("NOT_FOUND", "No such message.");
      yield* quarry.editMessage(message.sessionId, message.id, content, {
        principal,
        ...(signal ? { signal } : {}),
        ...(request?.model === undefined ? {} : { model: request.model }),
      });
    },
    feedback(messageId, input) {
      return quarry.feedback({ messageId, ...input }, { principal });
    },
    async download(messageId, format) {
      const file = await quarry.exportMessage(messageId, format, { principal });
      const bytes = file.bytes as Uint8Array<ArrayBuffer>;
      return typeof File === "function"
        ? new File([bytes], file.fileName, { type: file.mediaType })
        : Object.assign(new Blob([bytes], { type: file.mediaType }), { name: file.fileName });
    },
    async models() {
      return modelChoices(quarry);
    },

    runInsights(datasetId) {
      return quarry.insights.run(datasetId, { principal });
    },
    latestInsights(datasetId) {
      return quarry.insights.latest(datasetId, { principal });
    },
    getMemory(sessionId) {
      return quarry.memory.get(sessionId, { principal });
    },
    putMemory(sessionId, input) {
      return quarry.memory.put(sessionId, input, { principal });
    },
    getGlossary(datasetId) {
      return quarry.glossary.get(datasetId, { principal });
    },
    putGlossary(datasetId, entries) {
      return quarry.glossary.put(datasetId, entries, { principal });
    },
  };
}
