import { describe, expect, it } from "vitest";
import type { TableColumn, TableInfo } from "../engine/sql-engine.js";
import type { ColumnProfile, Dataset, GlossaryEntry } from "../model/dataset.js";
import { focusedSchemaText, glossarySection } from "./prompt-sections.js";
import { datasetFixture } from "./quality-fixtures.js";
import { qualitySettings } from "./quality-options.js";
import { focusSchema } from "./schema-focus.js";

const options = qualitySettings().schemaFocus as Exclude<
  ReturnType<typeof qualitySettings>["schemaFocus"],
  false
>;

const named: TableColumn[] = [
  { name: "customer_id", type: "BIGINT", kind: "integer" },
  { name: "SalesAmount", type: "DOUBLE", kind: "number" },
  { name: "region", type: "VARCHAR", kind: "string" },
  { name: "order_date", type: "DATE", kind: "date" },
  { name: "cancelled_flag", type: "BOOLEAN", kind: "boolean" },
];
const filler: TableColumn[] = Array.from({ length: 55 }, (_, i) => ({
  name: `attr_${String(i).padStart(2, "0")}`,
  type: "VARCHAR",
  kind: "string" as const,
}));
const wide: TableInfo = {
  name: "orders",
  rowCount: 1000,
  columns: [...filler.slice(0, 20), ...named, ...filler.slice(20)],
};
const customers: TableInfo = {
  name: "customers",
  rowCount: 50,
  columns: [
    { name: "customer_id", type: "BIGINT", kind: "integer" },
    { name: "segment", type: "VARCHAR", kind: "string" },
  ],
};

function datasetOf(
  table: TableInfo,
  profiles: Partial<ColumnProfile>[] = [],
  glossary: GlossaryEntry[] = [],
): Dataset {
  const columns = table.columns.map((c) => ({ ...c, ...profiles.find((p) => p.name === c.name) }));
  return datasetFixture(table.name, table.rowCount, columns, glossary);
}

const ordersDataset = datasetOf(
  wide,
  [
    {
      name: "region",
      topValues: [
        { value: "North", count: 600 },
        { value: "South", count: 400 },
      ],
    },
    { name: "SalesAmount", min: 1, max: 950, mean: 120.5 },
  ],
  [
    {
      term: "churned",
      meaning: "Orders that were cancelled",
      sql: 'count(*) FILTER (WHERE "cancelled_flag")',
    },
  ],
);

describe("focusSchema", () => {
  it("leaves a small schema whole", () => {
    const focus = focusSchema("sales by segment", [customers], [datasetOf(customers)], options);
    expect(focus.applied).toBe(false);
    expect(focus.tables[0]?.columns).toEqual(["customer_id", "segment"]);
  });

  it("describes the relevant columns of a wide table: synonyms, values and time words count", () => {
    const focus = focusSchema("Revenue in the North by month in 2014", [wide], [ordersDataset], options);
    expect(focus.applied).toBe(true);
    expect(focus.tables[0]).toMatchObject({ name: "orders", focused: true });
    expect(focus.tables[0]?.columns).toEqual(["SalesAmount", "region", "order_date"]);
  });

  it("brings the columns of a glossary term the question uses", () => {
    const focus = focusSchema("How many churned orders?", [wide], [ordersDataset], options);
    expect(focus.tables[0]?.columns).toContain("cancelled_flag");
  });

  it("focuses the matching tables of many, with their join keys", () => {
    const many = [
      wide,
      customers,
      ...Array.from({ length: 7 }, (_, i) => ({
        name: `t${i}`,
        rowCount: 1,
        columns: [{ name: "x", type: "INTEGER", kind: "integer" as const }],
      })),
    ];
    const focus = focusSchema("Total sales amount by segment", many, [ordersDataset, datasetOf(customers)], {
      ...options,
      maxTables: 2,
    });
    const focused = focus.tables.filter((t) => t.focused);
    expect(focused.map((t) => t.name).sort()).toEqual(["customers", "orders"]);
    expect(focused.find((t) => t.name === "orders")?.columns).toEqual(["customer_id", "SalesAmount"]);
    expect(focused.find((t) => t.name === "customers")?.columns).toEqual(["customer_id", "segment"]);
  });
});

describe("focusedSchemaText", () => {
  it("describes the focused columns and names the rest", () => {
    const focus = focusSchema(
      "Revenue in the North by month in 2014",
      [wide, customers],
      [ordersDataset],
      options,
    );
    const text = focusedSchemaText(focus, [wide, customers], [ordersDataset], true);
    expect(text).toContain(
      '- "orders" (1000 rows, 60 columns)\n  Relevant columns: "SalesAmount" DOUBLE (1 to 950; mean 120.5); "region" VARCHAR (values North, South); "order_date" DATE',
    );
    expect(text).toContain('  Other columns: "attr_00", "attr_01"');
    expect(text).toContain('- "customers" (50 rows, 2 columns): "customer_id", "segment"');
  });

  it("hides text values when the model may see none", () => {
    const focus = focusSchema("Revenue in the North", [wide], [ordersDataset], options);
    const text = focusedSchemaText(focus, [wide], [ordersDataset], false);
    expect(text).not.toContain("North");
    expect(text).toContain('"SalesAmount" DOUBLE (1 to 950; mean 120.5)');
  });
});

describe("glossarySection", () => {
  it("lists each term with its table, meaning and SQL", () => {
    expect(glossarySection([ordersDataset])).toBe(
      'Business terms (glossary): when a question uses a term, use its meaning; for a metric, use its SQL expression as written.\n- "churned" (table "orders"): Orders that were cancelled SQL: count(*) FILTER (WHERE "cancelled_flag")',
    );
    expect(glossarySection([datasetOf(customers)])).toBeUndefined();
  });
});
