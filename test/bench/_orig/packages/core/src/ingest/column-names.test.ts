import { describe, expect, test } from "vitest";
import { uniqueColumnNames } from "./column-names.js";

describe("uniqueColumnNames", () => {
  test("keeps names exactly, including spaces, symbols and keywords", () => {
    expect(uniqueColumnNames(["Cost Total $", "Beak Length (mm)", " padded ", "select"]).names).toEqual([
      "Cost Total $",
      "Beak Length (mm)",
      " padded ",
      "select",
    ]);
  });

  test("duplicates get _2, _3 and empty names column_N by position", () => {
    const { names, renamed } = uniqueColumnNames(["a", "a", "", "Cost Total $", "select", null, "a"]);
    expect(names).toEqual(["a", "a_2", "column_3", "Cost Total $", "select", "column_6", "a_3"]);
    expect(renamed).toEqual([
      { name: "a_2", sourceName: "a", reason: "duplicate" },
      { name: "column_3", sourceName: "", reason: "empty" },
      { name: "column_6", sourceName: null, reason: "empty" },
      { name: "a_3", sourceName: "a", reason: "duplicate" },
    ]);
  });

  test("duplicates are found case-insensitively, as SQL resolves names", () => {
    expect(uniqueColumnNames(["x", "X", "x"]).names).toEqual(["x", "X_2", "x_3"]);
  });

  test("a made-up name never takes a real name that comes later", () => {
    expect(uniqueColumnNames(["x", "x", "x_2", "", "column_4"]).names).toEqual([
      "x",
      "x_3",
      "x_2",
      "column_4_2",
      "column_4",
    ]);
  });

  test("names longer than 256 characters are cut and still unique", () => {
    const long = "n".repeat(300);
    const { names, renamed } = uniqueColumnNames([long, long]);
    expect(names[0]).toHaveLength(256);
    expect(names[1]).toHaveLength(256);
    expect(names[1]?.endsWith("_2")).toBe(true);
    expect(renamed.map((r) => r.reason)).toEqual(["too-long", "too-long"]);
  });
});
