import { runModelConformance } from "../testing/model/run-model-conformance.js";
import { createOpenAIModel } from "./openai-model.js";

runModelConformance({
  name: "openai",
  createModel: ({ server, apiKey, timeoutMs, maxRetries }) =>
    createOpenAIModel({ model: "gpt-test", baseURL: server.url, apiKey, timeoutMs, maxRetries }),
});
