import { describe, expect, it } from "vitest";
import { FallbackGate } from "./fallback-gate.js";

const fallback = "Apologies, there's not enough information available, but based on what I can see...";

function run(deltas: string[]): string {
  const gate = new FallbackGate(fallback);
  return deltas.map((d) => gate.push(d)).join("") + gate.flush();
}

describe("FallbackGate", () => {
  it("prefixes an answer that does not open with the fallback, as soon as it diverges", () => {
    const gate = new FallbackGate(fallback);
    expect(gate.push("Apo")).toBe("");
    expect(gate.push("stles")).toBe(`${fallback} Apostles`);
    expect(gate.settled).toBe(true);
    expect(gate.push(" agree.")).toBe(" agree.");
    expect(gate.flush()).toBe("");
  });

  it("lets the model's own fallback through once, whatever its quotes, case and ellipsis", () => {
    const own =
      "apologies, there’s not enough information available, but based on what I can see… The fee is 12 euros.";
    expect(run(own.match(/.{1,5}/gs) ?? [])).toBe(own);
  });

  it("prefixes a short answer when the text ends, and leaves an empty one empty", () => {
    expect(run(["Apologies"])).toBe(`${fallback} Apologies`);
    expect(run([])).toBe("");
    expect(run(["  "])).toBe("");
  });
});
