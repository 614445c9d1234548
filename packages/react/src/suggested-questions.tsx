import type { Dataset } from "@quarry/core";
import { useMemo } from "react";
import { run } from "./download.js";
import { suggestQuestions } from "./suggest-questions.js";
import { useWidget } from "./widget-context.js";

/** Buttons that ask a question built from the data, for a conversation that has not started. */
export function SuggestedQuestions({ datasets }: { datasets: readonly Dataset[] }) {
  const { strings, actions, busy } = useWidget();
  const questions = useMemo(() => suggestQuestions(datasets, strings), [datasets, strings]);
  if (questions.length === 0) return null;
  return (
    <section className="quarry-suggestions" aria-label={strings.suggestedQuestions}>
      <h3 className="quarry-part-header">{strings.suggestedQuestions}</h3>
      <ul>
        {questions.map((question) => (
          <li key={question}>
            <button
              type="button"
              className="quarry-button quarry-chip"
              disabled={busy}
              onClick={() => run(actions.send(question))}
            >
              {question}
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
