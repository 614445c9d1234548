import type { ChatEvent } from "../model/chat-event.js";
import type { Message } from "../model/message.js";
import type { MessagePart } from "../model/message-part.js";
import type { StreamingAnswer } from "./chat-transport.js";

/** The streaming answer of a turn that has just started: nothing stored or written yet. */
export function startStreaming(question: Message | null = null): StreamingAnswer {
  return { question, status: null, text: "", parts: [] };
}

/**
 * The streaming answer after one event of its turn; `done` and `error` end the turn and are the caller's
 * to handle, so they leave it as it is.
 */
export function applyChatEvent(streaming: StreamingAnswer, event: ChatEvent): StreamingAnswer {
  switch (event.type) {
    case "message":
      return { ...streaming, question: event.message };
    case "status":
      return { ...streaming, status: event.status };
    case "text-delta":
      return { ...streaming, text: streaming.text + event.delta };
    case "part":
      return { ...streaming, parts: withPart(streaming.parts, event.part) };
    default:
      return streaming;
  }
}

/** The parts with one more; a tool call's part sent again (with its result, say) replaces the earlier one. */
function withPart(parts: readonly MessagePart[], part: MessagePart): MessagePart[] {
  if (part.type === "tool") {
    const at = parts.findIndex((p) => p.type === "tool" && p.toolCallId === part.toolCallId);
    if (at !== -1) return parts.map((p, i) => (i === at ? part : p));
  }
  return [...parts, part];
}

/** The conversation with a (new or edited) question: replaced where it is, else added at the end. */
export function withQuestion(messages: readonly Message[], question: Message): Message[] {
  const at = messages.findIndex((m) => m.id === question.id);
  return at === -1 ? [...messages, question] : messages.map((m, i) => (i === at ? question : m));
}

/**
 * The conversation with an answer in its place: right after the question it replies to, replacing the
 * earlier answer to that question (each question is followed by its latest answer). An answer to a question
 * that is not there goes at the end.
 */
export function withAnswer(messages: readonly Message[], answer: Message): Message[] {
  const replaced = (m: Message) =>
    m.id === answer.id || (answer.replyTo !== null && m.role === "assistant" && m.replyTo === answer.replyTo);
  const rest = messages.filter((m) => !replaced(m));
  const at = answer.replyTo === null ? -1 : rest.findIndex((m) => m.id === answer.replyTo);
  return at === -1 ? [...rest, answer] : [...rest.slice(0, at + 1), answer, ...rest.slice(at + 1)];
}

/** The text of a message's text parts, joined: a question as it was asked. */
export function questionText(message: Message): string {
  return message.parts.flatMap((part) => (part.type === "text" ? [part.text] : [])).join("\n");
}
