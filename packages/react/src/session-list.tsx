import type { Session } from "@quarry/core";
import type { ChatClient } from "@quarry/core/client";
import { type FormEvent, useEffect, useId, useRef, useState } from "react";
import { run } from "./download.js";
import { type SessionsView, useSessions } from "./use-sessions.js";
import { useWidget } from "./widget-context.js";

/** Typing in the search box asks the server once the typing pauses this long. */
const searchDelayMs = 250;

/** The sessions sidebar: new, search, and per session open, rename, pin, archive and delete. */
export function SessionList({ client }: { client: ChatClient }) {
  const { strings } = useWidget();
  const view = useSessions(client);
  const [query, setQuery] = useState(view.search);
  const searchId = useId();

  // The latest view without restarting the pause on every state change (a streaming answer changes it often).
  const latest = useRef(view);
  latest.current = view;
  useEffect(() => {
    if (query === latest.current.search) return;
    const timer = setTimeout(() => run(latest.current.setSearch(query)), searchDelayMs);
    return () => clearTimeout(timer);
  }, [query]);

  const startNew = () =>
    run(
      view.create().then((session) => {
        // Whether creating also opens is the client's choice; make sure the new one is open.
        if (client.getState().currentSessionId !== session.id) return view.open(session.id);
      }),
    );

  const active = view.sessions.filter((session) => !session.archived);
  const archived = view.sessions.filter((session) => session.archived);

  return (
    <nav className="quarry-sessions" aria-label={strings.sessions}>
      <button type="button" className="quarry-button quarry-primary quarry-new-session" onClick={startNew}>
        {strings.newSession}
      </button>
      <label className="quarry-visually-hidden" htmlFor={searchId}>
        {strings.searchSessions}
      </label>
      <input
        id={searchId}
        type="search"
        className="quarry-search"
        placeholder={strings.searchSessions}
        value={query}
        onChange={(event) => setQuery(event.target.value)}
      />
      {view.loading && <p className="quarry-muted">{strings.loadingSessions}</p>}
      {!view.loading && view.sessions.length === 0 && <p className="quarry-muted">{strings.noSessions}</p>}
      <ul className="quarry-session-list">
        {active.map((session) => (
          <SessionItem key={session.id} session={session} view={view} />
        ))}
      </ul>
      {archived.length > 0 && (
        <details className="quarry-archived">
          <summary>
            {strings.archived} ({archived.length})
          </summary>
          <ul className="quarry-session-list">
            {archived.map((session) => (
              <SessionItem key={session.id} session={session} view={view} />
            ))}
          </ul>
        </details>
      )}
    </nav>
  );
}

function SessionItem({ session, view }: { session: Session; view: SessionsView }) {
  const { strings } = useWidget();
  const titleId = useId();
  const [title, setTitle] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const renameInput = useRef<HTMLInputElement>(null);
  const titleButton = useRef<HTMLButtonElement>(null);
  const wasRenaming = useRef(false);
  const current = view.currentSessionId === session.id;
  const renaming = title !== null;

  useEffect(() => {
    if (renaming) renameInput.current?.select();
    // Back from renaming: keyboard users continue where they were.
    else if (wasRenaming.current) titleButton.current?.focus();
    wasRenaming.current = renaming;
  }, [renaming]);

  const saveTitle = (event: FormEvent) => {
    event.preventDefault();
    const next = title?.trim() ?? "";
    if (next !== "" && next !== session.title) run(view.rename(session.id, next));
    setTitle(null);
  };

  const classes = ["quarry-session", current ? "quarry-current" : "", session.pinned ? "quarry-pinned" : ""];
  return (
    <li className={classes.join(" ").trim()}>
      {renaming ? (
        <form className="quarry-rename" onSubmit={saveTitle}>
          <input
            ref={renameInput}
            aria-label={strings.renameLabel}
            value={title}
            onChange={(event) => setTitle(event.target.value)}
            onKeyDown={(event) => {
              if (event.key === "Escape") setTitle(null);
            }}
          />
          <button type="submit" className="quarry-button quarry-button-small">
            {strings.save}
          </button>
          <button type="button" className="quarry-button quarry-button-small" onClick={() => setTitle(null)}>
            {strings.cancel}
          </button>
        </form>
      ) : (
        <button
          ref={titleButton}
          id={titleId}
          type="button"
          className="quarry-session-open"
          aria-current={current ? "page" : undefined}
          onClick={() => run(view.open(session.id))}
        >
          {session.pinned && <span aria-hidden="true">📌 </span>}
          {session.title.trim() || strings.untitledSession}
        </button>
      )}
      {!renaming && (
        <div className="quarry-session-actions">
          {confirming ? (
            <>
              <button
                type="button"
                className="quarry-button quarry-button-small quarry-danger"
                aria-describedby={titleId}
                onClick={() => {
                  setConfirming(false);
                  run(view.remove(session.id));
                }}
              >
                {strings.confirmDelete}
              </button>
              <button
                type="button"
                className="quarry-button quarry-button-small"
                onClick={() => setConfirming(false)}
              >
                {strings.cancel}
              </button>
            </>
          ) : (
            <>
              <button
                type="button"
                className="quarry-button quarry-button-small quarry-quiet"
                aria-describedby={titleId}
                onClick={() => setTitle(session.title)}
              >
                {strings.rename}
              </button>
              <button
                type="button"
                className="quarry-button quarry-button-small quarry-quiet"
                aria-describedby={titleId}
                onClick={() => run(view.setPinned(session.id, !session.pinned))}
              >
                {session.pinned ? strings.unpin : strings.pin}
              </button>
              <button
                type="button"
                className="quarry-button quarry-button-small quarry-quiet"
                aria-describedby={titleId}
                onClick={() => run(view.setArchived(session.id, !session.archived))}
              >
                {session.archived ? strings.unarchive : strings.archive}
              </button>
              <button
                type="button"
                className="quarry-button quarry-button-small quarry-quiet"
                aria-describedby={titleId}
                onClick={() => setConfirming(true)}
              >
                {strings.delete}
              </button>
            </>
          )}
        </div>
      )}
    </li>
  );
}
