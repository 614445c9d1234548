import { describe, expect, it } from "vitest";
import { documentAnswer } from "./document-answer.js";
import { questionClauses, routeQuestion } from "./document-route.js";
import type { ColumnInfo, TableSchema } from "./table-schema.js";

function table(name: string, columns: string[]): TableSchema {
  return {
    name,
    rowCount: 10,
    glossary: [],
    valuesVisible: true,
    columns: columns.map(
      (column): ColumnInfo => ({
        table: name,
        name: column,
        type: "VARCHAR",
        kind: "string",
        nullRate: 0,
        distinctCount: 3,
        min: undefined,
        max: undefined,
        values: [],
        complete: false,
        dateFormat: undefined,
      }),
    ),
  };
}

const orders = table("orders", ["order_id", "status", "amount"]);
const insurance = table("claims", ["policy_type", "amount"]);

describe("routeQuestion", () => {
  it("splits a question that needs a table and a document", () => {
    const question =
      "How many orders were refunded, and what does the refund policy say about the time limit?";
    expect(questionClauses(question)).toEqual([
      "How many orders were refunded",
      "what does the refund policy say about the time limit?",
    ]);
    expect(routeQuestion(question, [orders])).toEqual({
      table: "How many orders were refunded",
      documents: "what does the refund policy say about the time limit?",
    });
  });

  it("sends questions about texts to the documents and the rest to the tables", () => {
    expect(routeQuestion("According to the handbook, who approves refunds?", [orders])).toEqual({
      table: undefined,
      documents: "According to the handbook, who approves refunds?",
    });
    expect(routeQuestion("Total amount by status", [orders])).toEqual({
      table: "Total amount by status",
      documents: undefined,
    });
    expect(routeQuestion("What is the refund policy?", [])).toEqual({
      table: undefined,
      documents: "What is the refund policy?",
    });
  });

  it("does not take a word the tables use for a document cue", () => {
    expect(routeQuestion("How many claims per policy type?", [insurance]).documents).toBeUndefined();
    expect(routeQuestion("How many claims per policy type?", [orders]).documents).toBeDefined();
  });
});

describe("documentAnswer", () => {
  const passages = [
    {
      fileName: "policy.pdf",
      page: 4,
      text: "Refunds\n\nRefunds are accepted within 30 days. Gift cards are never refunded.",
    },
    { fileName: "faq.md", page: null, text: "Our office is in Lyon. Refunds take 5 days to reach a card." },
    { fileName: "misc.pdf", page: 9, text: "Parking is free on Sundays." },
  ];

  it("quotes the best sentences of the best passages, each with its citation", () => {
    const { text, fallback } = documentAnswer("refunds accepted days", {
      passages,
      relevant: true,
      fallback: undefined,
    });
    expect(fallback).toBeUndefined();
    expect(text).toBe(
      "The documents say:\n\n“Refunds are accepted within 30 days. Gift cards are never refunded.” — policy.pdf, p. 4\n\n“Refunds take 5 days to reach a card.” — faq.md",
    );
  });

  it("opens with the fallback and quotes the closest passage when nothing is relevant", () => {
    const outcome = { passages: [passages[2]!], relevant: false, fallback: "Sorry." };
    expect(documentAnswer("opening hours", outcome)).toEqual({
      fallback: "Sorry.",
      text: "The closest passage I found is “Parking is free on Sundays.” — misc.pdf, p. 9",
    });
    expect(documentAnswer("x", { passages: [], relevant: false, fallback: undefined }).text).toBe(
      "The documents do not seem to cover this.",
    );
  });
});
