import type { ChatState } from "@quarry/core/client";
import { defaultStrings } from "@quarry/react";
import { createElement } from "react";
import { renderToString } from "react-dom/server";
import { compile } from "vega-lite";
import { describe, expect, it } from "vitest";
import * as stories from "../stories/quarry-chat.stories.js";
import { ScriptedChat, type ScriptedChatProps } from "../stories/scripted-chat.js";

/*
 * The stories are checked by importing them rather than by building Storybook (`npm run storybook:build`):
 * every state of the widget has its story, and each story's scripted state renders what it is named for.
 */

/** Each required story and text its rendered widget must contain. */
const required: Record<string, string> = {
  Empty: defaultStrings.emptyConversation,
  Uploading: 'progress max="100" value="64"',
  Streaming: "July is the dri",
  Table: "precipitation_mm",
  Chart: defaultStrings.chartLoading,
  LongTable: "10,000 rows",
  Citations: "seattle-climate-brief-2016.pdf",
  Documents: defaultStrings.documentFailed,
  ToolTrace: defaultStrings.toolTrace.replace("{count}", "3"),
  UngroundedWarning: defaultStrings.ungroundedWarning.replace("{numbers}", "1894"),
  Insights: "Concentration of total precipitation by weather",
  InsightsRunning: defaultStrings.findingInsights,
  ErrorWithRetry: defaultStrings.retry,
  DarkTheme: 'data-theme="dark"',
};

type StoryExport = { args: Partial<ScriptedChatProps> & { state: Partial<ChatState> } };

function story(name: string): StoryExport {
  const value = (stories as unknown as Record<string, StoryExport | undefined>)[name];
  if (!value) throw new Error(`No story named ${name}`);
  return value;
}

/** The parts of every message of a story's state. */
function partsOf(state: Partial<ChatState>) {
  return (state.messages ?? []).flatMap((message) => message.parts);
}

describe("stories of <QuarryChat/>", () => {
  it("has a story for every state of the widget, over the scripted chat client", () => {
    const names = Object.keys(stories).filter((name) => name !== "default");
    expect(names.sort()).toEqual(Object.keys(required).sort());
    expect(stories.default.component).toBe(ScriptedChat);
  });

  it.each(Object.entries(required))("%s renders its state", (name, text) => {
    const html = renderToString(
      createElement(ScriptedChat, { ...stories.default.args, ...story(name).args }),
    );
    expect(html).toContain(text);
  });

  it("scripts each state as its story's name says", () => {
    const uploading = story("Uploading").args.state.uploads?.find((u) => u.state === "uploading");
    expect(uploading && uploading.loaded > 0 && uploading.loaded < uploading.total).toBe(true);
    expect(uploading?.preview).toMatchObject({ source: "file", rowCount: null });
    expect(uploading?.preview?.rows).toHaveLength(50);
    const html = renderToString(
      createElement(ScriptedChat, { ...stories.default.args, ...story("Uploading").args }),
    );
    expect(html).toContain(
      `aria-label="${defaultStrings.uploadPreview.replace("{fileName}", "flights-10k.json")}"`,
    );

    const streaming = story("Streaming").args.state.streaming;
    expect(streaming?.status).toBe("answering");
    expect(streaming?.text).not.toBe("");

    const longTable = partsOf(story("LongTable").args.state).find((part) => part.type === "table");
    expect(longTable?.type === "table" && longTable.rows.length).toBe(10_000);

    const tools = partsOf(story("ToolTrace").args.state).filter((part) => part.type === "tool");
    expect(tools.some((tool) => tool.type === "tool" && tool.isError)).toBe(true);

    const [ungrounded] = story("UngroundedWarning").args.state.messages?.slice(-1) ?? [];
    expect(ungrounded?.metadata.ungrounded).toEqual(["1894"]);

    const documents = story("Documents").args.state.documents?.files ?? [];
    expect(documents.map((f) => f.status).sort()).toEqual(["failed", "processed", "processed", "processing"]);
    const documentsHtml = renderToString(
      createElement(ScriptedChat, { ...stories.default.args, ...story("Documents").args }),
    );
    expect(documentsHtml).toContain(
      `aria-label="${defaultStrings.removeDocument.replace("{fileName}", "rain-gauge-log-1998-scan.pdf")}"`,
    );
    expect(documentsHtml).toContain(defaultStrings.documentProcessing);

    const insights = Object.values(story("Insights").args.state.insights ?? {})[0]?.run?.cards ?? [];
    expect(insights.some((card) => card.chart !== null)).toBe(true);
    expect(insights.some((card) => card.chart === null)).toBe(true);
    const insightsHtml = renderToString(
      createElement(ScriptedChat, { ...stories.default.args, ...story("Insights").args }),
    );
    for (const card of insights) expect(insightsHtml).toContain(`>${card.title}</h5>`);
    expect(insightsHtml).toContain(
      `aria-label="${defaultStrings.findInsightsIn.replace("{name}", "seattle-weather.csv")}"`,
    );
    expect(Object.values(story("InsightsRunning").args.state.insights ?? {})[0]?.running).toBe(true);

    expect(story("ErrorWithRetry").args.state.error?.action).toBe("send");
    expect(story("DarkTheme").args.theme).toBe("dark");
  });

  it("charts with a Vega-Lite spec that compiles", () => {
    const insightCharts = Object.values(story("Insights").args.state.insights ?? {}).flatMap((insights) =>
      (insights.run?.cards ?? []).flatMap((card) => (card.chart ? [card.chart] : [])),
    );
    const charts = [
      ...["Chart", "DarkTheme"].map((name) => {
        const chart = partsOf(story(name).args.state).find((part) => part.type === "chart");
        if (chart?.type !== "chart") throw new Error(`${name} has no chart`);
        return chart;
      }),
      ...insightCharts,
    ];
    expect(charts.length).toBe(5);
    for (const chart of charts) {
      const { spec } = compile(chart.spec as never);
      expect(spec.marks?.length).toBeGreaterThan(0);
    }
  });
});
