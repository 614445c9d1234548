import type { Dataset, GlossaryEntry } from "@quarry/core";
import type { ChatError } from "@quarry/core/client";
import { type FormEvent, useEffect, useId, useRef, useState } from "react";
import { run } from "./download.js";
import { format } from "./strings.js";
import { useWidget } from "./widget-context.js";

/** An entry being edited; `key` keeps React's inputs with their entry when one above is removed. */
interface Row {
  key: number;
  term: string;
  meaning: string;
  sql: string;
}

/** Props of {@link GlossaryEditor}. */
export interface GlossaryEditorProps {
  dataset: Dataset;
  /** The client's `glossary` error about this dataset (the server refused what was saved), if any. */
  error: ChatError | null;
}

/**
 * A dataset's glossary, editable: rows of term, meaning and an optional SQL expression, added and removed,
 * saved whole. When the server refuses it (a repeated term, SQL its guard rejects) its reason is shown here
 * and the edits stay, to be fixed and saved again.
 */
export function GlossaryEditor({ dataset, error }: GlossaryEditorProps) {
  const { strings, actions } = useWidget();
  const nextKey = useRef(0);
  const rowsOf = (entries: readonly GlossaryEntry[]): Row[] =>
    entries.map((e) => ({ key: nextKey.current++, term: e.term, meaning: e.meaning, sql: e.sql ?? "" }));
  const [rows, setRows] = useState(() => rowsOf(dataset.glossary));
  const [saving, setSaving] = useState(false);
  const [edited, setEdited] = useState(false);
  // The glossary shown when the editor opened: a different one later came back from a save.
  const first = useRef(dataset.glossary);
  const headingId = useId();
  const errorId = useId();

  // biome-ignore lint/correctness/useExhaustiveDependencies: rowsOf only numbers the rows; the glossary decides.
  useEffect(() => {
    setRows(rowsOf(dataset.glossary));
    setEdited(false);
  }, [dataset.glossary]);

  const change = (key: number, patch: Partial<Row>) => {
    setRows((current) => current.map((row) => (row.key === key ? { ...row, ...patch } : row)));
    setEdited(true);
  };

  const save = (event: FormEvent) => {
    event.preventDefault();
    const entries = rows
      .filter((row) => row.term.trim() !== "" || row.meaning.trim() !== "" || row.sql.trim() !== "")
      .map((row) => ({
        term: row.term.trim(),
        meaning: row.meaning.trim(),
        ...(row.sql.trim() === "" ? {} : { sql: row.sql.trim() }),
      }));
    setSaving(true);
    run(actions.saveGlossary(dataset.id, entries).finally(() => setSaving(false)));
  };

  return (
    <details className="quarry-glossary">
      <summary>
        <h4 id={headingId} className="quarry-part-header">
          {strings.glossary}
        </h4>{" "}
        <span className="quarry-muted">({dataset.glossary.length})</span>
      </summary>
      <form aria-labelledby={headingId} aria-describedby={error ? errorId : undefined} onSubmit={save}>
        <p className="quarry-muted">{strings.glossaryIntro}</p>
        <ol>
          {rows.map((row, index) => (
            <li key={row.key}>
              <fieldset>
                <legend>{format(strings.glossaryEntry, { number: index + 1 })}</legend>
                <label>
                  {strings.glossaryTerm}
                  <input value={row.term} onChange={(e) => change(row.key, { term: e.target.value })} />
                </label>
                <label>
                  {strings.glossaryMeaning}
                  <textarea
                    rows={2}
                    value={row.meaning}
                    onChange={(e) => change(row.key, { meaning: e.target.value })}
                  />
                </label>
                <label>
                  {strings.glossarySql}
                  <input
                    className="quarry-code-input"
                    value={row.sql}
                    spellCheck={false}
                    onChange={(e) => change(row.key, { sql: e.target.value })}
                  />
                </label>
                <button
                  type="button"
                  className="quarry-button quarry-button-small quarry-quiet"
                  onClick={() => {
                    setRows((current) => current.filter((r) => r.key !== row.key));
                    setEdited(true);
                  }}
                >
                  {format(strings.removeGlossaryTerm, { number: index + 1 })}
                </button>
              </fieldset>
            </li>
          ))}
        </ol>
        {error && (
          <div id={errorId} role="alert" className="quarry-error-part">
            <p>
              <strong>{strings.glossaryRefused}: </strong>
              {error.message}
            </p>
          </div>
        )}
        <div className="quarry-toolbar">
          <button
            type="button"
            className="quarry-button quarry-button-small"
            onClick={() => setRows((current) => [...current, ...rowsOf([{ term: "", meaning: "" }])])}
          >
            {strings.addGlossaryTerm}
          </button>
          <button
            type="submit"
            className="quarry-button quarry-button-small quarry-primary"
            disabled={saving}
          >
            {strings.save}
          </button>
          <span role="status" className="quarry-muted">
            {dataset.glossary !== first.current && !edited && !saving ? strings.saved : ""}
          </span>
        </div>
      </form>
    </details>
  );
}
