// @vitest-environment happy-dom
import { act, waitFor } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { defineQuarryChatElement, type QuarryChatElement } from "./quarry-chat-element.js";
import { fakeChatClient, session } from "./testing/fake-chat-client.js";

afterEach(() => {
  document.body.replaceChildren();
});

describe("<quarry-chat>", () => {
  it("registers once and renders the widget, with its styles, into its shadow root", async () => {
    const first = defineQuarryChatElement();
    expect(defineQuarryChatElement()).toBe(first);
    expect(customElements.get("quarry-chat")).toBe(first);

    const element = document.createElement("quarry-chat") as QuarryChatElement;
    element.setAttribute("theme", "dark");
    element.client = fakeChatClient({ sessions: [session({ title: "Rain in May" })] });
    await act(async () => document.body.append(element));

    const root = element.shadowRoot!;
    await waitFor(() => expect(root.querySelector(".quarry-chat")).not.toBeNull());
    expect(root.querySelector(".quarry-chat")?.classList).toContain("quarry-theme-dark");
    expect(root.querySelector(".quarry-chat style")?.textContent).toContain(".quarry-chat");
    expect(root.textContent).toContain("Rain in May");
    // Nothing of the widget lands in the page itself.
    expect(document.querySelector(".quarry-chat")).toBeNull();

    await act(async () => element.setAttribute("theme", "light"));
    expect(root.querySelector(".quarry-chat")?.classList).toContain("quarry-theme-light");
  });

  it("makes its own client from base-url and disposes of it when removed", async () => {
    const made = fakeChatClient();
    const createClient = vi.fn(() => made);
    defineQuarryChatElement({ tagName: "quarry-chat-own", createClient });
    const element = document.createElement("quarry-chat-own");
    element.setAttribute("base-url", "/api/quarry");
    await act(async () => document.body.append(element));
    expect(createClient).toHaveBeenCalledWith("/api/quarry");
    await waitFor(() => expect(element.shadowRoot?.querySelector("textarea")).not.toBeNull());

    await act(async () => element.remove());
    expect(made.dispose).toHaveBeenCalled();
  });

  it("by default talks to base-url over the HTTP transport", async () => {
    const fetch = vi.fn(async (input: RequestInfo | URL) => {
      const url = String(input instanceof Request ? input.url : input);
      const body = url.includes("/models") ? { models: [] } : { items: [], nextCursor: null };
      return new Response(JSON.stringify(body), { headers: { "content-type": "application/json" } });
    });
    vi.stubGlobal("fetch", fetch);
    try {
      defineQuarryChatElement({ tagName: "quarry-chat-http" });
      const element = document.createElement("quarry-chat-http");
      element.setAttribute("base-url", "https://data.example.com/api");
      await act(async () => document.body.append(element));
      await waitFor(() => expect(fetch).toHaveBeenCalled());
      const urls = fetch.mock.calls.map(([input]) => String(input instanceof Request ? input.url : input));
      expect(urls.every((url) => url.startsWith("https://data.example.com/api/"))).toBe(true);
      await act(async () => element.remove());
    } finally {
      vi.unstubAllGlobals();
    }
  });
});
