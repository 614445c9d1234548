/**
 * `@quarry/core/anthropic`: the `LanguageModel` adapter for Anthropic's Messages API. Needs the
 * `@anthropic-ai/sdk` package.
 * @packageDocumentation
 */
export { type AnthropicModelOptions, createAnthropicModel } from "./model-provider/anthropic-model.js";
export {
  defaultModelTimeoutMs,
  type ModelConnectionOptions,
} from "./model-provider/model-connection-options.js";
