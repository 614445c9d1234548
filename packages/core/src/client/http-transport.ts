import type { SessionDocuments } from "../documents/document-ports.js";
import { QuarryError } from "../errors/quarry-error.js";
import type { InsightRun } from "../insights/insight-card.js";
import type { ChatEvent } from "../model/chat-event.js";
import type { Dataset, GlossaryEntry } from "../model/dataset.js";
import type { Feedback } from "../model/feedback.js";
import type { Message } from "../model/message.js";
import type { Session } from "../model/session.js";
import type { SessionMemory } from "../model/session-memory.js";
import type { Page } from "../store/store.js";
import type {
  ChatTransport,
  DatasetWithPreview,
  ModelOption,
  SessionWithMessages,
  UploadProgress,
} from "./chat-transport.js";
import { fileNameFromDisposition } from "./download-name.js";
import { postFiles } from "./http-upload.js";
import { errorFromResponse, requestError } from "./response-error.js";
import { readSseFrames } from "./sse-frames.js";

/** Options of {@link httpTransport}. */
export interface HttpTransportOptions {
  /** Where the API is mounted: `https://data.example.com/api`, or `/api` on the page's own origin. */
  baseUrl: string;
  /**
   * Headers of every request, such as `Authorization`. A function is called before each request, so a token
   * that expires can be refreshed.
   */
  headers?: HeadersInit | (() => HeadersInit | Promise<HeadersInit>);
  /** `include` sends cookies to an API on another origin (the server must allow credentials in CORS). */
  credentials?: RequestCredentials;
  /**
   * The `fetch` to call; default the global one. When given, uploads go through it too, so their progress
   * is only reported at the end (without it, a browser uploads with `XMLHttpRequest` and reports every step).
   */
  fetch?: typeof fetch;
}

const chatEventTypes: ReadonlySet<string> = new Set([
  "message",
  "status",
  "text-delta",
  "part",
  "done",
  "error",
]);

/** An SSE frame's event, or undefined for one this client does not know (a newer server's), which is skipped. */
function eventOf(data: string): ChatEvent | undefined {
  let value: unknown;
  try {
    value = JSON.parse(data);
  } catch {
    throw new QuarryError("INTERNAL", "The server sent an event that is not JSON.");
  }
  const type = (value as { type?: unknown } | null)?.type;
  return typeof type === "string" && chatEventTypes.has(type) ? (value as ChatEvent) : undefined;
}

/**
 * A {@link ChatTransport} over the Quarry HTTP API (`createQuarryHandler` and its Hono and Express mounts):
 * JSON routes, turns streamed as Server-Sent Events, uploads as `multipart/form-data`, and failures as
 * `QuarryError`s with the server's code (`NOT_FOUND`, `PAYLOAD_TOO_LARGE`, …). Works in browsers, Node,
 * Deno, Bun and workers; it uses only `fetch` (and `XMLHttpRequest` for upload progress when present).
 *
 * @example
 * ```ts
 * const client = createChatClient({
 *   transport: httpTransport({ baseUrl: "/api", headers: () => ({ authorization: `Bearer ${token()}` }) }),
 * });
 * ```
 */
