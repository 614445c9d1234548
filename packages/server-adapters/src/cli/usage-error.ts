import { QuarryError } from "@quarry/core";

/** A mistake in the command line: printed with a hint, exit code 2. */
export function usageError(message: string): QuarryError {
  return new QuarryError("INVALID_INPUT", message, { details: { usage: true } });
}
