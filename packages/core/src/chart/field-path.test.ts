import { splitAccessPath } from "vega";
import { describe, expect, it } from "vitest";
import { columnOfField, escapeField, splitFieldPath } from "./field-path.js";

const oddNames = [
  "Cost Total $",
  "a.b",
  "x[0]",
  "rows[]",
  "it's",
  '"quoted"',
  "'lead",
  "back\\slash",
  "trailing\\",
  "a.b[c].d",
  "…ünïcode ✓",
  "__proto__",
];

describe("escapeField", () => {
  it.each(oddNames)("names exactly the column %j, as Vega reads it", (name) => {
    const field = escapeField(name);
    expect(splitAccessPath(field)).toEqual([name]);
    expect(splitFieldPath(field)).toEqual([name]);
    expect(columnOfField(field)).toBe(name);
  });

  it("leaves plain names alone", () => {
    expect(escapeField("total_precipitation")).toBe("total_precipitation");
    expect(escapeField("Cost Total $")).toBe("Cost Total $");
    expect(escapeField("a.b[0]")).toBe("a\\.b\\[0\\]");
  });
});

describe("splitFieldPath", () => {
  it.each(["a.b", "a[0]", "a['b c']", 'a["b"].c', "a\\.b.c", ".a", "a..b"])(
    "splits %j as Vega does",
    (field) => {
      expect(splitFieldPath(field)).toEqual(splitAccessPath(field));
    },
  );

  it("reads a nested path as no single column", () => {
    expect(columnOfField("a.b")).toBeNull();
    expect(columnOfField("a[0]")).toBeNull();
  });

  it.each(["a[0", "a]", "['open", "'x'"])("returns null for the malformed path %j", (field) => {
    expect(splitFieldPath(field)).toBeNull();
    expect(() => splitAccessPath(field)).toThrow();
  });
});
