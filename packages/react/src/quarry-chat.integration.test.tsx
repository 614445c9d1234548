// @vitest-environment happy-dom
import type { ChatEvent, Message } from "@quarry/core";
import { type ChatTransport, createChatClient } from "@quarry/core/client";
import { act, cleanup, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { QuarryChat } from "./quarry-chat.js";
import { message, session, weatherDataset } from "./testing/fake-chat-client.js";

afterEach(cleanup);

/** What the scripted transport was asked. */
interface Asked {
  content: string;
  model: string | undefined;
}

/**
 * A transport whose one turn waits for the test between the status and the answer, and whose uploads wait
 * for `release` too.
 */
function scriptedTransport(release: Promise<void>, asked: Asked[] = []): ChatTransport {
  const stored: Message[] = [];
  const unused = () => Promise.reject(new Error("not in this test"));
  return {
    listSessions: async () => ({ items: [session({ id: "s1", title: "Rain" })], nextCursor: null }),
    createSession: async () => session({ id: "s1" }),
    getSession: async () => ({ ...session({ id: "s1" }), messages: stored }),
    updateSession: unused,
    deleteSession: unused,
    async uploadFiles(_sessionId, files, options = {}) {
      options.onProgress?.(10, 100);
      await release;
      return files.map((file) => ({
        ...weatherDataset({ id: `d-${file.name}`, name: file.name }),
        preview: {
          columns: [
            { name: "date", type: "DATE" },
            { name: "rain", type: "DOUBLE" },
          ],
          rows: [["2012-01-01", 0.5]],
          rowCount: 1461,
        },
      }));
    },
    listDatasets: async () => [],
    uploadDocuments: unused,
    listDocuments: async () => ({ ready: false, files: [] }),
    removeDocument: unused,
    cleanDataset: unused,
    async *ask(_sessionId, content, _signal, request): AsyncIterable<ChatEvent> {
      asked.push({ content, model: request?.model });
      const question = message({ id: "q1", role: "user", parts: [{ type: "text", text: content }] });
      yield { type: "message", message: question };
      yield { type: "status", status: "querying" };
      yield { type: "text-delta", delta: "Bergen " };
      await release;
      yield { type: "text-delta", delta: "had the most." };
      const answer = message({
        id: "a1",
        replyTo: "q1",
        parts: [{ type: "text", text: "Bergen had the most." }],
      });
      yield { type: "done", message: answer };
    },
    edit: () => (async function* () {})(),
    feedback: unused,
    download: unused,
    models: async () => [
      { id: "openai:gpt-4o", provider: "openai", model: "gpt-4o", default: true },
      { id: "anthropic:claude-sonnet", provider: "anthropic", model: "claude-sonnet", default: false },
    ],
    runInsights: unused,
    latestInsights: async () => null,
    getMemory: unused,
    putMemory: unused,
    getGlossary: unused,
    putGlossary: unused,
  } as ChatTransport;
}

describe("<QuarryChat/> over createChatClient", () => {
  it("streams a turn from Send to the stored answer", async () => {
    let open = () => {};
    const release = new Promise<void>((resolve) => (open = resolve));
    const client = createChatClient({
      transport: scriptedTransport(release),
      storage: null,
      openOnStart: "none",
    });
    render(<QuarryChat client={client} />);
    await act(() => client.ready);
    expect(screen.getByRole("button", { name: "Rain" })).toBeTruthy();

    fireEvent.change(screen.getByRole("textbox", { name: "Ask a question" }), {
      target: { value: "Which city had the most rain?" },
    });
    fireEvent.click(screen.getByRole("button", { name: "Send" }));
    await screen.findByText("Querying the data");
    expect(screen.getByText("Which city had the most rain?")).toBeTruthy();
    expect(screen.getByRole("button", { name: "Stop" })).toBeTruthy();

    await act(async () => open());
    await waitFor(() => expect(screen.queryByRole("button", { name: "Stop" })).toBeNull());
    expect(screen.getByText("Bergen had the most.")).toBeTruthy();
    expect(screen.getByRole("button", { name: "Thumbs up" })).toBeTruthy();
  });

  it("asks with the model picked in the picker", async () => {
    const asked: Asked[] = [];
    const client = createChatClient({
      transport: scriptedTransport(Promise.resolve(), asked),
      storage: null,
    });
    render(<QuarryChat client={client} />);
    await act(() => client.ready);
    const picker = screen.getByRole<HTMLSelectElement>("combobox", { name: "Model" });
    expect(picker.value).toBe("openai:gpt-4o");
    fireEvent.change(picker, { target: { value: "anthropic:claude-sonnet" } });
    expect(client.getState().model).toBe("anthropic:claude-sonnet");

    fireEvent.change(screen.getByRole("textbox", { name: "Ask a question" }), { target: { value: "Rain?" } });
    fireEvent.click(screen.getByRole("button", { name: "Send" }));
    await screen.findByText("Bergen had the most.");
    expect(asked).toEqual([{ content: "Rain?", model: "anthropic:claude-sonnet" }]);
  });

  it("shows a picked CSV's first rows before its upload is done, then the stored ones", async () => {
    let open = () => {};
    const release = new Promise<void>((resolve) => (open = resolve));
    const client = createChatClient({ transport: scriptedTransport(release), storage: null });
    const { container } = render(<QuarryChat client={client} />);
    await act(() => client.ready);
    const rows = Array.from(
      { length: 80 },
      (_, i) => `2012-02-${String((i % 28) + 1).padStart(2, "0")},${i}`,
    );
    const file = new File([["date,rain", ...rows].join("\n")], "weather.csv", { type: "text/csv" });
    fireEvent.change(container.querySelector<HTMLInputElement>('input[type="file"]')!, {
      target: { files: [file] },
    });

    const preview = await screen.findByRole("region", { name: "First rows of weather.csv" });
    // Still uploading: the table came from the file itself.
    expect(screen.getByRole("progressbar", { name: "Uploading weather.csv" })).toBeTruthy();
    expect(within(preview).getAllByRole("row")).toHaveLength(51);
    expect(within(preview).getByRole("cell", { name: "49" })).toBeTruthy();
    expect(within(preview).queryByRole("cell", { name: "50" })).toBeNull();
    expect(screen.getByText(/^First 50 rows as the file has them/)).toBeTruthy();

    await act(async () => open());
    await screen.findByText("First 1 of 1,461 rows");
    const stored = screen.getByRole("region", { name: "First rows of weather.csv" });
    expect(within(stored).getByRole("cell", { name: "0.5" })).toBeTruthy();
    expect(screen.queryByRole("progressbar", { name: "Uploading weather.csv" })).toBeNull();
  });
});
