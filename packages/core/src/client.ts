/**
 * `@quarry/core/client`: the chat client for browsers and any other JavaScript runtime, free of UI
 * frameworks and of Node built-ins. `createChatClient` holds the chat's state (sessions, the conversation,
 * the streaming answer, uploads, datasets, documents, feedback, insights, memory, errors) and its actions; a transport carries them to Quarry:
 * `httpTransport` to the server adapters' HTTP API, `localTransport` to a `Quarry` running in the page.
 * `@quarry/react` renders this state.
 * @packageDocumentation
 */

export { createChatClient, emptyChatState } from "./client/chat-client.js";
export type {
  ChatClient,
  ChatClientOptions,
  ChatState,
  ChatStorage,
  DatasetInsightsState,
  SessionMemoryState,
  UploadPreview,
  UploadState,
} from "./client/chat-client-types.js";
export type {
  ChatError,
  ChatTransport,
  DatasetWithPreview,
  ModelOption,
  SessionWithMessages,
  StreamingAnswer,
  TurnRequest,
  UploadProgress,
} from "./client/chat-transport.js";
export { acceptedUploads, isDocumentFile } from "./client/document-files.js";
export { fileNameFromDisposition } from "./client/download-name.js";
export { type FilePreview, type FilePreviewOptions, previewFile } from "./client/file-preview.js";
export { type HttpTransportOptions, httpTransport } from "./client/http-transport.js";
export {
  type LocalClean,
  type LocalIngest,
  type LocalIngestContext,
  type LocalTransportOptions,
  localTransport,
} from "./client/local-transport.js";
export { readSseFrames, type SseFrame } from "./client/sse-frames.js";
export type { SessionDocumentFile, SessionDocuments } from "./documents/document-ports.js";
export { type ErrorCode, isAbortError, QuarryError } from "./errors/quarry-error.js";
export type { InsightCard, InsightKind, InsightRun } from "./insights/insight-card.js";
export type { ChatEvent, TurnStatus } from "./model/chat-event.js";
export type { CleaningOperation } from "./model/cleaning.js";
export type { Json } from "./model/common.js";
export type { ColumnProfile, Dataset, GlossaryEntry } from "./model/dataset.js";
export type { Feedback } from "./model/feedback.js";
export type { Message } from "./model/message.js";
export type {
  ChartPart,
  Citation,
  CitationsPart,
  ErrorPart,
  FilePart,
  MessagePart,
  ResultColumn,
  SqlPart,
  TablePart,
  TextPart,
  ToolPart,
} from "./model/message-part.js";
export type { Principal } from "./model/principal.js";
export type { Session } from "./model/session.js";
export type { SessionMemory, SessionMemoryInput } from "./model/session-memory.js";
export type { Page } from "./store/store.js";
