import { QuarryError } from "@quarry/core";
import { describe, expect, it } from "vitest";
import { offlineUnavailable, parseModelSpec } from "./model-spec.js";

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

  it("rejects a missing model, an unknown provider and an empty model name as usage errors", () => {
    expect(usageMessage(() => parseModelSpec(undefined, undefined))).toMatch(/No model.*QUARRY_MODEL/);
    expect(usageMessage(() => parseModelSpec(undefined, "  "))).toMatch(/No model/);
    expect(usageMessage(() => parseModelSpec("gpt-4.1-mini", undefined))).toMatch(
      /--model "gpt-4.1-mini" is not a model: use openai:MODEL/,
    );
    expect(usageMessage(() => parseModelSpec(undefined, "gemini:x"))).toMatch(/QUARRY_MODEL "gemini:x"/);
    expect(usageMessage(() => parseModelSpec("openai:", undefined))).toMatch(/names no model/);
  });

  it("says the offline planner is not available yet", () => {
    const error = offlineUnavailable();
    expect(error.code).toBe("NOT_IMPLEMENTED");
    expect(error.message).toMatch(/offline planner is not available yet/);
  });
});
