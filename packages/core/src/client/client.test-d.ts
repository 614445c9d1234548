import { expectTypeOf, test } from "vitest";
import {
  type ChatClient,
  type ChatError,
  type ChatState,
  type ChatTransport,
  createChatClient,
  type FilePreview,
  type GlossaryEntry,
  httpTransport,
  type InsightRun,
  localTransport,
  type Message,
  type ModelOption,
  previewFile,
  type SessionDocuments,
  type SessionMemory,
  type SessionMemoryInput,
  type UploadPreview,
  type UploadState,
} from "../client.js";

test("both transports are ChatTransports and the client takes either", () => {
  expectTypeOf(httpTransport).returns.toEqualTypeOf<ChatTransport>();
  expectTypeOf(localTransport).returns.toEqualTypeOf<ChatTransport>();
  expectTypeOf(createChatClient).returns.toEqualTypeOf<ChatClient>();
});

test("the state is what the widget renders", () => {
  expectTypeOf<ChatState["messages"]>().toEqualTypeOf<Message[]>();
  expectTypeOf<ChatState["streaming"]>().exclude<null>().toHaveProperty("parts");
  expectTypeOf<ChatClient["getState"]>().returns.toEqualTypeOf<ChatState>();
  expectTypeOf<ChatClient["download"]>().returns.resolves.toMatchTypeOf<Blob & { name?: string }>();
});

test("a model is chosen by its id, and an upload's preview is a table", () => {
  expectTypeOf<ChatClient["setModel"]>().parameter(0).toEqualTypeOf<string | null>();
  expectTypeOf<ChatState["model"]>().toEqualTypeOf<string | null>();
  expectTypeOf<ModelOption["id"]>().toEqualTypeOf<string>();
  expectTypeOf(previewFile).returns.resolves.toEqualTypeOf<FilePreview | null>();
  expectTypeOf<UploadPreview>().toMatchTypeOf<FilePreview>();
  expectTypeOf<UploadPreview["source"]>().toEqualTypeOf<"file" | "server">();
});

test("the state holds the session's documents, and uploads say where each file went", () => {
  expectTypeOf<ChatState["documents"]>().toEqualTypeOf<SessionDocuments>();
  expectTypeOf<SessionDocuments["files"][number]["status"]>().toEqualTypeOf<
    "processing" | "processed" | "failed"
  >();
  expectTypeOf<UploadState["kind"]>().toEqualTypeOf<"dataset" | "document">();
  expectTypeOf<ChatTransport["listDocuments"]>().returns.resolves.toEqualTypeOf<SessionDocuments>();
  expectTypeOf<ChatClient["removeDocument"]>().parameters.toEqualTypeOf<[documentId: string]>();
});

test("insights are kept per dataset, memory per session, and their failures say which dataset", () => {
  expectTypeOf<ChatState["insights"][string]["run"]>().toEqualTypeOf<InsightRun | null>();
  expectTypeOf<NonNullable<ChatState["memory"]>["memory"]>().toEqualTypeOf<SessionMemory | null>();
  expectTypeOf<ChatTransport["latestInsights"]>().returns.resolves.toEqualTypeOf<InsightRun | null>();
  expectTypeOf<ChatClient["saveMemory"]>().parameter(0).toEqualTypeOf<SessionMemoryInput>();
  expectTypeOf<ChatClient["saveGlossary"]>().parameter(1).toEqualTypeOf<readonly GlossaryEntry[]>();
  expectTypeOf<"insights" | "memory" | "glossary">().toMatchTypeOf<ChatError["action"]>();
  expectTypeOf<ChatError["datasetId"]>().toEqualTypeOf<string | undefined>();
});
