import { describe, expect, it } from "vitest";
import { termsOf } from "../documents/lexical-terms.js";
import { bestQuote } from "./document-answer.js";

const quote = (text: string, question: string) =>
  bestQuote({ fileName: "notes.pdf", page: 3, text }, new Set(termsOf(question)));

describe("bestQuote", () => {
  const labels = [
    "How the weather label was assigned",
    "The weather column is one of five labels: rain, sun, fog, drizzle and snow. The label is the day's dominant condition as reported by the observer.",
    "Snow days are rare in Seattle.",
  ].join("\n\n");

  it("quotes the prose under a heading, not the heading run into it", () => {
    // The heading holds every term of the question, but it answers nothing.
    expect(quote(labels, "How was the weather label assigned?")).toBe(
      "The weather column is one of five labels: rain, sun, fog, drizzle and snow. The label is the day's dominant condition as reported by the observer.",
    );
  });

  it("quotes a heading only when the passage has nothing else", () => {
    expect(quote("How the weather label was assigned", "weather label")).toBe(
      "How the weather label was assigned",
    );
  });

  it("takes a short list item without a full stop as prose", () => {
    const leave = ["Leave", "- Parental leave is 26 weeks at full pay", "- Sick days need a note."].join(
      "\n\n",
    );
    expect(quote(leave, "How long is parental leave?")).toBe("- Parental leave is 26 weeks at full pay");
  });

  it("keeps a short sentence ending in a full stop as prose when it is its own paragraph", () => {
    const text = ["Refunds", "Refunds take 30 days.", "Shipping is free."].join("\n\n");
    expect(quote(text, "How long do refunds take?")).toBe("Refunds take 30 days.");
  });
});
