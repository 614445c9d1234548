import type { Message } from "@quarry/core";
import { type FormEvent, useState } from "react";
import { run, saveBlob } from "./download.js";
import { useWidget } from "./widget-context.js";

type Format = "xlsx" | "csv" | "png";

/** Props of {@link AnswerActions}. */
export interface AnswerActionsProps {
  message: Message;
  /** The rating given to this answer in this page, if any. */
  rating?: "up" | "down";
}

/** What can be done with a stored answer: download its data, rate it (with a comment), ask again. */
export function AnswerActions({ message, rating }: AnswerActionsProps) {
  const { strings, actions, busy } = useWidget();
  const [commenting, setCommenting] = useState(false);
  const [comment, setComment] = useState("");
  const [thanked, setThanked] = useState(false);
  const hasTable = message.parts.some((part) => part.type === "table");
  const hasChart = message.parts.some((part) => part.type === "chart");

  const download = (format: Format) =>
    run(
      actions.download(message.id, format).then((blob) => {
        saveBlob(blob, blob.name ?? `quarry-answer.${format}`);
      }),
    );

  const rate = (value: "up" | "down") => {
    if (rating !== value) run(actions.rate(message.id, value));
    setCommenting(true);
    setThanked(false);
  };

  const sendComment = (event: FormEvent) => {
    event.preventDefault();
    const text = comment.trim();
    if (!rating || text === "") return;
    run(actions.rate(message.id, rating, text).then(() => setThanked(true)));
    setCommenting(false);
    setComment("");
  };

  return (
    <div className="quarry-answer-actions">
      <div className="quarry-toolbar">
        {hasTable && (
          <>
            <button
              type="button"
              className="quarry-button quarry-button-small"
              onClick={() => download("xlsx")}
            >
              {strings.downloadExcel}
            </button>
            <button
              type="button"
              className="quarry-button quarry-button-small"
              onClick={() => download("csv")}
            >
              {strings.downloadCsv}
            </button>
          </>
        )}
        {hasChart && (
          <button type="button" className="quarry-button quarry-button-small" onClick={() => download("png")}>
            {strings.downloadChart}
          </button>
        )}
        <button
          type="button"
          className="quarry-button quarry-button-small quarry-icon-button"
          aria-pressed={rating === "up"}
          aria-label={strings.thumbsUp}
          title={strings.thumbsUp}
          onClick={() => rate("up")}
        >
          <span aria-hidden="true">👍</span>
        </button>
        <button
          type="button"
          className="quarry-button quarry-button-small quarry-icon-button"
          aria-pressed={rating === "down"}
          aria-label={strings.thumbsDown}
          title={strings.thumbsDown}
          onClick={() => rate("down")}
        >
          <span aria-hidden="true">👎</span>
        </button>
        <button
          type="button"
          className="quarry-button quarry-button-small"
          disabled={busy}
          onClick={() => run(actions.regenerate(message.id))}
        >
          {strings.regenerate}
        </button>
      </div>
      {commenting && rating && (
        <form className="quarry-feedback-form" onSubmit={sendComment}>
          <label>
            <span>{strings.feedbackComment}</span>
            <textarea value={comment} rows={2} onChange={(event) => setComment(event.target.value)} />
          </label>
          <div className="quarry-toolbar">
            <button
              type="submit"
              className="quarry-button quarry-button-small"
              disabled={comment.trim() === ""}
            >
              {strings.sendFeedback}
            </button>
            <button
              type="button"
              className="quarry-button quarry-button-small"
              onClick={() => setCommenting(false)}
            >
              {strings.cancel}
            </button>
          </div>
        </form>
      )}
      <span role="status" className="quarry-muted">
        {thanked ? strings.feedbackThanks : ""}
      </span>
    </div>
  );
}
