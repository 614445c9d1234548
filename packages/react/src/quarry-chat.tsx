import type { ChatClient, ModelOption } from "@quarry/core/client";
import { useEffect, useMemo, useState } from "react";
import { Composer } from "./composer.js";
import { Conversation } from "./conversation.js";
import { DatasetPanel } from "./dataset-panel.js";
import { DocumentList } from "./document-list.js";
import { run } from "./download.js";
import { DropZone } from "./drop-zone.js";
import { ErrorBanner } from "./error-banner.js";
import { MemoryPanel } from "./memory-panel.js";
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
  /**
   * The model to answer with, when the host chooses it: passed on to the client (`setModel`) whenever it
   * changes; null goes back to the server's default. Without it, the server's default is preselected and the
   * user's pick stands.
   */
  model?: ModelOption | null;
  /**
   * Told when the user picks a model in the picker (shown when the server offers several). The widget has
   * already set it on the client, so the next questions use it; this is a notification, e.g. to remember it.
   */
  onModelChange?(model: ModelOption): void;
}

/**
 * The drop-in chat widget: sessions, file upload, the dataset panel (with each dataset's insights and
 * glossary), the session's memory, the documents with their status, and the conversation with streaming
 * answers, tables, charts and the cited passages of documents. It only renders the client's state and calls
 * its actions.
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
  const hostModel = model === undefined ? undefined : (model?.id ?? null);

  const [draft, setDraft] = useState<{ text: string } | null>(null);
  const context = useMemo<WidgetContextValue>(
    () => ({
      strings: { ...defaultStrings, ...strings },
      actions,
      busy,
      dark,
      compose: (text) => setDraft({ text }),
    }),
    [strings, actions, busy, dark],
  );

  useEffect(() => {
    if (hostModel !== undefined) client.setModel(hostModel);
  }, [client, hostModel]);

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
                value={state.model}
                onChange={(chosen) => {
                  actions.setModel(chosen.id);
                  onModelChange?.(chosen);
                }}
              />
            </div>
            <ErrorBanner error={state.error} />
            <div className="quarry-body">
              <Conversation state={state} />
              <div className="quarry-side">
                <UploadList uploads={state.uploads} />
                <DocumentList documents={state.documents} uploads={state.uploads} />
                <DatasetPanel datasets={state.datasets} insights={state.insights} error={state.error} />
                {/* Memory grows from the conversation: a session with nothing in it yet has none to edit. */}
                {state.currentSessionId !== null &&
                  (state.messages.length > 0 || state.datasets.length > 0) && (
                    <MemoryPanel memory={state.memory} />
                  )}
              </div>
            </div>
            {showSuggestions && <SuggestedQuestions datasets={state.datasets} />}
            <Composer onFiles={upload} error={state.error} draft={draft} />
          </DropZone>
        </div>
      </div>
    </WidgetContext.Provider>
  );
}
