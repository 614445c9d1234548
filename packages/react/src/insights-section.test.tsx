// @vitest-environment happy-dom
import type { InsightCard, InsightRun } from "@quarry/core";
import { createChatClient } from "@quarry/core/client";
import { act, cleanup, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { FakeTransport, gate } from "../../core/src/client/client-fixtures.js";
import { QuarryChat } from "./quarry-chat.js";
import { fakeChatClient, session, weatherDataset } from "./testing/fake-chat-client.js";

// vega-embed as the widget imports it: a drawing stand-in, so the test sees where charts go.
vi.mock("vega-embed", () => ({
  default: async (element: HTMLElement) => {
    element.innerHTML = "<svg data-chart></svg>";
    return { finalize() {} };
  },
}));
vi.mock("vega-interpreter", () => ({ expressionInterpreter: {} }));

afterEach(cleanup);

function card(input: Partial<InsightCard> & Pick<InsightCard, "id" | "title" | "score">): InsightCard {
  return {
    kind: "trend",
    summary: `${input.title}, in a sentence.`,
    sql: { type: "sql", sql: `SELECT '${input.id}'`, dialect: "duckdb" },
    table: {
      type: "table",
      columns: [
        { name: "year", type: "INTEGER" },
        { name: "rain", type: "DOUBLE" },
      ],
      rows: [[2012, 1226]],
      rowCount: 1,
      truncated: false,
    },
    chart: null,
    ...input,
  };
}

const daily = Array.from({ length: 12 }, (_, i) => [`2012-01-${String(i + 1).padStart(2, "0")}`, i]);
const cards = [
  card({ id: "outliers:wind", title: "Unusual values of wind", kind: "outliers", score: 0.4 }),
  card({
    id: "trend:date:precipitation",
    title: "Total precipitation by year",
    score: 0.9,
    chart: {
      type: "chart",
      title: "Total precipitation by year",
      spec: {
        data: { values: [{ year: 2012, rain: 1226 }] },
        mark: "line",
        encoding: { x: { field: "year", type: "ordinal" }, y: { field: "rain", type: "quantitative" } },
      },
    },
    table: {
      type: "table",
      columns: [
        { name: "date", type: "DATE" },
        { name: "rain", type: "DOUBLE" },
      ],
      rows: daily,
      rowCount: 12,
      truncated: false,
    },
  }),
];
const run: InsightRun = {
  datasetId: "d1",
  version: 1,
  createdAt: "2024-05-01T00:00:00.000Z",
  durationMs: 40,
  cards,
};

describe("insights in the dataset panel", () => {
  it("runs the analyses from the button, says so while they run, then shows the cards", async () => {
    const transport = new FakeTransport();
    const client = createChatClient({ transport, storage: null });
    render(<QuarryChat client={client} />);
    await act(() => client.ready);
    await act(() => client.upload([new File(["x\n1\n"], "weather.csv")]));
    // The only dataset is open, so its latest run is asked for (there is none yet).
    await waitFor(() => expect(transport.calls).toContain("latestInsights"));

    const held = gate();
    transport.insightHolds.push(held.promise);
    const find = screen.getByRole<HTMLButtonElement>("button", { name: "Find insights in weather" });
    fireEvent.click(find);
    await waitFor(() => expect(find.disabled).toBe(true));
    const insights = screen.getByRole("region", { name: "Insights" });
    expect(within(insights).getByRole("status").textContent).toMatch(/^Looking for trends/);
    expect(within(insights).queryByRole("article")).toBeNull();

    await act(async () => held.open());
    const article = await within(insights).findByRole("article", { name: "Total x by year" });
    expect(find.disabled).toBe(false);
    expect(within(insights).getByRole("status").textContent).toBe("");
    expect(within(article).getByRole("heading", { name: "Total x by year" })).toBeTruthy();
    expect(within(article).getByText("Total x rose from 1 in 2012 to 3 in 2013 (+200%).")).toBeTruthy();
    expect(within(article).getAllByRole("row")).toHaveLength(3);
    expect(transport.calls.filter((c) => c === "runInsights")).toHaveLength(1);
  });

  it("shows the cards best first: a drawn chart, the first 10 rows, the SQL collapsed with Copy SQL", async () => {
    const client = fakeChatClient({
      currentSessionId: "s1",
      sessions: [session()],
      datasets: [weatherDataset()],
      insights: { d1: { run, loaded: true, running: false } },
    });
    const { container } = render(<QuarryChat client={client} />);
    expect(client.loadInsights).toHaveBeenCalledWith("d1");
    const articles = screen.getAllByRole("article");
    expect(
      articles.map((a) => a.getAttribute("aria-labelledby") && a.querySelector("h5")?.textContent),
    ).toEqual(["Total precipitation by year", "Unusual values of wind"]);
    const [best, other] = articles as [HTMLElement, HTMLElement];
    await waitFor(() => expect(best.querySelector("svg[data-chart]")).not.toBeNull());
    expect(within(best).getByRole("img", { name: "Total precipitation by year" })).toBeTruthy();
    expect(other.querySelector(".quarry-chart")).toBeNull();

    const table = within(best).getByRole("table");
    expect(within(table).getAllByRole("row")).toHaveLength(11);
    expect(within(table).queryByRole("cell", { name: "2012-01-11" })).toBeNull();
    expect(within(best).getByText("Showing 10 of 12 rows")).toBeTruthy();

    const sql = best.querySelector("details.quarry-insight-sql") as HTMLDetailsElement;
    expect(sql.open).toBe(false);
    expect(within(sql).getByText("The SQL behind this")).toBeTruthy();
    expect(sql.querySelector("code")?.textContent).toBe("SELECT 'trend:date:precipitation'");
    const writeText = vi.fn(async () => {});
    Object.defineProperty(navigator, "clipboard", { value: { writeText }, configurable: true });
    fireEvent.click(within(sql).getByRole("button", { name: "Copy SQL" }));
    expect(writeText).toHaveBeenCalledWith("SELECT 'trend:date:precipitation'");
    expect(container.querySelector(".quarry-warning")).toBeNull();
  });

  it("says when the cards are of an earlier version, and asks about a card from the box", () => {
    const client = fakeChatClient({
      currentSessionId: "s1",
      sessions: [session()],
      datasets: [weatherDataset({ version: 3 })],
      insights: { d1: { run, loaded: true, running: false } },
    });
    render(<QuarryChat client={client} />);
    expect(screen.getByText("These insights are from version 1; run again for the latest.")).toBeTruthy();

    const [, other] = screen.getAllByRole("article") as [HTMLElement, HTMLElement];
    fireEvent.click(within(other).getByRole("button", { name: "Ask about this" }));
    const box = screen.getByRole<HTMLTextAreaElement>("textbox", { name: "Ask a question" });
    expect(box.value).toBe("Unusual values of wind: tell me more");
    expect(document.activeElement).toBe(box);
    expect(client.send).not.toHaveBeenCalled();
  });

  it("does not ask for the insights of a dataset nobody opened", () => {
    const client = fakeChatClient({
      currentSessionId: "s1",
      datasets: [weatherDataset(), weatherDataset({ id: "d2", name: "stocks.csv" })],
    });
    render(<QuarryChat client={client} />);
    expect(client.loadInsights).not.toHaveBeenCalled();
    const second = screen.getAllByText("stocks.csv")[0]!.closest("details") as HTMLDetailsElement;
    second.open = true;
    fireEvent(second, new Event("toggle"));
    expect(client.loadInsights).toHaveBeenCalledWith("d2");
    expect(client.loadInsights).toHaveBeenCalledTimes(1);
  });
});
