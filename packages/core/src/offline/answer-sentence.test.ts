import { describe, expect, it } from "vitest";
import { checkGrounding } from "../grounding/check-grounding.js";
import { answerSentence, formatNumber } from "./answer-sentence.js";
import type { AnswerShape } from "./plan-query.js";

const shape = (over: Partial<AnswerShape>): AnswerShape => ({
  kind: "value",
  measure: "average `temp_max`",
  subject: undefined,
  filters: [],
  dir: undefined,
  labelAt: 0,
  measureAt: 0,
  ...over,
});

function grounded(text: string, rows: unknown[][], question = ""): boolean {
  const result = { columns: [], rows: rows as never, rowCount: rows.length };
  return checkGrounding(text, { results: [result], question }).grounded;
}

describe("answerSentence", () => {
  it("rounds numbers so the grounding check finds their cells", () => {
    expect(formatNumber(16.43908281998628)).toBe("16.44");
    expect(formatNumber(1225.9999999999989)).toBe("1,226");
    expect(formatNumber(0.012345)).toBe("0.0123");
    const rows = [[16.43908281998628]];
    const text = answerSentence(shape({ filters: ["the year of `date` is 2015"] }), {
      rows,
      rowCount: 1,
      hidden: false,
    });
    expect(text).toBe("The average `temp_max` where the year of `date` is 2015 is 16.44.");
    expect(grounded(text, rows, "average max temperature in 2015")).toBe(true);
  });

  it("lists groups, writing years as labels, and points to the table past eight", () => {
    const rows = Array.from({ length: 10 }, (_, i) => [2000 + i, i * 1.5]);
    const text = answerSentence(
      shape({ kind: "groups", measure: "total `rain`", subject: "`year`", measureAt: 1 }),
      {
        rows,
        rowCount: 10,
        hidden: false,
      },
    );
    expect(text).toMatch(
      /^Total `rain` by `year`: 2000: 0; 2001: 1.5; .*2007: 10.5; … \(10 groups in all, see the table\)\.$/,
    );
    expect(grounded(text, rows)).toBe(true);
  });

  it("names the winner of a ranking, and says when nothing matches", () => {
    const rank = shape({
      kind: "rank-groups",
      measure: "number of rows",
      subject: "`Island`",
      dir: "desc",
      measureAt: 1,
    });
    expect(answerSentence(rank, { rows: [["Biscoe", 168]], rowCount: 1, hidden: false })).toBe(
      "The `Island` with the highest number of rows is Biscoe (168).",
    );
    expect(answerSentence(rank, { rows: [], rowCount: 0, hidden: false })).toBe("No rows match.");
    expect(answerSentence(shape({}), { rows: [[null]], rowCount: 1, hidden: false })).toMatch(
      /no rows match/,
    );
  });

  it("states no figure when the privacy setting hides the rows", () => {
    const text = answerSentence(shape({}), { rows: [], rowCount: 1, hidden: true });
    expect(text).toContain("table below");
    expect(text).not.toMatch(/\d/);
  });
});
