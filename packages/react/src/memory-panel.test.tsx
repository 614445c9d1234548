// @vitest-environment happy-dom
import { QuarryError } from "@quarry/core";
import { createChatClient } from "@quarry/core/client";
import { act, cleanup, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { FakeTransport } from "../../core/src/client/client-fixtures.js";
import { QuarryChat } from "./quarry-chat.js";

afterEach(cleanup);

/** The widget over a real client whose open session has a dataset and a remembered preference. */
async function opened(transport = new FakeTransport()) {
  const client = createChatClient({ transport, storage: null });
  render(<QuarryChat client={client} />);
  await act(() => client.ready);
  await act(() => client.upload([new File(["x\n1\n"], "weather.csv")]));
  const sessionId = client.getState().currentSessionId!;
  transport.memories.set(sessionId, {
    sessionId,
    summary: "Rain in Seattle, by year.",
    preferences: ["Round to one decimal"],
    updatedAt: "2024-05-01T00:00:00.000Z",
  });
  return { transport, client, sessionId };
}

/** Opens a `<details>` as a click on its summary would. */
function expand(details: HTMLDetailsElement): void {
  details.open = true;
  fireEvent(details, new Event("toggle"));
}

describe("the memory panel", () => {
  it("loads the memory when opened and saves the edited summary and preferences", async () => {
    const { transport, sessionId } = await opened();
    const panel = screen.getByRole("region", { name: "Memory" });
    expect(transport.calls).not.toContain("getMemory");
    expand(panel.querySelector("details")!);

    const summary = await within(panel).findByRole<HTMLTextAreaElement>("textbox", { name: "Summary" });
    expect(summary.value).toBe("Rain in Seattle, by year.");
    const preferences = within(panel).getByRole<HTMLTextAreaElement>("textbox", {
      name: "Preferences (one a line)",
    });
    expect(preferences.value).toBe("Round to one decimal");

    fireEvent.change(preferences, { target: { value: "Round to one decimal\n\n  Use millimetres  \n" } });
    fireEvent.change(summary, { target: { value: "Rain and wind in Seattle." } });
    fireEvent.click(within(panel).getByRole("button", { name: "Save" }));
    await waitFor(() => expect(within(panel).getByRole("status").textContent).toBe("Saved"));
    expect(transport.memories.get(sessionId)).toMatchObject({
      summary: "Rain and wind in Seattle.",
      preferences: ["Round to one decimal", "Use millimetres"],
    });
    expect(preferences.value).toBe("Round to one decimal\nUse millimetres");
  });

  it("keeps the edits and offers Retry when the save fails", async () => {
    const { transport, sessionId } = await opened();
    const panel = screen.getByRole("region", { name: "Memory" });
    expand(panel.querySelector("details")!);
    const preferences = await within(panel).findByRole<HTMLTextAreaElement>("textbox", {
      name: "Preferences (one a line)",
    });
    fireEvent.change(preferences, { target: { value: "Use inches" } });
    transport.failNext("putMemory", new QuarryError("INTERNAL", "Could not reach the Quarry server."));
    fireEvent.click(within(panel).getByRole("button", { name: "Save" }));
    await screen.findByText("Could not reach the Quarry server.");
    expect(preferences.value).toBe("Use inches");
    fireEvent.click(screen.getByRole("button", { name: "Retry" }));
    await waitFor(() => expect(transport.memories.get(sessionId)?.preferences).toEqual(["Use inches"]));
  });

  it("says so on a server that keeps no memory", async () => {
    const transport = new FakeTransport();
    transport.failNext("getMemory", new QuarryError("NOT_FOUND", "The server answered 404."));
    await opened(transport);
    const panel = screen.getByRole("region", { name: "Memory" });
    expand(panel.querySelector("details")!);
    await within(panel).findByText("This server keeps no memory.");
    expect(within(panel).queryByRole("textbox")).toBeNull();
    expect(screen.queryByRole("button", { name: "Retry" })).toBeNull();
  });
});
