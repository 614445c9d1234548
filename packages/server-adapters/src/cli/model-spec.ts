import type { LanguageModel } from "@quarry/core";
import { usageError } from "./usage-error.js";

/** A model named on the command line (`--model`) or in `QUARRY_MODEL`. */
export type ModelSpec =
  | { provider: "openai"; model: string }
  | { provider: "anthropic"; model: string }
  | { provider: "offline" };

/** The forms `--model` takes, for messages. */
export const modelSpecForms = "openai:MODEL, anthropic:MODEL or offline";

/** The models used when only an API key is set. */
export const defaultModels = { openai: "gpt-4.1-mini", anthropic: "claude-sonnet-4-5" } as const;

/** API keys in the environment, which pick the default model when nothing names one. */
export interface ModelKeys {
  openai?: string | undefined;
  anthropic?: string | undefined;
}

/** The keys of `process.env`, for {@link parseModelSpec}. */
export function modelKeysFromEnv(env: NodeJS.ProcessEnv = process.env): ModelKeys {
  return { openai: env.OPENAI_API_KEY, anthropic: env.ANTHROPIC_API_KEY };
}

/**
 * Reads `openai:MODEL`, `anthropic:MODEL` or `offline`: the `--model` flag when given, else `QUARRY_MODEL`
 * (an empty one counts as unset); with neither, OpenAI's {@link defaultModels} when `OPENAI_API_KEY` is set,
 * else Anthropic's when `ANTHROPIC_API_KEY` is, else the offline planner. An empty flag, an unknown provider
 * or a missing model name is a usage error.
 */
export function parseModelSpec(
  flag: string | undefined,
  envValue: string | undefined,
  keys: ModelKeys = {},
): ModelSpec {
  const source = flag === undefined ? "QUARRY_MODEL" : "--model";
  const value = (flag ?? envValue)?.trim() ?? "";
  if (value === "") {
    if (flag === undefined) {
      if (keys.openai?.trim()) return { provider: "openai", model: defaultModels.openai };
      if (keys.anthropic?.trim()) return { provider: "anthropic", model: defaultModels.anthropic };
      return { provider: "offline" };
    }
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

/** The offline planner, loaded on demand like the adapters. */
async function createOfflineModel(): Promise<LanguageModel> {
  const { createOfflineModel: create } = await import("@quarry/core/offline");
  return create();
}
