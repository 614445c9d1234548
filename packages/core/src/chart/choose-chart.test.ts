import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ChartPart } from "../model/message-part.js";
import { chooseChart } from "./choose-chart.js";
import { openRealData } from "./fixtures/real-results.js";
import { validateChart } from "./validate-chart.js";

let db: Awaited<ReturnType<typeof openRealData>>;
beforeAll(async () => {
  db = await openRealData();
});
afterAll(() => db.close());

/** Chooses a chart for a real query's result, and checks that whatever was chosen passes validation. */
async function chartOf(sql: string, options?: Parameters<typeof chooseChart>[1]) {
  const result = await db.query(sql);
  const part = chooseChart(result, options);
  if (part) {
    const checked = await validateChart(part.spec);
    expect(checked, JSON.stringify(checked)).toMatchObject({ ok: true });
  }
  return { part, result, spec: part?.spec as Spec | undefined };
}

/** Enough of a spec's shape to assert on. */
type Spec = {
  title: string;
  mark: string | { type: string };
  encoding: Record<string, { field?: string; type?: string; sort?: unknown; timeUnit?: string } | undefined>;
  data: { values: Record<string, unknown>[] };
  transform?: unknown[];
  height: unknown;
};
const markOf = (spec: Spec | undefined) => (typeof spec?.mark === "string" ? spec.mark : spec?.mark.type);

