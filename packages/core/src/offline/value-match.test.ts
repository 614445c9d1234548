import { describe, expect, it } from "vitest";
import { questionTerms } from "./question-terms.js";
import { airportsFixture, fixtureTable, weatherFixture } from "./schema-fixtures.js";
import type { TableSchema } from "./table-schema.js";
import { baseForms, derivedForm, findValueMentions, valueProbeSql } from "./value-match.js";

function values(question: string, tables: TableSchema[]): string[] {
  const terms = questionTerms(question);
  const claimed = terms.map(() => false);
  return findValueMentions(terms, tables, claimed).map(
    (m) => `${m.options[0]?.column.name}=${m.options[0]?.value}`,
  );
}

const people = fixtureTable("people", 100, [
  { name: "Sex", kind: "string", values: ["MALE", "FEMALE"] },
  { name: "Origin", kind: "string", values: ["USA", "Japan", "Europe", "Italy"] },
]);

describe("value matching", () => {
  it("reads derived forms of values", () => {
    expect(derivedForm("rainy", "rain")).toBe(true);
    expect(derivedForm("foggy", "fog")).toBe(true);
    expect(derivedForm("japanese", "japan")).toBe(true);
    expect(derivedForm("european", "europe")).toBe(true);
    expect(derivedForm("italian", "italy")).toBe(true);
    expect(derivedForm("rainbow", "rain")).toBe(false);
  });

  it("matches whole words case-insensitively, and aliases", () => {
    expect(values("How many rainy days?", [weatherFixture])).toEqual(["weather=rain"]);
    expect(values("average weight of female penguins", [people])).toEqual(["Sex=FEMALE"]);
    expect(values("American and Italian cars", [people])).toEqual(["Origin=USA", "Origin=Italy"]);
    expect(values("airports in California", [airportsFixture])).toEqual(["state=CA"]);
  });

  it("takes two-letter codes only when written as codes", () => {
    const states = fixtureTable("s", 5, [{ name: "state", kind: "string", values: ["IN", "CA"] }]);
    expect(values("flights in CA", [states])).toEqual(["state=CA"]);
    expect(values("flights in march", [states])).toEqual([]);
  });

  it("writes one probe over the columns the profile does not list in full", () => {
    expect(baseForms("japanese")).toContain("japan");
    const sql = valueProbeSql(airportsFixture.columns.slice(1, 2), ["boston", "o'hare"]);
    expect(sql).toBe(
      `SELECT * FROM (SELECT DISTINCT 'airports' AS probe_table, 'city' AS probe_column, CAST("city" AS VARCHAR) AS probe_value FROM "airports" WHERE lower(trim(CAST("city" AS VARCHAR))) IN ('boston', 'o''hare')) AS found LIMIT 200`,
    );
    expect(valueProbeSql([], ["boston"])).toBeUndefined();
  });
});
