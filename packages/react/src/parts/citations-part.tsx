import type { CitationsPart as CitationsPartData } from "@quarry/core";
import { format } from "../strings.js";
import { useStrings } from "../widget-context.js";

/** The passages of documents an answer rests on: file, page and the quoted text. */
export function CitationsPart({ part }: { part: CitationsPartData }) {
  const strings = useStrings();
  if (part.citations.length === 0) return null;
  return (
    <section className="quarry-citations" aria-label={strings.sources}>
      <h4 className="quarry-part-header">{strings.sources}</h4>
      <ol>
        {part.citations.map((citation, index) => (
          // Citations have no id, and the same passage can be cited twice.
          // biome-ignore lint/suspicious/noArrayIndexKey: the list never reorders.
          <li key={index}>
            <cite>
              {citation.fileName}
              {citation.page !== null && `, ${format(strings.page, { page: citation.page })}`}
            </cite>
            <blockquote>{citation.content}</blockquote>
          </li>
        ))}
      </ol>
    </section>
  );
}
