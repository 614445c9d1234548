import { describe, expect, test } from "vitest";
import { CleaningSuggestionSchema } from "../model/cleaning.js";
import type { ColumnProfile } from "../model/dataset.js";
import type { TableProfile, TextChecks } from "./profile-table.js";
import { suggestCleaning } from "./suggestions.js";

const noChecks: TextChecks = {
  whitespace: 0,
  caseVariants: 0,
  caseStyle: "lower",
  numeric: 0,
  integer: 0,
  leadingZero: 0,
  temporal: 0,
  withTime: 0,
};

function column(
  name: string,
  kind: ColumnProfile["kind"],
  extra: Partial<ColumnProfile> = {},
): ColumnProfile {
  return {
    name,
    type: kind === "string" ? "VARCHAR" : "DOUBLE",
    kind,
    nullCount: 0,
    nullRate: 0,
    distinctCount: 100,
    ...extra,
  };
}

function profile(columns: [ColumnProfile, TextChecks | null][], duplicateRows = 0): TableProfile {
  return {
    rowCount: 100,
    columns: columns.map(([c]) => c),
    checks: columns.map(([, checks]) => checks),
    duplicateRows,
    preview: { columns: [], rows: [], rowCount: 100, truncated: true, durationMs: 0 },
  };
}

const ids = (p: TableProfile) => suggestCleaning(p).map((s) => s.id);

describe("suggestCleaning", () => {
  test("a clean table gets no suggestions", () => {
    expect(suggestCleaning(profile([[column("x", "number", { outlierCount: 0 }), null]]))).toEqual([]);
  });

  test("duplicates first, then per column: whitespace, case, mixed types, missing values, outliers", () => {
    const p = profile(
      [
        [
          column("city", "string", {
            nullCount: 3,
            nullRate: 0.03,
            distinctCount: 4,
            topValues: [{ value: "Nice", count: 50 }],
          }),
          { ...noChecks, whitespace: 2, caseVariants: 5, caseStyle: "title" },
        ],
        [
          column("amount $", "number", {
            nullCount: 1,
            nullRate: 0.01,
            quantiles: { p25: 1, p50: 2, p75: 3 },
            outlierCount: 4,
          }),
          null,
        ],
      ],
      7,
    );
    const suggestions = suggestCleaning(p);
    for (const s of suggestions) expect(CleaningSuggestionSchema.parse(s)).toEqual(s);
    expect(suggestions.map((s) => [s.id, s.count, s.operations])).toEqual([
      ["duplicate-rows", 7, [{ op: "drop-duplicates" }]],
      ["whitespace:city", 2, [{ op: "trim", column: "city" }]],
      ["inconsistent-case:city", 5, [{ op: "normalize-case", column: "city", case: "title" }]],
      ["missing-values:city", 3, [{ op: "fill-nulls", column: "city", strategy: "mode" }]],
      ["missing-values:amount $", 1, [{ op: "fill-nulls", column: "amount $", strategy: "median" }]],
      ["outliers:amount $", 4, [{ op: "cap-outliers", column: "amount $", factor: 1.5 }]],
    ]);
    expect(suggestions[3]?.message).toContain('"Nice"');
    expect(suggestions[4]?.message).toContain("median (2)");
  });

  test("missing values in a high-cardinality text column are dropped; an all-null column gets nothing", () => {
    expect(
      ids(
        profile([[column("note", "string", { nullCount: 10, nullRate: 0.1, distinctCount: 90 }), noChecks]]),
      ),
    ).toEqual(["missing-values:note"]);
    expect(
      suggestCleaning(
        profile([[column("note", "string", { nullCount: 10, distinctCount: 90 }), noChecks]]),
      )[0]?.operations,
    ).toEqual([{ op: "drop-nulls", column: "note" }]);
    expect(
      ids(
        profile([[column("empty", "string", { nullCount: 100, nullRate: 1, distinctCount: 0 }), noChecks]]),
      ),
    ).toEqual([]);
  });

  test("text that is mostly numbers or dates is suggested a cast", () => {
    const cast = (checks: Partial<TextChecks>) =>
      suggestCleaning(profile([[column("v", "string"), { ...noChecks, ...checks }]])).find(
        (s) => s.kind === "mixed-types",
      )?.operations[0];
    expect(cast({ numeric: 95, integer: 95 })).toEqual({ op: "cast", column: "v", to: "integer" });
    expect(cast({ numeric: 100, integer: 60 })).toEqual({ op: "cast", column: "v", to: "double" });
    expect(cast({ temporal: 90 })).toEqual({ op: "cast", column: "v", to: "date" });
    expect(cast({ temporal: 90, withTime: 3 })).toEqual({ op: "cast", column: "v", to: "timestamp" });
    expect(cast({ numeric: 79, integer: 79 })).toBeUndefined();
    // Zero-padded codes (zip codes, ids) lose their zeros as numbers.
    expect(cast({ numeric: 100, integer: 100, leadingZero: 3 })).toBeUndefined();
  });

  test("the cast message says how many values would become empty", () => {
    const [s] = suggestCleaning(
      profile([[column("v", "string"), { ...noChecks, numeric: 95, integer: 95 }]]),
    );
    expect(s?.message).toBe(
      '"v" is text but 95% of its values are whole numbers; cast it to integer (the other 5 values would become empty).',
    );
  });
});
