import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dataToolDefinitionsFor } from "../agent/tools/tool-contract.js";
import { createMemoryBlobStore } from "../blob/memory-blob-store.js";
import { createQuarry } from "../chat/create-quarry.js";
import { createDuckDbEngineProvider } from "../engine/duckdb/duckdb-engine-provider.js";
import { ingestDataset } from "../ingest/ingest-dataset.js";
import type { Dataset } from "../model/dataset.js";
import type { Message } from "../model/message.js";
import type { Principal } from "../model/principal.js";
import type { ModelMessage, ModelStreamPart } from "../model-provider/language-model.js";
import { createMemoryStore } from "../store/memory-store.js";
import { createOfflineModel } from "./offline-model.js";

const tools = dataToolDefinitionsFor("duckdb");

async function parts(
  messages: ModelMessage[],
  signal?: AbortSignal,
  withTools = true,
): Promise<ModelStreamPart[]> {
  const out: ModelStreamPart[] = [];
  const model = createOfflineModel();
  for await (const part of model.doStream({
    messages,
    ...(withTools ? { tools } : {}),
    ...(signal ? { signal } : {}),
  })) {
    out.push(part);
  }
  return out;
}

describe("the offline model's protocol", () => {
  it("lists, then describes every table in one step", async () => {
    const question: ModelMessage[] = [{ role: "user", content: "How many rows?" }];
    expect(await parts(question)).toEqual([
      { type: "tool-call", id: "offline_0_0_list", name: "list_tables", input: "{}" },
      { type: "finish", finishReason: "tool-calls", usage: { inputTokens: 0, outputTokens: 0 } },
    ]);
    const listed: ModelMessage[] = [
      ...question,
      {
        role: "assistant",
        content: "",
        toolCalls: [{ id: "offline_0_0_list", name: "list_tables", input: "{}" }],
      },
      {
        role: "tool",
        toolCallId: "offline_0_0_list",
        toolName: "list_tables",
        content: '{"tables":[{"name":"a"},{"name":"b"}]}',
      },
    ];
    const next = await parts(listed);
    expect(next.filter((p) => p.type === "tool-call").map((p) => p.type === "tool-call" && p.input)).toEqual([
      '{"table":"a"}',
      '{"table":"b"}',
    ]);
  });

  it("ends with ABORTED when the signal is aborted", async () => {
    const controller = new AbortController();
    controller.abort();
    const out = await parts([{ role: "user", content: "How many rows?" }], controller.signal);
    expect(out).toEqual([{ type: "error", error: expect.objectContaining({ code: "ABORTED" }) }]);
  });

  it("refuses calls without the data tools, so a caller falls back", async () => {
    const out = await parts([{ role: "user", content: "Title this" }], undefined, false);
    expect(out).toEqual([{ type: "error", error: expect.objectContaining({ code: "LLM_ERROR" }) }]);
  });
});

const alice: Principal = { userId: "alice", tenantId: "acme" };

/** Not a dev-set table: messy names, dates as `05-Mar-2021` text, a yes/no column. */
function shipmentsCsv(): string {
  const carriers = [
    "FedEx",
    "UPS",
    "DHL",
    "Acme Freight",
    "OnTrac",
    "Saia",
    "XPO",
    "Estes",
    "Canpar",
    "Purolator",
    "USPS",
    "TForce",
  ];
  const states = ["CA", "TX", "NY", "WA"];
  const months = ["Jan", "Mar", "Jul", "Nov"];
  const lines = ["Ship ID,Ship Dt,Carrier Name,Dest State,Wt (kg),Transit Days,Cost Total $,Insured?"];
  for (let i = 0; i < 96; i++) {
    const date = `${String((i % 27) + 1).padStart(2, "0")}-${months[i % 4]}-${2020 + (i % 3)}`;
    const insured = i % 5 === 0 ? "true" : "false";
    lines.push(
      `S${i},${date},${carriers[i % 12]},${states[i % 4]},${(i % 40) + 0.5},${(i % 9) + 1},${(i * 7) % 300},${insured}`,
    );
  }
  return `${lines.join("\n")}\n`;
}

describe("the offline model through the chat pipeline, on a table outside the dev set", () => {
  const store = createMemoryStore();
  const blobs = createMemoryBlobStore();
  const engines = createDuckDbEngineProvider({ blobs });
  let dataset: Dataset;
  let dir = "";

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "quarry-offline-"));
    const path = join(dir, "shipments.csv");
    await writeFile(path, shipmentsCsv());
    const { datasets } = await ingestDataset({
      store,
      blobs,
      principal: alice,
      source: { path },
      name: "shipments",
    });
    dataset = datasets[0]?.dataset as Dataset;
  });
  afterAll(async () => {
    await engines.close();
    await rm(dir, { recursive: true, force: true });
  });

  async function ask(
    question: string,
  ): Promise<{ answer: Message; text: string; sql: string | undefined; rows: unknown[][] }> {
    const quarry = createQuarry({
      store,
      blobs,
      principal: alice,
      engine: engines,
      model: createOfflineModel(),
    });
    const session = await store.sessions.create(alice, { datasetIds: [dataset.id] });
    let answer: Message | undefined;
    for await (const event of quarry.chat(session.id, question))
      if (event.type === "done") answer = event.message;
    if (!answer) throw new Error("no answer");
    const text = answer.parts.flatMap((p) => (p.type === "text" ? [p.text] : [])).join("");
    const sql = answer.parts.find((p) => p.type === "sql");
    const table = answer.parts.find((p) => p.type === "table");
    return {
      answer,
      text,
      sql: sql?.type === "sql" ? sql.sql : undefined,
      rows: table?.type === "table" ? table.rows : [],
    };
  }

  it("parses text dates in the layout their samples show", async () => {
    const { sql, rows, text, answer } = await ask("How many shipments went to Texas in 2021?");
    expect(sql).toBe(
      `SELECT count(*) AS "count" FROM "shipments" WHERE "Dest State" = 'TX' AND year(try_strptime("Ship Dt", '%d-%b-%Y')) = 2021`,
    );
    expect(rows).toEqual([[8]]);
    expect(text).toContain("is 8.");
    expect(answer.metadata.ungrounded).toBeUndefined();
  });

  it("maps question words to messy column names", async () => {
    expect((await ask("Average transit days per carrier")).sql).toBe(
      `SELECT "Carrier Name" AS "Carrier Name", avg("Transit Days") AS "average_transit_days" FROM "shipments" GROUP BY 1 ORDER BY 1 ASC NULLS LAST`,
    );
    const heaviest = await ask("Show the 3 heaviest shipments");
    expect(heaviest.sql).toMatch(/ORDER BY 2 DESC NULLS LAST LIMIT 3$/);
    expect(heaviest.rows.map((r) => r[1])).toEqual([39.5, 39.5, 38.5]);
    expect((await ask("How many shipments were insured?")).rows).toEqual([[20]]);
  });

  it("streams an unsure reply with suggestions, running no query it does not understand", async () => {
    const { answer, text, sql } = await ask("What is the average salary?");
    expect(sql).toBeUndefined();
    expect(text).toMatch(/^I'm not sure how to answer that: .*average.* I can answer questions like: “/);
    expect(
      answer.parts.some(
        (p) => p.type === "tool" && p.name === "run_sql" && JSON.stringify(p.input).includes("avg"),
      ),
    ).toBe(false);
  });
});
