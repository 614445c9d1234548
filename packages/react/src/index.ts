/**
 * `@quarry/react`: the `<QuarryChat/>` widget, its hooks, and the `<quarry-chat>` custom element. The chat
 * state lives in `@quarry/core`'s framework-free chat client; this package subscribes to it and renders it.
 * @packageDocumentation
 */
export type { ChatEvent, Message, MessagePart, Session } from "@quarry/core";
export {
  type ChatClient,
  type ChatClientOptions,
  type ChatError,
  type ChatState,
  type ChatTransport,
  createChatClient,
  type DatasetWithPreview,
  type HttpTransportOptions,
  httpTransport,
  type LocalTransportOptions,
  localTransport,
  type ModelOption,
  type SessionDocumentFile,
  type SessionDocuments,
  type StreamingAnswer,
  type UploadState,
} from "@quarry/core/client";
export { QuarryChat, type QuarryChatProps, type QuarryTheme } from "./quarry-chat.js";
export {
  defineQuarryChatElement,
  type QuarryChatElement,
  type QuarryChatElementOptions,
} from "./quarry-chat-element.js";
export { defaultStrings, type QuarryStrings } from "./strings.js";
export { type QuarryChatActions, useQuarryChat } from "./use-quarry-chat.js";
export { type SessionsView, useSessions } from "./use-sessions.js";
