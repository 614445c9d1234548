import type { z } from "zod";
import { QuarryError } from "../errors/quarry-error.js";

/**
 * Parses input with a schema; on failure throws `INVALID_INPUT` naming what was wrong, before any write.
 */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown, what: string): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issues = result.error.issues.slice(0, 10).map((issue) => ({
    path: issue.path.map(String).join("."),
    message: issue.message,
  }));
  const first = issues[0];
  const where = first?.path ? ` at ${first.path}` : "";
  throw new QuarryError("INVALID_INPUT", `Invalid ${what}${where}: ${first?.message ?? "invalid value"}`, {
    details: { issues },
  });
}

/** The error every adapter throws for a record that does not exist or belongs to someone else. */
export function notFound(what: string, id: string): QuarryError {
  return new QuarryError("NOT_FOUND", `${what} ${JSON.stringify(id)} was not found.`);
}
