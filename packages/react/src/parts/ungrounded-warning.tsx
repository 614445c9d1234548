import { format } from "../strings.js";
import { useStrings } from "../widget-context.js";

/** Says which numbers of an answer's text the query results do not support, so none passes as fact. */
export function UngroundedWarning({ numbers }: { numbers: readonly string[] }) {
  const strings = useStrings();
  return (
    <p className="quarry-warning" role="note">
      <span aria-hidden="true">⚠ </span>
      {format(strings.ungroundedWarning, { numbers: numbers.join(", ") })}
    </p>
  );
}
