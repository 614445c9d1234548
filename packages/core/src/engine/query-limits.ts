import { QuarryError } from "../errors/quarry-error.js";
import { defaultQueryLimits } from "./sql-engine.js";

/** A query's timeout and row cap. */
export interface QueryLimits {
  timeoutMs: number;
  maxRows: number;
}

/** Throws `INVALID_INPUT` unless `value` is a whole number of at least `min`. */
export function checkLimit(name: string, value: number, min: number): number {
  if (!Number.isSafeInteger(value) || value < min) {
    throw new QuarryError("INVALID_INPUT", `${name} must be an integer of at least ${min}.`);
  }
  return value;
}

/**
 * The limits `options` ask for, each falling back to `fallback` (an engine's defaults, themselves falling
 * back to {@link defaultQueryLimits}); every engine checks them the same way.
 */
export function resolveQueryLimits(
  options: { timeoutMs?: number | undefined; maxRows?: number | undefined },
  fallback: QueryLimits = defaultQueryLimits,
): QueryLimits {
  return {
    timeoutMs: checkLimit("timeoutMs", options.timeoutMs ?? fallback.timeoutMs, 1),
    maxRows: checkLimit("maxRows", options.maxRows ?? fallback.maxRows, 0),
  };
}
