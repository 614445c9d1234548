// @vitest-environment happy-dom
import type { ChatEvent, Message } from "@quarry/core";
import { type ChatTransport, createChatClient } from "@quarry/core/client";
import { act, cleanup, fireEvent, render, screen, waitFor } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { QuarryChat } from "./quarry-chat.js";
import { message, session } from "./testing/fake-chat-client.js";

afterEach(cleanup);

/** A transport whose one turn waits for the test between the status and the answer. */
function scriptedTransport(release: Promise<void>): ChatTransport {
  const stored: Message[] = [];
  const unused = () => Promise.reject(new Error("not in this test"));
  return {
    listSessions: async () => ({ items: [session({ id: "s1", title: "Rain" })], nextCursor: null }),
    createSession: async () => session({ id: "s1" }),
    getSession: async () => ({ ...session({ id: "s1" }), messages: stored }),
    updateSession: unused,
    deleteSession: unused,
    uploadFiles: unused,
    listDatasets: async () => [],
    cleanDataset: unused,
    async *ask(_sessionId, content): AsyncIterable<ChatEvent> {
      const asked = message({ id: "q1", role: "user", parts: [{ type: "text", text: content }] });
      yield { type: "message", message: asked };
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
    models: async () => [],
  } as ChatTransport;
}

describe("<QuarryChat/> over createChatClient", () => {
  it("streams a turn from Send to the stored answer", async () => {
    let open = () => {};
    const release = new Promise<void>((resolve) => (open = resolve));
    const client = createChatClient({ transport: scriptedTransport(release), storage: null });
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
});
