import { z } from "zod";
import type { Json } from "../../model/common.js";
import type { ToolOutcome } from "./tool-contract.js";
import { errorPayload } from "./tool-results.js";

/** A tool's parsed input, or the message telling the model what was wrong with it. */
export type ParsedToolInput<T> = { ok: true; input: T } | { ok: false; message: string };

/** Parses a tool call's raw JSON arguments against the tool's schema; never throws. */
export function parseToolInput<S extends z.ZodType>(
  name: string,
  schema: S,
  rawInput: string,
): ParsedToolInput<z.infer<S>> {
  let json: unknown;
  // Some models send an empty string for a tool without arguments; that means `{}`.
  const text = rawInput.trim() === "" ? "{}" : rawInput;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, message: `The arguments of ${name} are not valid JSON: ${text.slice(0, 200)}` };
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    return { ok: false, message: `Invalid arguments for ${name}:\n${z.prettifyError(parsed.error)}` };
  }
  return { ok: true, input: parsed.data };
}

/** A successful outcome: the payload as the model's JSON text and as the user's tool part. */
export function succeed(payload: Json): Omit<ToolOutcome, "durationMs"> {
  return { ok: true, forModel: JSON.stringify(payload), forUser: payload };
}

/** A failed outcome the model can act on: a stable code and what to change. */
export function fail(
  code: string,
  message: string,
  extra: Record<string, Json> = {},
): Omit<ToolOutcome, "durationMs"> {
  const payload = errorPayload(code, message, extra);
  return { ok: false, forModel: JSON.stringify(payload), forUser: payload };
}

/** Milliseconds since `started` (a `performance.now()` reading), to two decimals. */
export function elapsed(started: number): number {
  return Math.round((performance.now() - started) * 100) / 100;
}
