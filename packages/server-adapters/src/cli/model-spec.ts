import { type LanguageModel, QuarryError } from "@quarry/core";
import { usageError } from "./usage-error.js";

/** A model named on the command line (`--model`) or in `QUARRY_MODEL`. */
export type ModelSpec =
  | { provider: "openai"; model: string }
  | { provider: "anthropic"; model: string }
  | { provider: "offline" };

/** The forms `--model` takes, for messages. */
export const modelSpecForms = "openai:MODEL, anthropic:MODEL or offline";

/**
 * Reads `openai:MODEL`, `anthropic:MODEL` or `offline`: the `--model` flag when given, else `QUARRY_MODEL`,
 * else `offline` (an empty `QUARRY_MODEL` counts as unset). An empty flag, an unknown provider or a missing
 * model name is a usage error.
 */
export function parseModelSpec(flag: string | undefined, envValue: string | undefined): ModelSpec {
  const source = flag === undefined ? "QUARRY_MODEL" : "--model";
  const value = (flag ?? envValue)?.trim() ?? "";
  if (value === "") {
    if (flag === undefined) return { provider: "offline" };
    throw usageError(`--model is empty: use ${modelSpecForms}.`);
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

/**
 * The model for a spec; the adapters read their keys and base URLs from the environment. Each is loaded on
 * demand, so only the SDK of the provider in use (`openai` or `@anthropic-ai/sdk`) must be installed.
 */
export async function createModel(spec: ModelSpec): Promise<LanguageModel> {
  if (spec.provider === "offline") return createOfflineModel();
  if (spec.provider === "openai") {
    const { createOpenAIModel } = await import("@quarry/core/openai");
    return createOpenAIModel({ model: spec.model });
  }
  const { createAnthropicModel } = await import("@quarry/core/anthropic");
  return createAnthropicModel({ model: spec.model });
}

/**
 * The offline planner's entry point. Named through a variable, so this compiles and runs (refusing
 * `offline` with `NOT_IMPLEMENTED`) in a build whose core does not ship `@quarry/core/offline`.
 */
const offlineModule: string = "@quarry/core/offline";

async function createOfflineModel(): Promise<LanguageModel> {
  let loaded: { createOfflineModel?: unknown };
  try {
    loaded = await import(offlineModule);
  } catch (error) {
    const code = (error as { code?: unknown } | null)?.code;
    if (code === "ERR_MODULE_NOT_FOUND" || code === "ERR_PACKAGE_PATH_NOT_EXPORTED") {
      throw offlineUnavailable(error);
    }
    throw error;
  }
  if (typeof loaded.createOfflineModel !== "function") throw offlineUnavailable();
  return (loaded.createOfflineModel as () => LanguageModel)();
}

/** The error for `offline` when the offline planner is missing: a rejected request, exit code 2. */
export function offlineUnavailable(cause?: unknown): QuarryError {
  return new QuarryError(
    "NOT_IMPLEMENTED",
    `The offline planner is not available yet: use --model openai:MODEL or anthropic:MODEL (or set QUARRY_MODEL).`,
    cause === undefined ? {} : { cause },
  );
}
