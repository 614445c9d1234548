import { describe, expect, it } from "vitest";
import { stem, termsOf, tokenize } from "./lexical-terms.js";

describe("lexical terms", () => {
  it("tokenizes letters and digits, folding case and accents, keeping decimals and whole numbers", () => {
    expect(tokenize("Café Zürich: revenue $4,250.75 (up 3.5%) — the company's e-mail.")).toEqual([
      "cafe",
      "zurich",
      "revenue",
      "4250.75",
      "up",
      "3.5",
      "the",
      "company",
      "e",
      "mail",
    ]);
    expect(tokenize("end.Start 2024. 1,2,3")).toEqual(["end", "start", "2024", "1", "2", "3"]);
    expect(tokenize("東京 office")).toEqual(["東京", "office"]);
  });

  it("drops stop words and lone letters but keeps numbers and negations", () => {
    expect(termsOf("What is the refund policy for a 5 day trip? Not to X.")).toEqual([
      "refund",
      "policy",
      "5",
      "day",
      "trip",
      "not",
    ]);
    expect(termsOf("what is the")).toEqual([]);
  });

  it("stems inflections so the forms of a word meet, and leaves other words alone", () => {
    const meet = (...words: string[]) => expect(new Set(words.map(stem)).size).toBe(1);
    meet("approve", "approves", "approved", "approving");
    meet("policy", "policies");
    meet("plan", "plans", "planned", "planning");
    meet("refund", "refunds", "refunded");
    meet("hundred", "hundreds");
    meet("apply", "applies", "applied");
    meet("fee", "fees");
    meet("string", "strings");
    for (const kept of ["speed", "need", "status", "analysis", "add", "2024s", "red"]) {
      expect(stem(kept)).toBe(kept);
    }
    expect(stem("policy")).not.toBe(stem("police"));
  });
});
