import type { ChatClient, ChatState } from "@quarry/core/client";
import { QuarryChat, type QuarryTheme } from "@quarry/react";
import { useEffect, useMemo } from "react";
import { scriptedChatClient } from "./scripted-chat-client.js";

/** Props of {@link ScriptedChat}. */
export interface ScriptedChatProps {
  /** The state the widget shows, over an empty state. */
  state: Partial<ChatState>;
  /** Default `light`. */
  theme?: QuarryTheme;
  /** Told of every action the widget calls (the Actions panel). */
  onAction?(name: keyof ChatClient, args: unknown[]): void;
}

/** The page colour around the widget, per theme, so the dark widget is not framed in white. */
const pageColour = { light: "#eef0f3", dark: "#0d0f12" };

/**
 * `<QuarryChat/>` over a {@link scriptedChatClient} holding `state`, filling the story's frame. Each mount
 * (and each change of `state`) gets a fresh client, so what a reader clicked never leaks into the next story.
 */
export function ScriptedChat({ state, theme = "light", onAction }: ScriptedChatProps) {
  const client = useMemo(() => scriptedChatClient(state, { onAction }), [state, onAction]);
  useEffect(() => () => client.dispose(), [client]);
  return (
    <div
      style={{
        boxSizing: "border-box",
        height: "100vh",
        padding: 16,
        background: pageColour[theme === "dark" ? "dark" : "light"],
      }}
    >
      <QuarryChat client={client} theme={theme} />
    </div>
  );
}
