import { describe, expect, it } from "vitest";
import { useSalesBench } from "../chat/turn-fixtures.js";
import { checkGlossary } from "./glossary.js";

const bench = useSalesBench();
const check = (entries: unknown) =>
  checkGlossary(entries, {
    table: "sales",
    run: (sql) => bench.engine.query(sql, { maxRows: 1, timeoutMs: 5_000 }),
  });

describe("checkGlossary", () => {
  it("accepts terms with and without SQL, trimmed", async () => {
    await expect(
      check([
        { term: " revenue ", meaning: "Sum of amounts ", sql: " sum(amount) " },
        { term: "northern", meaning: "Sales of the North region", sql: "region = 'North'" },
        { term: "region", meaning: "Where the sale happened" },
      ]),
    ).resolves.toEqual([
      { term: "revenue", meaning: "Sum of amounts", sql: "sum(amount)" },
      { term: "northern", meaning: "Sales of the North region", sql: "region = 'North'" },
      { term: "region", meaning: "Where the sale happened" },
    ]);
  });

  it.each<[string, unknown, RegExp]>([
    ["not a list", { term: "x" }, /Invalid glossary/],
    ["a missing meaning", [{ term: "x" }], /Invalid glossary at 0\.meaning/],
    ["an unknown field", [{ term: "x", meaning: "y", owner: "z" }], /Invalid glossary/],
    [
      "a repeated term",
      [
        { term: "Revenue", meaning: "a" },
        { term: "revenue", meaning: "b" },
      ],
      /appears twice/,
    ],
    [
      "a second statement",
      [{ term: "x", meaning: "y", sql: "1; DROP TABLE sales" }],
      /without `;` or comments/,
    ],
    ["a comment", [{ term: "x", meaning: "y", sql: "amount -- and the rest" }], /without `;` or comments/],
    [
      "an unknown column",
      [{ term: "x", meaning: "y", sql: "sum(price)" }],
      /not an expression the dataset can use/,
    ],
    [
      "a file read",
      [{ term: "x", meaning: "y", sql: "(SELECT count(*) FROM read_csv('/etc/passwd'))" }],
      /not an expression/,
    ],
    ["another table", [{ term: "x", meaning: "y", sql: "(SELECT 1 FROM secrets)" }], /not an expression/],
  ])("refuses %s with INVALID_INPUT", async (_name, entries, message) => {
    const refused = check(entries);
    await expect(refused).rejects.toMatchObject({ code: "INVALID_INPUT" });
    await expect(refused).rejects.toThrow(message);
  });

  it("names the term in the error details", async () => {
    await expect(check([{ term: "margin", meaning: "m", sql: "sum(nope)" }])).rejects.toMatchObject({
      details: { term: "margin" },
    });
  });
});
