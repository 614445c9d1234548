// @vitest-environment happy-dom
import { act, cleanup, renderHook } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { fakeChatClient, session } from "./testing/fake-chat-client.js";
import { useQuarryChat } from "./use-quarry-chat.js";
import { useSessions } from "./use-sessions.js";

afterEach(cleanup);

describe("useQuarryChat", () => {
  it("returns the client's state, follows its changes, and keeps its actions stable", () => {
    const client = fakeChatClient();
    const { result } = renderHook(() => useQuarryChat(client));
    const [first, actions] = result.current;
    expect(first).toBe(client.getState());
    act(() => client.set({ search: "rain" }));
    expect(result.current[0].search).toBe("rain");
    expect(result.current[1]).toBe(actions);
    actions.send("Hi");
    expect(client.send).toHaveBeenCalledWith("Hi");
  });

  it("calls the client's methods through the client, so class-based clients work", async () => {
    class ClassClient {
      #calls: string[] = [];
      readonly inner = fakeChatClient();
      get calls() {
        return this.#calls;
      }
      getState() {
        return this.inner.getState();
      }
      subscribe(listener: () => void) {
        return this.inner.subscribe(listener);
      }
      async send(text: string) {
        this.#calls.push(text);
      }
    }
    const client = new ClassClient();
    const { result } = renderHook(() => useQuarryChat(client as never));
    await result.current[1].send("Hi");
    expect(client.calls).toEqual(["Hi"]);
  });
});

describe("useSessions", () => {
  it("sorts pinned sessions first, archived last, and wraps the session actions", () => {
    const client = fakeChatClient({
      sessions: [
        session({ id: "a", archived: true, updatedAt: "2024-05-09T00:00:00.000Z" }),
        session({ id: "b", updatedAt: "2024-05-02T00:00:00.000Z" }),
        session({ id: "c", updatedAt: "2024-05-03T00:00:00.000Z" }),
        session({ id: "d", pinned: true, updatedAt: "2024-05-01T00:00:00.000Z" }),
      ],
    });
    const { result } = renderHook(() => useSessions(client));
    expect(result.current.sessions.map((s) => s.id)).toEqual(["d", "c", "b", "a"]);
    result.current.setPinned("b", true);
    expect(client.pinSession).toHaveBeenCalledWith("b", true);
    result.current.setSearch("rain");
    expect(client.loadSessions).toHaveBeenCalledWith("rain");
  });
});
