import type { Message } from "../model/message.js";
import { type MessagePart, textOfParts } from "../model/message-part.js";
import type { ModelMessage } from "../model-provider/language-model.js";

/**
 * A session's messages as the conversation reads: each user message followed by its latest answer. Editing
 * a question appends a new answer that replies to it, so earlier answers to the same question drop out.
 * Answers that reply to nothing stay where they are.
 */
export function threadOf(messages: readonly Message[]): Message[] {
  const latestReply = new Map<string, Message>();
  for (const message of messages) {
    if (message.role !== "assistant" || message.replyTo === null) continue;
    const seen = latestReply.get(message.replyTo);
    if (!seen || seen.seq < message.seq) latestReply.set(message.replyTo, message);
  }
  const thread: Message[] = [];
  for (const message of messages) {
    if (message.role === "user") {
      thread.push(message);
      const reply = latestReply.get(message.id);
      if (reply) thread.push(reply);
    } else if (message.role === "assistant" && message.replyTo === null) {
      thread.push(message);
    }
  }
  return thread;
}

/** The longest SQL repeated to the model from an earlier answer. */
const maxHistorySql = 4_000;

/**
 * What the model is told of an earlier answer: its text, the SQL it ran and the result's shape (never its
 * rows, which the privacy setting may forbid), the documents it cited, or that it failed.
 */
function assistantSummary(parts: readonly MessagePart[]): string {
  const lines = [textOfParts(parts)];
  for (const part of parts) {
    if (part.type === "sql") lines.push(`SQL used:\n${part.sql.slice(0, maxHistorySql)}`);
    if (part.type === "table") {
      const names = part.columns.map((c) => c.name).join(", ");
      lines.push(`Result: ${part.rowCount} rows; columns ${names}.`);
    }
    if (part.type === "citations" && part.citations.length > 0) {
      // Where the answer came from, so a follow-up ("what else does it say?") can search the same file.
      const sources = part.citations.map((c) =>
        c.page === null ? c.fileName : `${c.fileName}, p. ${c.page}`,
      );
      lines.push(`Sources: ${[...new Set(sources)].join("; ")}.`);
    }
    if (part.type === "error") lines.push(`(This answer failed: ${part.code}: ${part.message})`);
  }
  return lines.filter((line) => line.trim().length > 0).join("\n\n") || "(no answer)";
}

/** The last `limit` messages of a thread as model history, starting at a user message. */
export function historyForModel(thread: readonly Message[], limit: number): ModelMessage[] {
  let recent = thread.slice(Math.max(0, thread.length - Math.max(0, limit)));
  // Providers want the conversation to open with the user; drop a leading answer whose question was cut.
  while (recent.length > 0 && recent[0]?.role !== "user") recent = recent.slice(1);
  const history: ModelMessage[] = [];
  for (const message of recent) {
    if (message.role === "user") history.push({ role: "user", content: textOfParts(message.parts) });
    else if (message.role === "assistant")
      history.push({ role: "assistant", content: assistantSummary(message.parts) });
  }
  return history;
}
