import type { Message } from "@quarry/core";
import { type FormEvent, type KeyboardEvent, useEffect, useId, useRef, useState } from "react";
import { AnswerActions } from "./answer-actions.js";
import { AnswerBody, ungroundedOf } from "./answer-body.js";
import { run } from "./download.js";
import { useWidget } from "./widget-context.js";

/** Props of {@link MessageView}. */
export interface MessageViewProps {
  message: Message;
  /** The answer's rating in this page (`state.feedback[message.id]`). */
  rating?: "up" | "down";
}

/** One message of the conversation: a question (editable) or an answer (with its actions). */
export function MessageView({ message, rating }: MessageViewProps) {
  if (message.role === "user") return <QuestionView message={message} />;
  if (message.role === "assistant") return <AnswerView message={message} rating={rating} />;
  return null;
}

function AnswerView({ message, rating }: MessageViewProps) {
  const { strings } = useWidget();
  return (
    <li className="quarry-message quarry-answer" data-message-id={message.id}>
      <span className="quarry-author">{strings.assistant}</span>
      <AnswerBody parts={message.parts} ungrounded={ungroundedOf(message.metadata)} />
      <AnswerActions message={message} rating={rating} />
    </li>
  );
}

/** A question as the user wrote it (plain text, never Markdown), with an inline editor. */
export function QuestionView({ message }: { message: Message }) {
  const { strings, actions, busy } = useWidget();
  // Core's textOfParts would pull zod and every schema into the widget's bundle for one line.
  const text = message.parts.flatMap((part) => (part.type === "text" ? [part.text] : [])).join("\n");
  const [draft, setDraft] = useState<string | null>(null);
  const editorRef = useRef<HTMLTextAreaElement>(null);
  const editButtonRef = useRef<HTMLButtonElement>(null);
  const editorId = useId();
  const editing = draft !== null;

  useEffect(() => {
    if (editing) editorRef.current?.focus();
  }, [editing]);

  const close = () => {
    setDraft(null);
    // Give keyboard users their place back.
    queueMicrotask(() => editButtonRef.current?.focus());
  };

  const save = (event?: FormEvent) => {
    event?.preventDefault();
    const next = draft?.trim() ?? "";
    if (next === "" || busy) return;
    if (next !== text.trim()) run(actions.edit(message.id, next));
    close();
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === "Escape") {
      event.preventDefault();
      close();
    } else if (event.key === "Enter" && !event.shiftKey && !event.nativeEvent.isComposing) {
      save(event);
    }
  };

  return (
    <li className="quarry-message quarry-question" data-message-id={message.id}>
      <span className="quarry-author">{strings.you}</span>
      {editing ? (
        <form className="quarry-edit" onSubmit={save}>
          <label className="quarry-visually-hidden" htmlFor={editorId}>
            {strings.questionText}
          </label>
          <textarea
            id={editorId}
            ref={editorRef}
            value={draft}
            rows={3}
            onChange={(event) => setDraft(event.target.value)}
            onKeyDown={onKeyDown}
          />
          <div className="quarry-toolbar">
            <button
              type="submit"
              className="quarry-button quarry-button-small quarry-primary"
              disabled={busy}
            >
              {strings.save}
            </button>
            <button type="button" className="quarry-button quarry-button-small" onClick={close}>
              {strings.cancel}
            </button>
          </div>
        </form>
      ) : (
        <>
          <p className="quarry-question-text">
            {text}
            {message.edited && <span className="quarry-muted"> ({strings.edited})</span>}
          </p>
          <button
            ref={editButtonRef}
            type="button"
            className="quarry-button quarry-button-small quarry-quiet"
            disabled={busy}
            onClick={() => setDraft(text)}
          >
            {strings.editQuestion}
          </button>
        </>
      )}
    </li>
  );
}
