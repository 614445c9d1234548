import type { z } from "zod";
import { QuarryError } from "../errors/quarry-error.js";

/**
 * Input checked against a schema: the parsed value, or `INVALID_INPUT` naming `what` and the first wrong
 * field ("Invalid glossary at 0.meaning: …").
 */
export function parseInput<T>(schema: z.ZodType<T>, input: unknown, what: string): T {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const at = issue?.path.length ? ` at ${issue.path.join(".")}` : "";
  throw new QuarryError("INVALID_INPUT", `Invalid ${what}${at}: ${issue?.message ?? "invalid"}.`);
}
