// @vitest-environment happy-dom
import { act, cleanup, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { QuarryChat } from "./quarry-chat.js";
import { fakeChatClient, message, question, weatherDataset } from "./testing/fake-chat-client.js";

afterEach(cleanup);

const answer = message({
  id: "a1",
  seq: 2,
  replyTo: "q1",
  parts: [
    { type: "tool", toolCallId: "t1", name: "run_sql", input: { sql: "SELECT 1" } },
    { type: "text", text: "**Bergen** had the most rain." },
    { type: "sql", sql: "SELECT city, sum(rain) FROM weather GROUP BY city" },
    {
      type: "table",
      columns: [
        { name: "city", type: "VARCHAR" },
        { name: "rain", type: "DOUBLE" },
      ],
      rows: [
        ["Bergen", 250],
        ["Oslo", 10],
      ],
      rowCount: 2,
      truncated: false,
    },
  ],
});
const conversation = [question("q1", "Which city had the most rain?"), answer];

describe("<QuarryChat/>", () => {
  it("gives the controls their accessible names", () => {
    render(<QuarryChat client={fakeChatClient({ messages: conversation })} />);
    for (const name of ["Send", "Copy SQL", "Download Excel", "Download CSV", "Thumbs up", "Thumbs down"]) {
      expect(screen.getByRole("button", { name })).toBeTruthy();
    }
    expect(screen.getByRole("textbox", { name: "Ask a question" })).toBeTruthy();
    expect(screen.queryByRole("button", { name: "Stop" })).toBeNull();
  });

  it("sends with Enter or Send, and Shift+Enter does not send", () => {
    const client = fakeChatClient();
    render(<QuarryChat client={client} />);
    const box = screen.getByRole<HTMLTextAreaElement>("textbox", { name: "Ask a question" });
    fireEvent.change(box, { target: { value: "How many rows?" } });
    fireEvent.keyDown(box, { key: "Enter", shiftKey: true });
    expect(client.send).not.toHaveBeenCalled();
    fireEvent.keyDown(box, { key: "Enter" });
    expect(client.send).toHaveBeenCalledWith("How many rows?");
    expect(box.value).toBe("");

    fireEvent.change(box, { target: { value: "  Average rain  " } });
    fireEvent.click(screen.getByRole("button", { name: "Send" }));
    expect(client.send).toHaveBeenLastCalledWith("Average rain");
  });

  it("shows the streaming answer with its status in words, announces its text, and stops", () => {
    const client = fakeChatClient({
      messages: [question("q1", "Rain by city?")],
      streaming: { question: question("q1", "Rain by city?"), status: "querying", text: "", parts: [] },
    });
    const { container } = render(<QuarryChat client={client} />);
    expect(container.querySelector(".quarry-status")?.getAttribute("role")).toBe("status");
    expect(container.querySelector(".quarry-status")?.textContent).toBe("Querying the data");
    const live = container.querySelector('[aria-live="polite"]');
    expect(live).not.toBeNull();

    act(() =>
      client.set({
        streaming: {
          question: question("q1", "Rain by city?"),
          status: "answering",
          text: "Bergen had",
          parts: [],
        },
      }),
    );
    expect(live?.textContent).toContain("Bergen had");
    expect(container.textContent).toContain("Writing the answer");

    expect(screen.queryByRole("button", { name: "Send" })).toBeNull();
    fireEvent.click(screen.getByRole("button", { name: "Stop" }));
    expect(client.stop).toHaveBeenCalled();
  });

  it("streams an edited question's answer in place of its earlier answer", () => {
    const later = [
      question("q2", "And Oslo?"),
      message({ id: "a2", replyTo: "q2", parts: [{ type: "text", text: "Oslo: 10" }] }),
    ];
    const client = fakeChatClient({
      messages: [...conversation, ...later],
      streaming: {
        question: question("q1", "Which city had the least rain?"),
        status: "planning",
        text: "",
        parts: [],
      },
    });
    const { container } = render(<QuarryChat client={client} />);
    const items = [...container.querySelectorAll(".quarry-messages > li")];
    expect(items.map((li) => li.getAttribute("data-message-id") ?? "streaming")).toEqual([
      "q1",
      "streaming",
      "q2",
      "a2",
    ]);
  });

  it("edits a question inline (Save and Cancel) and regenerates an answer", () => {
    const client = fakeChatClient({ messages: conversation });
    render(<QuarryChat client={client} />);

    fireEvent.click(screen.getByRole("button", { name: "Edit question" }));
    fireEvent.click(screen.getByRole("button", { name: "Cancel" }));
    expect(client.edit).not.toHaveBeenCalled();
    expect(screen.getByText("Which city had the most rain?")).toBeTruthy();

    fireEvent.click(screen.getByRole("button", { name: "Edit question" }));
    const editor = screen.getByRole<HTMLTextAreaElement>("textbox", { name: "Question" });
    expect(editor.value).toBe("Which city had the most rain?");
    fireEvent.change(editor, { target: { value: "Which city had the least rain?" } });
    fireEvent.click(screen.getByRole("button", { name: "Save" }));
    expect(client.edit).toHaveBeenCalledWith("q1", "Which city had the least rain?");

    fireEvent.click(screen.getByRole("button", { name: "Regenerate" }));
    expect(client.regenerate).toHaveBeenCalledWith("a1");
  });

  it("rates answers with aria-pressed from state.feedback, and sends an optional comment", async () => {
    const client = fakeChatClient({ messages: conversation });
    render(<QuarryChat client={client} />);
    const up = screen.getByRole("button", { name: "Thumbs up" });
    const down = screen.getByRole("button", { name: "Thumbs down" });
    expect(up.getAttribute("aria-pressed")).toBe("false");
    expect(down.getAttribute("aria-pressed")).toBe("false");

    fireEvent.click(down);
    expect(client.rate).toHaveBeenCalledWith("a1", "down");
    act(() => client.set({ feedback: { a1: "down" } }));
    expect(down.getAttribute("aria-pressed")).toBe("true");
    expect(up.getAttribute("aria-pressed")).toBe("false");

    fireEvent.change(screen.getByRole("textbox", { name: "Comment (optional)" }), {
      target: { value: "Wrong year" },
    });
    fireEvent.click(screen.getByRole("button", { name: "Send comment" }));
    expect(client.rate).toHaveBeenLastCalledWith("a1", "down", "Wrong year");
    expect(await screen.findByText("Thanks for the feedback.")).toBeTruthy();

    fireEvent.click(up);
    expect(client.rate).toHaveBeenLastCalledWith("a1", "up");
    act(() => client.set({ feedback: { a1: "up" } }));
    expect(up.getAttribute("aria-pressed")).toBe("true");
    expect(down.getAttribute("aria-pressed")).toBe("false");
  });

  it("downloads Excel and CSV through an object URL", async () => {
    const client = fakeChatClient({ messages: conversation });
    const createObjectURL = vi.fn(() => "blob:answer");
    const revokeObjectURL = vi.fn();
    Object.assign(URL, { createObjectURL, revokeObjectURL });
    const clicked: HTMLAnchorElement[] = [];
    const click = vi.spyOn(HTMLAnchorElement.prototype, "click").mockImplementation(function (
      this: HTMLAnchorElement,
    ) {
      clicked.push(this);
    });
    try {
      render(<QuarryChat client={client} />);
      fireEvent.click(screen.getByRole("button", { name: "Download CSV" }));
      await waitFor(() => expect(clicked).toHaveLength(1));
      expect(client.download).toHaveBeenCalledWith("a1", "csv");
      expect(clicked[0]?.href).toBe("blob:answer");
      expect(clicked[0]?.download).toBe("answer.csv");

      fireEvent.click(screen.getByRole("button", { name: "Download Excel" }));
      expect(client.download).toHaveBeenLastCalledWith("a1", "xlsx");
    } finally {
      click.mockRestore();
    }
  });

  it("warns when an answer's numbers are ungrounded", () => {
    const flagged = message({
      id: "a1",
      replyTo: "q1",
      metadata: { ungrounded: ["42", "17%"] },
      parts: [{ type: "text", text: "It rained 42 mm, 17% more." }],
    });
    render(<QuarryChat client={fakeChatClient({ messages: [conversation[0]!, flagged] })} />);
    expect(screen.getByRole("note").textContent).toContain("42, 17%");
  });

  it("shows an error with Retry and Dismiss, and puts a lost question back in the box", () => {
    const client = fakeChatClient({
      error: {
        code: "LLM_UNAVAILABLE",
        message: "The model is not answering.",
        action: "send",
        text: "Rain?",
      },
    });
    render(<QuarryChat client={client} />);
    const alert = screen.getByRole("alert");
    expect(alert.textContent).toContain("The model is not answering.");
    expect(screen.getByRole<HTMLTextAreaElement>("textbox", { name: "Ask a question" }).value).toBe("Rain?");
    fireEvent.click(within(alert).getByRole("button", { name: "Retry" }));
    expect(client.retry).toHaveBeenCalled();
    fireEvent.click(within(alert).getByRole("button", { name: "Dismiss" }));
    expect(client.dismissError).toHaveBeenCalled();
  });

  it("uploads chosen and dropped files and shows each one's progress", () => {
    const client = fakeChatClient();
    const { container } = render(<QuarryChat client={client} />);
    const input = container.querySelector<HTMLInputElement>('input[type="file"]')!;
    expect(input.multiple).toBe(true);
    expect(input.accept).toBe(".csv,.tsv,.xlsx,.json,.parquet,.pdf,.txt,.md");
    const file = new File(["a,b\n1,2"], "weather.csv", { type: "text/csv" });
    fireEvent.change(input, { target: { files: [file] } });
    expect(client.upload).toHaveBeenCalledWith([file]);

    const other = new File(["{}"], "more.json");
    fireEvent.drop(container.querySelector(".quarry-main")!, {
      dataTransfer: { files: [other], types: ["Files"] },
    });
    expect(client.upload).toHaveBeenLastCalledWith([other]);

    act(() =>
      client.set({
        uploads: [
          {
            id: "u1",
            fileName: "weather.csv",
            kind: "dataset",
            loaded: 512,
            total: 1024,
            state: "uploading",
          },
          {
            id: "u2",
            fileName: "broken.xlsx",
            kind: "dataset",
            loaded: 0,
            total: 10,
            state: "failed",
            error: "Not a workbook",
          },
        ],
      }),
    );
    const progress = screen.getByRole("progressbar", { name: "Uploading weather.csv" });
    expect(progress.getAttribute("value")).toBe("50");
    expect(screen.getByText("50%")).toBeTruthy();
    expect(screen.getByText("Failed: Not a workbook")).toBeTruthy();
  });

  it("shows an upload's first rows from the file at once, then the stored dataset's", () => {
    const client = fakeChatClient({
      uploads: [
        {
          id: "u1",
          fileName: "weather.csv",
          kind: "dataset",
          loaded: 100,
          total: 1024,
          state: "uploading",
          preview: {
            source: "file",
            columns: [
              { name: "city", type: "VARCHAR" },
              { name: "rain", type: "DOUBLE" },
            ],
            rows: [
              ["Bergen", "250"],
              ["Oslo", "10"],
            ],
            rowCount: null,
            truncated: true,
          },
        },
      ],
    });
    render(<QuarryChat client={client} />);
    const table = screen.getByRole("region", { name: "First rows of weather.csv" });
    expect(
      within(table)
        .getAllByRole("columnheader")
        .map((th) => th.textContent),
    ).toEqual([expect.stringContaining("city"), expect.stringContaining("rain")]);
    expect(within(table).getByRole("cell", { name: "Bergen" })).toBeTruthy();
    expect(screen.getByText(/^First 2 rows as the file has them/)).toBeTruthy();
    expect(screen.getByRole("progressbar", { name: "Uploading weather.csv" })).toBeTruthy();

    act(() =>
      client.set({
        uploads: [
          {
            id: "u1",
            fileName: "weather.csv",
            kind: "dataset",
            loaded: 1024,
            total: 1024,
            state: "done",
            preview: {
              source: "server",
              columns: [
                { name: "city", type: "VARCHAR" },
                { name: "rain", type: "DOUBLE" },
              ],
              rows: [["Bergen", 250.5]],
              rowCount: 1461,
              truncated: true,
            },
          },
          {
            id: "u2",
            fileName: "broken.csv",
            kind: "dataset",
            loaded: 0,
            total: 10,
            state: "failed",
            error: "Broken",
          },
        ],
      }),
    );
    const stored = screen.getByRole("region", { name: "First rows of weather.csv" });
    expect(within(stored).getByRole("cell", { name: "250.5" })).toBeTruthy();
    expect(within(stored).queryByRole("cell", { name: "Oslo" })).toBeNull();
    expect(screen.getByText("First 1 of 1,461 rows")).toBeTruthy();
    expect(screen.queryByRole("region", { name: "First rows of broken.csv" })).toBeNull();
  });

  it("shows the datasets' columns, statistics and suggestions, and applies one", () => {
    const client = fakeChatClient({ datasets: [weatherDataset()] });
    render(<QuarryChat client={client} />);
    const panel = screen.getByRole("region", { name: "Data" });
    expect(panel.textContent).toContain("1,461 rows · 4 columns");
    const row = within(panel).getByRole("rowheader", { name: /temp_max/ });
    expect(row.textContent).toContain("number");
    const cells = within(row.closest("tr")!)
      .getAllByRole("cell")
      .map((cell) => cell.textContent);
    expect(cells).toContain("16.4392");
    expect(cells).toContain("35.5");
    expect(within(panel).getByText("temp_max has 3 empty values")).toBeTruthy();
    fireEvent.click(within(panel).getByRole("button", { name: "Apply" }));
    expect(client.cleanDataset).toHaveBeenCalledWith("d1", [
      { op: "fill-nulls", column: "temp_max", strategy: "median" },
    ]);
  });

  it("suggests questions from the dataset profile and asks them", () => {
    const client = fakeChatClient({ datasets: [weatherDataset()] });
    render(<QuarryChat client={client} />);
    const suggestions = screen.getByRole("region", { name: "Try asking" });
    const questions = within(suggestions)
      .getAllByRole("button")
      .map((button) => button.textContent);
    expect(questions).toContain("How many rows are there?");
    expect(questions).toContain("Average temp_max by city");
    fireEvent.click(within(suggestions).getByRole("button", { name: "Average temp_max by city" }));
    expect(client.send).toHaveBeenCalledWith("Average temp_max by city");

    act(() => client.set({ messages: conversation }));
    expect(screen.queryByRole("region", { name: "Try asking" })).toBeNull();
  });

  it("sets the theme class on its root and scopes its styles under it", () => {
    const client = fakeChatClient();
    const { container, rerender } = render(<QuarryChat client={client} className="host-size" />);
    const root = container.firstElementChild!;
    expect(root.classList).toContain("quarry-chat");
    expect(root.classList).toContain("quarry-theme-auto");
    expect(root.classList).toContain("host-size");
    rerender(<QuarryChat client={client} theme="dark" />);
    expect(root.classList).toContain("quarry-theme-dark");
    expect(root.getAttribute("data-theme")).toBe("dark");

    const css = root.querySelector("style")?.textContent ?? "";
    const selectors = css
      .replace(/@(keyframes)[^{]+\{[^}]*\{[^}]*\}\}/g, "")
      .match(/(^|\})\s*([^{}@]+)\{/g)
      ?.map((rule) =>
        rule
          .replace(/^\}?\s*/, "")
          .replace(/\{$/, "")
          .trim(),
      );
    expect(selectors?.length).toBeGreaterThan(20);
    for (const selector of selectors ?? []) {
      for (const part of selector.split(",")) expect(part.trim()).toMatch(/^\.quarry-chat\b/);
    }
  });

  it("offers a model picker only when the server offers several models, and sets the choice on the client", () => {
    const onModelChange = vi.fn();
    const gpt = { id: "openai:gpt-4o", provider: "openai", model: "gpt-4o", default: true };
    const claude = { id: "anthropic:claude-sonnet", provider: "anthropic", model: "claude-sonnet" };
    const client = fakeChatClient({ models: [gpt] });
    render(<QuarryChat client={client} onModelChange={onModelChange} />);
    expect(screen.queryByRole("combobox", { name: "Model" })).toBeNull();
    act(() => client.set({ models: [gpt, claude] }));
    const picker = screen.getByRole<HTMLSelectElement>("combobox", { name: "Model" });
    expect(picker.value).toBe("openai:gpt-4o");
    expect(screen.getByRole("option", { name: "claude-sonnet (anthropic)" })).toBeTruthy();
    fireEvent.change(picker, { target: { value: "anthropic:claude-sonnet" } });
    expect(client.setModel).toHaveBeenCalledWith("anthropic:claude-sonnet");
    expect(client.getState().model).toBe("anthropic:claude-sonnet");
    expect(onModelChange).toHaveBeenCalledWith(claude);
    expect(picker.value).toBe("anthropic:claude-sonnet");
    // A choice made elsewhere (another view of the same client) shows too.
    act(() => client.setModel(null));
    expect(picker.value).toBe("openai:gpt-4o");
  });

  it("passes the host's model on to the client", () => {
    const gpt = { id: "openai:gpt-4o", provider: "openai", model: "gpt-4o", default: true };
    const claude = { id: "anthropic:claude-sonnet", provider: "anthropic", model: "claude-sonnet" };
    const client = fakeChatClient({ models: [gpt, claude] });
    const { rerender } = render(<QuarryChat client={client} model={claude} />);
    expect(client.setModel).toHaveBeenLastCalledWith("anthropic:claude-sonnet");
    expect(screen.getByRole<HTMLSelectElement>("combobox", { name: "Model" }).value).toBe(
      "anthropic:claude-sonnet",
    );
    rerender(<QuarryChat client={client} model={null} />);
    expect(client.setModel).toHaveBeenLastCalledWith(null);
    const calls = vi.mocked(client.setModel).mock.calls.length;
    rerender(<QuarryChat client={client} />);
    expect(client.setModel).toHaveBeenCalledTimes(calls);
  });

  it("takes its texts from the strings prop", () => {
    render(
      <QuarryChat client={fakeChatClient()} strings={{ send: "Senden", askQuestion: "Frage stellen" }} />,
    );
    expect(screen.getByRole("button", { name: "Senden" })).toBeTruthy();
    expect(screen.getByRole("textbox", { name: "Frage stellen" })).toBeTruthy();
  });
});
