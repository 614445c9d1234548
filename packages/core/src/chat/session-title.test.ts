import { describe, expect, it } from "vitest";
import { maxTitleLength, titleFromQuestion } from "./session-title.js";

describe("titleFromQuestion", () => {
  it("collapses whitespace and drops closing punctuation", () => {
    expect(titleFromQuestion("  What was the\n total   rainfall?!  ")).toBe("What was the total rainfall");
  });

  it("cuts long questions at a word boundary with an ellipsis", () => {
    const title = titleFromQuestion(
      "Which of the regions had the highest average order value in the second quarter compared with last year",
    );
    expect(title.length).toBeLessThanOrEqual(maxTitleLength);
    expect(title.endsWith("…")).toBe(true);
    expect(title).toMatch(/^Which of the regions had the highest average order value\b/);
  });

  it("cuts a single enormous word mid-word", () => {
    expect(titleFromQuestion("x".repeat(500))).toHaveLength(maxTitleLength);
  });
});
