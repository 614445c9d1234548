import type { Json, ToolPart } from "@quarry/core";
import { format } from "../strings.js";
import { useStrings } from "../widget-context.js";

/** Long tool outputs (a hundred sample rows) would swamp the trace; the answer's table shows the data. */
const maxShown = 4000;

/** The tools an answer called, collapsed: what a curious reader can open to see how it was found. */
export function ToolTrace({ parts }: { parts: readonly ToolPart[] }) {
  const strings = useStrings();
  if (parts.length === 0) return null;
  return (
    <details className="quarry-trace">
      <summary>{format(strings.toolTrace, { count: parts.length })}</summary>
      <ol>
        {parts.map((part) => (
          <li key={part.toolCallId}>
            <div className="quarry-trace-name">
              <code>{part.name}</code>
              {part.isError && <span className="quarry-badge quarry-badge-error">{strings.toolFailed}</span>}
              {part.durationMs !== undefined && (
                <span className="quarry-muted">{Math.round(part.durationMs)} ms</span>
              )}
            </div>
            <div className="quarry-trace-io">
              <span>{strings.toolInput}</span>
              <pre>{jsonText(part.input)}</pre>
              {part.output !== undefined && (
                <>
                  <span>{strings.toolOutput}</span>
                  <pre>{jsonText(part.output)}</pre>
                </>
              )}
            </div>
          </li>
        ))}
      </ol>
    </details>
  );
}

function jsonText(value: Json): string {
  const text = typeof value === "string" ? value : JSON.stringify(value, null, 2);
  return text.length > maxShown ? `${text.slice(0, maxShown)}…` : text;
}
