import type { ChatClient, ModelOption } from "@quarry/core/client";
import { useEffect, useMemo, useState } from "react";
import { Composer } from "./composer.js";
import { Conversation } from "./conversation.js";
import { DatasetPanel } from "./dataset-panel.js";
import { run } from "./download.js";
import { DropZone } from "./drop-zone.js";
import { ErrorBanner } from "./error-banner.js";
import { ModelPicker } from "./model-picker.js";
import { SessionList } from "./session-list.js";
import { defaultStrings, type QuarryStrings } from "./strings.js";
import { quarryStyles } from "./styles.js";
import { SuggestedQuestions } from "./suggested-questions.js";
import { UploadList } from "./upload-list.js";
import { useIsDark } from "./use-dark-theme.js";
import { useQuarryChat } from "./use-quarry-chat.js";
import { WidgetContext, type WidgetContextValue } from "./widget-context.js";

/** The widget's colour theme; `auto` follows the system's light or dark preference. */
export type QuarryTheme = "light" | "dark" | "auto";

/** Props of {@link QuarryChat}. */
export interface QuarryChatProps {
  /** The chat client whose state the widget shows (`createChatClient` from `@quarry/core/client`). */
  client: ChatClient;
  /** Texts to replace; the others keep their English defaults. */
  strings?: Partial<QuarryStrings>;
  /** Default `auto`. */
  theme?: QuarryTheme;
  /** Added to the widget's root element, e.g. to size it. */
  className?: string;
  /** The chosen model, when the host controls it; otherwise the server's default is preselected. */
  model?: ModelOption | null;
  /**
   * Called when the user picks a model (the picker shows when the server offers several). The chat client
   * has no model setting yet, so a host that offers a choice passes it on itself.
   */
  onModelChange?(model: ModelOption): void;
}

/**
 * The drop-in chat widget: sessions, file upload, the dataset panel and the conversation with streaming
 * answers, tables, charts and sources. It only renders the client's state and calls its actions.
 *
 * @example
 * ```tsx
 * const client = createChatClient({ transport: httpTransport({ baseUrl: "/api/quarry" }) });
 * <QuarryChat client={client} theme="auto" />
 * ```
 */
export function QuarryChat({
  client,
  strings,
  theme = "auto",
  className,
  model,
  onModelChange,
}: QuarryChatProps) {
  const [state, actions] = useQuarryChat(client);
  const dark = useIsDark(theme);
  const busy = state.streaming !== null;
  const [localModel, setLocalModel] = useState<ModelOption | null>(null);

  const context = useMemo<WidgetContextValue>(
    () => ({ strings: { ...defaultStrings, ...strings }, actions, busy, dark }),
    [strings, actions, busy, dark],
  );

  useEffect(() => {
    // A fresh client has nothing listed yet; one shared with another view may have.
    const current = client.getState();
    if (current.sessions.length === 0 && !current.sessionsLoading) run(client.loadSessions());
  }, [client]);

  const upload = (files: File[]) => run(actions.upload(files));
  const showSuggestions = state.messages.length === 0 && !state.streaming && !state.messagesLoading;
  const rootClass = ["quarry-chat", `quarry-theme-${theme}`, className].filter(Boolean).join(" ");

  return (
    <WidgetContext.Provider value={context}>
      <div className={rootClass} data-theme={dark ? "dark" : "light"}>
        <style>{quarryStyles}</style>
        <div className="quarry-layout">
          <SessionList client={client} />
          <DropZone className="quarry-main" onFiles={upload}>
            <div className="quarry-header">
              <ModelPicker
                models={state.models}
                value={model ?? localModel}
                onChange={(chosen) => {
                  setLocalModel(chosen);
                  onModelChange?.(chosen);
                }}
              />
            </div>
            <ErrorBanner error={state.error} />
            <div className="quarry-body">
              <Conversation state={state} />
              <div className="quarry-side">
                <UploadList uploads={state.uploads} />
                <DatasetPanel datasets={state.datasets} />
              </div>
            </div>
            {showSuggestions && <SuggestedQuestions datasets={state.datasets} />}
            <Composer onFiles={upload} error={state.error} />
          </DropZone>
        </div>
      </div>
    </WidgetContext.Provider>
  );
}
