import { type MessagePart, textOfParts } from "../model/message-part.js";
import type { SessionMemory, SessionMemoryInput } from "../model/session-memory.js";
import { extractPreferences, mergePreferences } from "./memory-preferences.js";

/**
 * Session memory: a running summary of the conversation and the preferences the user stated, kept per
 * session (`store.memory`), editable by the user (GET/PUT /sessions/:id/memory), and put in later prompts.
 *
 * The summary is deterministic: a block headed {@link recentHeading} holding one line per recent turn ("- the
 * question → what it answered"), the last N kept. Whatever the user writes outside that block (or as a line
 * not starting with "- " inside it) is theirs: updates keep it verbatim and only roll the block.
 */

/** The heading of the summary's rolling block. */
export const recentHeading = "Recent questions:";

const summaryLimit = 20_000;
const questionChars = 140;
const answerChars = 160;

/** One line of the rolling block for a finished turn. */
export function turnLine(question: string, answerParts: readonly MessagePart[]): string {
  return `- ${clip(oneLine(question), questionChars)} → ${clip(answerGist(answerParts), answerChars)}`;
}

/** What an answer said, in a few words: its first sentence, else its table's shape, else its failure. */
export function answerGist(parts: readonly MessagePart[]): string {
  const error = parts.find((p) => p.type === "error");
  if (error?.type === "error") return `failed (${error.code})`;
  const text = oneLine(textOfParts(parts).replace(/[*_`#>]+/g, ""));
  const sentence = /^.+?[.!?](?=\s|$)/.exec(text)?.[0] ?? text;
  if (sentence !== "") return sentence;
  const table = parts.find((p) => p.type === "table");
  if (table?.type === "table") {
    return `a table of ${table.rowCount} ${table.rowCount === 1 ? "row" : "rows"} (${table.columns.map((c) => c.name).join(", ")})`;
  }
  return "no answer";
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/**
 * The summary with a turn's line added to its rolling block (the last `maxTurns` lines kept), the user's own
 * text kept as written. When the user's text alone fills the store's limit, the block is left out rather
 * than any of their words.
 */
export function updateSummary(summary: string, line: string, maxTurns: number): string {
  const lines = summary.split("\n");
  const at = lines.findIndex((l) => l.trim() === recentHeading);
  const own = at < 0 ? lines : lines.slice(0, at);
  const block: string[] = [];
  for (const l of at < 0 ? [] : lines.slice(at + 1)) {
    if (l.startsWith("- ")) block.push(l);
    else if (l.trim() !== "") own.push(l);
  }
  block.push(line);
  const userText = own.join("\n").trim();
  let kept = block.slice(Math.max(0, block.length - Math.max(1, maxTurns)));
  const compose = () =>
    [userText, kept.length > 0 ? `${recentHeading}\n${kept.join("\n")}` : ""].filter(Boolean).join("\n\n");
  while (kept.length > 0 && compose().length > summaryLimit) kept = kept.slice(1);
  return compose().slice(0, summaryLimit);
}

/** What a finished turn adds to memory. */
export interface MemoryTurn {
  /** The question as the user wrote it (preferences are read from it). */
  question: string;
  /** The question as answered (a follow-up's standalone reading), for the summary. */
  resolvedQuestion?: string;
  answerParts: readonly MessagePart[];
}

/**
 * The session's memory after a turn: its line rolled into the summary, the preferences the question stated
 * or withdrew merged in. Starts from what is stored, so the user's edits survive.
 *
 * @example
 * ```ts
 * const next = updateMemory(await store.memory.get(principal, sessionId), { question, answerParts }, { summaryTurns: 8 });
 * await store.memory.put(principal, sessionId, next);
 * ```
 */
export function updateMemory(
  stored: Pick<SessionMemory, "summary" | "preferences">,
  turn: MemoryTurn,
  options: { summaryTurns: number },
): SessionMemoryInput {
  const line = turnLine(turn.resolvedQuestion ?? turn.question, turn.answerParts);
  return {
    summary: updateSummary(stored.summary, line, options.summaryTurns),
    preferences: mergePreferences(stored.preferences, extractPreferences(turn.question)),
  };
}

/** The memory section of the prompt stays within this many characters. */
const sectionBudget = 4_000;

/**
 * The memory as the model reads it: the preferences to follow, then the summary; undefined when the memory
 * is empty.
 */
export function memorySection(memory: Pick<SessionMemory, "summary" | "preferences">): string | undefined {
  const parts: string[] = [];
  if (memory.preferences.length > 0) {
    parts.push(
      [
        "Preferences the user stated in this session (follow them unless the question says otherwise):",
        ...memory.preferences.map((p) => `- ${p}`),
      ].join("\n"),
    );
  }
  if (memory.summary.trim() !== "") parts.push(`Conversation so far:\n${memory.summary.trim()}`);
  if (parts.length === 0) return undefined;
  const text = `Session memory:\n${parts.join("\n\n")}`;
  return text.length <= sectionBudget ? text : `${text.slice(0, sectionBudget - 1)}…`;
}
