import { fileURLToPath } from "node:url";
import { read as readWorkbook, utils } from "@e965/xlsx";
import type { Message, Session } from "@quarry/core";
import { ingestDataset } from "@quarry/core/ingest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { json, principals, startTestApi, type TestApi } from "../http-test-kit.js";
import { contentDisposition } from "./export-routes.js";

const weatherCsv = fileURLToPath(
  new URL("../../../../../../shared/eval/data/seattle-weather.csv", import.meta.url),
);
const monthly =
  "SELECT date_trunc('month', date) AS month, round(sum(precipitation), 1) AS rain " +
  "FROM seattle_weather WHERE year(date) = 2012 GROUP BY 1 ORDER BY 1";
const count = "SELECT count(*) AS days FROM seattle_weather";

let api: TestApi;
let datasetId: string;
beforeAll(async () => {
  api = await startTestApi();
  const { datasets } = await ingestDataset({
    store: api.store,
    blobs: api.quarry.blobs,
    principal: principals.alice,
    source: { path: weatherCsv },
  });
  datasetId = datasets[0]!.dataset.id;
});
afterAll(async () => {
  await api.close();
});

function weatherSession(): Promise<Session> {
  return api.store.sessions.create(principals.alice, { datasetIds: [datasetId] });
}

/** Asks as alice; with `sql`, the mock model runs it before answering. Gives the stored answer. */
async function ask(sessionId: string, question: string, sql?: string): Promise<Message> {
  api.llm.setScript([
    ...(sql ? [{ toolCalls: [{ name: "run_sql", arguments: { sql } }] }] : []),
    { text: "Here is what the data says." },
  ]);
  const response = await api.call("alice", `/sessions/${sessionId}/messages`, json({ content: question }));
  expect(response.status).toBe(200);
  const { messages } = (await response.json()) as { messages: Message[] };
  return messages[1]!;
}

async function bytesOf(response: Response): Promise<Uint8Array> {
  return new Uint8Array(await response.arrayBuffer());
}

function sheetRows(bytes: Uint8Array, sheet: string): unknown[][] {
  const book = readWorkbook(bytes);
  return utils.sheet_to_json<unknown[]>(book.Sheets[sheet]!, { header: 1 });
}

