import { limits } from "../model/common.js";
import type { LanguageModel } from "../model-provider/language-model.js";

/** Titles stay short enough for a sidebar. */
export const maxTitleLength = 60;

/**
 * A session title made from its first question: whitespace collapsed, trailing punctuation dropped, cut at
 * a word boundary with an ellipsis when long.
 *
 * @example
 * ```ts
 * titleFromQuestion("  What was the total   rainfall per year?"); // "What was the total rainfall per year"
 * ```
 */
export function titleFromQuestion(question: string, maxLength = maxTitleLength): string {
  const text = question
    .replace(/\s+/g, " ")
    .trim()
    .replace(/[?.!:;,\s]+$/u, "");
  if (text.length <= maxLength) return text;
  const cut = text.slice(0, maxLength - 1);
  const space = cut.lastIndexOf(" ");
  // A very long first word is cut mid-word rather than leaving almost nothing.
  const head = space > maxLength / 2 ? cut.slice(0, space) : cut;
  return `${head.replace(/[\s,;:.-]+$/u, "")}…`;
}

/**
 * Asks the model for a title of a few words; falls back to {@link titleFromQuestion} when the model fails,
 * answers nothing usable, or takes too long.
 */
export async function titleFromModel(
  model: LanguageModel,
  question: string,
  signal?: AbortSignal,
): Promise<string> {
  const fallback = titleFromQuestion(question);
  let text = "";
  try {
    for await (const part of model.doStream({
      messages: [
        {
          role: "system",
          content:
            "Write a title of at most six words for a chat that starts with the user's question. Reply with the title only, no quotes or punctuation at the end.",
        },
        { role: "user", content: question.slice(0, 2_000) },
      ],
      toolChoice: "none",
      maxOutputTokens: 30,
      ...(signal ? { signal } : {}),
    })) {
      if (part.type === "text-delta") text += part.delta;
      if (part.type === "error") return fallback;
    }
  } catch {
    return fallback;
  }
  const title = titleFromQuestion(text.replace(/^["'“”\s]+|["'“”\s]+$/gu, "").split("\n")[0] ?? "");
  return title.length > 0 && title.length <= limits.titleLength ? title : fallback;
}
