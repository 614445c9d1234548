import type { SessionDocuments } from "../documents/document-ports.js";
import type { ChatActionContext } from "./chat-action-context.js";

/** What the document actions need of the client around them. */
export interface DocumentContext extends ChatActionContext {
  /** How often the list is asked for again while a document is processing, in ms. */
  pollMs: number;
}

/** A session without documents: what the state holds before a session's list has come. */
export function noDocuments(): SessionDocuments {
  return { ready: false, files: [] };
}

/** The files with these in them: a file already listed is replaced in its place, new ones go last. */
function withFiles(current: SessionDocuments, added: SessionDocuments): SessionDocuments {
  const byId = new Map(added.files.map((f) => [f.documentId, f]));
  const known = new Set(current.files.map((f) => f.documentId));
  return {
    ready: added.ready,
    files: [
      ...current.files.map((f) => byId.get(f.documentId) ?? f),
      ...added.files.filter((f) => !known.has(f.documentId)),
    ],
  };
}

const processing = (documents: SessionDocuments) => documents.files.some((f) => f.status === "processing");

/**
 * The open session's documents: listed when a session opens and after an upload, and listed again every
 * `pollMs` while any of them is still `processing` (a server may go on reading a file after answering, and
 * another tab may be uploading into the same session). A failed list leaves the documents as they were and
 * stops the polling until the next upload or open: it is a view of the server, not a thing to retry.
 */
export function createDocumentActions(context: DocumentContext): {
  /** Lists the documents of `sessionId` into the state, if it is still the open session. */
  refresh(sessionId: string): Promise<void>;
  /** Shows the files an upload into `sessionId` stored, then lists the session's documents again. */
  stored(sessionId: string, result: SessionDocuments): void;
  remove(documentId: string): Promise<void>;
  /** Stops polling (another session opened, or the client is disposed). */
  stop(): void;
} {
  const { transport, state, fail, clearError, pollMs } = context;
  let request = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;

  function stop(): void {
    request++;
    clearTimeout(timer);
    timer = undefined;
  }

  async function refresh(sessionId: string): Promise<void> {
    stop();
    const mine = request;
    let documents: SessionDocuments;
    try {
      documents = await transport.listDocuments(sessionId);
    } catch {
      return;
    }
    if (mine !== request || state.get().currentSessionId !== sessionId) return;
    state.set({ documents });
    if (processing(documents)) timer = setTimeout(() => void refresh(sessionId), pollMs);
  }

  function stored(sessionId: string, result: SessionDocuments): void {
    if (state.get().currentSessionId !== sessionId) return;
    state.set((s) => ({ documents: withFiles(s.documents, result) }));
    void refresh(sessionId);
  }

  async function remove(documentId: string): Promise<void> {
    const sessionId = state.get().currentSessionId;
    if (sessionId === null) return;
    clearError("document");
    try {
      await transport.removeDocument(sessionId, documentId);
    } catch (error) {
      fail(error, "document", () => remove(documentId));
      return;
    }
    if (state.get().currentSessionId !== sessionId) return;
    state.set((s) => {
      const files = s.documents.files.filter((f) => f.documentId !== documentId);
      // What `ready` means without the file is the server's to say; until it has, what is left decides.
      return {
        documents: { ready: files.length > 0 && files.every((f) => f.status === "processed"), files },
      };
    });
    await refresh(sessionId);
  }

  return { refresh, stored, remove, stop };
}
