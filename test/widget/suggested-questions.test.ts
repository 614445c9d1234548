/**
 * The widget's suggested questions, asked for real: every question `suggestQuestions` offers for the
 * Seattle weather table, and every template filled for it, gets an answer with a table from the offline
 * planner over DuckDB, never "I'm not sure". A suggestion the planner cannot read is a dead end for the
 * person who clicks it, with or without an LLM.
 */
import { createQuarry, type Dataset, type Principal, type TablePart } from "@quarry/core";
import { createDuckDbEngineProvider } from "@quarry/core/duckdb";
import { ingestDataset } from "@quarry/core/ingest";
import { createMemoryBlobStore, createMemoryStore } from "@quarry/core/memory";
import { createOfflineModel } from "@quarry/core/offline";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { defaultStrings, format } from "../../packages/react/src/strings.js";
import { suggestQuestions } from "../../packages/react/src/suggest-questions.js";

const principal: Principal = { tenantId: "t", userId: "u" };
const csv = new URL("../../packages/server-adapters/samples/seattle-weather.csv", import.meta.url).pathname;

describe("suggested questions over the Seattle weather table", () => {
  const store = createMemoryStore();
  const blobs = createMemoryBlobStore();
  const quarry = createQuarry({
    store,
    blobs,
    model: createOfflineModel(),
    principal,
    engine: createDuckDbEngineProvider({ blobs }),
  });
  let dataset: Dataset;

  beforeAll(async () => {
    const { datasets } = await ingestDataset({ store, blobs, principal, source: { path: csv } });
    dataset = datasets[0]!.dataset;
  });
  afterAll(async () => {
    await quarry.close();
    await store.close();
  });

  /** The answer's table, or the answer's text when it has none. */
  async function ask(question: string): Promise<TablePart | string> {
    const session = await store.sessions.create(principal, { datasetIds: [dataset.id] });
    let text = "";
    for await (const event of quarry.chat(session.id, question)) {
      if (event.type !== "done") continue;
      const table = event.message.parts.find((part): part is TablePart => part.type === "table");
      if (table) return table;
      text = event.message.parts.map((part) => ("text" in part ? part.text : "")).join(" ");
    }
    return text;
  }

  it("answers every question the widget suggests with a table", async () => {
    const suggested = suggestQuestions([dataset], defaultStrings);
    expect(suggested).toEqual([
      "How many rows are there?",
      "Average temp_max by weather",
      "Total precipitation by weather",
      "Total precipitation over time",
    ]);
    for (const question of suggested) expect(await ask(question), question).toMatchObject({ type: "table" });
  });

  it.each([
    [format(defaultStrings.askAverageBy, { measure: "wind", category: "weather" }), 5],
    [format(defaultStrings.askTotalBy, { measure: "precipitation", category: "weather" }), 5],
    [format(defaultStrings.askOverTime, { measure: "precipitation" }), 48],
    [format(defaultStrings.askAverageOverTime, { measure: "temp_max" }), 48],
    [format(defaultStrings.askMostCommon, { category: "weather" }), 5],
  ])("answers the template %s with %i rows", async (question, rows) => {
    const answer = await ask(question);
    expect(answer, question).toMatchObject({ type: "table" });
    expect((answer as TablePart).rows).toHaveLength(rows);
  });
});
