import type { ColumnProfile, Dataset, Message, MessagePart, Session } from "@quarry/core";
import { type ChatClient, type ChatState, emptyChatState } from "@quarry/core/client";
import { vi } from "vitest";

/** The widget's tests' chat client: state the test scripts with `set`, and actions that are spies. */
export interface FakeChatClient extends ChatClient {
  /** Publishes a new state with these fields changed. */
  set(patch: Partial<ChatState>): void;
}

/** An empty chat state. */
export const emptyState = emptyChatState;

/** A fake client holding `initial` (over an empty state); every action resolves and records its call. */
export function fakeChatClient(initial: Partial<ChatState> = {}): FakeChatClient {
  let state: ChatState = { ...emptyState(), ...initial };
  const listeners = new Set<() => void>();
  const done = () => vi.fn(async () => {});
  return {
    getState: () => state,
    ready: Promise.resolve(),
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    set(patch) {
      state = { ...state, ...patch };
      for (const listener of [...listeners]) listener();
    },
    loadSessions: done(),
    openSession: done(),
    newSession: vi.fn(async (title?: string) => session({ id: "s-new", title: title ?? "" })),
    renameSession: done(),
    pinSession: done(),
    archiveSession: done(),
    deleteSession: done(),
    upload: done(),
    removeDocument: done(),
    cleanDataset: done(),
    saveGlossary: done(),
    loadInsights: done(),
    runInsights: done(),
    loadMemory: done(),
    saveMemory: done(),
    send: done(),
    stop: vi.fn(),
    edit: done(),
    regenerate: done(),
    setModel: vi.fn((id: string | null) => {
      state = { ...state, model: id };
      for (const listener of [...listeners]) listener();
    }),
    rate: done(),
    download: vi.fn(async () => Object.assign(new Blob(["a,b"]), { name: "answer.csv" })),
    retry: done(),
    dismissError: vi.fn(),
    dispose: vi.fn(),
  } as FakeChatClient;
}

const at = "2024-05-01T00:00:00.000Z";

/** A session. */
export function session(input: Partial<Session> = {}): Session {
  return {
    id: "s1",
    ownerId: "alice",
    tenantId: "acme",
    title: "Rain in May",
    datasetIds: [],
    documentIds: [],
    pinned: false,
    archived: false,
    status: "idle",
    metadata: {},
    createdAt: at,
    updatedAt: at,
    ...input,
  };
}

/** A message with these parts. */
export function message(input: Partial<Message> & { parts: MessagePart[] }): Message {
  return {
    id: "m1",
    sessionId: "s1",
    seq: 1,
    role: "assistant",
    replyTo: null,
    edited: false,
    model: null,
    provider: null,
    promptVersion: null,
    usage: null,
    metadata: {},
    createdAt: at,
    updatedAt: at,
    ...input,
  };
}

/** A question. */
export function question(id: string, text: string): Message {
  return message({ id, role: "user", parts: [{ type: "text", text }] });
}

/** A column profile. */
export function column(input: Partial<ColumnProfile> & Pick<ColumnProfile, "name" | "kind">): ColumnProfile {
  return {
    type: input.kind === "string" ? "VARCHAR" : input.kind === "integer" ? "BIGINT" : "DOUBLE",
    nullCount: 0,
    nullRate: 0,
    distinctCount: 10,
    ...input,
  };
}

/** A dataset of weather by city. */
export function weatherDataset(input: Partial<Dataset> = {}): Dataset {
  return {
    id: "d1",
    ownerId: "alice",
    tenantId: "acme",
    name: "weather.csv",
    tableName: "weather",
    format: "csv",
    rowCount: 1461,
    sizeBytes: 50_000,
    columns: [
      column({ name: "date", kind: "date", type: "DATE", distinctCount: 1461 }),
      column({ name: "city", kind: "string", distinctCount: 4, topValues: [{ value: "Oslo", count: 400 }] }),
      column({
        name: "temp_max",
        kind: "number",
        min: -10,
        max: 35.5,
        mean: 16.43921,
        nullCount: 3,
        nullRate: 0.002,
      }),
      column({ name: "precipitation", kind: "number", min: 0, max: 55.9, mean: 3.0289 }),
    ],
    glossary: [],
    suggestions: [
      {
        id: "missing-values:temp_max",
        kind: "missing-values",
        column: "temp_max",
        count: 3,
        message: "temp_max has 3 empty values",
        operations: [{ op: "fill-nulls", column: "temp_max", strategy: "median" }],
      },
    ],
    blobKey: null,
    sourceFileName: "weather.csv",
    metadata: {},
    version: 1,
    deletedAt: null,
    createdAt: at,
    updatedAt: at,
    ...input,
  };
}
