import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { PGlite } from "@electric-sql/pglite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMemoryBlobStore } from "../blob/memory-blob-store.js";
import { datasetSession } from "../engine/dataset-session.js";
import { createDuckDbEngineProvider } from "../engine/duckdb/duckdb-engine-provider.js";
import { createPostgresEngine } from "../engine/postgres/postgres-engine.js";
import type { SqlEngine } from "../engine/sql-engine.js";
import { ingestDataset } from "../ingest/ingest-dataset.js";
import type { Dataset } from "../model/dataset.js";
import { createMemoryStore } from "../store/memory-store.js";
import { expectCode } from "../testing/store/harness.js";
import { createDatasetInsights } from "./dataset-insights.js";
import { type InsightCard, InsightRunSchema } from "./insight-card.js";
import { runInsights } from "./run-insights.js";

const seattlePath = fileURLToPath(
  new URL("../../../../node_modules/vega-datasets/data/seattle-weather.csv", import.meta.url),
);
const alice = { userId: "alice", tenantId: "t1" };
const bob = { userId: "bob", tenantId: "t1" };

const store = createMemoryStore();
const blobs = createMemoryBlobStore();
const engines = createDuckDbEngineProvider({ blobs });
let csv: string;
let dataset: Dataset;
let engine: SqlEngine;
let release: () => Promise<void>;

beforeAll(async () => {
  csv = await readFile(seattlePath, "utf8");
  const { datasets } = await ingestDataset({
    store,
    blobs,
    principal: alice,
    source: { bytes: new TextEncoder().encode(csv), fileName: "seattle-weather.csv" },
  });
  dataset = datasets[0]!.dataset;
  const lease = await engines.acquire({
    principal: alice,
    session: datasetSession(alice, dataset),
    datasets: [dataset],
  });
  engine = lease.engine;
  release = () => lease.release();
});

afterAll(async () => {
  await release();
  await engines.close();
});

const byKind = (cards: readonly InsightCard[], kind: InsightCard["kind"]) =>
  cards.filter((c) => c.kind === kind);

describe("runInsights over DuckDB", () => {
  it("finds the trend, movers, concentration and correlation in the Seattle weather", async () => {
    const run = await runInsights({ engine, dataset });
    expect(run.skipped).toEqual([]);
    const { skipped: _skipped, ...stored } = run;
    console.log(run.cards.map((c) => `${c.score.toFixed(2)} ${c.id}: ${c.summary}`).join("\n"));
    expect(InsightRunSchema.parse(stored)).toEqual(stored);
    expect(new Set(run.cards.map((c) => c.kind))).toEqual(
      new Set(["trend", "movers", "concentration", "correlation", "outliers"]),
    );
    expect(run.cards.map((c) => c.score)).toEqual([...run.cards.map((c) => c.score)].sort((a, b) => b - a));

    // The yearly precipitation trend, checked against a query of our own.
    const trend = run.cards.find((c) => c.id === "trend:date:precipitation");
    expect(trend?.table.rows).toHaveLength(4);
    const own = await engine.query(
      "SELECT year(date) AS y, SUM(precipitation) AS p FROM seattle_weather GROUP BY 1 ORDER BY 1",
    );
    expect(trend?.table.rows.map((r) => [r[0], r[1]])).toEqual(own.rows);
    expect(trend?.summary).toMatch(
      /^Total precipitation (rose|fell) from [\d,.]+ in 2012 to [\d,.]+ in 2015/,
    );
    expect(trend?.chart?.spec).toBeTruthy();

    // temp_max and temp_min go together; Pearson's r as DuckDB computes it.
    const [correlation] = byKind(run.cards, "correlation");
    expect(correlation?.id).toBe("correlation:temp_max:temp_min");
    const r = (await engine.query("SELECT corr(temp_max, temp_min) FROM seattle_weather")).rows[0]?.[0];
    expect(Number(correlation?.table.rows[0]?.[2])).toBeCloseTo(Number(r), 3);
    expect(correlation?.summary).toContain("strongly rise and fall together");
    expect(correlation?.chart?.spec).toMatchObject({ mark: expect.anything() });

    // Rain holds most of the precipitation.
    const concentration = byKind(run.cards, "concentration")[0];
    expect(concentration?.table.rows[0]?.[0]).toBe("rain");
    expect(concentration?.summary).toMatch(
      /^The top 1 of 5 weather values \(rain\) hold \d+% of total precipitation/,
    );

    // Movers compare 2014 with 2015 per weather.
    const [movers] = byKind(run.cards, "movers");
    expect(movers?.table.columns.map((c) => c.name)).toEqual(["weather", "2014", "2015", "change"]);
  });

  it("keeps the best card of each kind before a second of any kind", async () => {
    const run = await runInsights({ engine, dataset, maxCards: 3 });
    expect(run.cards).toHaveLength(3);
    expect(new Set(run.cards.map((c) => c.kind)).size).toBe(3);
  });

  it("stops when aborted", async () => {
    const controller = new AbortController();
    controller.abort();
    await expectCode(runInsights({ engine, dataset, signal: controller.signal }), "ABORTED");
  });
});

