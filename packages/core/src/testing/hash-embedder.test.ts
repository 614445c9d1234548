import { describe, expect, it } from "vitest";
import { QuarryError } from "../errors/quarry-error.js";
import { createHashEmbedder, hashEmbedding } from "./hash-embedder.js";

const dot = (a: readonly number[], b: readonly number[]) => a.reduce((sum, x, i) => sum + x * (b[i] ?? 0), 0);

describe("createHashEmbedder", () => {
  it("gives unit vectors of the asked length, the same for the same text", async () => {
    const embedder = createHashEmbedder({ dimensions: 64 });
    expect(embedder.id).toBe("hash:64");
    const [a, again] = await embedder.embed(["The quarterly revenue grew.", "The quarterly revenue grew."]);
    expect(a).toHaveLength(64);
    expect(Math.hypot(...(a ?? []))).toBeCloseTo(1, 10);
    expect(again).toEqual(a);
  });

  it("makes texts that share words more similar than unrelated ones", () => {
    const query = hashEmbedding("What was the revenue in 2023?");
    const related = hashEmbedding("Revenues in 2023 reached 4.2 million euros.");
    const unrelated = hashEmbedding("The cat sat quietly on the warm windowsill.");
    expect(dot(query, related)).toBeGreaterThan(0.3);
    expect(dot(query, related)).toBeGreaterThan(dot(query, unrelated) + 0.2);
  });

  it("ignores case, a plural s, function words and repetition beyond its logarithm", () => {
    expect(hashEmbedding("Invoices")).toEqual(hashEmbedding("invoice"));
    expect(hashEmbedding("What is the invoice?")).toEqual(hashEmbedding("invoice"));
    expect(hashEmbedding("This does it")).toEqual(new Array(256).fill(0));
    const repeated = hashEmbedding(`${"invoice ".repeat(20)}tax`);
    // With raw counts "tax" would be drowned out (1 against 20); with 1 + ln(20) ≈ 4 it still counts.
    expect(dot(repeated, hashEmbedding("tax"))).toBeGreaterThan(0.2);
    expect(hashEmbedding("class")).not.toEqual(hashEmbedding("clas"));
  });

  it("gives the zero vector for a text without words, and keeps order", async () => {
    const embedder = createHashEmbedder({ dimensions: 8 });
    const [empty, word] = await embedder.embed(["  …  ", "word"]);
    expect(empty).toEqual(new Array(8).fill(0));
    expect(word).toEqual(hashEmbedding("word", 8));
  });

  it("refuses bad dimensions and an aborted signal", async () => {
    expect(() => createHashEmbedder({ dimensions: 0 })).toThrow(QuarryError);
    expect(() => createHashEmbedder({ dimensions: 1.5 })).toThrow(/dimensions/);
    const controller = new AbortController();
    controller.abort();
    await expect(createHashEmbedder().embed(["x"], { signal: controller.signal })).rejects.toMatchObject({
      code: "ABORTED",
    });
  });
});