export function httpTransport(options: HttpTransportOptions): ChatTransport {
  const base = options.baseUrl.replace(/\/+$/, "");
  const id = encodeURIComponent;

  async function headersFor(extra: Record<string, string>): Promise<Headers> {
    const given = typeof options.headers === "function" ? await options.headers() : options.headers;
    const headers = new Headers(given);
    for (const [name, value] of Object.entries(extra)) headers.set(name, value);
    return headers;
  }

  /** A request that answered 2xx; anything else throws the `QuarryError` it stands for. */
  async function request(
    path: string,
    init: { method?: string; json?: unknown; accept?: string; signal?: AbortSignal | undefined } = {},
  ): Promise<Response> {
    const headers = await headersFor({
      accept: init.accept ?? "application/json",
      ...(init.json === undefined ? {} : { "content-type": "application/json" }),
    });
    // Called as a plain function: a browser's fetch refuses to run as a method of another object.
    const fetchImpl = options.fetch ?? globalThis.fetch;
    let response: Response;
    try {
      response = await fetchImpl(`${base}${path}`, {
        method: init.method ?? "GET",
        headers,
        ...(init.json === undefined ? {} : { body: JSON.stringify(init.json) }),
        ...(options.credentials ? { credentials: options.credentials } : {}),
        ...(init.signal ? { signal: init.signal } : {}),
      });
    } catch (error) {
      throw requestError(error);
    }
    if (!response.ok) throw await errorFromResponse(response);
    return response;
  }

  async function json<T>(path: string, init?: Parameters<typeof request>[1]): Promise<T> {
    return (await request(path, init)).json() as Promise<T>;
  }

  /** A multipart upload of files to `path`; the response's JSON. */
  async function post(
    path: string,
    files: readonly File[],
    upload: { onProgress?: UploadProgress; signal?: AbortSignal },
  ): Promise<unknown> {
    return postFiles(
      {
        url: `${base}${path}`,
        files,
        headers: await headersFor({ accept: "application/json" }),
        ...(options.credentials ? { credentials: options.credentials } : {}),
        ...(upload.onProgress ? { onProgress: upload.onProgress } : {}),
        ...(upload.signal ? { signal: upload.signal } : {}),
      },
      options.fetch,
    );
  }

  /** A turn: SSE frames as events; a server that answered JSON anyway gives its question and answer. */
  async function* turn(path: string, method: string, content: string, signal?: AbortSignal, model?: string) {
    const body = model === undefined ? { content } : { content, model };
    const response = await request(path, { method, json: body, accept: "text/event-stream", signal });
    if (!(response.headers.get("content-type") ?? "").includes("text/event-stream")) {
      const { messages } = (await response.json()) as { messages: Message[] };
      const [question, answer] = messages;
      if (question) yield { type: "message", message: question } satisfies ChatEvent;
      if (answer) yield { type: "done", message: answer } satisfies ChatEvent;
      return;
    }
    if (!response.body) throw new QuarryError("INTERNAL", "The server sent no event stream.");
    const frames = readSseFrames(response.body);
    for (;;) {
      let next: IteratorResult<{ data: string }>;
      try {
        next = await frames.next();
      } catch (error) {
        throw requestError(
          error,
          "The connection to the Quarry server broke before the answer was complete.",
        );
      }
      if (next.done) return;
      const event = eventOf(next.value.data);
      if (event) yield event;
    }
  }

  return {
    listSessions(list = {}) {
      const query = new URLSearchParams();
      if (list.search) query.set("search", list.search);
      if (list.archived) query.set("archived", list.archived);
      if (list.limit !== undefined) query.set("limit", String(list.limit));
      if (list.cursor) query.set("cursor", list.cursor);
      const search = query.toString();
      return json<Page<Session>>(search ? `/sessions?${search}` : "/sessions");
    },
    createSession(input = {}) {
      return json<Session>("/sessions", {
        method: "POST",
        json: input.title === undefined ? {} : { title: input.title },
      });
    },
    getSession(sessionId) {
      return json<SessionWithMessages>(`/sessions/${id(sessionId)}`);
    },
    updateSession(sessionId, patch) {
      return json<Session>(`/sessions/${id(sessionId)}`, { method: "PATCH", json: patch });
    },
    async deleteSession(sessionId) {
      await request(`/sessions/${id(sessionId)}`, { method: "DELETE" });
    },

    async uploadFiles(sessionId, files, upload = {}) {
      const body = (await post(`/sessions/${id(sessionId)}/datasets`, files, upload)) as {
        datasets: DatasetWithPreview[];
      };
      return body.datasets;
    },
    async listDatasets(sessionId) {
      return (await json<{ datasets: Dataset[] }>(`/sessions/${id(sessionId)}/datasets`)).datasets;
    },
    cleanDataset(datasetId, operations) {
      return json<DatasetWithPreview>(`/datasets/${id(datasetId)}/clean`, {
        method: "POST",
        json: { operations },
      });
    },

    async uploadDocuments(sessionId, files, upload = {}) {
      return (await post(`/sessions/${id(sessionId)}/documents`, files, upload)) as SessionDocuments;
    },
    listDocuments(sessionId) {
      return json<SessionDocuments>(`/sessions/${id(sessionId)}/documents`);
    },
    async removeDocument(sessionId, documentId) {
      await request(`/sessions/${id(sessionId)}/documents/${id(documentId)}`, { method: "DELETE" });
    },

    ask(sessionId, content, signal, turnRequest) {
      return turn(`/sessions/${id(sessionId)}/messages`, "POST", content, signal, turnRequest?.model);
    },
    edit(messageId, content, signal, turnRequest) {
      return turn(`/messages/${id(messageId)}`, "PATCH", content, signal, turnRequest?.model);
    },
    feedback(messageId, input) {
      return json<Feedback>(`/messages/${id(messageId)}/feedback`, { method: "POST", json: input });
    },
    async download(messageId, format) {
      const file = format === "xlsx" || format === "csv" ? `export.${format}` : `chart.${format}`;
      const response = await request(`/messages/${id(messageId)}/${file}`, { accept: "*/*" });
      const blob = await response.blob();
      const name = fileNameFromDisposition(response.headers.get("content-disposition")) ?? `answer.${format}`;
      return typeof File === "function"
        ? new File([blob], name, { type: blob.type })
        : Object.assign(blob, { name });
    },
    async models() {
      const { models } = await json<{ models: (Omit<ModelOption, "id"> & { id?: string })[] }>("/models");
      // A server from before models had ids lists them without; the id it would give them stands in.
      return models.map((m) => ({ ...m, id: m.id ?? `${m.provider}:${m.model}` }));
    },

    runInsights(datasetId) {
      return json<InsightRun>(`/datasets/${id(datasetId)}/insights`, { method: "POST" });
    },
    async latestInsights(datasetId) {
      let response: Response;
      try {
        response = await request(`/datasets/${id(datasetId)}/insights`);
      } catch (error) {
        // A server from before insights has no such route: as good as none ran.
        if (QuarryError.is(error, "NOT_FOUND")) return null;
        throw error;
      }
      // 204: none ran yet.
      return response.status === 204 ? null : ((await response.json()) as InsightRun);
    },
    getMemory(sessionId) {
      return json<SessionMemory>(`/sessions/${id(sessionId)}/memory`);
    },
    putMemory(sessionId, input) {
      return json<SessionMemory>(`/sessions/${id(sessionId)}/memory`, { method: "PUT", json: input });
    },
    getGlossary(datasetId) {
      return json<GlossaryEntry[]>(`/datasets/${id(datasetId)}/glossary`);
    },
    putGlossary(datasetId, entries) {
      return json<GlossaryEntry[]>(`/datasets/${id(datasetId)}/glossary`, { method: "PUT", json: entries });
    },
  };
}
