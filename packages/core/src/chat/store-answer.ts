import type { ErrorCode } from "../errors/quarry-error.js";
import { limits, type Metadata } from "../model/common.js";
import type { Message, Usage } from "../model/message.js";
import type { MessagePart } from "../model/message-part.js";
import type { Principal } from "../model/principal.js";
import type { LanguageModel } from "../model-provider/language-model.js";
import type { Store } from "../store/store.js";
import { promptVersion } from "./agent-instructions.js";

/** What storing an answer needs to know about its turn. */
export interface AnswerContext {
  store: Store;
  model: LanguageModel;
  principal: Principal;
  session: { id: string };
  question: { id: string };
  /** The prompt version to record; default the agent's own. */
  promptVersion?: string;
}

/**
 * Appends a turn's answer, ending with an error part when the turn failed. Text is clipped to the message
 * limit; if the full answer is still refused (an oversized part), a short answer with the text and the
 * error is stored instead, so the question never stays unanswered.
 */
export async function storeAnswer(
  context: AnswerContext,
  parts: MessagePart[],
  metadata: Metadata,
  usage: Usage,
  error: { code: ErrorCode; message: string } | undefined,
): Promise<Message> {
  const { store, model, principal } = context;
  const clipped = parts.map((part) =>
    part.type === "text" && part.text.length > limits.textLength
      ? { ...part, text: part.text.slice(0, limits.textLength) }
      : part,
  );
  const withError = (list: MessagePart[]): MessagePart[] =>
    error ? [...list, { type: "error", code: error.code, message: error.message.slice(0, 10_000) }] : list;
  const append = (list: MessagePart[], meta: Metadata) =>
    store.messages.append(principal, context.session.id, {
      role: "assistant",
      parts: withError(list),
      replyTo: context.question.id,
      model: model.modelId.slice(0, limits.nameLength),
      provider: model.provider.slice(0, limits.nameLength),
      promptVersion: context.promptVersion ?? promptVersion,
      usage,
      metadata: meta,
    });
  try {
    return await append(clipped, metadata);
  } catch (first) {
    const text = clipped.filter((part) => part.type === "text");
    const fallback: MessagePart[] = [
      ...text,
      {
        type: "error",
        code: "STORAGE_ERROR",
        message: `The full answer could not be stored: ${first instanceof Error ? first.message.slice(0, 500) : "unknown error"}`,
      },
    ];
    return await append(fallback, {});
  }
}
