import { describe, expect, it } from "vitest";
import { qualitySettings } from "./quality-options.js";

describe("qualitySettings", () => {
  it("turns every feature on but the verifier by default", () => {
    expect(qualitySettings()).toEqual({
      followUps: true,
      memory: { summaryTurns: 8 },
      clarification: true,
      schemaFocus: { minColumns: 40, minTables: 8, maxColumns: 16, maxTables: 4 },
      feedbackExamples: { k: 3 },
      verifier: false,
      sanity: true,
      cache: { ttlMs: 600_000, maxEntries: 500 },
      intentGate: true,
    });
  });

  it("takes switches and partial settings", () => {
    const settings = qualitySettings({
      verifier: true,
      cache: { ttlMs: 1_000 },
      schemaFocus: { minColumns: 10 },
      memory: false,
      feedbackExamples: { k: 5 },
    });
    expect(settings.verifier).toBe(true);
    expect(settings.cache).toEqual({ ttlMs: 1_000, maxEntries: 500 });
    expect(settings.schemaFocus).toEqual({ minColumns: 10, minTables: 8, maxColumns: 16, maxTables: 4 });
    expect(settings.memory).toBe(false);
    expect(settings.feedbackExamples).toEqual({ k: 5 });
  });

  it("turns everything off with false", () => {
    expect(Object.values(qualitySettings(false)).every((v) => v === false)).toBe(true);
  });

  it.each<[string, unknown, string]>([
    ["a negative TTL", { cache: { ttlMs: -1 } }, "cache.ttlMs"],
    ["an unknown switch", { speed: true }, "quality"],
    ["a string for a switch", { verifier: "yes" }, "verifier"],
    ["too many examples", { feedbackExamples: { k: 100 } }, "feedbackExamples.k"],
  ])("refuses %s with INVALID_INPUT naming it", (_name, options, path) => {
    expect(() => qualitySettings(options as never)).toThrow(
      expect.objectContaining({ code: "INVALID_INPUT" }),
    );
    expect(() => qualitySettings(options as never)).toThrow(path);
  });
});
