/**
 * `@quarry/react`: the `<QuarryChat/>` widget, hooks and transports. It subscribes to the framework-free
 * chat state of `@quarry/core` and renders it; the widget itself arrives with the HTTP API it talks to.
 * @packageDocumentation
 */
export type { ChatEvent, Message, MessagePart, Session } from "@quarry/core";
