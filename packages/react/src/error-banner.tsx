import type { ChatError } from "@quarry/core/client";
import { run } from "./download.js";
import { useWidget } from "./widget-context.js";

/** The last failure, announced, with "Retry" (which redoes what failed) and "Dismiss". */
export function ErrorBanner({ error }: { error: ChatError | null }) {
  const { strings, actions } = useWidget();
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
