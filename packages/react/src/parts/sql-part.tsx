import type { SqlPart as SqlPartData } from "@quarry/core";
import { useEffect, useState } from "react";
import { useStrings } from "../widget-context.js";

/** The SQL behind an answer, with a button that copies it. */
export function SqlPart({ part }: { part: SqlPartData }) {
  const strings = useStrings();
  const [copied, setCopied] = useState(false);

  useEffect(() => {
    if (!copied) return;
    const timer = setTimeout(() => setCopied(false), 2000);
    return () => clearTimeout(timer);
  }, [copied]);

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(part.sql);
      setCopied(true);
    } catch {
      // Clipboard access can be refused (insecure context, permissions); the SQL stays selectable.
    }
  };

  return (
    <figure className="quarry-sql">
      <figcaption className="quarry-part-header">
        <span>{strings.sqlQuery}</span>
        <button type="button" className="quarry-button quarry-button-small" onClick={copy}>
          {strings.copySql}
        </button>
        <span role="status" className="quarry-copied">
          {copied ? strings.copied : ""}
        </span>
      </figcaption>
      <pre>
        <code>{part.sql}</code>
      </pre>
    </figure>
  );
}
