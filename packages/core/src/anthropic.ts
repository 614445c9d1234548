/**
 * `@quarry/core/anthropic`: the `LanguageModel` adapter for Anthropic's Messages API. Needs the
 * `@anthropic-ai/sdk` package.
 * @packageDocumentation
 */
export { type AnthropicModelOptions, createAnthropicModel } from "./model-provider/anthropic-model.js";
