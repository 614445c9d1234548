import type { StreamingAnswer } from "@quarry/core/client";
import { AnswerBody } from "./answer-body.js";
import { statusText } from "./strings.js";
import { useWidget } from "./widget-context.js";

/** The answer being written: what the turn is doing, the text so far (announced politely) and its parts. */
export function StreamingAnswerView({ streaming }: { streaming: StreamingAnswer }) {
  const { strings } = useWidget();
  return (
    <li className="quarry-message quarry-answer quarry-answer-streaming" aria-busy="true">
      <span className="quarry-author">{strings.assistant}</span>
      <p className="quarry-status" role="status">
        <span className="quarry-spinner" aria-hidden="true" />
        {statusText(strings, streaming.status)}
      </p>
      <AnswerBody parts={streaming.parts} streamingText={streaming.text} />
    </li>
  );
}