describe("export routes", () => {
  it("downloads an answer's result as Excel and CSV, and its chart as SVG and PNG", async () => {
    const session = await weatherSession();
    const answer = await ask(session.id, "Monthly rain in 2012?", monthly);
    expect(answer.parts.map((p) => p.type)).toEqual(expect.arrayContaining(["table", "chart"]));

    const xlsx = await api.call("alice", `/messages/${answer.id}/export.xlsx`);
    expect(xlsx.status).toBe(200);
    expect(xlsx.headers.get("content-type")).toBe(
      "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    );
    expect(xlsx.headers.get("content-disposition")).toBe(
      `attachment; filename="monthly-rain-in-2012.xlsx"; filename*=UTF-8''monthly-rain-in-2012.xlsx`,
    );
    expect(xlsx.headers.get("cache-control")).toBe("private, no-store");
    const bytes = await bytesOf(xlsx);
    expect(readWorkbook(bytes).SheetNames).toEqual(["Result", "Query"]);
    const rows = sheetRows(bytes, "Result");
    expect(rows[0]).toEqual(["month", "rain"]);
    expect(rows).toHaveLength(13);
    expect(JSON.stringify(sheetRows(bytes, "Query"))).toContain("date_trunc('month', date)");

    const csv = await api.call("alice", `/messages/${answer.id}/export.csv`);
    expect(csv.headers.get("content-type")).toMatch(/^text\/csv/);
    expect(csv.headers.get("content-disposition")).toMatch(
      /^attachment; filename="monthly-rain-in-2012\.csv"/,
    );
    const lines = (await csv.text()).trim().split(/\r?\n/);
    expect(lines[0]).toBe("month,rain");
    expect(lines).toHaveLength(13);
    expect(lines[1]).toMatch(/^2012-01-01/);

    const svg = await api.call("alice", `/messages/${answer.id}/chart.svg`);
    expect(svg.headers.get("content-type")).toBe("image/svg+xml");
    expect(svg.headers.get("content-disposition")).toMatch(/^inline; filename="monthly-rain-in-2012\.svg"/);
    expect(svg.headers.get("content-security-policy")).toContain("default-src 'none'");
    expect(await svg.text()).toMatch(/^<svg/);

    const png = await api.call("alice", `/messages/${answer.id}/chart.png`);
    expect(png.headers.get("content-type")).toBe("image/png");
    expect(png.headers.get("content-disposition")).toContain('filename="monthly-rain-in-2012.png"');
    expect([...(await bytesOf(png)).slice(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  });

  it("exports the session's latest result, and 404s when there is none", async () => {
    const session = await weatherSession();
    expect((await api.call("alice", `/sessions/${session.id}/export.xlsx`)).status).toBe(404);
    await ask(session.id, "Monthly rain in 2012?", monthly);
    await ask(session.id, "How many days are there?", count);
    await ask(session.id, "Thanks!");

    const response = await api.call("alice", `/sessions/${session.id}/export.xlsx`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-disposition")).toContain('filename="how-many-days-are-there.xlsx"');
    expect(sheetRows(await bytesOf(response), "Result")).toEqual([["days"], [1461]]);

    const chatty = await weatherSession();
    await ask(chatty.id, "Hello?");
    const none = await api.call("alice", `/sessions/${chatty.id}/export.xlsx`);
    expect(none.status).toBe(404);
    expect((await none.json()).error.code).toBe("NOT_FOUND");
  });

  it("answers 404 for an answer without a chart or a table, and for a question", async () => {
    const session = await weatherSession();
    const single = await ask(session.id, "How many days?", count);
    expect(single.parts.some((p) => p.type === "chart")).toBe(false);
    expect((await api.call("alice", `/messages/${single.id}/chart.svg`)).status).toBe(404);
    expect((await api.call("alice", `/messages/${single.id}/chart.png`)).status).toBe(404);
    expect(await (await api.call("alice", `/messages/${single.id}/export.csv`)).text()).toMatch(
      /^days\r?\n1461/,
    );

    const text = await ask(session.id, "Hi!");
    for (const path of ["export.xlsx", "export.csv", "chart.svg", "chart.png"]) {
      const response = await api.call("alice", `/messages/${text.id}/${path}`);
      expect(response.status).toBe(404);
      expect((await response.json()).error.code).toBe("NOT_FOUND");
    }
    expect((await api.call("alice", `/messages/${text.replyTo}/export.xlsx`)).status).toBe(404);
    expect((await api.call("alice", "/messages/no-such-message/export.xlsx")).status).toBe(404);
  });

  it("answers 404 for other users' answers and sessions, and 401 without a principal", async () => {
    const session = await weatherSession();
    const answer = await ask(session.id, "Monthly rain in 2012?", monthly);
    const paths = [
      `/messages/${answer.id}/export.xlsx`,
      `/messages/${answer.id}/export.csv`,
      `/messages/${answer.id}/chart.svg`,
      `/messages/${answer.id}/chart.png`,
      `/sessions/${session.id}/export.xlsx`,
    ];
    for (const path of paths) {
      for (const user of ["bob", "eve"] as const) {
        const response = await api.call(user, path);
        expect(response.status, `${user} ${path}`).toBe(404);
        expect((await response.json()).error.code).toBe("NOT_FOUND");
      }
      expect((await api.call(null, path)).status).toBe(401);
      expect((await api.call("alice", path)).status).toBe(200);
    }
  });
});

describe("contentDisposition", () => {
  it("keeps an ASCII fallback and the exact name, and cannot be split or climb directories", () => {
    expect(contentDisposition("rain.csv")).toBe(`attachment; filename="rain.csv"; filename*=UTF-8''rain.csv`);
    const header = contentDisposition('Zürich 雨 "2012"/../x\r\nSet-Cookie: a=b.xlsx', "inline");
    expect(header).toMatch(/^inline; filename="[A-Za-z0-9._-]+"; filename\*=UTF-8''[A-Za-z0-9._~!%-]+$/);
    expect(header).toContain('filename="Zurich_2012_._x_Set-Cookie_a_b.xlsx"');
    const exact = decodeURIComponent(header.split("filename*=UTF-8''")[1]!);
    expect(exact).toBe("Zürich 雨 _2012_.._x_Set-Cookie: a=b.xlsx");
    expect(contentDisposition("")).toBe(`attachment; filename="download"; filename*=UTF-8''download`);
    expect(contentDisposition("雨量.csv")).toBe(
      `attachment; filename="download.csv"; filename*=UTF-8''%E9%9B%A8%E9%87%8F.csv`,
    );
  });
});
