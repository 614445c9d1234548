import type { CitationsPart as CitationsPartData } from "@quarry/core";
import { format } from "../strings.js";
import { useStrings } from "../widget-context.js";

/**
 * The passages of documents an answer rests on, one expandable entry each: the file and page as its
 * summary, the quoted passage inside. A native `<details>` opens with Enter or Space and says whether it is
 * expanded to assistive technology, with no script of its own.
 */
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
            <details className="quarry-citation">
              <summary>
                <cite>
                  {citation.fileName}
                  {citation.page !== null && `, ${format(strings.page, { page: citation.page })}`}
                </cite>
              </summary>
              <blockquote>{citation.content}</blockquote>
            </details>
          </li>
        ))}
      </ol>
    </section>
  );
}
