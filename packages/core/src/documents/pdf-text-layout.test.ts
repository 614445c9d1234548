import { describe, expect, it } from "vitest";
import { type PdfTextItem, pageText } from "./pdf-text-layout.js";

/** A text item at (x, y) in a 10-point font, about 5 points a character wide. */
function item(str: string, x: number, y: number, hasEOL = false): PdfTextItem {
  return { str, hasEOL, transform: [10, 0, 0, 10, x, y], width: str.length * 5, height: 10 };
}

describe("pageText", () => {
  it("joins the lines of a paragraph and separates paragraphs by a wider gap", () => {
    const items = [
      item("The first line of a", 50, 700, true),
      item("paragraph goes on here.", 50, 688, true),
      item("A second paragraph.", 50, 660, true),
      item("It has two lines.", 50, 648),
    ];
    expect(pageText(items)).toBe(
      "The first line of a paragraph goes on here.\n\nA second paragraph. It has two lines.",
    );
  });

  it("starts a new line where the baseline moves, even without hasEOL", () => {
    const items = [item("Heading", 50, 700), item("Body text under it.", 50, 670)];
    expect(pageText(items)).toBe("Heading\n\nBody text under it.");
  });

  it("puts a space between runs drawn apart on one line, none between touching runs", () => {
    const items = [
      item("Total", 50, 700),
      item("revenue", 80, 700),
      item("s:", 115, 700),
      item("42", 130, 700),
    ];
    expect(pageText(items)).toBe("Total revenues: 42");
  });

  it("keeps a hyphen at a line's end and joins the next line to it", () => {
    const items = [
      item("a well-", 50, 700, true),
      item("known fact and Anglo-", 50, 688, true),
      item("Saxon", 50, 676),
    ];
    expect(pageText(items)).toBe("a well-known fact and Anglo- Saxon");
  });

  it("skips marked content, empty runs and blank lines, and gives '' for a page without text", () => {
    const items = [
      { type: "beginMarkedContent" },
      item("", 0, 0, true),
      item("  ", 50, 700, true),
      item("Only line", 50, 690),
    ];
    expect(pageText(items)).toBe("Only line");
    expect(pageText([])).toBe("");
    expect(pageText([item(" ", 1, 1, true)])).toBe("");
  });

  it("starts a new paragraph when the text jumps up (a second column)", () => {
    const items = [
      item("Left column end.", 50, 100, true),
      item("Right column top.", 320, 700, true),
      item("Right column next.", 320, 688),
    ];
    expect(pageText(items)).toBe("Left column end.\n\nRight column top. Right column next.");
  });
});
