import type { ChatError } from "@quarry/core/client";
import { run } from "./download.js";
import { useWidget } from "./widget-context.js";

/**
 * The last failure, announced, with "Retry" (which redoes what failed) and "Dismiss". A refused glossary is
 * left to its dataset's editor, which shows the reason beside the entries to fix.
 */
export function ErrorBanner({ error: given }: { error: ChatError | null }) {
  const { strings, actions } = useWidget();
  const error = given?.action === "glossary" ? null : given;
  return (
    <div role="alert" className={error ? "quarry-error-banner" : "quarry-error-banner-empty"}>
      {error && (
        <>
          <p>
            <strong>{strings.errorTitle}: </strong>
            {error.message}
          </p>
          <div className="quarry-toolbar">
            <button
              type="button"
              className="quarry-button quarry-button-small"
              onClick={() => run(actions.retry())}
            >
              {strings.retry}
            </button>
            <button
              type="button"
              className="quarry-button quarry-button-small quarry-quiet"
              onClick={actions.dismissError}
            >
              {strings.dismiss}
            </button>
          </div>
        </>
      )}
    </div>
  );
}
