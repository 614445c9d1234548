import { describe, expect, it } from "vitest";
import type { DocumentHit } from "../../documents/document-ports.js";
import { QuarryError } from "../../errors/quarry-error.js";
import { createDocumentTools, type DocumentSearchAuditEntry, isRelevantSearch } from "./document-tools.js";
import {
  dataToolDefinitions,
  SearchDocumentsInputSchema,
  searchDocumentsDefinition,
} from "./tool-contract.js";

const fallback = "Sorry, the documents do not say.";

function hit(text: string, lexicalRank: number | null, page: number | null = 1): DocumentHit {
  return {
    documentId: "d1",
    fileName: "policy.pdf",
    chunkId: text.slice(0, 8),
    chunkIndex: 0,
    page,
    text,
    score: 0.5,
    lexicalRank,
    vectorRank: 1,
  };
}

describe("the search_documents tool", () => {
  it("is a documented tool apart from the data tools", () => {
    const tool = searchDocumentsDefinition();
    expect(tool.name).toBe("search_documents");
    expect(tool.inputSchema).toMatchObject({
      type: "object",
      required: ["query"],
      additionalProperties: false,
    });
    expect(tool.inputSchema).not.toHaveProperty("$schema");
    expect(tool.description).toContain("[fileName, p. page]");
    expect(dataToolDefinitions.map((t) => t.name)).not.toContain("search_documents");
    expect(SearchDocumentsInputSchema.safeParse({ query: "" }).success).toBe(false);
  });

  it("numbers the passages for the model, clips long ones, and audits the search", async () => {
    const audits: DocumentSearchAuditEntry[] = [];
    const long = `Refunds within 30 days. ${"x".repeat(5_000)}`;
    const tools = createDocumentTools({
      search: async (query, options) => {
        expect(options.limit).toBe(4);
        return query === "refunds" ? [hit(long, 1, 2), hit("Shipping takes days.", null, null)] : [];
      },
      limit: 4,
      fallback,
      audit: (entry) => void audits.push(entry),
    });
    const outcome = await tools.call("search_documents", JSON.stringify({ query: "refunds" }));
    const payload = JSON.parse(outcome.forModel);
    expect(payload).toMatchObject({ query: "refunds", relevant: true });
    expect(
      payload.passages.map((p: { passage: number; page: number | null }) => [p.passage, p.page]),
    ).toEqual([
      [1, 2],
      [2, null],
    ]);
    expect(payload.passages[0].text.length).toBeLessThan(2_100);
    expect(outcome.hits).toHaveLength(2);
    expect(audits).toEqual([
      expect.objectContaining({ query: "refunds", ok: true, hitCount: 2, error: null }),
    ]);

    const none = JSON.parse((await tools.call("search_documents", '{"query":"parking"}')).forModel);
    expect(none).toEqual({ query: "parking", relevant: false, fallback, passages: [] });
  });

  it("tells the model about bad arguments and failed searches, and throws only on abort", async () => {
    const controller = new AbortController();
    let failWith: QuarryError = new QuarryError("LLM_UNAVAILABLE", "embeddings are down");
    const tools = createDocumentTools({
      search: async () => {
        throw failWith;
      },
      limit: 5,
      fallback,
      signal: controller.signal,
    });
    const bad = await tools.call("search_documents", '{"q":"x"}');
    expect(bad.ok).toBe(false);
    expect(bad.forModel).toContain("INVALID_INPUT");
    const down = await tools.call("search_documents", '{"query":"x"}');
    expect(JSON.parse(down.forModel)).toEqual({
      error: { code: "LLM_UNAVAILABLE", message: "embeddings are down" },
    });
    failWith = new QuarryError("ABORTED", "stopped");
    controller.abort();
    await expect(tools.call("search_documents", '{"query":"x"}')).rejects.toMatchObject({ code: "ABORTED" });
  });

  it("counts a search relevant only when some passage matched the query's words", () => {
    expect(isRelevantSearch([hit("a", null), hit("b", 3)])).toBe(true);
    expect(isRelevantSearch([hit("a", null)])).toBe(false);
    expect(isRelevantSearch([])).toBe(false);
  });
});
