import { runModelConformance } from "../testing/model/run-model-conformance.js";
import { createAnthropicModel } from "./anthropic-model.js";

runModelConformance({
  name: "anthropic",
  createModel: ({ server, apiKey, timeoutMs, maxRetries }) =>
    createAnthropicModel({
      model: "claude-test",
      baseURL: server.anthropicUrl,
      apiKey,
      timeoutMs,
      maxRetries,
    }),
});
