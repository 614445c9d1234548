import type { Meta, StoryObj } from "@storybook/react-vite";
import {
  chartState,
  citationsState,
  darkThemeState,
  documentsState,
  emptyState,
  errorState,
  longTableState,
  streamingState,
  tableState,
  toolTraceState,
  ungroundedState,
  uploadingState,
} from "./fixtures/chat-states.js";
import { insightsRunningState, insightsState } from "./fixtures/insight-states.js";
import { ScriptedChat } from "./scripted-chat.js";

/**
 * Every state of `<QuarryChat/>`, each a scripted chat state (see `fixtures/chat-states.ts`): no server, no
 * model, nothing fetched. Actions the widget calls show in the Actions panel.
 */
const meta = {
  title: "QuarryChat",
  component: ScriptedChat,
  parameters: { layout: "fullscreen" },
  args: { theme: "light" },
  argTypes: {
    // The state is data, not a control: the long table alone is 10,000 rows.
    state: { control: false },
    theme: { control: "inline-radio", options: ["light", "dark", "auto"] },
    onAction: { action: "chat client" },
  },
} satisfies Meta<typeof ScriptedChat>;

export default meta;

type Story = StoryObj<typeof meta>;

/** A first visit: no sessions and no files yet. */
export const Empty: Story = { args: { state: emptyState } };

/** Files uploading with progress (one showing its first rows, read in the page), next to one done and one refused. */
export const Uploading: Story = { args: { state: uploadingState } };

/** An answer being written: the status line, the finished tool call and the text so far. */
export const Streaming: Story = { args: { state: streamingState } };

/** An answer with its SQL and a sortable result table. */
export const Table: Story = { args: { state: tableState } };

/** A Vega-Lite line chart, drawn by vega-embed (loaded on first use). */
export const Chart: Story = { args: { state: chartState }, play: showDrawnCharts };

/** A result of 10,000 rows, virtualised. */
export const LongTable: Story = { args: { state: longTableState } };

/** An answer from a document, with the cited passages (each expands to its quote). */
export const Citations: Story = { args: { state: citationsState } };

/**
 * The session's documents: one read (pages and passages), one being read, one failed with its reason and a
 * remove button, one uploading; the answer's first source is expanded to show its passage.
 */
export const Documents: Story = {
  args: { state: documentsState },
  play: async ({ canvasElement }) => {
    canvasElement.querySelector("details.quarry-citation")?.setAttribute("open", "");
  },
};

/** The tools an answer called, one failed and repaired; the trace is opened for the story. */
export const ToolTrace: Story = {
  args: { state: toolTraceState },
  play: async ({ canvasElement }) => {
    canvasElement.querySelector("details.quarry-trace")?.setAttribute("open", "");
  },
};

/** A number the query results do not support, flagged under the answer. */
export const UngroundedWarning: Story = { args: { state: ungroundedState } };

/**
 * The dataset's insights in the dataset panel, best first: each card's finding, its chart (drawn like an
 * answer's) or only its table, the SQL behind it collapsed, and "Ask about this".
 */
export const Insights: Story = { args: { state: insightsState }, play: showDrawnCharts };

/** Insights being found: the button disabled while the status line says what the analyses look for. */
export const InsightsRunning: Story = { args: { state: insightsRunningState } };

/** A failed question: the banner with Retry and Dismiss, the question back in the box. */
export const ErrorWithRetry: Story = { args: { state: errorState } };

/** The table and chart answers in the dark theme (the chart drawn with Vega's dark theme). */
export const DarkTheme: Story = { args: { state: darkThemeState, theme: "dark" }, play: showDrawnCharts };

/**
 * Scrolls the conversation to its end once every chart is drawn. The widget follows new messages, but a chart
 * grows after vega-embed loads, which would leave it half below the fold.
 */
async function showDrawnCharts({ canvasElement }: { canvasElement: HTMLElement }): Promise<void> {
  for (let waited = 0; waited < 10_000; waited += 100) {
    if (!canvasElement.querySelector('.quarry-chart[aria-busy="true"]')) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const conversation = canvasElement.querySelector(".quarry-conversation");
  if (conversation) conversation.scrollTop = conversation.scrollHeight;
}
