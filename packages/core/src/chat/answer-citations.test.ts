import { describe, expect, it } from "vitest";
import type { DocumentHit } from "../documents/document-ports.js";
import { citationsPart, maxCitations } from "./answer-citations.js";

function hit(chunkId: string, fileName: string, page: number | null, score: number): DocumentHit {
  return {
    documentId: `doc-${fileName}`,
    fileName,
    chunkId,
    chunkIndex: 0,
    page,
    text: `text of ${chunkId}`,
    score,
    lexicalRank: 1,
    vectorRank: null,
  };
}

describe("citationsPart", () => {
  it("cites each passage once at its best score, best first", () => {
    const part = citationsPart(
      [hit("a", "x.pdf", 1, 0.2), hit("b", "x.pdf", 2, 0.5), hit("a", "x.pdf", 1, 0.9)],
      "No citation marks.",
    );
    expect(part?.citations.map((c) => [c.content, c.score])).toEqual([
      ["text of a", 0.9],
      ["text of b", 0.5],
    ]);
    expect(part?.citations[0]).toMatchObject({ documentId: "doc-x.pdf", fileName: "x.pdf", page: 1 });
  });

  it("keeps only the passages the answer names, by file and page", () => {
    const hits = [
      hit("a", "policy.pdf", 4, 0.9),
      hit("b", "policy.pdf", 14, 0.8),
      hit("c", "notes.md", null, 0.7),
    ];
    const named = (text: string) => citationsPart(hits, text)?.citations.map((c) => c.content);
    expect(named("Within 30 days [policy.pdf, p. 14].")).toEqual(["text of b"]);
    expect(named("See policy.pdf, page 4 and [notes.md].")).toEqual(["text of a", "text of c"]);
    expect(named("Nothing named.")).toHaveLength(3);
  });

  it("caps the list and gives null when nothing was found", () => {
    const many = Array.from({ length: 20 }, (_, i) => hit(`c${i}`, "x.pdf", i + 1, i));
    expect(citationsPart(many, "")?.citations).toHaveLength(maxCitations);
    expect(citationsPart([], "text")).toBeNull();
  });
});
