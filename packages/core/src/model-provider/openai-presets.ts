import type { MaxTokensField } from "./openai-request.js";

/** Where an OpenAI-compatible provider lives and how it is reached. */
export interface OpenAIPreset {
  /** The model's `provider`, as stored on messages, e.g. `xai`. */
  readonly name: string;
  /** The provider's name in error messages, e.g. `xAI`. */
  readonly label: string;
  /** The Chat Completions base URL (the part before `/chat/completions`). */
  readonly baseURL: string;
  /** The environment variable the API key is read from. */
  readonly apiKeyEnv: string;
  /** A placeholder key for servers that need none (the SDK refuses to start without one). */
  readonly defaultApiKey?: string;
  /** The body field for the output token cap that the provider reads. */
  readonly maxTokensField: MaxTokensField;
}

/**
 * Documented presets for `createOpenAIModel({ preset })`. Pure data: nothing is contacted until a call.
 *
 * | preset | base URL | key from |
 * |---|---|---|
 * | `openai` | `https://api.openai.com/v1` | `OPENAI_API_KEY` |
 * | `xai` | `https://api.x.ai/v1` | `XAI_API_KEY` |
 * | `gemini` | `https://generativelanguage.googleapis.com/v1beta/openai/` (Gemini's OpenAI-compatible endpoint) | `GEMINI_API_KEY` |
 * | `deepseek` | `https://api.deepseek.com/v1` | `DEEPSEEK_API_KEY` |
 * | `ollama` | `http://localhost:11434/v1` | `OLLAMA_API_KEY`, else none needed |
 * | `vllm` | `http://localhost:8000/v1` | `VLLM_API_KEY` (the server's `--api-key`), else none needed |
 *
 * @example
 * ```ts
 * const model = createOpenAIModel({ preset: "gemini", model: "gemini-2.5-flash" });
 * const local = createOpenAIModel({ preset: "ollama", model: "qwen3:8b", baseURL: "http://gpu-box:11434/v1" });
 * ```
 */
export const openaiPresets = {
  openai: {
    name: "openai",
    label: "OpenAI",
    baseURL: "https://api.openai.com/v1",
    apiKeyEnv: "OPENAI_API_KEY",
    // OpenAI's reasoning models reject the older `max_tokens`.
    maxTokensField: "max_completion_tokens",
  },
  xai: {
    name: "xai",
    label: "xAI",
    baseURL: "https://api.x.ai/v1",
    apiKeyEnv: "XAI_API_KEY",
    maxTokensField: "max_tokens",
  },
  gemini: {
    name: "gemini",
    label: "Gemini",
    baseURL: "https://generativelanguage.googleapis.com/v1beta/openai/",
    apiKeyEnv: "GEMINI_API_KEY",
    maxTokensField: "max_tokens",
  },
  deepseek: {
    name: "deepseek",
    label: "DeepSeek",
    baseURL: "https://api.deepseek.com/v1",
    apiKeyEnv: "DEEPSEEK_API_KEY",
    maxTokensField: "max_tokens",
  },
  ollama: {
    name: "ollama",
    label: "Ollama",
    baseURL: "http://localhost:11434/v1",
    apiKeyEnv: "OLLAMA_API_KEY",
    defaultApiKey: "ollama",
    maxTokensField: "max_tokens",
  },
  vllm: {
    name: "vllm",
    label: "vLLM",
    baseURL: "http://localhost:8000/v1",
    apiKeyEnv: "VLLM_API_KEY",
    defaultApiKey: "EMPTY",
    maxTokensField: "max_tokens",
  },
} as const satisfies Record<string, OpenAIPreset>;

/** The name of a built-in preset. */
export type OpenAIPresetName = keyof typeof openaiPresets;
