import { read as readWorkbook, utils } from "@e965/xlsx";
import { describe, expect, it } from "vitest";
import { createMemoryBlobStore } from "../blob/memory-blob-store.js";
import type { Principal } from "../model/principal.js";
import { createMemoryStore } from "../store/memory-store.js";
import { createQuarry } from "./create-quarry.js";
import { sharedEngine } from "./engine-provider.js";
import type { QuarryOptions } from "./quarry-types.js";
import { collect, doneOf, modelFor, useSalesBench } from "./turn-fixtures.js";

const alice: Principal = { userId: "alice", tenantId: "acme" };
const monthly = "SELECT month, sum(amount) AS total FROM sales GROUP BY month ORDER BY month";

const bench = useSalesBench();

async function setup(options: Partial<QuarryOptions> = {}) {
  const store = createMemoryStore();
  const quarry = createQuarry({
    store,
    blobs: createMemoryBlobStore(),
    model: modelFor("openai", bench.server),
    engine: sharedEngine(bench.engine),
    principal: alice,
    ...options,
  });
  const session = await store.sessions.create(alice);
  return { store, quarry, session };
}

describe("an answer's table, chart and exports", () => {
  it("charts a time series as a line, caps the table and keeps the true total", async () => {
    const { quarry, session } = await setup({ limits: { tableRows: 1 } });
    bench.server.setScript([
      { toolCalls: [{ name: "run_sql", arguments: { sql: monthly } }] },
      { text: "Sales grew to 300." },
    ]);
    const message = doneOf(await collect(quarry.chat(session.id, "Monthly sales?")));
    expect(message.parts.find((p) => p.type === "table")).toMatchObject({ rowCount: 2, truncated: true });
    expect(message.parts.find((p) => p.type === "table" && p.rows.length === 1)).toBeDefined();
    const chart = message.parts.find((p) => p.type === "chart");
    expect(chart?.type === "chart" && JSON.stringify(chart.spec.mark)).toContain("line");
    expect(message.metadata.ungrounded).toBeUndefined();
  });

  it("draws no chart for a single value", async () => {
    const { quarry, session } = await setup();
    bench.server.setScript([
      { toolCalls: [{ name: "run_sql", arguments: { sql: "SELECT sum(amount) AS total FROM sales" } }] },
      { text: "450 in all." },
    ]);
    const message = doneOf(await collect(quarry.chat(session.id, "Total?")));
    expect(message.parts.map((p) => p.type)).toEqual(["tool", "text", "sql", "table"]);
  });

  it("shows no table for a query the model marked as exploring", async () => {
    const { quarry, session } = await setup();
    bench.server.setScript([
      {
        toolCalls: [
          { name: "run_sql", arguments: { sql: "SELECT DISTINCT region FROM sales", explore: true } },
        ],
      },
      { text: "There is no region called Acme." },
    ]);
    const message = doneOf(await collect(quarry.chat(session.id, "Sales in Acme?")));
    expect(message.parts.map((p) => p.type)).toEqual(["tool", "text"]);
  });

  it("exports the full result to Excel and CSV, and the chart to SVG and PNG", async () => {
    const { quarry, session } = await setup({ limits: { tableRows: 1 } });
    bench.server.setScript([
      { toolCalls: [{ name: "run_sql", arguments: { sql: monthly } }] },
      { text: "Two months." },
    ]);
    const answer = doneOf(await collect(quarry.chat(session.id, "Monthly sales, please?")));

    const xlsx = await quarry.exportMessage(answer.id, "xlsx");
    expect(xlsx.fileName).toBe("monthly-sales-please.xlsx");
    const book = readWorkbook(xlsx.bytes);
    expect(book.SheetNames).toEqual(["Result", "Query"]);
    const rows = utils.sheet_to_json<unknown[]>(book.Sheets.Result!, { header: 1 });
    // The table part kept one row; the export re-ran the SQL for both.
    expect(rows).toHaveLength(3);
    expect(rows[1]?.[1]).toBe(150);
    expect(JSON.stringify(utils.sheet_to_json(book.Sheets.Query!, { header: 1 }))).toContain(monthly);

    const csv = new TextDecoder().decode((await quarry.exportMessage(answer.id, "csv")).bytes);
    expect(csv.trim().split(/\r?\n/)).toEqual(["month,total", "2024-01-01,150", "2024-02-01,300"]);

    const svg = new TextDecoder().decode((await quarry.exportMessage(answer.id, "svg")).bytes);
    expect(svg).toMatch(/^<svg/);
    const png = await quarry.exportMessage(answer.id, "png");
    expect([...png.bytes.slice(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
    expect(png.mediaType).toBe("image/png");

    const question = (await quarry.thread(session.id))[0]!;
    await expect(quarry.exportMessage(question.id, "xlsx")).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(
      quarry.exportMessage(answer.id, "xlsx", { principal: { userId: "mallory", tenantId: "acme" } }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(quarry.exportMessage(answer.id, "exe" as "csv")).rejects.toMatchObject({
      code: "INVALID_INPUT",
    });
  });

  it("asks the model for a title when told to, and falls back to the question", async () => {
    const { quarry, session, store } = await setup({ titles: "model" });
    bench.server.setScript([{ text: "Hello." }, { text: '"Regional sales overview"' }]);
    await collect(quarry.chat(session.id, "Tell me about sales by region please"));
    expect((await store.sessions.get(alice, session.id))?.title).toBe("Regional sales overview");

    const other = await store.sessions.create(alice);
    bench.server.setScript([{ text: "Hello." }, { status: 400, message: "nope" }]);
    await collect(quarry.chat(other.id, "What is the busiest month?"));
    expect((await store.sessions.get(alice, other.id))?.title).toBe("What is the busiest month");
  });
});
