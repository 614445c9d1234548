import { expectTypeOf, test } from "vitest";
import { createAnthropicModel } from "../anthropic.js";
import type { LanguageModel, ModelStreamPart } from "../index.js";
import { createOpenAIModel, type OpenAIPresetName } from "../openai.js";
import type { MockScript } from "../testing.js";
import { runModelConformance } from "../testing.js";

test("both adapters are LanguageModels", () => {
  expectTypeOf(createOpenAIModel).returns.toEqualTypeOf<LanguageModel>();
  expectTypeOf(createAnthropicModel).returns.toEqualTypeOf<LanguageModel>();
  expectTypeOf<OpenAIPresetName>().toEqualTypeOf<
    "openai" | "xai" | "gemini" | "deepseek" | "ollama" | "vllm"
  >();
});

test("stream parts narrow by type", () => {
  const handle = (part: ModelStreamPart) => {
    if (part.type === "tool-call") expectTypeOf(part.input).toEqualTypeOf<string>();
    if (part.type === "error") expectTypeOf(part.error.retryAfterSeconds).toEqualTypeOf<number | undefined>();
  };
  expectTypeOf(handle).toBeFunction();
});

test("a script is a response, an array of them or a function", () => {
  expectTypeOf<{ text: "hi" }>().toExtend<MockScript>();
  expectTypeOf<[{ status: 429; retryAfter: 0.2 }, { hang: true }]>().toExtend<MockScript>();
  expectTypeOf<() => { toolCalls: [{ name: "run_sql"; arguments: "{bad" }] }>().toExtend<MockScript>();
  expectTypeOf(runModelConformance).parameter(0).toHaveProperty("createModel");
});
