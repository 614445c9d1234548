import type { LanguageModel } from "@quarry/core";

/**
 * The model the environment asks for: OpenAI when `OPENAI_API_KEY` is set (`OPENAI_MODEL`, default
 * `gpt-4.1-mini`; `OPENAI_BASE_URL` for a compatible server), else Anthropic when `ANTHROPIC_API_KEY` is set
 * (`ANTHROPIC_MODEL`, default `claude-sonnet-4-5`), else the offline planner, which needs no key and answers
 * common analytic questions deterministically. Each adapter is imported only when chosen, so only its SDK
 * must be installed.
 */
export async function modelFromEnv(env: NodeJS.ProcessEnv = process.env): Promise<LanguageModel> {
  if (env.OPENAI_API_KEY) {
    const { createOpenAIModel } = await import("@quarry/core/openai");
    return createOpenAIModel({ model: env.OPENAI_MODEL || "gpt-4.1-mini" });
  }
  if (env.ANTHROPIC_API_KEY) {
    const { createAnthropicModel } = await import("@quarry/core/anthropic");
    return createAnthropicModel({ model: env.ANTHROPIC_MODEL || "claude-sonnet-4-5" });
  }
  const { createOfflineModel } = await import("@quarry/core/offline");
  return createOfflineModel();
}
