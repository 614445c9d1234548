import type { ColumnKind } from "../model/dataset.js";
import type { ColumnInfo, TableSchema } from "./table-schema.js";
import { detectDateFormat } from "./text-dates.js";

/** Test tables for the planner's unit tests, shaped as `describe_table` would describe them. */

interface ColumnSpec {
  name: string;
  kind: ColumnKind;
  distinct?: number;
  values?: string[];
  nullRate?: number;
  /** The profiled range, as `describe_table` reports it (dates as ISO strings). */
  min?: string | number;
  max?: string | number;
}

/** A table of the given columns; text values listed in full unless `distinct` says there are more. */
export function fixtureTable(name: string, rowCount: number, specs: ColumnSpec[]): TableSchema {
  const columns: ColumnInfo[] = specs.map((s) => {
    const values = s.values ?? [];
    const distinctCount = s.distinct ?? values.length;
    return {
      table: name,
      name: s.name,
      type:
        s.kind === "string"
          ? "VARCHAR"
          : s.kind === "integer"
            ? "BIGINT"
            : s.kind === "number"
              ? "DOUBLE"
              : s.kind.toUpperCase(),
      kind: s.kind,
      nullRate: s.nullRate ?? 0,
      distinctCount,
      min: s.min,
      max: s.max,
      values,
      complete: values.length >= distinctCount,
      dateFormat: s.kind === "string" ? detectDateFormat(values) : undefined,
    };
  });
  return { name, rowCount, columns, glossary: [], valuesVisible: true };
}

/** Daily weather: a unique date per row, two temperatures, a weather category. */
export const weatherFixture = fixtureTable("weather", 1461, [
  { name: "date", kind: "date", distinct: 1461, min: "2012-01-01", max: "2015-12-31" },
  { name: "precipitation", kind: "number", distinct: 111 },
  { name: "temp_max", kind: "number", distinct: 67 },
  { name: "temp_min", kind: "number", distinct: 55 },
  { name: "weather", kind: "string", values: ["rain", "sun", "fog", "drizzle", "snow"] },
]);

/** Orders with messy names and dates kept as text (`05-Mar-2021`). */
export const ordersFixture = fixtureTable("orders", 500, [
  { name: "Order ID", kind: "string", distinct: 500, values: ["A-1", "A-2", "A-3"] },
  { name: "Order Dt", kind: "string", distinct: 300, values: ["05-Mar-2021", "17-Nov-2020", "01-Jan-2022"] },
  { name: "Cust_Region", kind: "string", values: ["North East", "South", "West Coast"] },
  { name: "QTY", kind: "integer", distinct: 9 },
  { name: "Unit Price ($)", kind: "number", distinct: 480 },
  { name: "Cost Total $", kind: "number", distinct: 490 },
  { name: "Shipper", kind: "string", distinct: 40, values: ["FedEx", "UPS", "DHL"] },
]);

/** Flights whose `origin` codes are keys of {@link airportsFixture}. */
export const flightsFixture = fixtureTable("flights", 10000, [
  { name: "delay", kind: "number", distinct: 250 },
  { name: "origin", kind: "string", distinct: 200, values: ["DFW", "ORD", "ATL"] },
  { name: "destination", kind: "string", distinct: 210, values: ["LAX", "ORD", "DEN"] },
]);

export const airportsFixture = fixtureTable("airports", 3000, [
  { name: "iata", kind: "string", distinct: 3000, values: ["00M", "00R", "ABQ"] },
  { name: "city", kind: "string", distinct: 2500, values: ["Chicago", "Houston"] },
  { name: "state", kind: "string", distinct: 57, values: ["CA", "TX", "NY"] },
]);
