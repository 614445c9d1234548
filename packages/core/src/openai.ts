/**
 * `@quarry/core/openai`: the `LanguageModel` adapter for OpenAI and every OpenAI-compatible Chat Completions
 * API (xAI, Gemini, DeepSeek, Ollama, vLLM, gateways). Needs the `openai` package.
 * Also the `Embedder` over OpenAI-compatible Embeddings APIs (`createOpenAIEmbedder`), for document search.
 * @packageDocumentation
 */

export {
  defaultModelTimeoutMs,
  type ModelConnectionOptions,
} from "./model-provider/model-connection-options.js";
export {
  createOpenAIEmbedder,
  defaultEmbeddingBatchSize,
  defaultEmbeddingModel,
  type OpenAIEmbedderOptions,
} from "./model-provider/openai-embedder.js";
export { createOpenAIModel, type OpenAIModelOptions } from "./model-provider/openai-model.js";
export { type OpenAIPreset, type OpenAIPresetName, openaiPresets } from "./model-provider/openai-presets.js";
export type { MaxTokensField } from "./model-provider/openai-request.js";
