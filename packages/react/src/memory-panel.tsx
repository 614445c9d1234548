import type { SessionMemory, SessionMemoryState } from "@quarry/core/client";
import { type FormEvent, type ReactNode, useEffect, useId, useRef, useState } from "react";
import { run } from "./download.js";
import { useWidget } from "./widget-context.js";

/**
 * The open session's memory: the running summary and the preferences later answers follow, editable. It is
 * asked for the first time the reader opens the panel; a server without memory says so.
 */
export function MemoryPanel({ memory }: { memory: SessionMemoryState | null }) {
  const { strings, actions } = useWidget();
  const [open, setOpen] = useState(false);
  const headingId = useId();

  useEffect(() => {
    // Null again after another session opened: that session's memory is asked for.
    if (open && memory === null) run(actions.loadMemory());
  }, [open, memory, actions]);

  let body: ReactNode;
  if (memory === null || memory.status === "loading") {
    body = <p className="quarry-muted">{strings.memoryLoading}</p>;
  } else if (memory.status === "unavailable") {
    body = <p className="quarry-muted">{strings.memoryUnavailable}</p>;
  } else {
    body = <MemoryForm memory={memory.memory} saving={memory.status === "saving"} />;
  }

  return (
    <section className="quarry-memory" aria-labelledby={headingId}>
      <details onToggle={(event) => setOpen(event.currentTarget.open)}>
        <summary>
          <h3 id={headingId} className="quarry-part-header">
            {strings.memory}
          </h3>
        </summary>
        <p className="quarry-muted">{strings.memoryIntro}</p>
        {open && body}
      </details>
    </section>
  );
}

function MemoryForm({ memory, saving }: { memory: SessionMemory | null; saving: boolean }) {
  const { strings, actions } = useWidget();
  const [summary, setSummary] = useState(memory?.summary ?? "");
  const [preferences, setPreferences] = useState(linesOf(memory));
  const [edited, setEdited] = useState(false);
  // The memory shown when the form opened: a different one later came back from a save.
  const first = useRef(memory);
  const edit = (set: (value: string) => void) => (value: string) => {
    set(value);
    setEdited(true);
  };

  useEffect(() => {
    // What the server stored (trimmed, say) replaces the edits once saved; a failed save keeps them.
    setSummary(memory?.summary ?? "");
    setPreferences(linesOf(memory));
    setEdited(false);
  }, [memory]);

  const save = (event: FormEvent) => {
    event.preventDefault();
    const lines = preferences
      .split("\n")
      .map((line) => line.trim())
      .filter((line) => line !== "");
    run(actions.saveMemory({ summary: summary.trim(), preferences: lines }));
  };

  return (
    <form className="quarry-memory-form" onSubmit={save}>
      <TextField label={strings.memorySummary} rows={4} value={summary} onChange={edit(setSummary)} />
      <TextField
        label={strings.memoryPreferences}
        rows={3}
        value={preferences}
        onChange={edit(setPreferences)}
      />
      <div className="quarry-toolbar">
        <button type="submit" className="quarry-button quarry-button-small" disabled={saving}>
          {strings.save}
        </button>
        <span role="status" className="quarry-muted">
          {memory !== first.current && !edited && !saving ? strings.saved : ""}
        </span>
      </div>
    </form>
  );
}

function linesOf(memory: SessionMemory | null): string {
  return (memory?.preferences ?? []).join("\n");
}

interface TextFieldProps {
  label: string;
  rows: number;
  value: string;
  onChange(value: string): void;
}

function TextField({ label, rows, value, onChange }: TextFieldProps) {
  const id = useId();
  return (
    <>
      <label htmlFor={id}>{label}</label>
      <textarea id={id} rows={rows} value={value} onChange={(event) => onChange(event.target.value)} />
    </>
  );
}