describe("chooseChart on real results", () => {
  it("draws yearly totals (years as text) as a line over UTC years", async () => {
    const { spec, part } = await chartOf(
      "SELECT strftime(date, '%Y') AS year, sum(precipitation) AS total_precipitation FROM weather GROUP BY 1 ORDER BY 1",
      { title: "Total precipitation by year" },
    );
    expect(markOf(spec)).toBe("line");
    expect(spec?.encoding.x).toMatchObject({ field: "year", type: "temporal", timeUnit: "utcyear" });
    expect(spec?.encoding.y).toMatchObject({ field: "total_precipitation", type: "quantitative" });
    expect(spec?.data.values).toHaveLength(4);
    expect(spec?.data.values[0]).toEqual({ year: "2012", total_precipitation: expect.closeTo(1226, 0) });
    expect(part?.title).toBe("Total precipitation by year");
    expect(spec?.title).toBe("Total precipitation by year");
    expect((spec as unknown as { $schema: string }).$schema).toMatch(/vega-lite\/v6/);
  });

  it("draws integer years the same way", async () => {
    const { spec } = await chartOf(
      "SELECT year(date) AS year, avg(temp_max) AS t FROM weather GROUP BY 1 ORDER BY 1",
    );
    expect(spec?.encoding.x).toMatchObject({ type: "temporal", timeUnit: "utcyear" });
    expect(spec?.data.values.map((v) => v.year)).toEqual(["2012", "2013", "2014", "2015"]);
  });

  it("draws counts per category as bars, largest first, labels side by side", async () => {
    const { spec } = await chartOf("SELECT weather, count(*) AS count FROM weather GROUP BY 1 ORDER BY 1");
    expect(markOf(spec)).toBe("bar");
    expect(spec?.encoding.x).toMatchObject({ field: "weather", type: "nominal", sort: "-y" });
    expect(spec?.encoding.y).toMatchObject({ field: "count", type: "quantitative" });
    expect(spec?.title).toBe("count by weather");
  });

  it("counts a lone category column itself", async () => {
    const { spec } = await chartOf("SELECT weather FROM weather");
    expect(markOf(spec)).toBe("bar");
    expect(spec?.data.values).toContainEqual({ weather: "sun", Rows: 640 });
    expect(spec?.data.values).toHaveLength(5);
  });

  it("keeps the top 30 of many categories, horizontally, and says so in the title", async () => {
    const { spec } = await chartOf(
      `SELECT Director, sum("Worldwide Gross") AS gross FROM movies WHERE Director IS NOT NULL GROUP BY 1`,
    );
    expect(markOf(spec)).toBe("bar");
    expect(spec?.encoding.y).toMatchObject({ field: "Director", sort: "-x" });
    expect(spec?.height).toEqual({ step: 18 });
    expect(spec?.data.values).toHaveLength(30);
    expect(spec?.title).toMatch(/^gross by Director \(top 30 of 5\d\d\)$/);
    expect(spec?.data.values[0]?.Director).toBe("Steven Spielberg");
  });

  it("plots two measures as a scatter, colored by a small category", async () => {
    const { spec } = await chartOf("SELECT Name, Horsepower, Miles_per_Gallon, Origin FROM cars");
    expect(markOf(spec)).toBe("point");
    expect(spec?.encoding.x).toMatchObject({ field: "Horsepower", type: "quantitative" });
    expect(spec?.encoding.y).toMatchObject({ field: "Miles_per_Gallon", type: "quantitative" });
    expect(spec?.encoding.color).toMatchObject({ field: "Origin", type: "nominal" });
    expect(spec?.data.values).toHaveLength(406);
  });

  it("draws bars rather than points for a few labelled rows of several measures", async () => {
    const { spec } = await chartOf(
      "SELECT Origin, avg(Horsepower) AS hp, avg(Miles_per_Gallon) AS mpg FROM cars GROUP BY 1",
    );
    expect(markOf(spec)).toBe("bar");
    expect(spec?.encoding.y).toMatchObject({ field: "hp" });
  });

  it("draws a line per category over time", async () => {
    const { spec } = await chartOf(
      "SELECT date_trunc('month', date) AS month, weather, count(*) AS days FROM weather GROUP BY ALL",
    );
    expect(markOf(spec)).toBe("line");
    expect(spec?.encoding.x).toMatchObject({ field: "month", type: "temporal" });
    expect(spec?.encoding.color).toMatchObject({ field: "weather" });
    expect(spec?.data.values[0]?.month).toBe("2012-01-01T00:00:00.000Z");
  });

  it("folds several measures over time into one line each", async () => {
    const { spec } = await chartOf("SELECT date, temp_max, temp_min FROM weather");
    expect(markOf(spec)).toBe("line");
    expect(spec?.transform).toEqual([{ fold: ["temp_max", "temp_min"], as: ["series", "value"] }]);
    expect(spec?.encoding.color).toMatchObject({ field: "series" });
    expect(spec?.data.values).toHaveLength(1461);
  });

  it("draws two small categories as grouped bars and larger ones as a heatmap in calendar order", async () => {
    const grouped = await chartOf(
      "SELECT Origin, Cylinders::VARCHAR AS cyl, avg(Horsepower) AS hp FROM cars GROUP BY ALL",
    );
    expect(markOf(grouped.spec)).toBe("bar");
    expect(grouped.spec?.encoding.xOffset).toMatchObject({ field: "Origin" });
    const heatmap = await chartOf(
      "SELECT dayname(date) AS weekday, monthname(date) AS month, avg(temp_max) AS t FROM weather GROUP BY ALL",
    );
    expect(markOf(heatmap.spec)).toBe("rect");
    expect(heatmap.spec?.encoding.x).toMatchObject({
      field: "weekday",
      sort: expect.arrayContaining(["Monday"]),
    });
    expect((heatmap.spec!.encoding.y!.sort as string[]).slice(0, 2)).toEqual(["January", "February"]);
  });

  it("draws a lone measure as a histogram", async () => {
    const { spec } = await chartOf("SELECT temp_max FROM weather");
    expect(markOf(spec)).toBe("bar");
    expect(spec?.encoding.x).toMatchObject({ field: "temp_max", bin: { maxbins: 30 } });
  });

  it.each([
    ["a single value", "SELECT count(*) FROM weather"],
    ["one row", "SELECT weather, count(*) FROM weather WHERE weather = 'sun' GROUP BY 1"],
    ["no rows", "SELECT weather, temp_max FROM weather WHERE false"],
    ["unique labels and nothing to measure", "SELECT DISTINCT weather FROM weather"],
    ["times and nothing to measure", "SELECT date FROM weather"],
  ])("draws nothing for %s", async (_, sql) => {
    expect((await chartOf(sql)).part).toBeNull();
  });

  it("embeds at most maxPoints rows, sampled across the whole result, and says so", async () => {
    const sql = `SELECT TIMESTAMP '2000-01-01' + INTERVAL (i) HOUR AS at, sin(i / 100) AS signal FROM range(10000) t(i)`;
    const { spec } = await chartOf(sql);
    expect(spec?.data.values).toHaveLength(5_000);
    expect(spec?.title).toBe("signal by at (5,000 of 10,000 rows, evenly sampled)");
    expect(spec?.data.values[0]?.at).toBe("2000-01-01T00:00:00.000Z");
    expect(spec?.data.values.at(-1)?.at).toBe("2001-02-20T14:00:00.000Z");
    const small = await chartOf(sql, { maxPoints: 100 });
    expect(small.spec?.data.values).toHaveLength(100);
  });

  it("says when the result itself was cut", () => {
    const part = chooseChart({
      columns: [
        { name: "k", type: "VARCHAR" },
        { name: "v", type: "DOUBLE" },
      ],
      rows: [
        ["a", 1],
        ["b", 2],
      ],
      rowCount: 12_000,
    });
    expect(part?.title).toBe("v by k (first 2 of 12,000 rows)");
  });

  it("keys data by odd column names and escapes them in fields", async () => {
    const { spec } = await chartOf(
      `SELECT weather AS "Weather.Type [main]", count(*) AS "Cost Total $", 1 AS "it's \\ ""x""" FROM weather GROUP BY 1`,
    );
    expect(spec?.encoding.x).toMatchObject({
      field: "Weather\\.Type \\[main\\]",
      title: "Weather.Type [main]",
    });
    expect(spec?.data.values).toContainEqual({ "Weather.Type [main]": "sun", "Cost Total $": 640 });
  });

  it("sums measures over repeated categories and says so on the axis", () => {
    const part = chooseChart({
      columns: [
        { name: "region", type: "VARCHAR" },
        { name: "sales", type: "DOUBLE" },
      ],
      rows: [
        ["north", 1],
        ["north", 2],
        ["south", 5],
      ],
    });
    const spec = part?.spec as unknown as Spec;
    expect(spec.data.values).toEqual([
      { region: "south", sales: 5 },
      { region: "north", sales: 3 },
    ]);
    expect(spec.encoding.y).toMatchObject({ title: "sales (sum)" });
  });

  it("keeps a column called __proto__ a column", () => {
    const part = chooseChart({
      columns: [
        { name: "__proto__", type: "VARCHAR" },
        { name: "n", type: "BIGINT" },
      ],
      rows: [
        ["a", 1],
        ["a", 2],
        ["b", 3],
      ],
    }) as ChartPart;
    const values = (part.spec as unknown as Spec).data.values;
    expect(Object.keys(values[0]!)).toEqual(["__proto__", "n"]);
    expect(Object.getPrototypeOf(values[0])).toBe(Object.prototype);
  });

  it("takes size overrides", () => {
    const part = chooseChart(
      {
        columns: [
          { name: "k", type: "VARCHAR" },
          { name: "v", type: "DOUBLE" },
        ],
        rows: [
          ["a", 1],
          ["b", 2],
        ],
      },
      { width: 640, height: 200 },
    );
    expect(part?.spec).toMatchObject({ width: 640, height: 200 });
  });
});
