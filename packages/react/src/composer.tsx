import type { ChatError } from "@quarry/core/client";
import { type FormEvent, type KeyboardEvent, useEffect, useId, useRef, useState } from "react";
import { run } from "./download.js";
import { AddFilesButton } from "./drop-zone.js";
import { useWidget } from "./widget-context.js";

/** Props of {@link Composer}. */
export interface ComposerProps {
  onFiles(files: File[]): void;
  /** The client's error: a question that failed before it was stored comes back into the box. */
  error?: ChatError | null;
  /** A question another part of the widget put in the box (a new object each time), focused for editing. */
  draft?: { text: string } | null;
}

/**
 * Where questions are written: Enter sends, Shift+Enter starts a new line. While an answer streams the send
 * button becomes "Stop" (the same element, so keyboard focus stays on it).
 */
export function Composer({ onFiles, error, draft }: ComposerProps) {
  const { strings, actions, busy } = useWidget();
  const [text, setText] = useState("");
  const id = useId();
  const box = useRef<HTMLTextAreaElement>(null);

  useEffect(() => {
    if (!draft) return;
    setText(draft.text);
    box.current?.focus();
  }, [draft]);

  useEffect(() => {
    const lost = error?.action === "send" ? error.text : undefined;
    // Only into an empty box: never overwrite what the user has started typing since.
    if (lost) setText((current) => (current === "" ? lost : current));
  }, [error]);
  const canSend = text.trim() !== "" && !busy;

  const send = (event?: FormEvent) => {
    event?.preventDefault();
    if (!canSend) return;
    run(actions.send(text.trim()));
    setText("");
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    // Enter while an input method composes (Japanese, Chinese, …) confirms the composition instead.
    if (event.key === "Enter" && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      send();
    }
  };

  return (
    <form className="quarry-composer" onSubmit={send}>
      <AddFilesButton onFiles={onFiles} />
      <label className="quarry-visually-hidden" htmlFor={id}>
        {strings.askQuestion}
      </label>
      <textarea
        ref={box}
        id={id}
        value={text}
        rows={2}
        placeholder={strings.askPlaceholder}
        onChange={(event) => setText(event.target.value)}
        onKeyDown={onKeyDown}
      />
      {busy ? (
        <button type="button" className="quarry-button quarry-stop" onClick={actions.stop}>
          {strings.stop}
        </button>
      ) : (
        <button type="submit" className="quarry-button quarry-primary" disabled={!canSend}>
          {strings.send}
        </button>
      )}
    </form>
  );
}
