import { QuarryError } from "@quarry/core";
import { describe, expect, it } from "vitest";
import { createModel, parseModelSpec } from "./model-spec.js";

function usageMessage(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(QuarryError.is(error) && error.code === "INVALID_INPUT" && error.details?.usage).toBe(true);
    return (error as Error).message;
  }
  throw new Error("expected a usage error");
}

describe("parseModelSpec", () => {
  it("reads provider:model, the flag over QUARRY_MODEL", () => {
    expect(parseModelSpec("openai:gpt-4.1-mini", undefined)).toEqual({
      provider: "openai",
      model: "gpt-4.1-mini",
    });
    expect(parseModelSpec(undefined, " anthropic:claude-sonnet-4-5 ")).toEqual({
      provider: "anthropic",
      model: "claude-sonnet-4-5",
    });
    expect(parseModelSpec("anthropic:a", "openai:b")).toEqual({ provider: "anthropic", model: "a" });
    // Model ids may hold colons and slashes (Ollama tags, gateways' vendor prefixes).
    expect(parseModelSpec("openai:llama3.1:8b", undefined)).toEqual({
      provider: "openai",
      model: "llama3.1:8b",
    });
    expect(parseModelSpec("openai:meta/llama", undefined)).toEqual({
      provider: "openai",
      model: "meta/llama",
    });
    expect(parseModelSpec("offline", undefined)).toEqual({ provider: "offline" });
  });

  it("defaults to offline when neither the flag nor QUARRY_MODEL names a model", () => {
    expect(parseModelSpec(undefined, undefined)).toEqual({ provider: "offline" });
    expect(parseModelSpec(undefined, "  ")).toEqual({ provider: "offline" });
    expect(parseModelSpec(undefined, "offline")).toEqual({ provider: "offline" });
  });

  it("picks a provider's default model from its API key when nothing names a model", () => {
    expect(parseModelSpec(undefined, undefined, { openai: "sk-x" })).toEqual({
      provider: "openai",
      model: "gpt-4.1-mini",
    });
    expect(parseModelSpec(undefined, "", { anthropic: "sk-ant" })).toEqual({
      provider: "anthropic",
      model: "claude-sonnet-4-5",
    });
    // OpenAI first when both are set; blank keys count as unset; a named model wins over any key.
    expect(parseModelSpec(undefined, undefined, { openai: "a", anthropic: "b" })).toMatchObject({
      provider: "openai",
    });
    expect(parseModelSpec(undefined, undefined, { openai: " ", anthropic: "" })).toEqual({
      provider: "offline",
    });
    expect(parseModelSpec("offline", undefined, { openai: "sk-x" })).toEqual({ provider: "offline" });
    expect(parseModelSpec(undefined, "anthropic:m", { openai: "sk-x" })).toEqual({
      provider: "anthropic",
      model: "m",
    });
  });

  it("rejects an empty flag, an unknown provider and an empty model name as usage errors", () => {
    expect(usageMessage(() => parseModelSpec("", "openai:x"))).toMatch(/--model is empty: use openai:MODEL/);
    expect(usageMessage(() => parseModelSpec("gpt-4.1-mini", undefined))).toMatch(
      /--model "gpt-4.1-mini" is not a model: use openai:MODEL/,
    );
    expect(usageMessage(() => parseModelSpec(undefined, "gemini:x"))).toMatch(/QUARRY_MODEL "gemini:x"/);
    expect(usageMessage(() => parseModelSpec("openai:", undefined))).toMatch(/names no model/);
  });
});

describe("createModel", () => {
  it("loads the offline planner for offline", async () => {
    expect(await createModel({ provider: "offline" })).toMatchObject({ provider: "offline" });
  });

  it("makes the OpenAI and Anthropic adapters from their spec", async () => {
    const saved = { openai: process.env.OPENAI_API_KEY, anthropic: process.env.ANTHROPIC_API_KEY };
    process.env.OPENAI_API_KEY = "test-key";
    process.env.ANTHROPIC_API_KEY = "test-key";
    try {
      const openai = await createModel({ provider: "openai", model: "gpt-test" });
      expect([openai.provider, openai.modelId]).toEqual(["openai", "gpt-test"]);
      const anthropic = await createModel({ provider: "anthropic", model: "claude-test" });
      expect([anthropic.provider, anthropic.modelId]).toEqual(["anthropic", "claude-test"]);
    } finally {
      for (const [name, value] of [
        ["OPENAI_API_KEY", saved.openai],
        ["ANTHROPIC_API_KEY", saved.anthropic],
      ] as const) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    }
  });
});