describe("runInsights on awkward tables", () => {
  async function insightsOf(text: string) {
    const local = createMemoryStore();
    const { datasets } = await ingestDataset({
      store: local,
      blobs,
      principal: alice,
      source: { bytes: new TextEncoder().encode(text), fileName: "awkward.csv" },
    });
    const awkward = datasets[0]!.dataset;
    const lease = await engines.acquire({
      principal: alice,
      session: datasetSession(alice, awkward),
      datasets: [awkward],
    });
    try {
      return await runInsights({ engine: lease.engine, dataset: awkward });
    } finally {
      await lease.release();
    }
  }

  it("quotes hostile column names and still finds the correlation", async () => {
    const rows = Array.from(
      { length: 40 },
      (_, i) => `${i % 3 === 0 ? "x'y" : "z"},${i + 0.5},${i * 2 + (i % 5)}`,
    );
    const run = await insightsOf(['"it\'s ""odd""",a"b,c; DROP TABLE t', ...rows].join("\n"));
    expect(run.skipped).toEqual([]);
    const [correlation] = byKind(run.cards, "correlation");
    expect(correlation?.id).toBe('correlation:a"b:c; DROP TABLE t');
    expect(correlation?.summary).toMatch(/strongly rise and fall together/);
  });

  it("finds nothing to say about a table with one text column, without failing", async () => {
    const run = await insightsOf(["name", "a", "b", "c"].join("\n"));
    expect(run).toMatchObject({ cards: [], skipped: [] });
  });
});

describe("runInsights over Postgres", () => {
  let pg: PGlite;
  beforeAll(async () => {
    pg = new PGlite();
    await pg.exec(
      "CREATE TABLE seattle_weather (date date, precipitation double precision, temp_max double precision, temp_min double precision, wind double precision, weather text)",
    );
    const rows = csv.trim().split("\n").slice(1);
    await pg.query(
      `INSERT INTO seattle_weather SELECT * FROM json_populate_recordset(NULL::seattle_weather, $1)`,
      [
        JSON.stringify(
          rows.map((line) => {
            const [date, precipitation, temp_max, temp_min, wind, weather] = line.split(",");
            return { date, precipitation, temp_max, temp_min, wind, weather };
          }),
        ),
      ],
    );
  });
  afterAll(() => pg.close());

  it("writes SQL Postgres runs too, with the same findings as DuckDB", async () => {
    const postgres = await createPostgresEngine(pg);
    const [fromDuck, fromPg] = await Promise.all([
      runInsights({ engine, dataset }),
      runInsights({ engine: postgres, dataset }),
    ]);
    expect(fromPg.skipped).toEqual([]);
    expect(fromPg.cards.map((c) => c.id)).toEqual(fromDuck.cards.map((c) => c.id));
    expect(fromPg.cards.every((c) => c.sql.dialect === "postgres")).toBe(true);
    const summaries = (run: typeof fromPg) => run.cards.map((c) => c.summary);
    expect(summaries(fromPg)).toEqual(summaries(fromDuck));
  });
});

describe("createDatasetInsights", () => {
  it("keeps the latest run per dataset, for its owner only", async () => {
    const insights = createDatasetInsights({ store, blobs, engines });
    expect(await insights.latest(dataset.id, { principal: alice })).toBeNull();
    const run = await insights.run(dataset.id, { principal: alice });
    expect(run.version).toBe(1);
    expect(await insights.latest(dataset.id, { principal: alice })).toEqual(run);
    await expectCode(insights.run(dataset.id, { principal: bob }), "NOT_FOUND");
    await expectCode(insights.latest(dataset.id, { principal: bob }), "NOT_FOUND");
    await expectCode(insights.run("no-such-dataset", { principal: alice }), "NOT_FOUND");
  });
});
