import type { ErrorPart as ErrorPartData } from "@quarry/core";
import { useStrings } from "../widget-context.js";

/** How a turn failed: the message, with the stable code for support. */
export function ErrorPart({ part }: { part: ErrorPartData }) {
  const strings = useStrings();
  return (
    <div className="quarry-error-part">
      <strong>{strings.errorTitle}</strong>
      <p>{part.message}</p>
      <code className="quarry-muted">{part.code}</code>
    </div>
  );
}
