// @vitest-environment happy-dom
import { act, cleanup, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { QuarryChat } from "./quarry-chat.js";
import { fakeChatClient, session } from "./testing/fake-chat-client.js";

afterEach(cleanup);

const sessions = [
  session({ id: "s1", title: "Rain in May", updatedAt: "2024-05-03T00:00:00.000Z" }),
  session({ id: "s2", title: "Sales", pinned: true, updatedAt: "2024-05-01T00:00:00.000Z" }),
  session({ id: "s3", title: "Old", archived: true }),
];

function setup() {
  const client = fakeChatClient({ sessions, currentSessionId: "s1" });
  render(<QuarryChat client={client} />);
  const nav = screen.getByRole("navigation", { name: "Conversations" });
  return { client, nav };
}

describe("the sessions sidebar", () => {
  it("lists pinned sessions first, marks the open one, and opens another", () => {
    const { client, nav } = setup();
    const titles = within(nav)
      .getAllByRole("button")
      .filter((button) => button.classList.contains("quarry-session-open"))
      .map((button) => button.textContent);
    expect(titles).toEqual(["📌 Sales", "Rain in May", "Old"]);
    expect(within(nav).getByRole("button", { name: "Rain in May" }).getAttribute("aria-current")).toBe(
      "page",
    );
    fireEvent.click(within(nav).getByRole("button", { name: /Sales/ }));
    expect(client.openSession).toHaveBeenCalledWith("s2");
  });

  it("starts a new conversation", async () => {
    const { client, nav } = setup();
    fireEvent.click(within(nav).getByRole("button", { name: "New conversation" }));
    expect(client.newSession).toHaveBeenCalled();
    // The fake does not open what it creates, so the widget opens it.
    await waitFor(() => expect(client.openSession).toHaveBeenCalledWith("s-new"));
  });

  it("searches once typing pauses", async () => {
    const { client, nav } = setup();
    fireEvent.change(within(nav).getByRole("searchbox", { name: "Search conversations" }), {
      target: { value: "rain" },
    });
    expect(client.loadSessions).not.toHaveBeenCalledWith("rain");
    await waitFor(() => expect(client.loadSessions).toHaveBeenCalledWith("rain"));
  });

  it("renames, pins, archives and deletes (after confirming)", () => {
    const { client, nav } = setup();
    const item = within(nav).getByRole("button", { name: "Rain in May" }).closest("li")!;
    const actions = within(item as HTMLElement);

    fireEvent.click(actions.getByRole("button", { name: "Rename" }));
    const title = actions.getByRole("textbox", { name: "Conversation title" });
    fireEvent.change(title, { target: { value: "May rain" } });
    fireEvent.click(actions.getByRole("button", { name: "Save" }));
    expect(client.renameSession).toHaveBeenCalledWith("s1", "May rain");
    expect(document.activeElement?.textContent).toBe("Rain in May");

    fireEvent.click(actions.getByRole("button", { name: "Pin" }));
    expect(client.pinSession).toHaveBeenCalledWith("s1", true);
    fireEvent.click(actions.getByRole("button", { name: "Archive" }));
    expect(client.archiveSession).toHaveBeenCalledWith("s1", true);

    fireEvent.click(actions.getByRole("button", { name: "Delete" }));
    expect(client.deleteSession).not.toHaveBeenCalled();
    fireEvent.click(actions.getByRole("button", { name: "Delete for good" }));
    expect(client.deleteSession).toHaveBeenCalledWith("s1");
  });

  it("keeps archived sessions apart, where they can be unarchived", () => {
    const { client, nav } = setup();
    const archived = nav.querySelector("details")!;
    expect(archived.querySelector("summary")?.textContent).toBe("Archived (1)");
    fireEvent.click(within(archived).getByRole("button", { name: "Unarchive" }));
    expect(client.archiveSession).toHaveBeenCalledWith("s3", false);
  });

  it("loads the sessions on mount when the client has not", () => {
    const client = fakeChatClient();
    render(<QuarryChat client={client} />);
    expect(client.loadSessions).toHaveBeenCalledTimes(1);
    cleanup();
    const loading = fakeChatClient({ sessionsLoading: true });
    render(<QuarryChat client={loading} />);
    expect(loading.loadSessions).not.toHaveBeenCalled();
    act(() => loading.set({ sessionsLoading: false }));
    expect(screen.getByText("No conversations yet.")).toBeTruthy();
  });
});
