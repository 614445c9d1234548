import { QuarryError } from "@quarry/core";
import { usageError } from "./usage-error.js";

/** A model named on the command line (`--model`) or in `QUARRY_MODEL`. */
export type ModelSpec =
  | { provider: "openai"; model: string }
  | { provider: "anthropic"; model: string }
  | { provider: "offline" };

/** The forms `--model` takes, for messages. */
export const modelSpecForms = "openai:MODEL, anthropic:MODEL or offline";

/**
 * Reads `openai:MODEL`, `anthropic:MODEL` or `offline`: the `--model` flag when given, else `QUARRY_MODEL`.
 * No model at all, an unknown provider or a missing model name is a usage error.
 */
export function parseModelSpec(flag: string | undefined, envValue: string | undefined): ModelSpec {
  const given = flag ?? envValue;
  const value = given?.trim() ?? "";
  const source = flag === undefined ? "QUARRY_MODEL" : "--model";
  if (value === "") {
    throw usageError(`No model: pass --model (${modelSpecForms}) or set QUARRY_MODEL.`);
  }
  if (value === "offline") return { provider: "offline" };
  const match = /^([a-z]+):(.*)$/.exec(value);
  const provider = match?.[1];
  const model = match?.[2]?.trim() ?? "";
  if (provider !== "openai" && provider !== "anthropic") {
    throw usageError(`${source} ${JSON.stringify(value)} is not a model: use ${modelSpecForms}.`);
  }
  if (model === "")
    throw usageError(`${source} ${JSON.stringify(value)} names no model after "${provider}:".`);
  return { provider, model };
}

/** The error for `offline` until the offline planner exists: a rejected request, exit code 2. */
export function offlineUnavailable(): QuarryError {
  return new QuarryError(
    "NOT_IMPLEMENTED",
    `The offline planner is not available yet: use --model openai:MODEL or anthropic:MODEL (or set QUARRY_MODEL).`,
  );
}
